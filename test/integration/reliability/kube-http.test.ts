// KubeHttp under injected faults on the test API server: retries, timeouts, cut bodies, no credentials in errors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError, KubeHttp, httpDefaultsFromEnv } from '../../../src/core/cluster/http';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/cluster/retry';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

let server: TestApiServer;
const CM = '/api/v1/namespaces/default/configmaps';
const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 2_000 };

function client(opts: { timeoutMs?: number; budgetMs?: number; context?: string } = {}): KubeHttp {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfigYaml);
  kc.setCurrentContext(opts.context ?? 'test');
  return new KubeHttp(kc, { timeoutMs: opts.timeoutMs ?? 5_000, userAgent: 'converge-test', retry: { ...fast, budgetMs: opts.budgetMs ?? fast.budgetMs } });
}

const hits = (prefix: string, method = 'GET') => server.requests.filter((r) => r.method === method && r.path.startsWith(prefix)).length;
const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as KubeApiError);

beforeAll(async () => {
  server = await startTestApiServer({
    seed: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { a: 'x'.repeat(5000) } }],
  });
});
afterAll(() => server?.stop());
afterEach(() => {
  server.setFault(undefined);
  server.requests.length = 0;
});

describe('KubeHttp retries idempotent requests', () => {
  it('429 with Retry-After: 0, then success', async () => {
    server.setFault({ status: 429, retryAfterSeconds: 0, pathPrefix: CM, times: 2 });
    const h = client();
    const res = await h.request<{ items: unknown[] }>({ method: 'GET', path: CM });
    expect(res.body.items).toHaveLength(1);
    expect(hits(CM)).toBe(3);
    h.close();
  });

  it('honours a 1 s Retry-After before the next attempt', async () => {
    server.setFault({ status: 429, retryAfterSeconds: 1, pathPrefix: CM, times: 1 });
    const h = client();
    const t0 = Date.now();
    await h.request({ method: 'GET', path: CM });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    h.close();
  });

  it.each([500, 502, 503, 504])('%i twice, then success', async (status) => {
    server.setFault({ status, pathPrefix: CM, times: 2 });
    const h = client();
    await h.request({ method: 'GET', path: CM });
    expect(hits(CM)).toBe(3);
    h.close();
  });

  it('a persistent 500 fails after maxAttempts with the server message', async () => {
    server.setFault({ status: 500, message: 'etcdserver: request timed out', pathPrefix: CM });
    const h = client();
    const e = await fail(h.request({ method: 'GET', path: CM }));
    expect(e).toBeInstanceOf(KubeApiError);
    expect(e!.status).toBe(500);
    expect(e!.message).toBe('etcdserver: request timed out');
    expect(hits(CM)).toBe(fast.maxAttempts);
    h.close();
  });

  it('no retry for 403, 404, 401', async () => {
    const h = client();
    for (const status of [403, 404]) {
      server.requests.length = 0;
      server.setFault({ status, pathPrefix: CM });
      expect((await fail(h.request({ method: 'GET', path: CM })))!.status).toBe(status);
      expect(hits(CM)).toBe(1);
    }
    server.setFault(undefined);
    server.requests.length = 0;
    const expired = client({ context: 'expired' });
    expect((await fail(expired.request({ method: 'GET', path: CM })))!.status).toBe(401);
    expect(hits(CM)).toBe(1);
    h.close();
    expired.close();
  });

  it('a dry-run PATCH is retried; a real PATCH or POST never is', async () => {
    const h = client();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { a: 'y' } };
    const patch = (query: Record<string, string>) =>
      h.request({ method: 'PATCH', path: `${CM}/one`, query: { fieldManager: 't', force: 'true', ...query }, contentType: 'application/apply-patch+yaml', body });
    server.setFault({ status: 503, method: 'PATCH', times: 1 });
    await patch({ dryRun: 'All' });
    expect(hits(`${CM}/one`, 'PATCH')).toBe(2);
    server.requests.length = 0;
    server.setFault({ status: 503, method: 'PATCH', times: 1 });
    expect((await fail(patch({})))!.status).toBe(503);
    expect(hits(`${CM}/one`, 'PATCH')).toBe(1);
    server.setFault({ status: 503, method: 'POST', times: 1 });
    expect((await fail(h.request({ method: 'POST', path: CM, body: { ...body, metadata: { name: 'two' } } })))!.status).toBe(503);
    h.close();
  });

  it('a connection reset, then success', async () => {
    server.setFault({ reset: true, pathPrefix: CM, times: 2 });
    const h = client();
    const res = await h.request<{ items: unknown[] }>({ method: 'GET', path: CM });
    expect(res.body.items).toHaveLength(1);
    h.close();
  });

  it('a LIST body cut mid-object is retried, never read as a short list', async () => {
    server.setFault({ cutAfterBytes: 300, pathPrefix: CM, times: 1 });
    const h = client();
    const res = await h.request<{ items: unknown[] }>({ method: 'GET', path: CM });
    expect(res.body.items).toHaveLength(1);
    expect(hits(CM)).toBe(2);
    server.setFault({ cutAfterBytes: 300, pathPrefix: CM });
    const e = await fail(h.request({ method: 'GET', path: CM }));
    expect(e!.status).toBe(0);
    expect(e!.message).toMatch(/connection closed before the whole response|aborted|socket hang up|ECONNRESET/);
    h.close();
  });

  it('a 200 answer that is not JSON is an error, not an empty object', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'not-used-token-123' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const h = new KubeHttp(kc, { timeoutMs: 1_000, userAgent: 't', retry: { ...fast, maxAttempts: 2 } });
    const e = await fail(h.request({ method: 'GET', path: CM }));
    expect(e!.reason).toBe('InvalidResponse');
    expect(e!.message).toMatch(/not valid JSON \(text\/html\)/);
    h.close();
    plain.close();
  });
});

describe('KubeHttp bounds every request in time', () => {
  it('a server slower than the timeout: "timed out", all attempts within the budget', async () => {
    server.setFault({ latencyMs: 2_000, pathPrefix: CM });
    const h = client({ timeoutMs: 150, budgetMs: 600 });
    const t0 = Date.now();
    const e = await fail(h.request({ method: 'GET', path: CM }));
    const took = Date.now() - t0;
    expect(e!.status).toBe(0);
    expect(e!.message).toMatch(/timed out after \d+ ms/);
    expect(took).toBeLessThan(2_000);
    expect(hits(CM)).toBeGreaterThanOrEqual(2);
    h.close();
  });

  it('CONVERGE_REQUEST_TIMEOUT_MS caps a request that asks for a longer timeout (e.g. the 10 s preflight)', async () => {
    server.setFault({ latencyMs: 2_000, pathPrefix: '/version' });
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml);
    const h = new KubeHttp(kc, { ...httpDefaultsFromEnv({ CONVERGE_REQUEST_TIMEOUT_MS: '150', CONVERGE_RETRY_BUDGET_MS: '0' }), userAgent: 't' });
    const e = await fail(h.request({ method: 'GET', path: '/version', timeoutMs: 10_000 }));
    expect(e!.message).toMatch(/timed out after 150 ms/);
    h.close();
  });

  it('a server that trickles its answer is still cut at the timeout (wall clock, not idle time)', async () => {
    const slow = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const t = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const h = new KubeHttp(kc, { timeoutMs: 200, userAgent: 't', retry: { ...fast, maxAttempts: 1 } });
    const t0 = Date.now();
    const e = await fail(h.request({ method: 'GET', path: '/version' }));
    expect(e!.message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - t0).toBeLessThan(1_500);
    h.close();
    slow.closeAllConnections();
    slow.close();
  });

  it('an endless answer is cut at maxResponseBytes: memory stays bounded, the error says why', async () => {
    const endless = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(endless.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const h = new KubeHttp(kc, { timeoutMs: 10_000, userAgent: 't', maxResponseBytes: 8 * 1024 * 1024, retry: fast });
    const e = await fail(h.request({ method: 'GET', path: '/api/v1/configmaps' }));
    expect(e!.message).toMatch(/answer larger than 8 MiB, not read/);
    expect(e!.reason).toBe('ResponseTooLarge');
    h.close();
    endless.closeAllConnections();
    endless.close();
  });

  it('the environment sets the timeout and the budget (0 disables retries)', () => {
    expect(httpDefaultsFromEnv({ CONVERGE_REQUEST_TIMEOUT_MS: '1500', CONVERGE_RETRY_BUDGET_MS: '4000' })).toMatchObject({ timeoutMs: 1500, maxTimeoutMs: 1500, retry: { budgetMs: 4000 } });
    expect(httpDefaultsFromEnv({ CONVERGE_RETRY_BUDGET_MS: '0' }).retry!.maxAttempts).toBe(1);
    expect(httpDefaultsFromEnv({ CONVERGE_REQUEST_TIMEOUT_MS: 'soon' }).timeoutMs).toBe(30_000);
    expect(httpDefaultsFromEnv({})).toMatchObject({ timeoutMs: 30_000, retry: DEFAULT_RETRY_POLICY });
    expect(httpDefaultsFromEnv({}).maxTimeoutMs).toBeUndefined();
  });
});

describe('KubeHttp keeps credentials out of errors', () => {
  it('a server echoing the Authorization header in its error: the token is masked', async () => {
    const TOKEN = 'sekret-bearer-token-0123456789';
    const echo = http.createServer((req, res) => {
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden', message: `forbidden: you sent ${req.headers.authorization}` });
      res.writeHead(403, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: TOKEN }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const h = new KubeHttp(kc, { timeoutMs: 1_000, userAgent: 't', retry: fast });
    const e = await fail(h.request({ method: 'GET', path: '/api/v1/secrets' }));
    expect(e!.status).toBe(403);
    expect(e!.message).toBe('forbidden: you sent ***');
    expect(JSON.stringify(e) + String(e!.stack)).not.toContain(TOKEN);
    h.close();
    echo.close();
  });
});

describe('watch streams', () => {
  it('a watch cut mid-event ends the stream with an error or a partial line the reader must drop', async () => {
    server.setFault({ cutAfterBytes: 120, verb: 'watch', resource: 'configmaps' });
    const h = client();
    const res = await h.stream({ method: 'GET', path: CM, query: { watch: 1 } });
    const text = await new Promise<string>((resolve) => {
      let acc = '';
      res.on('data', (c: Buffer) => (acc += c.toString()));
      res.on('error', () => resolve(acc));
      res.on('close', () => resolve(acc));
    });
    expect(text.length).toBeLessThanOrEqual(120);
    expect(() => JSON.parse(text)).toThrow(); // an incomplete event: never a valid one
    expect(res.complete).toBe(false);
    h.close();
  });

  it('a watch that does not answer in time is bounded by the timeout', async () => {
    server.setFault({ latencyMs: 2_000, verb: 'watch', resource: 'configmaps' });
    const h = client({ timeoutMs: 150 });
    const e = await fail(h.stream({ method: 'GET', path: CM, query: { watch: 1 } }));
    expect(e!.message).toMatch(/timed out after 150 ms/);
    h.close();
  });
});
