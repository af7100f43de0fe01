// Sweeps over every successful server-side apply recorded from kube-apiserver v1.28 (when the recordings are present):
// the response object must be owned exactly by the applier for its manifest, except where we are knowingly
// conservative, and the applier must be detected as the field manager.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectFieldManager, ownsExactly } from '../../../src/core/ownership/field-manager';
import type { KubeObject } from '../../../src/core/types';

const ROOT = '/work/shared/k8s/exchanges';
const DIRS = ['01-ssa-create-deployment', '03-quantities-and-defaults', '04-secret', '05-crd', '09-hpa-and-status'];

/** Manifests with `null` / empty-list values, `status`, or a status-subresource apply: ownsExactly says false. */
const CONSERVATIVE = new Set([
  '03-quantities-and-defaults/05-ssa-create-deployment-pullpolicy-ports.json', // env: [] is not tracked
  '03-quantities-and-defaults/07-ssa-dryrun-deployment-pullpolicy-ports-same-manifest.json',
  '03-quantities-and-defaults/08-ssa-create-deployment-nulls-and-empties.json', // nulls and [] are tracked
  '03-quantities-and-defaults/10-ssa-dryrun-deployment-nulls-and-empties-same-manifest.json',
  '05-crd/20-ssa-cr-with-status-in-manifest-ignored.json', // status in the manifest
  '09-hpa-and-status/13-ssa-apply-status-subresource-deployment.json', // apply to /status
]);

interface Exchange {
  request: { method: string; query?: Record<string, string>; headers?: Record<string, string>; body: unknown; path: string };
  response: { status: number; body: unknown };
}

function applies(): Array<{ name: string; fieldManager: string; manifest: KubeObject; result: KubeObject; subresource: boolean }> {
  const out = [];
  for (const dir of DIRS) {
    for (const f of readdirSync(`${ROOT}/${dir}`).filter((n) => n.endsWith('.json')).sort()) {
      const ex = JSON.parse(readFileSync(`${ROOT}/${dir}/${f}`, 'utf8')) as Exchange;
      if (!ex.request || ex.request.method !== 'PATCH' || ex.response.status >= 300) continue;
      if (!String(ex.request.headers?.['Content-Type'] ?? '').includes('apply-patch')) continue;
      const manifest = (typeof ex.request.body === 'string' ? parse(ex.request.body) : ex.request.body) as KubeObject;
      out.push({
        name: `${dir}/${f}`,
        fieldManager: ex.request.query?.fieldManager ?? '',
        manifest,
        result: ex.response.body as KubeObject,
        subresource: /\/status$/.test(ex.request.path),
      });
    }
  }
  return out;
}

describe.skipIf(!existsSync(ROOT))('recorded server-side applies', () => {
  const cases = existsSync(ROOT) ? applies() : [];

  it('finds the recordings', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it('ownsExactly(result, fieldManager, manifest) holds unless knowingly conservative', () => {
    for (const c of cases) {
      expect(ownsExactly(c.result, c.fieldManager, c.manifest), c.name).toBe(!CONSERVATIVE.has(c.name));
    }
  });

  it('detectFieldManager finds the applier of the main resource', () => {
    for (const c of cases.filter((x) => !x.subresource)) {
      const owners = (c.result.metadata.managedFields ?? []).filter((e) => e.operation === 'Apply' && !e.subresource);
      if (owners.length === 1) expect(detectFieldManager(c.result), c.name).toBe(c.fieldManager);
    }
  });
});
