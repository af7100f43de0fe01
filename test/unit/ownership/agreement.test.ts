// Agreement with the diff engine (src/core/diff): the paths it emits resolve in the live object, get owners, and
// are matched by ignore rules. Uses recorded dry-run results from kube-apiserver v1.28.
import { describe, expect, it } from 'vitest';
import { compareDryRun } from '../../../src/core/diff/dry-run-compare';
import { offlineDiff } from '../../../src/core/diff/offline';
import { applyIgnoreRules } from '../../../src/core/ignore/ignore-rules';
import { annotateOwners, resolveLivePath } from '../../../src/core/ownership/owners';
import { liveFixture, manifestFixture } from './fixtures';

describe('diff engine paths → owners and ignore rules', () => {
  it('kubectl edit drift: the image entry is owned by kubectl-edit', () => {
    const live = liveFixture('deploy-after-kubectl-edit');
    const diff = compareDryRun(liveFixture('deploy-dryrun-original-force-after-edit'), live, manifestFixture('deploy-web'));
    const image = diff.find((e) => e.path.endsWith('.image'));
    expect(image?.path).toBe('spec.template.spec.containers[name="app"].image');
    for (const e of diff) expect(resolveLivePath(live, e.path), e.path).toBeDefined();
    const annotated = annotateOwners(diff, live);
    expect(annotated.find((e) => e.path === image!.path)?.owner).toEqual({
      manager: 'kubectl-edit', operation: 'Update', time: '2026-11-24T19:06:10Z',
    });
    const ignored = applyIgnoreRules(diff, manifestFixture('deploy-web'), live, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/template/spec/containers/0/image'] },
    ]);
    expect(ignored.map((e) => e.path)).not.toContain(image!.path);
  });

  it('HPA-scaled replicas (dry-run and offline): owned by kube-controller-manager via scale, ignorable by manager', () => {
    const live = liveFixture('deploy-scaled-by-hpa');
    const manifest = manifestFixture('deploy-api');
    const rules = [{ managedFieldsManagers: ['kube-controller-manager'] }];
    for (const diff of [
      compareDryRun(liveFixture('deploy-dryrun-replicas-force-after-hpa'), live, manifest),
      offlineDiff(manifest, live),
    ]) {
      const replicas = annotateOwners(diff, live).find((e) => e.path === 'spec.replicas');
      expect(replicas?.owner).toEqual({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale' });
      expect(applyIgnoreRules(diff, manifest, live, rules).map((e) => e.path)).not.toContain('spec.replicas');
      expect(applyIgnoreRules(diff, manifest, live, [{ jsonPointers: ['/spec/replicas'] }]).map((e) => e.path)).not.toContain('spec.replicas');
    }
  });
});
