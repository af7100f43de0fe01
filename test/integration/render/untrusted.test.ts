// An untrusted workspace (allowExec: false): nothing is executed, kustomizations and charts are reported as not
// rendered, and their inputs (patches, components, generator inputs, chart files) are never "missing" objects.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import { clusterFileOf } from '../../../src/core/render/cluster-file';
import { pendingRenders, wouldExecute } from '../../../src/core/render/render-summary';

const FLUX = resolve(__dirname, '../../../samples/flux-repo');
const ARGO = resolve(__dirname, '../../../samples/argo-repo');
const rel = (root: string) => (file: string) => file.slice(root.length + 1);

// A kubectl that cannot run: any attempt to execute would fail loudly instead of passing quietly.
const NO_TOOLS = { kubectl: '/nonexistent/kubectl', helm: '/nonexistent/helm', allowExec: false };

let flux: LoadedWorkspace;
let argo: LoadedWorkspace;
beforeAll(async () => {
  flux = await loadWorkspaceManifests([FLUX], { render: { ...NO_TOOLS, workspaceRoot: FLUX } });
  argo = await loadWorkspaceManifests([ARGO], { render: { ...NO_TOOLS, workspaceRoot: ARGO } });
});

describe('untrusted workspace', () => {
  it('shows only the plain objects; no patch, component patch or generator input becomes an object', () => {
    expect(flux.objects.map((d) => `${d.object.kind} ${d.object.metadata.name} <- ${rel(FLUX)(d.source.file)}`).sort()).toEqual([
      'ConfigMap cache-values <- clusters/prod/cache-values.yaml',
      'ConfigMap cluster-vars <- clusters/prod/cluster-vars.yaml',
      'HelmRelease cache <- clusters/prod/cache.yaml',
      'HelmRelease cache <- clusters/staging/cache.yaml',
      'HelmRelease ingress-nginx <- clusters/prod/ingress-nginx.yaml',
      'HelmRepository ingress-nginx <- clusters/prod/ingress-nginx.yaml',
      'Kustomization apps <- clusters/prod/apps.yaml',
      'Kustomization apps <- clusters/staging/apps.yaml',
    ]);
    expect(flux.gitops!.renders.every((r) => r.status === 'not-rendered' && r.ms < 1000)).toBe(true);
  });

  it('says why on the kustomization file or the operator object, and what each input file is', () => {
    const warnings = flux.problems.map((p) => `${rel(FLUX)(p.file)}: ${p.message}`);
    expect(warnings).toContain('apps/overlays/prod/kustomization.yaml: kustomization apps/overlays/prod: not rendered (workspace not trusted)');
    expect(warnings).toContain('clusters/prod/cache.yaml: Helm chart charts/cache: not rendered (workspace not trusted)');
    expect(flux.problems.every((p) => p.severity === 'warning')).toBe(true);
    const input = flux.renderInputs.get(`${FLUX}/apps/overlays/prod/web-replicas.yaml`)!;
    expect([input.role, rel(FLUX)(input.usedBy)]).toEqual(['patch', 'apps/overlays/prod/kustomization.yaml']);
    expect(flux.renderInputs.get(`${FLUX}/apps/base/config/features.yaml`)?.role).toBe('generator input');
  });

  it('counts what trusting the workspace would run', () => {
    expect(pendingRenders(flux.gitops!.renders)).toEqual({
      kustomizations: 4,
      helmCharts: 1,
      message: '4 kustomizations and 1 Helm chart are not rendered until you trust this workspace',
    });
    expect(pendingRenders(argo.gitops!.renders).message).toBe('1 kustomization and 1 Helm chart are not rendered until you trust this workspace');
    expect(wouldExecute(flux.gitops!.renders)).toBe(true);
  });

  it('a workspace of plain manifests has nothing to trust', async () => {
    const plain = await loadWorkspaceManifests([`${ARGO}/manifests/config`], { render: NO_TOOLS });
    expect(plain.gitops!.renders).toEqual([]);
    expect(pendingRenders(plain.gitops!.renders)).toEqual({ kustomizations: 0, helmCharts: 0 });
    expect(wouldExecute(plain.gitops!.renders)).toBe(false);
  });
});

describe('clusterFileOf', () => {
  const source = { file: '/repo/apps/base/deployment.yaml', docIndex: 0, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 1, character: 0, offset: 10 } }, fieldRange: () => undefined };
  const ref = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
  it('is the file of the operator object applying a rendered object, the rendered folder without one, else the own file', () => {
    expect(clusterFileOf({ source })).toBe('/repo/apps/base/deployment.yaml');
    expect(clusterFileOf({ source, rendered: { tool: 'kustomize', root: '/repo/apps/overlays/prod', note: '' } })).toBe('/repo/apps/overlays/prod/kustomization.yaml');
    expect(clusterFileOf({ source, rendered: { tool: 'kustomize', root: '/repo/apps/overlays/prod', note: '', owner: { ref, file: '/repo/clusters/prod/apps.yaml' } } })).toBe(
      '/repo/clusters/prod/apps.yaml',
    );
    expect(
      clusterFileOf({ source, rendered: { tool: 'helm', root: '/repo/charts/cache', note: '', owner: { ref, file: '/repo/apps/base/release.yaml', clusterFile: '/repo/clusters/prod/apps.yaml' } } }),
    ).toBe('/repo/clusters/prod/apps.yaml');
  });
});
