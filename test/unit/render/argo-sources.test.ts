// Argo CD multi-source Applications: `$ref/...` value files from this repository are used; from another one,
// or with no such ref, they are named in a note. Missing files are quiet with ignoreMissingValueFiles.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argoApplicationUnits } from '../../../src/core/gitops/argo';
import { parseManifestText } from '../../../src/core/manifests/parse';

const ARGO = resolve(__dirname, '../../../samples/argo-repo');
const THIS = 'https://github.com/example/shop-argocd.git';

function unitOf(sources: unknown[]) {
  const text = JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cache', namespace: 'argocd' }, spec: { sources, destination: { namespace: 'shop' } } });
  const [d] = parseManifestText(`${ARGO}/argocd/apps/test.yaml`, text).objects;
  return argoApplicationUnits(d, [ARGO]);
}

describe('Argo CD multi-source value files', () => {
  it('reads $values files of the same repository (URL compared without .git and case)', () => {
    const [unit] = unitOf([
      { repoURL: THIS, path: 'charts/cache', helm: { valueFiles: ['$values/environments/prod/cache-values.yaml'] } },
      { repoURL: 'https://GitHub.com/example/shop-argocd', ref: 'values' },
    ]);
    expect(unit.helm!.valuesFiles).toEqual([`${ARGO}/environments/prod/cache-values.yaml`]);
    expect(unit.notes).toEqual([]);
  });

  it('names what it cannot use: another repository, an unknown ref, a missing file', () => {
    const [unit] = unitOf([
      { repoURL: THIS, path: 'charts/cache', helm: { valueFiles: ['$other/prod.yaml', '$nope/x.yaml', '$values/missing.yaml'] } },
      { repoURL: 'https://github.com/example/values.git', ref: 'other' },
      { repoURL: THIS, ref: 'values' },
    ]);
    expect(unit.notes).toEqual([
      'value file $other/prod.yaml is in another repository (https://github.com/example/values.git): not used when rendering',
      'value file $nope/x.yaml: no source has ref nope',
      'value file $values/missing.yaml is not in the workspace',
    ]);
    const [quiet] = unitOf([{ repoURL: THIS, path: 'charts/cache', helm: { ignoreMissingValueFiles: true, valueFiles: ['$values/missing.yaml', 'nope.yaml'] } }, { repoURL: THIS, ref: 'values' }]);
    expect(quiet.notes).toEqual([]);
  });
});
