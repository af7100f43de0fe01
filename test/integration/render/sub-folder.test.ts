// Checking a sub-folder of a GitOps repo renders what touches it as a check of the whole repo would: an overlay
// with its bases elsewhere, a cluster folder's Flux objects with their paths, a base through the overlays that
// use it. Real kubectl/helm; the Flux sample copied into a git repository of its own.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import { RenderCache } from '../../../src/core/render/render-cache';
import type { DesiredObject } from '../../../src/core/types';
import { kubeTool } from '../../support/kube-tools';

const SAMPLE = resolve(__dirname, '../../../samples/flux-repo');
const tmp = mkdtempSync(join(tmpdir(), 'converge-subfolder-'));
const REPO = join(tmp, 'flux-repo');
const rel = (file: string) => file.slice(REPO.length + 1);
// One cache across checks, as a session keeps: each folder is rendered once per set of inputs.
const tools = { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true, cache: new RenderCache() };
/** What a check shows of an object: identity, where it points, and what the operator makes of it. */
const shown = (d: DesiredObject) =>
  JSON.stringify([d.object.kind, d.object.metadata.namespace, d.object.metadata.name, rel(d.source.file), d.source.range.start.line, d.rendered?.note, d.object.metadata.labels]);
const ids = (ws: LoadedWorkspace) => ws.objects.map((d) => `${d.object.kind} ${d.object.metadata.namespace ?? '-'}/${d.object.metadata.name} <- ${rel(d.source.file)}`).sort();

async function check(paths: string[], workspaceRoot: string | undefined = REPO): Promise<LoadedWorkspace> {
  return loadWorkspaceManifests(
    paths.map((p) => join(REPO, p)),
    { render: { ...tools, ...(workspaceRoot ? { workspaceRoot } : {}) } },
  );
}

let whole: LoadedWorkspace;
beforeAll(async () => {
  cpSync(SAMPLE, REPO, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: REPO });
  whole = await check(['.']);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('checking a sub-folder', () => {
  it('renders an overlay with its bases and component from outside the folder, as the Flux Kustomization applying it does', async () => {
    const ws = await check(['apps/overlays/prod']);
    expect(ids(ws)).toEqual([
      'ConfigMap shop/web-config-h9m6g6b274 <- apps/base/kustomization.yaml',
      'Deployment shop/web <- apps/base/deployment.yaml',
      'Service shop/web <- apps/base/service.yaml',
      'Service shop/web-metrics <- apps/components/monitoring/metrics-service.yaml',
    ]);
    const web = ws.objects.find((d) => d.object.kind === 'Deployment')!;
    expect(web.rendered).toMatchObject({ note: 'rendered from apps/overlays/prod', owner: { file: join(REPO, 'clusters/prod/apps.yaml') } });
    // The postBuild variables come from the ConfigMap next to the Flux Kustomization, outside the checked folder.
    expect((web.object.spec as any).template.spec.containers[0].env).toEqual([{ name: 'CLUSTER', value: 'prod' }]);
    expect(web.object.metadata.labels).toMatchObject({ 'kustomize.toolkit.fluxcd.io/name': 'apps' });
    expect(ws.problems).toEqual([]);
    expect(ws.gitops!.renders.map((r) => `${r.tool} ${rel(r.dir)} ${r.objects}`)).toEqual(['kustomize apps/overlays/prod 4']);
  });

  it('follows the Flux Kustomization and HelmRelease of a cluster folder to their paths in the repo', async () => {
    const ws = await check(['clusters/prod']);
    expect(ids(ws)).toEqual(
      [
        'ConfigMap flux-system/cache-values <- clusters/prod/cache-values.yaml',
        'ConfigMap flux-system/cluster-vars <- clusters/prod/cluster-vars.yaml',
        'ConfigMap shop/web-config-h9m6g6b274 <- apps/base/kustomization.yaml',
        'Deployment shop/shop-cache <- charts/cache/templates/deployment.yaml',
        'Deployment shop/web <- apps/base/deployment.yaml',
        'GitRepository flux-system/flux-system <- clusters/prod/flux-system/gotk-sync.yaml',
        'HelmRelease flux-system/cache <- clusters/prod/cache.yaml',
        'HelmRelease ingress-nginx/ingress-nginx <- clusters/prod/ingress-nginx.yaml',
        'HelmRepository flux-system/ingress-nginx <- clusters/prod/ingress-nginx.yaml',
        'Kustomization flux-system/apps <- clusters/prod/apps.yaml',
        'Kustomization flux-system/flux-system <- clusters/prod/flux-system/gotk-sync.yaml',
        'Service shop/shop-cache <- charts/cache/templates/service.yaml',
        'Service shop/web <- apps/base/service.yaml',
        'Service shop/web-metrics <- apps/components/monitoring/metrics-service.yaml',
      ].sort(),
    );
    expect(ws.problems.map((p) => `${rel(p.file)} ${p.rule}`)).toEqual(['clusters/prod/ingress-nginx.yaml not-rendered']);
  });

  it('from inside the cluster folder without a workspace folder, paths still resolve in the git repository', async () => {
    const ws = await check(['clusters/prod'], undefined);
    expect(ids(ws)).toEqual(ids(await check(['clusters/prod'])));
  });

  it('shows a base through the overlays that use it, never rendered on its own', async () => {
    const ws = await check(['apps/base']);
    expect(ids(ws)).toEqual([
      'ConfigMap shop-staging/web-config-254m47m745 <- apps/base/kustomization.yaml',
      'ConfigMap shop/web-config-h9m6g6b274 <- apps/base/kustomization.yaml',
      'Deployment shop-staging/web <- apps/base/deployment.yaml',
      'Deployment shop/web <- apps/base/deployment.yaml',
      'Service shop-staging/web <- apps/base/service.yaml',
      'Service shop/web <- apps/base/service.yaml',
    ]);
    expect(ws.gitops!.renders.map((r) => rel(r.dir))).toEqual(['apps/overlays/prod', 'apps/overlays/staging']);
  });

  it('shows a component with what it adds and what it patches', async () => {
    const ws = await check(['apps/components/monitoring']);
    expect(ids(ws)).toEqual(['Deployment shop/web <- apps/base/deployment.yaml', 'Service shop/web-metrics <- apps/components/monitoring/metrics-service.yaml']);
  });

  it('shows a chart once per release that installs it', async () => {
    const ws = await check(['charts/cache']);
    expect(ids(ws)).toEqual([
      'Deployment shop-staging/shop-staging-cache <- charts/cache/templates/deployment.yaml',
      'Deployment shop/shop-cache <- charts/cache/templates/deployment.yaml',
      'Service shop-staging/shop-staging-cache <- charts/cache/templates/service.yaml',
      'Service shop/shop-cache <- charts/cache/templates/service.yaml',
    ]);
  });

  it('gives exactly what the whole-repo check gives for the same objects, whatever is checked', async () => {
    const all = new Set(whole.objects.map(shown));
    for (const paths of [['apps/overlays/prod'], ['clusters/prod'], ['clusters/staging/apps.yaml'], ['apps'], ['apps/base', 'charts']]) {
      const ws = await check(paths);
      expect(ws.objects.length, paths.join(' ')).toBeGreaterThan(0);
      for (const d of ws.objects) expect(all.has(shown(d)), `${paths.join(' ')}: ${shown(d)}`).toBe(true);
    }
  });
});

describe('a cluster folder whose kustomization lists the Flux objects (kustomize build of clusters/prod)', () => {
  let ws: LoadedWorkspace;
  beforeAll(async () => {
    writeFileSync(join(REPO, 'clusters/prod/kustomization.yaml'), 'resources:\n  - flux-system\n  - apps.yaml\n  - cache.yaml\n');
    ws = await check(['.']);
  });
  afterAll(() => rmSync(join(REPO, 'clusters/prod/kustomization.yaml')));

  it('renders the overlay once, as the Flux Kustomization found in that render applies it, not also on its own', () => {
    const webs = ws.objects.filter((d) => d.object.kind === 'Deployment' && d.object.metadata.name === 'web');
    expect(webs.map((d) => d.object.metadata.namespace).sort()).toEqual(['shop', 'shop-staging']);
    const clusterObjects = ws.objects.filter((d) => rel(d.source.file).startsWith('clusters/prod/'));
    expect(clusterObjects.map((d) => `${d.object.kind} ${d.object.metadata.name}`).sort()).toEqual([
      'GitRepository flux-system',
      'HelmRelease cache',
      'Kustomization apps',
      'Kustomization flux-system',
    ]);
    // Each object of clusters/prod once, with the labels of the flux-system Kustomization that applies the folder.
    for (const d of clusterObjects) expect(d.object.metadata.labels).toMatchObject({ 'kustomize.toolkit.fluxcd.io/name': 'flux-system' });
    const dirs = ws.gitops!.renders.map((r) => `${rel(r.dir)} ${r.unit ? r.unit.owner.ref.name : '-'}`);
    expect(dirs.filter((d) => d.startsWith('apps/overlays/prod'))).toEqual(['apps/overlays/prod apps']);
    expect(dirs.filter((d) => d.startsWith('clusters/prod '))).toEqual(['clusters/prod flux-system']);
  });
});

describe('never outside the repository', () => {
  const OUT = join(tmp, 'outside');
  const ROOT = join(tmp, 'repo');
  const relRoot = (file: string) => file.slice(ROOT.length + 1);
  let ws: LoadedWorkspace;
  beforeAll(async () => {
    mkdirSync(join(OUT, 'app'), { recursive: true });
    writeFileSync(join(OUT, 'app/kustomization.yaml'), 'resources:\n  - cm.yaml\n');
    writeFileSync(join(OUT, 'app/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-outside\ndata:\n  a: b\n');
    writeFileSync(join(OUT, 'values.yaml'), 'replicaCount: 9\n');
    const write = (file: string, text: string) => {
      mkdirSync(join(ROOT, file, '..'), { recursive: true });
      writeFileSync(join(ROOT, file), text);
    };
    execFileSync('git', ['init', '-q', ROOT]);
    write('overlays/up/kustomization.yaml', 'resources:\n  - ../../../outside/app\n');
    write('overlays/patch/kustomization.yaml', 'resources:\n  - cm.yaml\npatches:\n  - path: ../../../outside/app/cm.yaml\n');
    write('overlays/patch/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n');
    mkdirSync(join(ROOT, 'overlays/link'), { recursive: true });
    execFileSync('ln', ['-s', join(OUT, 'app/cm.yaml'), join(ROOT, 'overlays/link/cm.yaml')]);
    write('overlays/link/kustomization.yaml', 'resources:\n  - cm.yaml\n');
    write(
      'clusters/prod/apps.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: outside\n  namespace: flux-system\nspec:\n  path: ../outside/app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    cpSync(join(SAMPLE, 'charts/cache'), join(ROOT, 'charts/cache'), { recursive: true });
    write(
      'argocd/cache.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cache\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://example.com/repo.git\n    path: charts/cache\n    helm:\n      valueFiles:\n        - ../../../outside/values.yaml\n  destination:\n    namespace: cache\n',
    );
    ws = await loadWorkspaceManifests([ROOT], { render: { ...tools, cache: undefined, workspaceRoot: ROOT } });
  });

  it('reports kustomizations and Flux paths that lead out of the repository as not rendered, with the path', () => {
    expect(ws.problems.map((p) => `${relRoot(p.file)} ${p.rule}: ${p.message}`).sort()).toEqual([
      'argocd/cache.yaml render-partial: Argo CD Application argocd/cache: value file ../../../outside/values.yaml is outside the repository (never read)',
      'clusters/prod/apps.yaml not-rendered: Flux Kustomization flux-system/outside: not rendered: path ../outside/app of GitRepository flux-system is outside the repository (never read)',
      'overlays/link/kustomization.yaml not-rendered: kustomization overlays/link: not rendered: overlays/link/cm.yaml links outside the repository (never read)',
      'overlays/patch/kustomization.yaml not-rendered: kustomization overlays/patch: not rendered: ../outside/app/cm.yaml is outside the repository (never read)',
      'overlays/up/kustomization.yaml not-rendered: kustomization overlays/up: not rendered: ../outside/app is outside the repository (never read)',
    ]);
  });

  it('never shows or uses what is outside', () => {
    expect(ws.objects.map((d) => d.object.metadata.name)).not.toContain('from-outside');
    expect(ws.objects.every((d) => d.source.file.startsWith(`${ROOT}/`))).toBe(true);
    const cache = ws.objects.find((d) => d.object.kind === 'Deployment')!;
    expect((cache.object.spec as any).replicas).toBe(1);
    expect(ws.gitops!.renders.map((r) => `${relRoot(r.dir)} ${r.status}`).sort()).toEqual([
      'charts/cache rendered',
      'overlays/link not-rendered',
      'overlays/patch not-rendered',
      'overlays/up not-rendered',
    ]);
  });
});
