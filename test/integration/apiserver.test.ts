// The test API server through the REAL @kubernetes/client-node (TLS, kubeconfig contexts, paging, SSA, watch, auth).
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch } from '@kubernetes/client-node';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../k8s-server/index';

let server: TestApiServer;

function kubeConfig(context = 'test'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  kc.setCurrentContext(context);
  return kc;
}

const deployment = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'team-a', labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25.3' }] } },
  },
});

beforeAll(async () => {
  const seed: any[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }];
  for (let i = 0; i < 25; i++) seed.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(2, '0')}`, namespace: 'team-a', labels: { idx: String(i % 3) } }, data: { i: String(i) } });
  seed.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'team-a' }, stringData: { k: 'v' } });
  seed.push(deployment('web', 2));
  server = await startTestApiServer({ seed, seedManager: 'gitops-seed', timeScale: 0.1 });
});

afterAll(async () => {
  await server?.stop();
});

describe('test API server via @kubernetes/client-node', () => {
  it('lists with pagination (limit + continue) and remainingItemCount', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    let firstRv: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({ namespace: 'team-a', limit: 10, _continue: cont });
      pages++;
      firstRv = firstRv ?? page.metadata?.resourceVersion;
      expect(page.metadata?.resourceVersion).toBe(firstRv);
      if (pages === 1) expect(page.metadata?.remainingItemCount).toBe(15);
      names.push(...page.items.map((c) => c.metadata!.name!));
      cont = page.metadata?._continue;
    } while (cont);
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(names[0]).toBe('cm-00');
    const lists = server.requests.filter((r) => r.path === '/api/v1/namespaces/team-a/configmaps');
    expect(lists.length).toBeGreaterThanOrEqual(3);
  });

  it('lists with a label selector and rejects a bad one with 400', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const page = await core.listNamespacedConfigMap({ namespace: 'team-a', labelSelector: 'idx in (0,1),idx!=1' });
    expect(page.items.every((c) => c.metadata!.labels!.idx === '0')).toBe(true);
    expect(page.items).toHaveLength(9);
    await expect(core.listNamespacedConfigMap({ namespace: 'team-a', labelSelector: 'idx in 0' })).rejects.toMatchObject({ code: 400 });
  });

  it('gets an object and returns a 404 Status for a missing one', async () => {
    const apps = kubeConfig().makeApiClient(AppsV1Api);
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'team-a' });
    expect(d.spec?.replicas).toBe(2);
    expect(d.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    await expect(apps.readNamespacedDeployment({ name: 'nope', namespace: 'team-a' })).rejects.toMatchObject({ code: 404 });
  });

  it('server-side apply dry-run persists nothing and keeps the live resourceVersion', async () => {
    const api = KubernetesObjectApi.makeApiClient(kubeConfig());
    const before = server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'web' });
    const res: any = await api.patch(deployment('web', 5) as any, undefined, 'All', 'gitops-test', true, PatchStrategy.ServerSideApply);
    expect(res.spec.replicas).toBe(5);
    expect(res.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const after = server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'web' });
    expect(after.spec.replicas).toBe(2);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('server-side apply dry-run of a new object returns 201-shaped object without resourceVersion', async () => {
    const api = KubernetesObjectApi.makeApiClient(kubeConfig());
    const res: any = await api.patch(deployment('new-one') as any, undefined, 'All', 'gitops-test', true, PatchStrategy.ServerSideApply);
    expect(res.metadata.name).toBe('new-one');
    expect(res.metadata.resourceVersion).toBeUndefined();
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'new-one' })).toBeUndefined();
  });

  it('watches: ADDED for existing objects, then MODIFIED and DELETED', async () => {
    const events: Array<[string, string]> = [];
    const watch = new Watch(kubeConfig());
    let doneResolve: () => void;
    const done = new Promise<void>((r) => (doneResolve = r));
    const ctrl = await watch.watch(
      '/api/v1/namespaces/team-a/configmaps',
      { fieldSelector: 'metadata.name=cm-01', timeoutSeconds: 20 },
      (type, obj) => {
        events.push([type, obj.metadata.name]);
        if (type === 'DELETED') ctrl.abort();
      },
      () => doneResolve(),
    );
    await new Promise((r) => setTimeout(r, 50));
    server.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'cm-01' }, { data: { i: 'changed' } }, 'kubectl-edit');
    server.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'cm-01' });
    await done;
    expect(events.map((e) => e[0])).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('answers 401 for the expired context', async () => {
    const core = kubeConfig('expired').makeApiClient(CoreV1Api);
    await expect(core.listNamespacedConfigMap({ namespace: 'team-a' })).rejects.toMatchObject({ code: 401 });
  });

  it('answers 403 for list secrets on the restricted context, but allows configmaps', async () => {
    const core = kubeConfig('restricted').makeApiClient(CoreV1Api);
    const err: any = await core.listNamespacedSecret({ namespace: 'team-a' }).catch((e) => e);
    expect(err.code).toBe(403);
    const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    expect(body.message).toBe('secrets is forbidden: User "test-restricted" cannot list resource "secrets" in API group "" in the namespace "team-a"');
    const ok = await core.listNamespacedConfigMap({ namespace: 'team-a' });
    expect(ok.items.length).toBeGreaterThan(0);
  });

  it('authenticates with the client certificate context', async () => {
    const core = kubeConfig('client-cert').makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: 'team-a' });
    expect(ns.metadata?.name).toBe('team-a');
    expect(server.requests.at(-1)?.user).toBe('cert-admin');
  });

  it('serves discovery, aggregated discovery and OpenAPI v3', async () => {
    const get = (path: string, accept = 'application/json') =>
      new Promise<{ status: number; headers: Record<string, any>; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          `${server.url}${path}`,
          { ca: server.caPem, headers: { Authorization: `Bearer ${server.tokens.admin}`, Accept: accept } },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const agg = await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json');
    expect(agg.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(JSON.parse(agg.body).kind).toBe('APIGroupDiscoveryList');
    expect((await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).status).toBe(406);
    const idx = await get('/openapi/v3');
    expect(idx.headers['content-type']).toBe('text/plain; charset=utf-8');
    const url = JSON.parse(idx.body).paths['apis/apps/v1'].serverRelativeURL;
    const doc = await get(url);
    expect(doc.headers['cache-control']).toBe('public, immutable');
    expect(JSON.parse(doc.body).components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });

  it('lists 2,000 objects quickly', async () => {
    const t = server.core.registry.lookupKind('v1', 'ConfigMap')!;
    for (let i = 0; i < 2000; i++) {
      server.core.store.put(t.storageKey, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}`, namespace: 'bulk', uid: `u-${i}`, labels: { a: 'b' } }, data: { k: 'v'.repeat(200) } });
    }
    const core = kubeConfig().makeApiClient(CoreV1Api);
    await core.listNamespacedConfigMap({ namespace: 'bulk' }); // warm up
    const t0 = performance.now();
    const list = await core.listNamespacedConfigMap({ namespace: 'bulk' });
    const ms = performance.now() - t0;
    expect(list.items).toHaveLength(2000);
    expect(ms).toBeLessThan(500); // server side is far below 100 ms; client-node's decoding dominates
  });
});
