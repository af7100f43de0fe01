// The Argo CD sample repo rendered with the real kubectl (kustomize) and helm binaries.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import type { DesiredObject } from '../../../src/core/types';
import { kubeTool } from '../../support/kube-tools';

const ROOT = resolve(__dirname, '../../../samples/argo-repo');
const rel = (file: string) => file.slice(ROOT.length + 1);
const line = (d: DesiredObject) =>
  `${d.object.kind} ${d.object.metadata.namespace ?? '-'}/${d.object.metadata.name} <- ${rel(d.source.file)} [${d.object.metadata.annotations?.['argocd.argoproj.io/tracking-id'] ?? ''}]`;

let ws: LoadedWorkspace;
beforeAll(async () => {
  ws = await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
});

describe('Argo CD repo, rendered', () => {
  it('has exactly the objects the Applications apply, with the tracking annotation of each (Argo CD 3 default)', () => {
    expect(ws.objects.map(line).sort()).toEqual(
      [
        'Application argocd/cache <- argocd/apps/cache.yaml [root:argoproj.io/Application:argocd/cache]',
        'Application argocd/config <- argocd/apps/config.yaml [root:argoproj.io/Application:argocd/config]',
        'Application argocd/monitoring <- argocd/apps/monitoring.yaml [root:argoproj.io/Application:argocd/monitoring]',
        'Application argocd/shop <- argocd/apps/shop.yaml [root:argoproj.io/Application:argocd/shop]',
        'Application argocd/root <- argocd/root.yaml []',
        'ConfigMap shop/shop-settings <- manifests/config/configmap.yaml [config:/ConfigMap:shop/shop-settings]',
        'Deployment shop/web <- manifests/shop/base/deployment.yaml [shop:apps/Deployment:shop/web]',
        'Service shop/web <- manifests/shop/base/service.yaml [shop:/Service:shop/web]',
        'Deployment shop/shop-cache <- charts/cache/templates/deployment.yaml [cache:apps/Deployment:shop/shop-cache]',
        'Service shop/shop-cache <- charts/cache/templates/service.yaml [cache:/Service:shop/shop-cache]',
      ].sort(),
    );
    // Annotation tracking leaves the chart's own app.kubernetes.io/instance label alone.
    const cache = ws.objects.find((d) => d.object.kind === 'Service' && d.object.metadata.name === 'shop-cache')!;
    expect(cache.object.metadata.labels?.['app.kubernetes.io/instance']).toBe('shop-cache');
  });

  it('renders the chart with releaseName, valueFiles (also from a $values source), values and parameters, in the destination namespace', () => {
    const cache = ws.objects.find((d) => d.object.kind === 'Deployment' && d.object.metadata.name === 'shop-cache')!;
    const spec = cache.object.spec as any;
    expect(spec.replicas).toBe(2);
    expect(spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'shop-cache' });
    expect(spec.template.spec.containers[0]).toMatchObject({ image: 'redis:7.2.6-alpine', args: ['--maxmemory', '512mb'] });
    // The second source's value file ($values/environments/prod/cache-values.yaml), from this repository.
    expect(spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '768Mi' } });
    expect(cache.rendered?.note).toBe('rendered from charts/cache (Helm release shop-cache)');
  });

  it('renders the kustomize overlay once, linked to its base with the patch noted', () => {
    const web = ws.objects.find((d) => d.object.kind === 'Deployment' && d.object.metadata.name === 'web')!;
    expect((web.object.spec as any).replicas).toBe(3);
    expect(web.object.metadata.annotations).toEqual({ 'shop.example.com/tier': 'prod', 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/web' });
    expect(web.rendered?.patches?.map((p) => rel(p.file))).toEqual(['manifests/shop/overlays/prod/replicas.yaml']);
    expect(ws.gitops!.renders.map((r) => `${r.tool} ${rel(r.dir)} ${r.status}`)).toEqual(['helm charts/cache rendered', 'kustomize manifests/shop/overlays/prod rendered']);
  });

  it('shows the remote chart as not rendered, on its Application', () => {
    expect(ws.problems.map((p) => `${rel(p.file)} ${p.severity} ${p.rule}: ${p.message}`)).toEqual([
      'argocd/apps/monitoring.yaml warning not-rendered: Argo CD Application argocd/monitoring: not rendered: chart kube-prometheus-stack 61.3.2 from https://prometheus-community.github.io/helm-charts: a remote chart, not in this repository',
    ]);
  });
});
