// The test API server through the REAL @kubernetes/client-node (TLS, kubeconfig contexts, paging, SSA, watch, auth).
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
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

interface RawReply {
  status: number;
  headers: Record<string, any>;
  body: string;
}

/** A raw HTTPS request to the test server (admin token unless `token` is given; null = anonymous). */
function raw(method: string, path: string, opts: { accept?: string; body?: string; contentType?: string; token?: string | null } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    const token = opts.token === undefined ? server.tokens.admin : opts.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    const req = httpsRequest(`${server.url}${path}`, { method, ca: server.caPem, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
const get = (path: string, accept?: string) => raw('GET', path, { accept });

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

  it('watch: 410 ERROR event for a too-old resourceVersion, BOOKMARKs when allowed', async () => {
    const old = await get('/api/v1/namespaces/team-a/configmaps?watch=1&resourceVersion=1&timeoutSeconds=1');
    expect(old.status).toBe(200);
    const ev = JSON.parse(old.body.trim());
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(ev.object.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    const rv = server.resourceVersion();
    const bm = await get(`/api/v1/namespaces/team-a/configmaps?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`);
    const types = bm.body.trim().split('\n').map((l) => JSON.parse(l).type);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['BOOKMARK']));
  });

  it('injected faults: 429 with Retry-After, then normal service', async () => {
    server.setFault({ status: 429, retryAfterSeconds: 2, pathPrefix: '/api/v1/namespaces/team-a/configmaps', times: 1 });
    const r = await get('/api/v1/namespaces/team-a/configmaps');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('2');
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 2 }, code: 429 });
    expect((await get('/api/v1/namespaces/team-a/configmaps')).status).toBe(200);
    server.setFault(undefined);
  });

  it('writes: 404 for a missing namespace, 409 AlreadyExists, generateName, 415, 422 without fieldManager, DELETE Status', async () => {
    const cm = (ns: string, name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });
    const missing = await raw('POST', '/api/v1/namespaces/nope/configmaps', { body: cm('nope', 'x'), contentType: 'application/json' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).message).toBe('namespaces "nope" not found');
    expect((await raw('POST', '/api/v1/namespaces/team-a/configmaps', { body: cm('team-a', 'w1'), contentType: 'application/json' })).status).toBe(201);
    const again = await raw('POST', '/api/v1/namespaces/team-a/configmaps', { body: cm('team-a', 'w1'), contentType: 'application/json' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body).reason).toBe('AlreadyExists');
    const gen = await raw('POST', '/api/v1/namespaces/team-a/configmaps', {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } }),
      contentType: 'application/json',
    });
    expect(JSON.parse(gen.body).metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect((await raw('PATCH', '/api/v1/namespaces/team-a/configmaps/w1', { body: '{}', contentType: 'application/json' })).status).toBe(415);
    const noManager = await raw('PATCH', '/api/v1/namespaces/team-a/configmaps/w1', { body: cm('team-a', 'w1'), contentType: 'application/apply-patch+yaml' });
    expect(noManager.status).toBe(422);
    const del = await raw('DELETE', '/api/v1/namespaces/team-a/configmaps/w1');
    expect(JSON.parse(del.body)).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'w1', kind: 'configmaps' } });
    expect((await raw('DELETE', '/api/v1/namespaces/team-a/configmaps/w1')).status).toBe(404);
  });

  it('anonymous requests get the recorded 403, unknown groups a text 404', async () => {
    const anon = await raw('GET', '/api/v1/namespaces/team-a/configmaps', { token: null });
    expect(anon.status).toBe(403);
    expect(JSON.parse(anon.body).message).toBe('configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "team-a"');
    expect((await raw('GET', '/version', { token: null })).status).toBe(200);
    const unknown = await get('/apis/nope.example.com/v1');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('404 page not found\n');
    const unknownResource = await get('/apis/apps/v1/namespaces/team-a/widgets');
    expect(JSON.parse(unknownResource.body).message).toBe('the server could not find the requested resource');
  });

  it('a CRD becomes Established and its group appears in discovery and OpenAPI; its custom resources are served', async () => {
    server.apply(
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.test.example.com' },
        spec: {
          group: 'test.example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 3 } } } } } },
            },
          ],
        },
      },
      'gitops-test',
    );
    const crd = server.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'gadgets.test.example.com' });
    expect(crd.status.conditions.find((c: any) => c.type === 'Established').status).toBe('True');
    const gv = JSON.parse((await get('/apis/test.example.com/v1')).body);
    expect(gv.resources.map((r: any) => r.name)).toEqual(['gadgets', 'gadgets/status']);
    const agg = JSON.parse((await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).body);
    expect(agg.items.at(-1).metadata.name).toBe('test.example.com');
    const idx = JSON.parse((await get('/openapi/v3')).body);
    const doc = JSON.parse((await get(idx.paths['apis/test.example.com/v1'].serverRelativeURL)).body);
    expect(doc.components.schemas['com.example.test.v1.Gadget'].properties.spec.properties.size.default).toBe(3);
    const api = KubernetesObjectApi.makeApiClient(kubeConfig());
    const cr: any = await api.patch({ apiVersion: 'test.example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'team-a' }, spec: {} } as any, undefined, undefined, 'gitops-test', true, PatchStrategy.ServerSideApply);
    expect(cr.spec.size).toBe(3);
    const list = JSON.parse((await get('/apis/test.example.com/v1/namespaces/team-a/gadgets')).body);
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['g1']);
  });

  it('watch with a label selector: objects leaving the selection are DELETED, entering are ADDED', async () => {
    const rv = server.resourceVersion();
    const pending = get(`/api/v1/namespaces/team-a/configmaps?watch=1&labelSelector=idx%3D2&resourceVersion=${rv}&timeoutSeconds=2`);
    await new Promise((r) => setTimeout(r, 30));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'cm-02' };
    server.patch(ref, { metadata: { labels: { idx: 'x' } } }, 'kubectl-label');
    server.patch(ref, { metadata: { labels: { idx: '2' } } }, 'kubectl-label');
    server.patch(ref, { data: { i: 'again' } }, 'kubectl-edit');
    const events = (await pending).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED cm-02', 'ADDED cm-02', 'MODIFIED cm-02']);
  });
});

/** kubectl, when the machine has one (not a dependency of the project): the server must also satisfy the real CLI. */
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));

describe.skipIf(!KUBECTL)('test API server via kubectl', () => {
  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(KUBECTL!, ['--kubeconfig', server.kubeconfigPath, ...args], { timeout: 20_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('apply --server-side, diff (no drift, then drift after kubectl edit-like patch), get', async () => {
    const file = join(server.kubeconfigPath, '..', 'kubectl-web.yaml');
    const manifest = deployment('kubectl-web', 2);
    writeFileSync(file, JSON.stringify(manifest));
    const applied = await kubectl('apply', '--server-side', '--field-manager=gitops-test', '-f', file);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('serverside-applied');
    const same = await kubectl('diff', '--server-side', '--field-manager=gitops-test', '--force-conflicts', '-f', file);
    expect(same.code).toBe(0);
    server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'kubectl-web' }, { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:9' }] } } } }, 'kubectl-edit', { kind: 'strategic' });
    const drift = await kubectl('diff', '--server-side', '--field-manager=gitops-test', '--force-conflicts', '-f', file);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^-\s+- image: nginx:9$/m);
    const plain = await kubectl('diff', '-f', file);
    expect(plain.code).toBe(1);
    const get = await kubectl('get', 'deployments', '-n', 'team-a', '-o', 'name');
    expect(get.stdout).toContain('deployment.apps/kubectl-web');
  });
});
