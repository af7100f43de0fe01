// CheckSession against the test API server: a saved file re-verdicts only its objects, the WATCH turns a cluster
// change into a new verdict, a cut stream reconnects from its resourceVersion, and 410 Gone lists again.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckSession, type CheckReport, type VerdictResult } from '../../../src/core';
import { startTestApiServer } from '../../k8s-server';
import { applyRepo, copyRepo, introduceDemoDrift, type TestServer } from '../../support/demo-cluster';

let server: TestServer;
let repo: string;
let proxy: { port: number; cut(): void; close(): Promise<void> };
let kubeconfig: string;
const sessions: CheckSession[] = [];

/** A TCP proxy in front of the server, so that tests can cut the connections (TLS passes through untouched). */
async function startProxy(target: number): Promise<typeof proxy> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((client) => {
    const upstream = require('node:net').connect(target, '127.0.0.1') as Socket;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as { port: number }).port,
    cut: () => sockets.forEach((s) => s.destroy()),
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), srv.close(() => r()))),
  };
}

const dryRunsSince = (n: number) => server.requests.slice(n).filter((r) => r.method === 'PATCH' && r.query.dryRun === 'All');
const watchesSince = (n: number) => server.requests.slice(n).filter((r) => r.query.watch);
const verdictOf = (report: CheckReport, kind: string, name: string) => report.resources.find((r) => r.ref.kind === kind && r.ref.name === name);

function open(): CheckSession {
  const s = new CheckSession({ paths: [], cwd: repo, kubeconfig });
  sessions.push(s);
  return s;
}

/** Resolves with the next changed verdicts the watch reports (no sleeping: the callback resolves it). */
function nextChange(session: CheckSession, until: (changed: VerdictResult[]) => boolean = () => true) {
  let resolveChange!: (v: VerdictResult[]) => void;
  const changed = new Promise<VerdictResult[]>((r) => (resolveChange = r));
  const w = session.watch((c) => until(c) && resolveChange(c));
  return { changed, ...w };
}

beforeAll(async () => {
  server = await startTestApiServer({ timeScale: 0.05 });
  repo = copyRepo();
  await applyRepo(server, repo);
  await introduceDemoDrift(server);
  proxy = await startProxy(server.port);
  kubeconfig = join(repo, '..', `kubeconfig-${process.pid}-${Date.now()}`);
  writeFileSync(kubeconfig, server.kubeconfigYaml.replaceAll(server.url, `https://127.0.0.1:${proxy.port}`));
});

afterEach(() => {
  while (sessions.length) sessions.pop()!.close();
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  rmSync(kubeconfig, { force: true });
});

describe('CheckSession', () => {
  it('checkAll decides locally where it can, and a second checkAll dry-runs nothing', async () => {
    const session = open();
    const first = await session.checkAll();
    expect(verdictOf(first, 'Deployment', 'web')?.verdict).toBe('diverged');
    expect(verdictOf(first, 'Service', 'web')).toMatchObject({ verdict: 'converged', method: 'local' });
    expect(session.lastStats.dryRuns).toBeLessThan(first.resources.length);
    const before = server.requests.length;
    const second = await session.checkAll();
    expect(dryRunsSince(before)).toEqual([]);
    expect(session.lastStats.cacheHits).toBe(session.lastStats.objects);
    expect(second.summary).toEqual(first.summary);
  });

  it('a cancelled check leaves nothing behind: the next one is complete, with its own progress', async () => {
    const session = open();
    const abort = new AbortController();
    const cancelled = session.checkAll({ signal: abort.signal, onProgress: () => abort.abort() });
    await cancelled.catch(() => undefined);
    let progress = 0;
    const report = await session.checkAll({ onProgress: () => progress++ });
    expect(report.summary.unknown).toBe(0);
    expect(verdictOf(report, 'Deployment', 'web')?.verdict).toBe('diverged');
    expect(progress).toBe(session.lastStats.objects);
  });

  it('recheckFiles re-verdicts only the saved file, dry-running only its changed object', async () => {
    const session = open();
    await session.checkAll();
    const file = join(repo, 'apps/api/configmap.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace('TIMEOUT_SECONDS: "30"', 'TIMEOUT_SECONDS: "45"'));
      const before = server.requests.length;
      const report = await session.recheckFiles([file]);
      const dryRuns = dryRunsSince(before);
      expect(dryRuns.map((r) => r.path)).toEqual(['/api/v1/namespaces/shop/configmaps/api-config']);
      expect(session.lastStats.objects).toBe(2); // the two ConfigMaps of that file
      expect(verdictOf(report, 'ConfigMap', 'api-config')?.verdict).toBe('diverged');
      expect(verdictOf(report, 'Deployment', 'web')?.verdict).toBe('diverged'); // other files keep their verdicts
      expect(report.resources.length).toBe((await open().checkAll()).resources.length);
    } finally {
      writeFileSync(file, original);
    }
    const back = await session.recheckFiles([file]);
    expect(verdictOf(back, 'ConfigMap', 'api-config')?.verdict).toBe('converged');
  });

  it('recheckFiles with an unsaved text, and a deleted file drops out', async () => {
    const session = open();
    await session.checkAll();
    const file = join(repo, 'apps/web/service.yaml');
    const text = readFileSync(file, 'utf8').replace('port: 80', 'port: 8081');
    const edited = await session.recheckFiles([file], { [file]: text });
    expect(verdictOf(edited, 'Service', 'web')?.verdict).toBe('diverged');
    const extra = join(repo, 'apps/web/extra.yaml');
    writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shop\ndata:\n  a: "1"\n');
    expect(verdictOf(await session.recheckFiles([extra]), 'ConfigMap', 'extra')?.verdict).toBe('missing');
    rmSync(extra);
    expect(verdictOf(await session.recheckFiles([extra]), 'ConfigMap', 'extra')).toBeUndefined();
  });

  it('a cluster change reaches the watch callback as a new verdict, re-verdicting only that object', async () => {
    const session = open();
    await session.checkAll();
    const w = nextChange(session, (c) => c.some((r) => r.ref.name === 'api-routes'));
    await w.ready;
    const before = server.requests.length;
    server.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'api-routes' }, { data: { 'routes.json': '{"/orders": "orders:9090"}\n' } }, 'kubectl-edit');
    const changed = await w.changed;
    expect(changed.map((r) => [r.ref.name, r.verdict])).toEqual([['api-routes', 'diverged']]);
    expect(changed[0].reason).toMatch(/by kubectl-edit/);
    expect(dryRunsSince(before).map((r) => r.path)).toEqual(['/api/v1/namespaces/shop/configmaps/api-routes']);
    expect(verdictOf(session.report(), 'ConfigMap', 'api-routes')?.verdict).toBe('diverged');
    w.stop();
  });

  it('a watch finds an orphan that appears in the cluster, and drops it when it goes', async () => {
    const session = new CheckSession({ paths: [], cwd: repo, kubeconfig, selector: 'app.kubernetes.io/part-of=shop' });
    sessions.push(session);
    const first = await session.checkAll();
    expect(first.resources.filter((r) => r.verdict === 'orphaned').map((r) => r.ref.name)).toEqual(['legacy-flags']);
    const appeared = nextChange(session, (c) => c.some((r) => r.ref.name === 'stray-flags'));
    await appeared.ready;
    const stray = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray-flags', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } }, data: { A: '1' } };
    server.apply(stray, 'kubectl', { force: true });
    const [orphan] = await appeared.changed;
    expect(orphan).toMatchObject({ verdict: 'orphaned', ref: { kind: 'ConfigMap', namespace: 'shop', name: 'stray-flags' } });
    appeared.stop();

    const gone = new Promise<CheckReport>((resolve) => {
      const w = session.watch((_changed, report) => {
        if (!report.resources.some((r) => r.ref.name === 'stray-flags')) {
          w.stop();
          resolve(report);
        }
      });
      void w.ready.then(() => server.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'stray-flags' }));
    });
    const after = await gone;
    expect(after.resources.filter((r) => r.verdict === 'orphaned').map((r) => r.ref.name)).toEqual(['legacy-flags']);
  });

  it('a cut watch stream reconnects from the last resourceVersion and still reports changes', async () => {
    const session = open();
    await session.checkAll();
    const w = nextChange(session, (c) => c.some((r) => r.ref.name === 'web' && r.ref.kind === 'Service'));
    await w.ready;
    const before = server.requests.length;
    proxy.cut();
    server.patch({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }, { spec: { selector: { app: 'web-canary' } } }, 'kubectl-edit');
    const changed = await w.changed;
    expect(changed.find((r) => r.ref.kind === 'Service')?.verdict).toBe('diverged');
    const rewatches = watchesSince(before);
    expect(rewatches.length).toBeGreaterThan(0);
    expect(rewatches.every((r) => Number(r.query.resourceVersion) > 0)).toBe(true);
    const lists = server.requests.slice(before).filter((r) => r.method === 'GET' && !r.query.watch && r.path.endsWith('/services'));
    expect(lists).toEqual([]); // no relist: the watch resumed where it was
    w.stop();
  });

  it('410 Gone on reconnect lists again, then watches on', async () => {
    const session = open();
    await session.checkAll();
    const w = nextChange(session, (c) => c.some((r) => r.ref.name === 'api' && r.ref.kind === 'Deployment'));
    await w.ready;
    const before = server.requests.length;
    // History compacted: every resourceVersion the watches have seen is now too old.
    server.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bump', namespace: 'default' } }, 'test');
    Object.assign(server.core.store as object, { oldest: server.resourceVersion() });
    proxy.cut();
    server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' }, { metadata: { labels: { tier: 'backend' } } }, 'kubectl-label');
    server.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' }, { spec: { template: { spec: { containers: [{ name: 'api', image: 'ghcr.io/example/shop-api:1.4.0' }] } } } }, 'kubectl-edit', { kind: 'strategic' });
    const changed = await w.changed;
    expect(changed.find((r) => r.ref.name === 'api')?.verdict).toBe('converged');
    const relists = server.requests.slice(before).filter((r) => r.method === 'GET' && !r.query.watch && r.path.endsWith('/deployments'));
    expect(relists.length).toBeGreaterThan(0);
    w.stop();
  });
});
