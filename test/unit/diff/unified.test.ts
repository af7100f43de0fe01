import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlDiffLabel, unifiedDiff } from '../../../src/core/diff/unified';
import { K8S, responseObject, yamlFile } from './fixtures';

const kd = (c: string, f: string) => JSON.parse(readFileSync(join(K8S, 'kubectl-diff', c, 'http', f), 'utf8'));

describe('unifiedDiff', () => {
  it('is empty for a converged dry-run', () => {
    const c = '01-deployment-converged';
    const live = kd(c, 'server-side-01-get.json').response.body;
    expect(unifiedDiff(live, kd(c, 'server-side-02-patch.json').response.body, kubectlDiffLabel(live))).toBe('');
  });

  it('shows the image drift like kubectl diff', () => {
    const c = '02-deployment-drifted-image-by-kubectl-edit';
    const live = kd(c, 'server-side-01-get.json').response.body;
    const label = kubectlDiffLabel(live);
    expect(label).toBe(`apps.v1.Deployment.${live.metadata.namespace}.${live.metadata.name}`);
    const u = unifiedDiff(live, kd(c, 'server-side-02-patch.json').response.body, label);
    expect(u).toContain(`--- LIVE/${label}`);
    expect(u).toContain(`+++ MERGED/${label}`);
    const changed = u.split('\n').filter((l) => /^[-+] /.test(l));
    expect(changed.length).toBe(2);
    expect(changed[0]).toMatch(/^-\s+(- )?image: nginx:1.25.4/);
    expect(changed[1]).toMatch(/^\+\s+(- )?image: nginx:1.25.3/);
    expect(u).not.toContain('managedFields');
  });

  it('masks a changed Secret like kubectl (before/after, unchanged keys ***)', () => {
    const c = '05-secret-stringdata-changed';
    const live = kd(c, 'server-side-01-get.json').response.body;
    const u = unifiedDiff(live, kd(c, 'server-side-02-patch.json').response.body, 'v1.Secret.x');
    const expected = readFileSync(join(K8S, 'kubectl-diff', c, 'server-side.stdout.txt'), 'utf8');
    for (const line of ["-  password: '*** (before)'", "+  password: '*** (after)'", "   username: '***'"]) {
      expect(expected).toContain(line);
      expect(u).toContain(line);
    }
  });

  it('desired manifest with stringData against live data: unchanged Secret gives no diff', () => {
    const live = responseObject('04-secret/02-get-secret.json');
    const manifest = yamlFile(join(K8S, 'exchanges', '04-secret', 'manifest.yaml'));
    // a manifest lacks server defaults, so compare the dry-run instead; stringData must fold to data
    const dry = responseObject('04-secret/03-ssa-dryrun-same-stringdata.json');
    expect(unifiedDiff(live, dry, 'x')).toBe('');
    // the manifest lacks server defaults (type) but its stringData equals the live data: keys unchanged
    expect(unifiedDiff(live, manifest, 'x')).not.toMatch(/^[-+]\s+(username|password):/m);
  });

  it('new object: everything added', () => {
    const obj = responseObject('01-ssa-create-deployment/03-get-after-create.json');
    const u = unifiedDiff(undefined, obj, 'x');
    expect(u.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length).toBe(0);
    expect(u).toContain('+kind: Deployment');
  });
});
