// Flux and Argo CD state from a cluster: the operators' CRDs in the test API server, live Kustomization and
// Application objects with status, read through the product's cluster client. Orphans are exactly what the
// operator would prune; the applied revision is compared with HEAD of a real git clone of the sample repo.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../src/core/cluster/client';
import { ResourceMapper } from '../../../src/core/cluster/discovery';
import { KubeHttp } from '../../../src/core/cluster/http';
import { loadKubeconfig } from '../../../src/core/cluster/kubeconfig';
import { fluxInventoryRefs, inventoryId } from '../../../src/core/gitops/inventory';
import { fetchUnitOwner, unitOrphans } from '../../../src/core/gitops/live';
import { operatorState } from '../../../src/core/gitops/operator-state';
import type { GitOpsUnit } from '../../../src/core/gitops/types';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests/load-workspace';
import type { KubeObject, ObjectRef } from '../../../src/core/types';
import { startTestApiServer } from '../../k8s-server';
import { runCli } from '../../support/cli';
import { kubeTool } from '../../support/kube-tools';

type TestServer = Awaited<ReturnType<typeof startTestApiServer>>;
const SAMPLES = resolve(__dirname, '../../../samples');
const CRDS = parseAllDocuments(readFileSync(resolve(__dirname, '../../fixtures/render/operator-crds.yaml'), 'utf8')).map((d) => d.toJS());

let server: TestServer;
let client: ClusterClient;
let mapper: ResourceMapper;
const tmp: string[] = [];

/** A git clone of a sample with three commits; returns the folder and the commits, oldest first. */
function gitCopy(sample: string): { dir: string; commits: string[] } {
  const dir = mkdtempSync(join(tmpdir(), `converge-${sample}-`));
  tmp.push(dir);
  cpSync(join(SAMPLES, sample), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  const commits: string[] = [];
  for (const n of [1, 2, 3]) {
    if (n > 1) appendFileSync(join(dir, 'README.md'), `\nchange ${n}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', `change ${n}`);
    commits.push(git('rev-parse', 'HEAD'));
  }
  return { dir, commits };
}

async function render(dir: string): Promise<LoadedWorkspace> {
  return loadWorkspaceManifests([dir], { render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
}

function refOf(o: KubeObject): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '' };
}

/** The rendered objects of a unit (those whose render root is the unit's folder). */
function unitObjects(ws: LoadedWorkspace, unit: GitOpsUnit): KubeObject[] {
  return ws.objects.filter((d) => d.rendered?.root === unit.path && d.object.metadata.namespace === unit.targetNamespace).map((d) => d.object);
}

beforeAll(async () => {
  server = await startTestApiServer();
  for (const crd of CRDS) server.apply(crd, 'seed');
  for (const name of ['flux-system', 'shop', 'argocd']) server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'seed');
  const http = new KubeHttp(loadKubeconfig({ kubeconfig: server.kubeconfigPath }).kc);
  client = new ClusterClient(http);
  mapper = new ResourceMapper(http);
});

afterAll(async () => {
  await server?.stop();
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

describe('Flux, live', () => {
  let repo: { dir: string; commits: string[] };
  let ws: LoadedWorkspace;
  let apps: GitOpsUnit;

  beforeAll(async () => {
    repo = gitCopy('flux-repo');
    ws = await render(repo.dir);
    apps = ws.gitops!.units.find((u) => u.owner.ref.name === 'apps' && u.targetNamespace === 'shop')!;
    // What kustomize-controller applied at the first commit: the overlay, plus a ConfigMap since deleted from Git.
    const legacy = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'legacy-flags', namespace: 'shop', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
      data: { OLD_CHECKOUT: 'true' },
    };
    const applied = [...unitObjects(ws, apps), legacy];
    for (const o of applied) server.apply(o, 'kustomize-controller', { force: true });
    const ks = ws.objects.find((d) => d.object.kind === 'Kustomization' && d.source.file === join(repo.dir, 'clusters/prod/apps.yaml'))!.object;
    server.apply(ks, 'kustomize-controller', { force: true });
    server.patch(
      { apiVersion: ks.apiVersion, kind: ks.kind, namespace: 'flux-system', name: 'apps' },
      {
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: main@sha1:${repo.commits[0]}`, lastTransitionTime: '2026-11-24T20:00:00Z' }],
          lastAppliedRevision: `main@sha1:${repo.commits[0]}`,
          lastAttemptedRevision: `main@sha1:${repo.commits[0]}`,
          inventory: { entries: applied.map((o) => ({ id: inventoryId(refOf(o)), v: o.apiVersion.split('/').pop() })) },
        },
      },
      'kustomize-controller',
      { subresource: 'status' },
    );
  });

  it('reads the live Kustomization and its inventory through the cluster client', async () => {
    const live = await fetchUnitOwner(apps, client, mapper);
    expect(live?.metadata.name).toBe('apps');
    expect(fluxInventoryRefs(live!).map((r) => `${r.kind} ${r.namespace}/${r.name}`).sort()).toEqual([
      'ConfigMap shop/legacy-flags',
      'ConfigMap shop/web-config-h9m6g6b274',
      'Deployment shop/web',
      'Service shop/web',
      'Service shop/web-metrics',
    ]);
  });

  it('orphans are exactly what Flux would prune', async () => {
    const desired = unitObjects(ws, apps).map(refOf);
    expect(await unitOrphans(apps, desired, client, mapper)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'legacy-flags' }]);
  });

  it('says how far HEAD is ahead of what Flux applied', async () => {
    const live = (await fetchUnitOwner(apps, client, mapper))!;
    const state = await operatorState(live, repo.dir);
    expect(state.status.ready).toBe(true);
    expect(state.message).toBe(`Flux applied ${repo.commits[0].slice(0, 7)}; HEAD is ${repo.commits[2].slice(0, 7)}: 2 commits not yet reconciled`);
  });

  it('converge check shows it next to the Kustomization: diverged or only converging', async () => {
    const run = await runCli(
      ['check', 'clusters/prod/apps.yaml', '--output', 'json', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')],
      { cwd: repo.dir },
    );
    const ks = run.json().resources.find((r: any) => r.kind === 'Kustomization' && r.name === 'apps');
    expect(ks.operator).toBe(`Flux applied ${repo.commits[0].slice(0, 7)}; HEAD is ${repo.commits[2].slice(0, 7)}: 2 commits not yet reconciled`);
    const text = await runCli(['check', 'clusters/prod/apps.yaml', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl')], { cwd: repo.dir });
    expect(text.stdout).toContain('2 commits not yet reconciled');
  });

  it('converge check reports what Flux would prune as orphaned, for the variant this cluster runs only', async () => {
    const run = await runCli(['check', '--output', 'json', '--offline', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')], {
      cwd: repo.dir,
    });
    const orphans = run.json().resources.filter((r: any) => r.verdict === 'orphaned');
    expect(orphans.map((r: any) => `${r.kind} ${r.namespace}/${r.name}: ${r.reason}`)).toEqual([
      'ConfigMap shop/legacy-flags: Kustomization flux-system/apps would prune it: in its inventory, in no manifest',
    ]);
  });

  it('a HelmRelease of the chart in the repo: its state is the chart version it released, and why it is not ready', async () => {
    const release = ws.objects.find((d) => d.object.kind === 'HelmRelease' && d.source.file === join(repo.dir, 'clusters/prod/cache.yaml'))!.object;
    server.apply(release, 'kustomize-controller', { force: true });
    const ref = { apiVersion: release.apiVersion, kind: release.kind, namespace: 'flux-system', name: 'cache' };
    const status = (ready: string, reason: string, message: string) =>
      server.patch(
        ref,
        {
          status: {
            conditions: [{ type: 'Ready', status: ready, reason, message, lastTransitionTime: '2026-11-24T20:00:00Z' }],
            history: [{ chartName: 'cache', chartVersion: '0.3.0', status: 'deployed', version: 1 }],
          },
        },
        'helm-controller',
        { subresource: 'status' },
      );
    const operatorLine = async () => {
      const run = await runCli(['check', 'clusters/prod/cache.yaml', '--output', 'json', '--offline', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')], {
        cwd: repo.dir,
      });
      return run.json().resources.find((r: any) => r.kind === 'HelmRelease' && r.name === 'cache').operator;
    };
    status('True', 'UpgradeSucceeded', 'Helm upgrade succeeded for release shop/shop-cache.v1 with chart cache@0.3.0');
    expect(await operatorLine()).toBe('Flux applied chart cache 0.3.0');
    status('False', 'UpgradeFailed', 'Helm upgrade failed: timed out waiting for the condition');
    expect(await operatorLine()).toBe('HelmRelease cache is not ready (UpgradeFailed): Helm upgrade failed: timed out waiting for the condition; Flux applied chart cache 0.3.0');
  });

  it('a Kustomization the cluster does not have yet has no owner and no inventory', async () => {
    const staging = ws.gitops!.units.find((u) => u.owner.ref.name === 'flux-system')!;
    expect(await fetchUnitOwner(staging, client, mapper)).toBeUndefined();
  });

  it("the plain files of flux-system's folder are its objects: only what left the repo is pruned, also for a sub-folder check", async () => {
    const sync = ws.objects.find((d) => d.object.kind === 'Kustomization' && d.source.file === join(repo.dir, 'clusters/prod/flux-system/gotk-sync.yaml'))!.object;
    server.apply(sync, 'kustomize-controller', { force: true });
    // What flux-system applied from clusters/prod: its plain files, the flux-system folder, and a HelmRelease since deleted.
    const applied = ws.objects.filter((d) => d.source.file.startsWith(join(repo.dir, 'clusters/prod/'))).map((d) => refOf(d.object));
    const gone = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'flux-system', name: 'old-redis' };
    server.patch(
      { apiVersion: sync.apiVersion, kind: sync.kind, namespace: 'flux-system', name: 'flux-system' },
      { status: { lastAppliedRevision: `main@sha1:${repo.commits[2]}`, inventory: { entries: [...applied, gone].map((r) => ({ id: inventoryId(r), v: r.apiVersion.split('/').pop() })) } } },
      'kustomize-controller',
      { subresource: 'status' },
    );
    for (const paths of [[], ['clusters/prod']]) {
      const run = await runCli(['check', ...paths, '--output', 'json', '--offline', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')], {
        cwd: repo.dir,
      });
      const orphans = run.json().resources.filter((r: any) => r.verdict === 'orphaned');
      expect(orphans.map((r: any) => `${r.kind} ${r.namespace}/${r.name}: ${r.reason}`).sort(), paths.join(' ')).toEqual([
        'ConfigMap shop/legacy-flags: Kustomization flux-system/apps would prune it: in its inventory, in no manifest',
        'HelmRelease flux-system/old-redis: Kustomization flux-system/flux-system would prune it: in its inventory, in no manifest',
      ]);
    }
    // A base checked alone shows part of what apps applies: no guess at what it would prune.
    const base = await runCli(['check', 'apps/base', '--output', 'json', '--offline', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl')], { cwd: repo.dir });
    expect(base.json().resources.filter((r: any) => r.verdict === 'orphaned')).toEqual([]);
  });

});

describe('Argo CD, live', () => {
  let repo: { dir: string; commits: string[] };
  let ws: LoadedWorkspace;
  let shop: GitOpsUnit;

  beforeAll(async () => {
    repo = gitCopy('argo-repo');
    ws = await render(repo.dir);
    shop = ws.gitops!.units.find((u) => u.owner.ref.name === 'shop')!;
    for (const o of unitObjects(ws, shop)) server.apply(o, 'argocd-controller', { force: true });
    // Still tracked by the app, gone from Git; one tracked by another app; and an object owned by a controller
    // (never an orphan).
    const tracked = (app: string, name: string) => ({ 'argocd.argoproj.io/tracking-id': `${app}:/Service:shop/${name}` });
    server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-old', namespace: 'shop', annotations: tracked('shop', 'web-old') }, spec: { ports: [{ port: 80 }] } }, 'argocd-controller');
    server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'other-app', namespace: 'shop', annotations: tracked('cache', 'other-app') }, spec: { ports: [{ port: 80 }] } }, 'argocd-controller');
    server.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'web-generated',
          namespace: 'shop',
          annotations: tracked('shop', 'web-generated'),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u-1', controller: true }],
        },
        spec: { ports: [{ port: 81 }] },
      },
      'some-controller',
    );
    const app = ws.objects.find((d) => d.object.kind === 'Application' && d.object.metadata.name === 'shop')!.object;
    server.apply(app, 'argocd-controller', { force: true });
    server.patch(
      { apiVersion: app.apiVersion, kind: app.kind, namespace: 'argocd', name: 'shop' },
      { status: { sync: { status: 'OutOfSync', revision: repo.commits[2] }, health: { status: 'Healthy' } } },
      'argocd-application-controller',
      { subresource: 'status' },
    );
  });

  it('orphans are the objects with its tracking annotation that Git no longer has', async () => {
    const desired = unitObjects(ws, shop).map(refOf);
    expect(desired.map((r) => `${r.kind} ${r.name}`).sort()).toEqual(['Deployment web', 'Service web']);
    expect(await unitOrphans(shop, desired, client, mapper)).toEqual([{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web-old' }]);
  });

  it('reports sync and health with the revision', async () => {
    const live = (await fetchUnitOwner(shop, client, mapper))!;
    const state = await operatorState(live, repo.dir);
    expect(state.status).toMatchObject({ operator: 'argocd', ready: false, reason: 'OutOfSync, Healthy' });
    expect(state.message).toBe(`Application shop is not ready (OutOfSync, Healthy); Argo CD applied ${repo.commits[2].slice(0, 7)} (HEAD)`);
  });

  it('a multi-source Application without automated sync: the revision it deployed (history), and that it waits to be asked', async () => {
    const app = ws.objects.find((d) => d.object.kind === 'Application' && d.object.metadata.name === 'cache')!.object;
    server.apply(app, 'argocd-controller', { force: true });
    const [old, , head] = repo.commits;
    server.patch(
      { apiVersion: app.apiVersion, kind: app.kind, namespace: 'argocd', name: 'cache' },
      {
        status: {
          sync: { status: 'OutOfSync', revisions: [head, head] },
          health: { status: 'Healthy' },
          history: [{ id: 1, revisions: [old, old], deployedAt: '2026-11-24T20:00:00Z' }],
        },
      },
      'argocd-application-controller',
      { subresource: 'status' },
    );
    const run = await runCli(['check', 'argocd/apps/cache.yaml', '--output', 'json', '--offline', '--kubeconfig', server.kubeconfigPath, '--kubectl', kubeTool('kubectl'), '--helm', kubeTool('helm')], {
      cwd: repo.dir,
    });
    const line = run.json().resources.find((r: any) => r.kind === 'Application' && r.name === 'cache').operator;
    expect(line).toBe(
      `Application cache syncs only when asked (no automated sync); Application cache is not ready (OutOfSync, Healthy); Argo CD applied ${old.slice(0, 7)}; HEAD is ${head.slice(0, 7)}: 2 commits not yet reconciled`,
    );
  });
});
