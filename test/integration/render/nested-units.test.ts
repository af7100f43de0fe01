// A HelmRelease defined in a kustomize base and patched by an overlay: the chart is rendered with the values
// Flux would see (after the patch), found in the overlay's render. Patches of Flux objects are not units.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeGitOpsLayout } from '../../../src/core/gitops/layout';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import { clusterFileOf } from '../../../src/core/render/cluster-file';
import { kubeTool } from '../../support/kube-tools';

const ROOT = resolve(__dirname, '../../fixtures/render/helmrelease-overlay');
const rel = (file: string) => file.slice(ROOT.length + 1);

let ws: LoadedWorkspace;
beforeAll(async () => {
  ws = await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
});

describe('units found in renders', () => {
  it('renders the chart of the patched HelmRelease once, with the overlay values', () => {
    expect(ws.problems).toEqual([]);
    expect(ws.gitops!.renders.map((r) => `${r.tool} ${rel(r.dir)} ${r.status}`)).toEqual([
      'kustomize apps/prod rendered',
      'kustomize clusters/prod/flux-system rendered',
      'helm charts/cache rendered',
    ]);
    const deployment = ws.objects.find((d) => d.object.kind === 'Deployment')!;
    expect(deployment.object.metadata).toMatchObject({ name: 'cache', namespace: 'cache-system' });
    expect((deployment.object.spec as any).replicas).toBe(3);
    // valuesFrom: the ConfigMap generated next to the HelmRelease, found by its rendered (hashed) name
    expect(deployment.object.metadata.annotations).toMatchObject({ 'example.com/tier': 'gold' });
    expect(deployment.rendered!.owner!.ref).toEqual({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'cache-system', name: 'cache' });
  });

  it('the objects of the flux-system folder get its labels once its Kustomization is rendered', () => {
    const sync = ws.objects.find((d) => d.object.kind === 'Kustomization' && d.object.metadata.name === 'flux-system')!;
    expect(sync.object.spec).toMatchObject({ interval: '1m0s', path: './clusters/prod' });
    expect(sync.object.metadata.labels).toEqual({ 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });
    const apps = ws.objects.find((d) => d.object.kind === 'Kustomization' && d.object.metadata.name === 'apps')!;
    expect(apps.object.metadata.labels).toEqual({ 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });
  });

  it("maps the chart's objects to the cluster folder of the Flux Kustomization that applies the HelmRelease, not to the base", () => {
    const deployment = ws.objects.find((d) => d.object.kind === 'Deployment')!;
    expect(rel(deployment.rendered!.owner!.file)).toBe('apps/base/cache/release.yaml');
    expect(rel(deployment.rendered!.owner!.clusterFile!)).toBe('clusters/prod/apps.yaml');
    expect(rel(clusterFileOf(deployment))).toBe('clusters/prod/apps.yaml');
    const release = ws.objects.find((d) => d.object.kind === 'HelmRelease')!;
    expect(rel(clusterFileOf(release))).toBe('clusters/prod/apps.yaml');
  });

  it('the layout (nothing rendered) leaves patch files out of the units', async () => {
    const layout = await describeGitOpsLayout(ROOT);
    expect(layout.units.map((u) => `${u.owner.ref.kind} ${u.owner.ref.name} ${u.renderer} ${u.path ? rel(u.path) : ''}`)).toEqual([
      'HelmRelease cache helm charts/cache',
      'Kustomization apps kustomize apps/prod',
      'Kustomization flux-system directory clusters/prod',
    ]);
  });
});
