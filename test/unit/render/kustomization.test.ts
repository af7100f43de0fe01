// Reading kustomization files and the graph of kustomizations: what is rendered, what is only an input.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKustomization } from '../../../src/core/render/kustomization-file';
import { consumedFiles, kustomizationTree, readKustomizationGraph, topLevelKustomizations } from '../../../src/core/render/kustomization-graph';

const FLUX = resolve(__dirname, '../../../samples/flux-repo');
const FIXTURES = resolve(__dirname, '../../fixtures/render');
const rel = (root: string) => (p: string) => p.slice(root.length + 1);

describe('readKustomization', () => {
  it('reads bases, components, patch files, generators and their inputs', () => {
    const k = readKustomization(`${FLUX}/apps/overlays/prod/kustomization.yaml`);
    expect(k.kind).toBe('Kustomization');
    expect(k.error).toBeUndefined();
    expect(k.resourceDirs).toEqual([{ path: `${FLUX}/apps/base`, at: ['resources', 0] }]);
    expect(k.componentDirs).toEqual([{ path: `${FLUX}/apps/components/monitoring`, at: ['components', 0] }]);
    expect(k.patches).toEqual([{ file: `${FLUX}/apps/overlays/prod/web-replicas.yaml`, at: ['patches', 0] }]);
    expect(k.generators).toEqual([{ kind: 'ConfigMap', name: 'web-config', at: ['configMapGenerator', 0] }]);
    expect(k.location.fieldRange(['patches', 0])?.value.start.line).toBe(7);

    const base = readKustomization(`${FLUX}/apps/base/kustomization.yaml`);
    expect(base.resourceFiles.map((r) => rel(FLUX)(r.path))).toEqual(['apps/base/deployment.yaml', 'apps/base/service.yaml']);
    expect(base.inputFiles.map(rel(FLUX))).toEqual(['apps/base/config/app.properties', 'apps/base/config/features.yaml']);
  });

  it('knows a Component and a targeted patch', () => {
    const k = readKustomization(`${FLUX}/apps/components/monitoring/kustomization.yaml`);
    expect(k.kind).toBe('Component');
    expect(k.patches).toEqual([
      { file: `${FLUX}/apps/components/monitoring/scrape-annotations.yaml`, at: ['patches', 0], target: { kind: 'Deployment', group: undefined, name: undefined } },
    ]);
  });

  it('reads a `Kustomization` file: name prefix, key=path generator inputs, inline and JSON 6902 patches', () => {
    const k = readKustomization(`${FIXTURES}/plain-name/app/Kustomization`);
    expect(k.namePrefix).toBe('team-');
    expect(k.inputFiles).toEqual([`${FIXTURES}/plain-name/app/settings.yaml`]);
    expect(k.patches).toEqual([
      { file: `${FIXTURES}/plain-name/app/replicas-op.yaml`, at: ['patchesJson6902', 0], target: { group: 'apps', kind: 'Deployment', name: 'api' } },
      { at: ['patchesStrategicMerge', 0], inline: expect.stringContaining('type: NodePort') },
    ]);
  });

  it('keeps remote resources apart (never fetched)', () => {
    const k = readKustomization(`${FIXTURES}/remote/kustomization.yaml`);
    expect(k.remoteResources).toEqual(['https://github.com/example/platform//deploy/base?ref=v1.2.0']);
    expect(k.resourceFiles.map((r) => r.path)).toEqual([`${FIXTURES}/remote/configmap.yaml`]);
  });

  it('reports an unreadable file', () => {
    expect(readKustomization(`${FIXTURES}/nowhere/kustomization.yaml`).error).toBe('cannot read: ENOENT');
  });
});

describe('kustomization graph', () => {
  const dirs = ['apps/base', 'apps/components/monitoring', 'apps/overlays/prod', 'apps/overlays/staging', 'clusters/prod/flux-system', 'clusters/staging/flux-system'].map(
    (d) => `${FLUX}/${d}`,
  );

  it('renders only top-level kustomizations: bases and components are used by overlays', () => {
    const graph = readKustomizationGraph(dirs);
    expect(topLevelKustomizations(graph).map((k) => rel(FLUX)(k.dir))).toEqual([
      'apps/overlays/prod',
      'apps/overlays/staging',
      'clusters/prod/flux-system',
      'clusters/staging/flux-system',
    ]);
    expect([...graph.referenced].map(rel(FLUX)).sort()).toEqual(['apps/base', 'apps/components/monitoring']);
  });

  it('follows references outside the folders given', () => {
    const graph = readKustomizationGraph([`${FLUX}/apps/overlays/prod`]);
    expect(kustomizationTree(graph, `${FLUX}/apps/overlays/prod`).map((k) => rel(FLUX)(k.dir))).toEqual([
      'apps/overlays/prod',
      'apps/base',
      'apps/components/monitoring',
    ]);
  });

  it('lists every file a render reads: kustomization files, resources, patches, generator inputs', () => {
    const files = [...consumedFiles(readKustomizationGraph(dirs))].map(rel(FLUX)).sort();
    expect(files).toEqual([
      'apps/base/config/app.properties',
      'apps/base/config/features.yaml',
      'apps/base/deployment.yaml',
      'apps/base/kustomization.yaml',
      'apps/base/service.yaml',
      'apps/components/monitoring/kustomization.yaml',
      'apps/components/monitoring/metrics-service.yaml',
      'apps/components/monitoring/scrape-annotations.yaml',
      'apps/overlays/prod/kustomization.yaml',
      'apps/overlays/prod/web-replicas.yaml',
      'apps/overlays/staging/kustomization.yaml',
      'clusters/prod/flux-system/gotk-sync.yaml',
      'clusters/prod/flux-system/kustomization.yaml',
      'clusters/staging/flux-system/gotk-sync.yaml',
      'clusters/staging/flux-system/kustomization.yaml',
    ]);
  });
});
