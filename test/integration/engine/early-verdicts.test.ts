// Verdicts decided while the workspace is still being parsed (types listed cluster-wide, > 3 namespaces): the
// same verdicts as dry-running everything, each needed dry-run sent once, and a second check sends none (nothing
// is sent ahead for a verdict the session has cached).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CheckSession, runCheck, type CheckReport } from '../../../src/core';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

const MANAGER = 'kustomize-controller';
const NAMESPACES = ['early-0', 'early-1', 'early-2', 'early-3', 'early-4', 'early-5'];
let server: TestApiServer;
let repo: string;

const configMap = (ns: string, i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: ns }, data: { index: String(i) } });
const service = (ns: string, i: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `svc-${i}`, namespace: ns },
  spec: { selector: { app: `a-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
});
const verdicts = (r: CheckReport) => Object.fromEntries(r.resources.map((x) => [`${x.ref.kind} ${x.ref.namespace}/${x.ref.name}`, x.verdict]));
const dryRunRequests = () => server.requests.filter((r) => r.method === 'PATCH' && r.query.dryRun === 'All').length;

beforeAll(async () => {
  server = await startTestApiServer({ seed: NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })), seedManager: MANAGER });
  repo = mkdtempSync(join(tmpdir(), 'converge-early-'));
  for (const [n, ns] of NAMESPACES.entries()) {
    mkdirSync(join(repo, ns));
    for (let i = 0; i < 5; i++) {
      const objects = [configMap(ns, i), service(ns, i)];
      writeFileSync(join(repo, ns, `app-${i}.yaml`), objects.map((o) => stringify(o)).join('---\n'));
      // Not applied: one ConfigMap per namespace is new; the others are live as the GitOps manager applied them.
      for (const o of objects) if (!(o.kind === 'ConfigMap' && i === 4)) server.apply(o, MANAGER, { force: true });
    }
    // Drift: edited in the cluster by someone else.
    server.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: `cm-${n % 4}` }, { data: { index: 'edited' } }, 'kubectl-edit', { kind: 'merge' });
  }
});

afterAll(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
});

describe('early verdicts', () => {
  it('agree with dry-running every object, and send each needed dry-run once', async () => {
    const all = await runCheck({ paths: [repo], cwd: repo, kubeconfig: server.kubeconfigPath, forceDryRun: true });
    const session = new CheckSession({ paths: [repo], cwd: repo, kubeconfig: server.kubeconfigPath });
    try {
      const before = dryRunRequests();
      const report = await session.checkAll();
      expect(verdicts(report)).toEqual(verdicts(all));
      const counts = report.summary;
      expect(counts.diverged).toBe(NAMESPACES.length);
      expect(counts.missing).toBe(NAMESPACES.length);
      const needed = report.resources.filter((r) => r.method === 'dry-run').length;
      expect(needed).toBe(2 * NAMESPACES.length);
      expect(dryRunRequests() - before).toBe(needed);
      expect(session.lastStats.dryRuns).toBe(needed);
      expect(report.resources.find((r) => r.verdict === 'diverged')?.unifiedDiff).toContain('edited');

      const again = dryRunRequests();
      const second = await session.checkAll();
      expect(verdicts(second)).toEqual(verdicts(all));
      expect(dryRunRequests() - again).toBe(0);
      expect(session.lastStats).toMatchObject({ dryRuns: 0, cacheHits: second.resources.length, decided: 0 });
    } finally {
      session.close();
    }
  });
});
