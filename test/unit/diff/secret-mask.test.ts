import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compareDryRun } from '../../../src/core/diff/dry-run-compare';
import { offlineDiff } from '../../../src/core/diff/offline';
import { offlineMerged } from '../../../src/core/diff/offline-merge';
import { maskSecretDiff, redactSecret } from '../../../src/core/diff/secret-mask';
import { unifiedDiff } from '../../../src/core/diff/unified';
import type { KubeObject } from '../../../src/core/types';
import { EXCHANGES, K8S } from './fixtures';

// Every Secret in the recordings: request bodies (manifests) and response bodies (stored objects).
function secretFixtures(): { desired: KubeObject[]; stored: KubeObject[] } {
  const desired: KubeObject[] = [];
  const stored: KubeObject[] = [];
  const files: string[] = [];
  const sec = join(EXCHANGES, '04-secret');
  for (const f of readdirSync(sec)) files.push(join(sec, f));
  for (const c of ['04-secret-stringdata-unchanged', '05-secret-stringdata-changed']) {
    const dir = join(K8S, 'kubectl-diff', c);
    desired.push(parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8')));
    for (const f of readdirSync(join(dir, 'http'))) files.push(join(dir, 'http', f));
  }
  for (const f of files) {
    if (f.endsWith('manifest.yaml')) {
      desired.push(parse(readFileSync(f, 'utf8')));
      continue;
    }
    if (!f.endsWith('.json')) continue;
    const ex = JSON.parse(readFileSync(f, 'utf8'));
    const req = typeof ex.request?.body === 'string' ? parse(ex.request.body) : ex.request?.body;
    if (req?.kind === 'Secret') desired.push(req);
    if (ex.response?.body?.kind === 'Secret') stored.push(ex.response.body);
  }
  return { desired, stored };
}

/** Every secret value in plain text and base64 (values of 3+ characters). */
function secretValues(objs: KubeObject[]): string[] {
  const out = new Set<string>();
  for (const o of objs) {
    for (const [k, v] of Object.entries((o.stringData as Record<string, string>) ?? {})) {
      out.add(v);
      out.add(Buffer.from(v).toString('base64'));
      void k;
    }
    for (const v of Object.values((o.data as Record<string, string>) ?? {})) {
      out.add(v);
      out.add(Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  return [...out].filter((v) => v.length >= 3);
}

function leaks(text: string, values: string[]): number {
  return values.filter((v) => text.includes(v)).length;
}

describe('no Secret value ever appears in diff output', () => {
  const { desired, stored } = secretFixtures();
  const values = secretValues([...desired, ...stored]);

  it('found the fixtures', () => {
    expect(desired.length).toBeGreaterThanOrEqual(8);
    expect(stored.length).toBeGreaterThanOrEqual(6);
    expect(values.length).toBeGreaterThanOrEqual(8);
  });

  it('offlineDiff, compareDryRun, unifiedDiff over every desired/stored pair', () => {
    let outputs = 0;
    let nonEmpty = 0;
    for (const live of stored) {
      for (const d of desired) {
        const o = offlineDiff(d, live);
        const u = unifiedDiff(live, d, 'v1.Secret.x') + unifiedDiff(live, offlineMerged(d, live), 'v1.Secret.x');
        expect(leaks(JSON.stringify(o), values), 'offlineDiff leaked a value').toBe(0);
        expect(leaks(u, values), 'unifiedDiff leaked a value').toBe(0);
        outputs += 2;
        if (o.length) nonEmpty++;
      }
      for (const dry of stored) {
        for (const d of [undefined, ...desired]) {
          const c = compareDryRun(dry, live, d);
          expect(leaks(JSON.stringify(c), values), 'compareDryRun leaked a value').toBe(0);
          outputs++;
          if (c.length) nonEmpty++;
        }
        expect(leaks(unifiedDiff(live, dry, 'v1.Secret.x'), values)).toBe(0);
      }
      // object missing live / data missing live: whole maps appear as added
      const bare = { ...live, data: undefined };
      expect(leaks(JSON.stringify(compareDryRun(live, bare as KubeObject)), values)).toBe(0);
      expect(leaks(unifiedDiff(undefined, live, 'v1.Secret.x'), values)).toBe(0);
      for (const d of desired) expect(leaks(JSON.stringify(offlineDiff(d, bare as KubeObject)), values)).toBe(0);
    }
    expect(outputs).toBeGreaterThan(100);
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('redactSecret masks data, stringData and the last-applied annotation', () => {
    for (const o of [...desired, ...stored]) {
      const withAnnotation = structuredClone(o);
      withAnnotation.metadata.annotations = {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(o),
      };
      const r = redactSecret(withAnnotation);
      expect(leaks(JSON.stringify(r), values)).toBe(0);
      expect(Object.keys((r.data as object) ?? {})).toEqual(Object.keys((o.data as object) ?? {}));
    }
  });

  it('maskSecretDiff masks whole-map values and keeps keys', () => {
    const masked = maskSecretDiff(
      [
        { path: 'data', change: 'added', desired: { a: 'c2VjcmV0' } },
        { path: 'type', change: 'changed', desired: 'Opaque', live: 'kubernetes.io/basic-auth' },
      ],
      { kind: 'Secret' },
    );
    expect(masked).toEqual([
      { path: 'data', change: 'added', desired: { a: '*** (after)' }, masked: true },
      { path: 'type', change: 'changed', desired: 'Opaque', live: 'kubernetes.io/basic-auth' },
    ]);
    const cm = [{ path: 'data.a', change: 'changed' as const, desired: 'x', live: 'y' }];
    expect(maskSecretDiff(cm, { kind: 'ConfigMap' })).toBe(cm);
  });
});
