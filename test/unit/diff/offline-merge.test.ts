import { describe, expect, it } from 'vitest';
import { offlineDiff } from '../../../src/core/diff/offline';
import { offlineMerged } from '../../../src/core/diff/offline-merge';
import { unifiedDiff } from '../../../src/core/diff/unified';
import { EXCHANGES, requestObject, responseObject, yamlFile } from './fixtures';

const Q = '03-quantities-and-defaults';
const PAIRS: Array<[string, string]> = [
  [`${Q}/01-ssa-create-deployment-quantities.json`, `${Q}/02-get-deployment-quantities.json`],
  [`${Q}/05-ssa-create-deployment-pullpolicy-ports.json`, `${Q}/06-get-deployment-pullpolicy-ports.json`],
  [`${Q}/08-ssa-create-deployment-nulls-and-empties.json`, `${Q}/09-get-deployment-nulls-and-empties.json`],
  [`${Q}/13-ssa-create-service-minimal.json`, `${Q}/14-get-service-minimal.json`],
  [`${Q}/19-ssa-create-pod-minimal.json`, `${Q}/20-get-pod-minimal.json`],
  [`${Q}/26-ssa-create-statefulset-minimal.json`, `${Q}/27-get-statefulset-minimal.json`],
  [`${Q}/39-ssa-create-configmap-empty-data.json`, `${Q}/40-get-configmap-empty-data.json`],
  ['04-secret/01-ssa-create-secret-stringdata.json', '04-secret/02-get-secret.json'],
  ['04-secret/05-ssa-dryrun-same-values-as-data-base64.json', '04-secret/02-get-secret.json'],
  ['05-crd/08-ssa-create-cr.json', '05-crd/09-get-cr.json'],
];

describe('offlineMerged + unifiedDiff', () => {
  it.each(PAIRS)('converged pair has no unified diff: %s', (sent, got) => {
    const live = responseObject(got);
    expect(unifiedDiff(live, offlineMerged(requestObject(sent), live), 'x')).toBe('');
  });

  it('kubectl edit drift shows only the image', () => {
    const live = responseObject('01-ssa-create-deployment/10-get-after-kubectl-edit.json');
    const u = unifiedDiff(live, offlineMerged(yamlFile(`${EXCHANGES}/01-ssa-create-deployment/manifest.yaml`), live), 'x');
    const lines = u.split('\n').filter((l) => /^[-+](?![-+])/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('image: nginx:1.25.4');
    expect(lines[1]).toContain('image: nginx:1.25.3');
  });

  it('changed Secret stringData: masked before/after', () => {
    const live = responseObject('04-secret/02-get-secret.json');
    const desired = requestObject('04-secret/04-ssa-dryrun-changed-stringdata.json');
    const u = unifiedDiff(live, offlineMerged(desired, live), 'x');
    expect(u).toContain("-  password: '*** (before)'");
    expect(u).toContain("+  password: '*** (after)'");
    expect(offlineDiff(desired, live)).toHaveLength(1);
  });
});
