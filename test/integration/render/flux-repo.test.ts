// The Flux sample repo rendered with the real kubectl (kustomize) and helm binaries.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import type { DesiredObject } from '../../../src/core/types';
import { affectsRenders } from '../../../src/core/render/render-inputs';
import { parseManifestText } from '../../../src/core/manifests/parse';
import { kubeTool } from '../../support/kube-tools';

const ROOT = resolve(__dirname, '../../../samples/flux-repo');
const rel = (file: string) => file.slice(ROOT.length + 1);
const line = (d: DesiredObject) => `${d.object.kind} ${d.object.metadata.namespace ?? '-'}/${d.object.metadata.name} <- ${rel(d.source.file)}:${d.source.range.start.line + 1}`;
const find = (ws: LoadedWorkspace, kind: string, namespace: string, name: string) => {
  const found = ws.objects.filter((d) => d.object.kind === kind && d.object.metadata.namespace === namespace && d.object.metadata.name?.startsWith(name));
  expect(found).toHaveLength(1);
  return found[0];
};

let ws: LoadedWorkspace;
beforeAll(async () => {
  ws = await loadWorkspaceManifests([ROOT], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
});

describe('Flux repo, rendered', () => {
  it('has exactly the objects Flux would apply, each linked to the file that defines it', () => {
    expect(ws.objects.map(line).sort()).toEqual(
      [
        // clusters/*: plain folders applied by each cluster's flux-system Kustomization
        'HelmRelease flux-system/cache <- clusters/prod/cache.yaml:2',
        'HelmRelease flux-system/cache <- clusters/staging/cache.yaml:2',
        'HelmRelease ingress-nginx/ingress-nginx <- clusters/prod/ingress-nginx.yaml:11',
        'HelmRepository flux-system/ingress-nginx <- clusters/prod/ingress-nginx.yaml:2',
        'ConfigMap flux-system/cache-values <- clusters/prod/cache-values.yaml:2',
        'ConfigMap flux-system/cluster-vars <- clusters/prod/cluster-vars.yaml:2',
        'Kustomization flux-system/apps <- clusters/prod/apps.yaml:2',
        'Kustomization flux-system/apps <- clusters/staging/apps.yaml:2',
        // clusters/*/flux-system: a kustomization inside those folders
        'GitRepository flux-system/flux-system <- clusters/prod/flux-system/gotk-sync.yaml:2',
        'GitRepository flux-system/flux-system <- clusters/staging/flux-system/gotk-sync.yaml:2',
        'Kustomization flux-system/flux-system <- clusters/prod/flux-system/gotk-sync.yaml:13',
        'Kustomization flux-system/flux-system <- clusters/staging/flux-system/gotk-sync.yaml:13',
        // apps/overlays/prod → namespace shop (targetNamespace), with the monitoring component
        'ConfigMap shop/web-config-h9m6g6b274 <- apps/base/kustomization.yaml:7',
        'Deployment shop/web <- apps/base/deployment.yaml:1',
        'Service shop/web <- apps/base/service.yaml:1',
        'Service shop/web-metrics <- apps/components/monitoring/metrics-service.yaml:1',
        // apps/overlays/staging → shop-staging
        'ConfigMap shop-staging/web-config-254m47m745 <- apps/base/kustomization.yaml:7',
        'Deployment shop-staging/web <- apps/base/deployment.yaml:1',
        'Service shop-staging/web <- apps/base/service.yaml:1',
        // the local chart, once per HelmRelease
        'Deployment shop/shop-cache <- charts/cache/templates/deployment.yaml:1',
        'Service shop/shop-cache <- charts/cache/templates/service.yaml:1',
        'Deployment shop-staging/shop-staging-cache <- charts/cache/templates/deployment.yaml:1',
        'Service shop-staging/shop-staging-cache <- charts/cache/templates/service.yaml:1',
      ].sort(),
    );
  });

  it('never takes patches, components, generator inputs or chart files for objects', () => {
    const files = new Set(ws.objects.filter((d) => !d.rendered).map((d) => rel(d.source.file)));
    for (const file of files) expect(file).toMatch(/^clusters\//);
    const names = ws.objects.map((d) => d.object.metadata.name);
    expect(names).not.toContain('any'); // the component's patch
    expect(names).not.toContain('web-features'); // a configMapGenerator input that looks like an object
    expect(ws.problems.filter((p) => p.rule !== 'not-rendered')).toEqual([]);
  });

  it('renders each top-level kustomization once: bases and components only through their overlays', () => {
    expect(ws.gitops!.renders.map((r) => `${r.tool} ${rel(r.dir)} ${r.status} ${r.objects}`)).toEqual([
      'kustomize apps/overlays/prod rendered 4',
      'helm charts/cache rendered 2',
      'kustomize apps/overlays/staging rendered 3',
      'helm charts/cache rendered 2',
      'kustomize clusters/prod/flux-system rendered 2',
      'kustomize clusters/staging/flux-system rendered 2',
    ]);
  });

  it('links patched fields to the patch, not to the base value', () => {
    const web = find(ws, 'Deployment', 'shop', 'web');
    expect(web.rendered).toMatchObject({ tool: 'kustomize', root: `${ROOT}/apps/overlays/prod`, note: 'rendered from apps/overlays/prod' });
    expect(web.rendered!.patches!.map((p) => rel(p.file))).toEqual(['apps/overlays/prod/web-replicas.yaml', 'apps/components/monitoring/scrape-annotations.yaml']);
    expect(web.object.spec).toMatchObject({ replicas: 3 });
    expect(web.source.fieldRange(['spec', 'replicas'])).toBeUndefined(); // set by web-replicas.yaml
    expect(web.source.fieldRange(['spec', 'selector'])?.key?.start.line).toBe(8);
    const patch = web.rendered!.patches![0];
    expect(patch.fieldRange(['spec', 'replicas'])?.value.start.line).toBe(5);

    const staging = find(ws, 'Deployment', 'shop-staging', 'web');
    expect(staging.rendered!.patches!.map((p) => [rel(p.file), p.range.start.line + 1])).toEqual([['apps/overlays/staging/kustomization.yaml', 6]]);
    expect((staging.object.spec as any).template.spec.containers[0].image).toBe('ghcr.io/example/web:1.5.0-rc.1');
  });

  it('links generated ConfigMaps to their generator entry; the overlay merge is noted', () => {
    const config = find(ws, 'ConfigMap', 'shop', 'web-config-');
    expect(config.source.range.start.line + 1).toBe(7);
    expect(config.rendered!.patches!.map((p) => [rel(p.file), p.range.start.line + 1])).toEqual([['apps/overlays/prod/kustomization.yaml', 13]]);
    expect(Object.keys((config.object as any).data).sort()).toEqual(['LOG_LEVEL', 'app.properties', 'features.yaml']);
  });

  it('says which Flux Kustomization applies a rendered object, in which cluster folder', () => {
    expect(rel(find(ws, 'Deployment', 'shop', 'web').rendered!.owner!.file)).toBe('clusters/prod/apps.yaml');
    expect(rel(find(ws, 'Deployment', 'shop-staging', 'web').rendered!.owner!.file)).toBe('clusters/staging/apps.yaml');
    const gitRepo = ws.objects.find((d) => d.object.kind === 'GitRepository' && rel(d.source.file).startsWith('clusters/staging/'))!;
    expect(gitRepo.rendered!.owner).toEqual({
      ref: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' },
      file: `${ROOT}/clusters/staging/flux-system/gotk-sync.yaml`,
    });
  });

  it('substitutes postBuild variables: from a ConfigMap in the repo (prod), inline (staging)', () => {
    const env = (ns: string) => (find(ws, 'Deployment', ns, 'web').object.spec as any).template.spec.containers[0].env;
    expect(env('shop')).toEqual([{ name: 'CLUSTER', value: 'prod' }]);
    expect(env('shop-staging')).toEqual([{ name: 'CLUSTER', value: 'staging' }]);
    expect(ws.problems.filter((p) => p.rule === 'render-partial')).toEqual([]);
  });

  it('applies what Flux adds: targetNamespace and the kustomize-controller labels', () => {
    const web = find(ws, 'Deployment', 'shop', 'web');
    expect(web.object.metadata.labels).toEqual({
      app: 'web',
      'app.kubernetes.io/part-of': 'shop',
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    const apps = ws.objects.find((d) => d.object.kind === 'Kustomization' && rel(d.source.file) === 'clusters/prod/apps.yaml')!;
    expect(apps.object.metadata.labels).toEqual({ 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });
  });

  it('renders the local chart with the HelmRelease values: chart defaults, valuesFiles, valuesFrom a ConfigMap in the repo, then spec.values', () => {
    const prod = find(ws, 'Deployment', 'shop', 'shop-cache');
    const spec = prod.object.spec as any;
    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.containers[0]).toMatchObject({
      image: 'redis:7.2.5-alpine',
      args: ['--maxmemory', '768mb'], // values-prod.yaml says 512mb; the cache-values ConfigMap says 768mb
      resources: { requests: { cpu: '250m', memory: '512Mi' } },
    });
    expect(prod.object.metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'cache', 'helm.toolkit.fluxcd.io/namespace': 'flux-system', 'app.kubernetes.io/instance': 'shop-cache' });
    expect(prod.object.metadata.annotations).toEqual({ 'meta.helm.sh/release-name': 'shop-cache', 'meta.helm.sh/release-namespace': 'shop' });
    expect(prod.object.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('Helm');
    const { patches, ...rendered } = prod.rendered!;
    expect(rendered).toEqual({
      tool: 'helm',
      root: `${ROOT}/charts/cache`,
      note: 'rendered from charts/cache (Helm release shop-cache)',
      owner: { ref: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'flux-system', name: 'cache' }, file: `${ROOT}/clusters/prod/cache.yaml` },
    });
    expect(prod.source.fieldRange(['spec'])).toBeUndefined();
    expect(rel(prod.source.file)).toBe('charts/cache/templates/deployment.yaml');
    // spec.postRenderers: the kustomize patch helm-controller applies to the chart's output, linked to its entry.
    expect(spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    expect(patches!.map((p) => `${rel(p.file)}:${p.range.start.line + 1}`)).toEqual(['clusters/prod/cache.yaml:28']);
    expect(find(ws, 'Service', 'shop', 'shop-cache').rendered!.patches).toBeUndefined();
    expect((find(ws, 'Deployment', 'shop-staging', 'shop-staging-cache').object.spec as any).template.metadata.annotations).toBeUndefined();

    const staging = find(ws, 'Deployment', 'shop-staging', 'shop-staging-cache');
    expect((staging.object.spec as any).replicas).toBe(1);
    expect((staging.object.spec as any).template.spec.containers[0].args).toEqual(['--maxmemory', '64mb']);
  });

  it('shows the remote chart as not rendered, on its HelmRelease', () => {
    expect(ws.problems.map((p) => `${rel(p.file)}:${p.range!.start.line + 1} ${p.severity} ${p.message}`)).toEqual([
      'clusters/prod/ingress-nginx.yaml:11 warning Flux HelmRelease ingress-nginx/ingress-nginx: not rendered: chart ingress-nginx 4.11.x from HelmRepository ingress-nginx: a remote chart, not in this repository',
    ]);
  });

  it('without the render option, resources are read as written; patches, generator inputs and kustomization files are not objects', async () => {
    const plain = await loadWorkspaceManifests([ROOT]);
    expect(plain.gitops).toBeUndefined();
    expect(plain.objects.map(line).filter((l) => !l.includes('<- clusters/')).sort()).toEqual([
      'Deployment -/web <- apps/base/deployment.yaml:1',
      'Service -/web <- apps/base/service.yaml:1',
      'Service -/web-metrics <- apps/components/monitoring/metrics-service.yaml:1',
    ]);
    // No "missing-name" problems for kustomization.yaml files either.
    expect(plain.problems).toEqual([]);
    const role = (file: string) => {
      const input = plain.renderInputs.get(`${ROOT}/${file}`);
      return input && `${input.role} of ${rel(input.usedBy)}`;
    };
    expect(role('apps/overlays/prod/web-replicas.yaml')).toBe('patch of apps/overlays/prod/kustomization.yaml');
    expect(role('apps/components/monitoring/scrape-annotations.yaml')).toBe('patch of apps/components/monitoring/kustomization.yaml');
    expect(role('apps/base/config/features.yaml')).toBe('generator input of apps/base/kustomization.yaml');
    expect(role('apps/base/deployment.yaml')).toBe('resource of apps/base/kustomization.yaml');
    expect(role('apps/overlays/prod/kustomization.yaml')).toBe('kustomization of apps/overlays/prod/kustomization.yaml');
    expect(role('charts/cache/values.yaml')).toBe('chart file of charts/cache');
    expect(role('clusters/prod/apps.yaml')).toBeUndefined();
  });

  it('tells which saved files need a new render (not a plain re-read): inputs, operator objects, files rendered objects link to', () => {
    const at = (file: string) => `${ROOT}/${file}`;
    for (const file of ['apps/overlays/prod/web-replicas.yaml', 'apps/base/deployment.yaml', 'apps/base/config/app.properties', 'charts/cache/values.yaml', 'clusters/prod/apps.yaml', 'clusters/prod/cache.yaml', 'clusters/prod/flux-system/gotk-sync.yaml']) {
      expect(affectsRenders(at(file), ws), file).toBe(true);
    }
    expect(affectsRenders(at('clusters/prod/ingress-nginx.yaml'), ws)).toBe(true); // a HelmRelease (not rendered today)
    expect(affectsRenders(at('clusters/prod/cluster-vars.yaml'), ws)).toBe(false);
    const edited = parseManifestText(at('clusters/prod/cluster-vars.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: x}\nspec: {path: ./apps/base}\n').objects;
    expect(affectsRenders(at('clusters/prod/cluster-vars.yaml'), ws, edited)).toBe(true);
  });
});
