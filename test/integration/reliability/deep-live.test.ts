// A live object nested thousands of levels deep (only the cluster can hand us one: JSON has no depth limit,
// manifests do) used to overflow the stack while comparing it, failing the whole check. Now that object is
// `unknown` with a clear reason, every other object is still decided, and the pure functions say why.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/core/engine/check';
import { stripNoise } from '../../../src/core/normalize/normalizer';
import { MAX_OBJECT_DEPTH, nestedDeeperThan } from '../../../src/core/normalize/depth';
import type { KubeObject } from '../../../src/core/types';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

function nested(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = i % 2 ? { n: v } : [v];
  return v;
}

let server: TestApiServer;
let dir: string;
const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'deep' }, data });

beforeAll(async () => {
  server = await startTestApiServer({ seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'deep' } }] });
  dir = mkdtempSync(join(tmpdir(), 'converge-deep-'));
  writeFileSync(join(dir, 'cms.yaml'), [cm('deep', { a: '1' }), cm('deep-same', { a: '1' }), cm('fine', { a: '1' }), cm('drifted', { a: '1' })].map((o) => JSON.stringify(o)).join('\n---\n'));
  server.apply(cm('fine', { a: '1' }), 'kustomize-controller');
  server.apply(cm('drifted', { a: '2' }), 'kustomize-controller');
  // Stored as given: an extra field nested 2,000 levels deep (a misbehaving controller or aggregated API).
  const base = server.apply(cm('deep', { a: '2' }), 'kustomize-controller');
  server.put({ ...base, extra: nested(2_000) });
  const same = server.apply(cm('deep-same', { a: '1' }), 'kustomize-controller');
  server.put({ ...same, extra: nested(2_000) });
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a live object nested thousands of levels deep', () => {
  for (const offline of [false, true]) {
    it(`is unknown with a clear reason when it must be compared; the others are decided (${offline ? 'offline' : 'dry-run'})`, async () => {
      const report = await runCheck({ paths: [dir], cwd: dir, kubeconfig: server.kubeconfigPath, env: {}, offline });
      const by = Object.fromEntries(report.resources.map((r) => [r.ref.name, r]));
      expect(by.deep.verdict).toBe('unknown');
      expect(by.deep.reason).toBe(`the live object is nested more than ${MAX_OBJECT_DEPTH} levels deep; it is not compared or shown`);
      // Proven converged from managedFields without walking the deep field (the extra field is nobody's: apply keeps it).
      expect(by['deep-same'].verdict).toBe(offline ? 'unknown' : 'converged');
      expect(by.fine.verdict).toBe('converged');
      expect(by.drifted.verdict).toBe('diverged');
    });
  }

  it('depth is measured without recursion (100,000 levels), and stripNoise explains instead of overflowing', () => {
    expect(nestedDeeperThan(nested(100_000), MAX_OBJECT_DEPTH)).toBe(true);
    expect(nestedDeeperThan(nested(MAX_OBJECT_DEPTH - 1), MAX_OBJECT_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_OBJECT_DEPTH), MAX_OBJECT_DEPTH)).toBe(true);
    const deep = { ...cm('x', {}), extra: nested(2_000) } as KubeObject;
    expect(() => stripNoise(deep)).toThrow(`ConfigMap x is nested more than ${MAX_OBJECT_DEPTH} levels deep; it is not compared or shown`);
  });
});
