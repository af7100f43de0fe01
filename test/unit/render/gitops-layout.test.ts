// describeGitOpsLayout: which folder or chart goes where, applied by whom, orphans found how.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argoTrackingId, parseArgoTrackingId } from '../../../src/core/gitops/argo';
import { describeGitOpsLayout } from '../../../src/core/gitops/layout';
import { withOperatorMetadata } from '../../../src/core/gitops/operator-metadata';
import type { GitOpsUnit } from '../../../src/core/gitops/types';

const FLUX = resolve(__dirname, '../../../samples/flux-repo');
const ARGO = resolve(__dirname, '../../../samples/argo-repo');

function summary(root: string, u: GitOpsUnit) {
  const rel = (p?: string) => (p ? p.slice(root.length + 1) : undefined);
  return {
    owner: `${u.owner.ref.kind} ${u.owner.ref.namespace}/${u.owner.ref.name}`,
    renderer: u.renderer,
    path: rel(u.path),
    targetNamespace: u.targetNamespace,
    fieldManager: u.fieldManager,
    orphans: u.orphans.inventory ? `inventory of ${u.orphans.inventory.name}` : u.orphans.argoApp ? `tracking-id of ${u.orphans.argoApp}` : u.orphans.selector,
    ...(u.helm ? { release: `${u.helm.releaseName} in ${u.helm.namespace}`, values: u.helm.valuesFiles.map(rel) } : {}),
    ...(u.notRendered ? { notRendered: u.notRendered } : {}),
  };
}

describe('describeGitOpsLayout', () => {
  it('Flux: Kustomizations and HelmReleases per cluster', async () => {
    const layout = await describeGitOpsLayout(FLUX);
    expect(layout.units.map((u) => summary(FLUX, u))).toEqual([
      { owner: 'Kustomization flux-system/apps', renderer: 'kustomize', path: 'apps/overlays/prod', targetNamespace: 'shop', fieldManager: 'kustomize-controller', orphans: 'inventory of apps' },
      {
        owner: 'HelmRelease flux-system/cache',
        renderer: 'helm',
        path: 'charts/cache',
        targetNamespace: 'shop',
        fieldManager: 'helm-controller',
        orphans: 'helm.toolkit.fluxcd.io/name=cache,helm.toolkit.fluxcd.io/namespace=flux-system',
        release: 'shop-cache in shop',
        values: ['charts/cache/values.yaml', 'charts/cache/values-prod.yaml'],
      },
      { owner: 'Kustomization flux-system/flux-system', renderer: 'directory', path: 'clusters/prod', targetNamespace: undefined, fieldManager: 'kustomize-controller', orphans: 'inventory of flux-system' },
      {
        owner: 'HelmRelease ingress-nginx/ingress-nginx',
        renderer: 'remote',
        path: undefined,
        targetNamespace: 'ingress-nginx',
        fieldManager: 'helm-controller',
        orphans: 'helm.toolkit.fluxcd.io/name=ingress-nginx,helm.toolkit.fluxcd.io/namespace=ingress-nginx',
        notRendered: 'chart ingress-nginx 4.11.x from HelmRepository ingress-nginx: a remote chart, not in this repository',
      },
      { owner: 'Kustomization flux-system/apps', renderer: 'kustomize', path: 'apps/overlays/staging', targetNamespace: 'shop-staging', fieldManager: 'kustomize-controller', orphans: 'inventory of apps' },
      {
        owner: 'HelmRelease flux-system/cache',
        renderer: 'helm',
        path: 'charts/cache',
        targetNamespace: 'shop-staging',
        fieldManager: 'helm-controller',
        orphans: 'helm.toolkit.fluxcd.io/name=cache,helm.toolkit.fluxcd.io/namespace=flux-system',
        release: 'shop-staging-cache in shop-staging',
        values: [],
      },
      { owner: 'Kustomization flux-system/flux-system', renderer: 'directory', path: 'clusters/staging', targetNamespace: undefined, fieldManager: 'kustomize-controller', orphans: 'inventory of flux-system' },
    ]);
    expect(layout.kustomizations.map((k) => [k.dir.slice(FLUX.length + 1), k.unit ? `${k.unit.owner.ref.name} → ${k.unit.path!.slice(FLUX.length + 1)}` : undefined])).toEqual([
      ['apps/overlays/prod', 'apps → apps/overlays/prod'],
      ['apps/overlays/staging', 'apps → apps/overlays/staging'],
      ['clusters/prod/flux-system', 'flux-system → clusters/prod'],
      ['clusters/staging/flux-system', 'flux-system → clusters/staging'],
    ]);
  });

  it('Argo CD: Applications with a kustomize path, a plain folder, a local chart and a remote chart', async () => {
    const layout = await describeGitOpsLayout(ARGO);
    expect(layout.units.map((u) => summary(ARGO, u))).toEqual([
      {
        owner: 'Application argocd/cache',
        renderer: 'helm',
        path: 'charts/cache',
        targetNamespace: 'shop',
        fieldManager: 'argocd-controller',
        orphans: 'tracking-id of cache',
        release: 'shop-cache in shop',
        values: ['charts/cache/values-prod.yaml', 'environments/prod/cache-values.yaml'],
      },
      { owner: 'Application argocd/config', renderer: 'directory', path: 'manifests/config', targetNamespace: 'shop', fieldManager: 'argocd-controller', orphans: 'tracking-id of config' },
      {
        owner: 'Application argocd/monitoring',
        renderer: 'remote',
        path: undefined,
        targetNamespace: 'monitoring',
        fieldManager: 'argocd-controller',
        orphans: 'tracking-id of monitoring',
        notRendered: 'chart kube-prometheus-stack 61.3.2 from https://prometheus-community.github.io/helm-charts: a remote chart, not in this repository',
      },
      { owner: 'Application argocd/shop', renderer: 'kustomize', path: 'manifests/shop/overlays/prod', targetNamespace: 'shop', fieldManager: 'argocd-controller', orphans: 'tracking-id of shop' },
      { owner: 'Application argocd/root', renderer: 'directory', path: 'argocd/apps', targetNamespace: 'argocd', fieldManager: 'argocd-controller', orphans: 'tracking-id of root' },
    ]);
    const cache = layout.units[0].helm!;
    expect(cache.inlineValues).toEqual(['replicaCount: 2\n']);
    expect(cache.parameters).toEqual([{ name: 'image.tag', value: '7.2.6-alpine', forceString: false }]);
  });
});

describe('operator metadata', () => {
  it('adds tracking labels/annotations; the namespace only where the operator sets it', async () => {
    const [apps] = (await describeGitOpsLayout(FLUX)).units;
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'other', labels: { app: 'web' } } };
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    expect(withOperatorMetadata(deployment, apps).metadata).toEqual({
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
    });
    expect(withOperatorMetadata(ns, apps).metadata.namespace).toBeUndefined();
    expect(deployment.metadata.namespace).toBe('other');

    const argoConfig = (await describeGitOpsLayout(ARGO)).units[1];
    expect(withOperatorMetadata(deployment, argoConfig).metadata.namespace).toBe('other');
    expect(withOperatorMetadata({ ...deployment, metadata: { name: 'web' } }, argoConfig).metadata).toEqual({
      name: 'web',
      namespace: 'shop',
      annotations: { 'argocd.argoproj.io/tracking-id': 'config:apps/Deployment:shop/web' },
    });
  });

  it('Argo CD tracking ids', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(argoTrackingId('shop', ref)).toBe('shop:apps/Deployment:shop/web');
    expect(parseArgoTrackingId('shop:apps/Deployment:shop/web')).toEqual({ app: 'shop', group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(parseArgoTrackingId('root:/Namespace:/shop')).toEqual({ app: 'root', group: '', kind: 'Namespace', name: 'shop' });
    expect(parseArgoTrackingId('garbage')).toBeUndefined();
  });
});
