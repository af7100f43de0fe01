// `converge check` through the real CLI against the test API server with injected faults. Whatever
// fails, every object gets either the verdict it has without faults or `unknown` with a reason; a
// fault never turns into `converged` (or any other verdict) the check could not establish.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../k8s-server';
import { startTestApiServer } from '../../k8s-server';
import { runCli, type CliRun } from '../../support/cli';
import { SECRET_VALUES, applyRepo, copyRepo, introduceDemoDrift, type TestServer } from '../../support/demo-cluster';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

let server: TestServer;
let repo: string;
let baseline: Map<string, string>;
const outputs: CliRun[] = [];

const keyOf = (r: any) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;
const verdicts = (run: CliRun) => new Map<string, string>(run.json().resources.map((r: any) => [keyOf(r), r.verdict]));
const byKind = (run: CliRun, kind: string) => run.json().resources.filter((r: any) => r.kind === kind);

async function check(extra: string[] = [], kubeconfig = server.kubeconfigPath): Promise<CliRun> {
  const run = await runCli(['check', '--output', 'json', '--kubeconfig', kubeconfig, ...extra], { cwd: repo });
  outputs.push(run);
  return run;
}

/** Every verdict is the fault-free one or `unknown` with a reason; returns the keys that became unknown. */
function expectOnlyUnknownOrBaseline(run: CliRun): string[] {
  const unknown: string[] = [];
  for (const r of run.json().resources) {
    const key = keyOf(r);
    if (r.verdict === 'unknown') {
      expect(r.reason, key).toBeTruthy();
      unknown.push(key);
      continue;
    }
    // A missing object whose dry-run create failed is still known to be missing (the LIST said so).
    expect(`${key}=${r.verdict}`).toBe(`${key}=${baseline.get(key)}`);
  }
  if (unknown.length) expect(run.code).toBe(2);
  return unknown;
}

function withEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
}

beforeAll(async () => {
  server = await startTestApiServer();
  repo = copyRepo();
  await applyRepo(server, repo);
  await introduceDemoDrift(server);
  baseline = verdicts(await check());
  // Fast, bounded retries for every test of this file (the CLI runs in-process).
  withEnv({ CONVERGE_RETRY_BUDGET_MS: '400' });
});

afterEach(() => {
  server.setFault(undefined);
  delete process.env.CONVERGE_REQUEST_TIMEOUT_MS;
});

afterAll(async () => {
  delete process.env.CONVERGE_RETRY_BUDGET_MS;
  await server?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
  const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
  for (const v of SECRET_VALUES) {
    expect(all.includes(v), 'a Secret value was printed').toBe(false);
    expect(all.includes(Buffer.from(v).toString('base64')), 'a base64 Secret value was printed').toBe(false);
  }
  expect(all).not.toContain(server.tokens.admin);
  expect(all).not.toContain(server.tokens.expired);
});

describe('faults that retries absorb: the same verdicts as without faults', () => {
  it('the fault-free baseline is the demo', () => {
    expect(Object.fromEntries(baseline)).toEqual({
      'Namespace//shop': 'converged',
      'Deployment/shop/web': 'diverged',
      'Service/shop/web': 'converged',
      'Secret/shop/web-credentials': 'converged',
      'Deployment/shop/api': 'diverged',
      'ConfigMap/shop/api-config': 'converged',
      'ConfigMap/shop/api-routes': 'converged',
      'Deployment/shop/worker': 'missing',
      'ConfigMap/shop/legacy-flags': 'orphaned',
    });
  });

  it('429 with Retry-After on LISTs and dry-runs, then success', async () => {
    server.setFault([
      { status: 429, retryAfterSeconds: 0, verb: 'list', times: 3 },
      { status: 429, retryAfterSeconds: 0, verb: 'patch', times: 3 },
    ]);
    const run = await check();
    expect(run.code).toBe(1);
    expect(verdicts(run)).toEqual(baseline);
    expect(server.requests.filter((r) => r.status === 429).length).toBe(6);
  });

  it('a 500, 502, 503 or 504 on the first discovery, LIST and dry-run', async () => {
    for (const status of [500, 502, 503, 504]) {
      server.requests.length = 0;
      server.setFault([
        { status, pathPrefix: '/apis/apps/v1', times: 1 },
        { status, verb: 'list', times: 1 },
        { status, verb: 'patch', times: 1 },
      ]);
      const run = await check();
      expect(verdicts(run), `HTTP ${status}`).toEqual(baseline);
      expect(server.requests.filter((r) => r.status === status).length).toBe(3);
    }
  });

  it('a connection reset mid-LIST (body cut after 200 bytes), once per resource type', async () => {
    server.setFault([
      { cutAfterBytes: 200, verb: 'list', resource: 'deployments', times: 1 },
      { cutAfterBytes: 200, verb: 'list', resource: 'configmaps', times: 1 },
      { reset: true, verb: 'list', resource: 'secrets', times: 1 },
    ]);
    const run = await check();
    expect(verdicts(run)).toEqual(baseline);
  });
});

describe('faults that stay: unknown with the reason for what could not be checked, the rest decided', () => {
  it('a persistent 500 on one resource type', async () => {
    server.setFault({ status: 500, resource: 'configmaps', message: 'etcdserver: leader changed' });
    const run = await check();
    const unknown = expectOnlyUnknownOrBaseline(run);
    expect(unknown.sort()).toEqual(['ConfigMap/shop/api-config', 'ConfigMap/shop/api-routes', 'ConfigMap//*'].sort());
    for (const r of byKind(run, 'ConfigMap')) expect(r.reason).toMatch(/HTTP 500 InternalError.*etcdserver: leader changed/);
    expect(run.json().summary).toMatchObject({ diverged: 2, missing: 1, converged: 3, unknown: 3 });
  });

  it('a persistent 503 on dry-runs of one kind: the diverged ones unknown, the missing one still missing', async () => {
    server.setFault({ status: 503, verb: 'patch', resource: 'deployments' });
    const run = await check();
    expect(expectOnlyUnknownOrBaseline(run).sort()).toEqual(['Deployment/shop/api', 'Deployment/shop/web']);
    const web = byKind(run, 'Deployment').find((r: any) => r.name === 'web');
    expect(web.reason).toMatch(/server-side dry-run failed \(HTTP 503 ServiceUnavailable\)/);
    const worker = byKind(run, 'Deployment').find((r: any) => r.name === 'worker');
    expect(worker.reason).toMatch(/^not in the cluster \(dry-run failed: .*HTTP 503/);
  });

  it('LISTs cut mid-body every time: unknown, never an empty list read as "missing"', async () => {
    server.setFault({ cutAfterBytes: 100, verb: 'list', resource: 'deployments' });
    const run = await check();
    const unknown = expectOnlyUnknownOrBaseline(run);
    expect(unknown).toEqual(expect.arrayContaining(['Deployment/shop/web', 'Deployment/shop/api', 'Deployment/shop/worker']));
    for (const r of byKind(run, 'Deployment')) expect(r.reason).toMatch(/connection closed before the whole response/);
  });

  it('a LIST answered 200 `{}` (no items, e.g. a proxy): unknown, never read as an empty list', async () => {
    server.setFault({ body: '{}', verb: 'list', resource: 'configmaps' });
    const run = await check();
    const unknown = expectOnlyUnknownOrBaseline(run);
    expect(unknown).toEqual(expect.arrayContaining(['ConfigMap/shop/api-config', 'ConfigMap/shop/api-routes']));
    for (const r of byKind(run, 'ConfigMap')) expect(r.reason).toMatch(/LIST configmaps: the answer has no items/);
  });

  it('a server slower than the request timeout: unknown "timed out", in bounded time', async () => {
    withEnv({ CONVERGE_REQUEST_TIMEOUT_MS: '150' });
    server.setFault({ latencyMs: 1_000, resource: 'deployments' });
    const t0 = Date.now();
    const run = await check();
    expect(Date.now() - t0).toBeLessThan(8_000);
    const unknown = expectOnlyUnknownOrBaseline(run);
    expect(unknown).toEqual(expect.arrayContaining(['Deployment/shop/web', 'Deployment/shop/api', 'Deployment/shop/worker']));
    for (const r of byKind(run, 'Deployment')) expect(r.reason).toMatch(/timed out after \d+ ms/);
  });

  it('a TLS handshake slower than the timeout: every object unknown "timed out"', async () => {
    withEnv({ CONVERGE_REQUEST_TIMEOUT_MS: '150' });
    const proxy = await startTcpProxy(server.port, { delayFirstByteMs: 1_000 });
    try {
      const run = await check([], proxy.kubeconfigFor(server.kubeconfigYaml));
      expect(run.code).toBe(2);
      for (const r of run.json().resources) {
        expect(r.verdict, keyOf(r)).toBe('unknown');
        expect(r.reason).toMatch(/cluster unreachable: .*timed out after \d+ ms/);
      }
    } finally {
      await proxy.stop();
    }
  });

  it('a TLS handshake that fails (server certificate not trusted): unknown, with the TLS error', async () => {
    const proxy: TcpProxy = await startTcpProxy(server.port, {});
    try {
      const run = await check([], proxy.kubeconfigFor(server.kubeconfigYaml, { untrustedCa: true }));
      expect(run.code).toBe(2);
      for (const r of run.json().resources) {
        expect(r.verdict).toBe('unknown');
        expect(r.reason).toMatch(/cluster unreachable: .*(certificate|self.signed)/i);
      }
    } finally {
      await proxy.stop();
    }
  });

  it('an exec credential plugin that hangs (waiting for a login): every object unknown, in bounded time', async () => {
    withEnv({ CONVERGE_REQUEST_TIMEOUT_MS: '300' });
    const dir = mkdtempSync(join(tmpdir(), 'converge-exec-'));
    try {
      const plugin = join(dir, 'hang.js');
      writeFileSync(plugin, 'setTimeout(() => process.exit(1), 3000);\n');
      const config = parse(server.kubeconfigYaml);
      config.users.push({ name: 'hanging', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } } });
      config.contexts.push({ name: 'hanging', context: { ...config.contexts[0].context, user: 'hanging' } });
      const file = join(dir, 'kubeconfig');
      writeFileSync(file, stringify(config));
      const t0 = Date.now();
      const run = await check(['--context', 'hanging'], file);
      expect(Date.now() - t0).toBeLessThan(2_500);
      expect(run.code).toBe(2);
      for (const r of run.json().resources) {
        expect(r.verdict).toBe('unknown');
        expect(r.reason).toMatch(/no credentials within 300 ms \(is the exec plugin or auth provider waiting for input\?\)/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an expired token (401): every object unknown with "unauthorized"', async () => {
    const run = await check(['--context', 'expired']);
    expect(run.code).toBe(2);
    for (const r of run.json().resources) {
      expect(r.verdict).toBe('unknown');
      expect(r.reason).toMatch(/^unauthorized: the credentials of this context were rejected/);
    }
  });

  it('a 401 on one kind only (token rejected mid-run)', async () => {
    server.setFault({ status: 401, resource: 'services', message: 'Unauthorized' });
    const run = await check();
    expect(expectOnlyUnknownOrBaseline(run).sort()).toEqual(['Service//*', 'Service/shop/web']);
    for (const r of byKind(run, 'Service')) expect(r.reason).toMatch(/unauthorized/);
  });

  it('a 403 on one kind (LIST and GET): that kind unknown "forbidden", the rest decided', async () => {
    server.setFault({ status: 403, resource: 'secrets', message: 'secrets is forbidden: User "ci" cannot list resource "secrets"' });
    const run = await check();
    expect(expectOnlyUnknownOrBaseline(run).sort()).toEqual(['Secret//*', 'Secret/shop/web-credentials']);
    expect(byKind(run, 'Secret').find((r: any) => r.name === 'web-credentials').reason).toMatch(/^forbidden: secrets is forbidden/);
    expect(server.requests.some((r) => r.method === 'GET' && r.path.endsWith('/secrets/web-credentials'))).toBe(true); // GET fallback tried
  });

  it('discovery failing (503 on a group-version): its kinds unknown', async () => {
    server.setFault({ status: 503, pathPrefix: '/apis/apps/v1', method: 'GET' });
    const run = await check();
    const unknown = expectOnlyUnknownOrBaseline(run);
    expect(unknown).toEqual(expect.arrayContaining(['Deployment/shop/web', 'Deployment/shop/api', 'Deployment/shop/worker']));
  });
});

describe('never converged for something not checked', () => {
  const kinds: Array<[string, Fault[]]> = [
    ['500 on everything', [{ status: 500, pathPrefix: '/api' }]],
    ['503 on LIST', [{ status: 503, verb: 'list' }]],
    ['502 on GET', [{ status: 502, verb: 'get' }]],
    ['504 on dry-run PATCH', [{ status: 504, verb: 'patch' }]],
    ['429 forever', [{ status: 429, retryAfterSeconds: 0, pathPrefix: '/api' }]],
    ['403 on everything but /version', [{ status: 403, pathPrefix: '/api' }]],
    ['404 on LIST', [{ status: 404, verb: 'list' }]],
    ['resets on every request', [{ reset: true, pathPrefix: '/api' }]],
    ['LIST cut mid-body', [{ cutAfterBytes: 150, verb: 'list' }]],
    ['dry-run answer cut mid-body', [{ cutAfterBytes: 150, verb: 'patch' }]],
    ['LIST answered {}', [{ body: '{}', verb: 'list' }]],
    ['dry-run answered {}', [{ body: '{}', verb: 'patch' }]],
    ['random mix at 40%', [
      { status: 500, rate: 0.15, seed: 7, pathPrefix: '/api' },
      { reset: true, rate: 0.15, seed: 8, pathPrefix: '/api' },
      { cutAfterBytes: 90, rate: 0.15, seed: 9, pathPrefix: '/api' },
    ]],
  ];
  it.each(kinds)('%s', async (_name, faults) => {
    server.setFault(faults);
    const run = await check();
    expectOnlyUnknownOrBaseline(run);
    // Offline mode reads the same LISTs: the same guarantee.
    server.setFault(faults.map((f) => ({ ...f })));
    expectOnlyUnknownOrBaseline(await check(['--offline']));
  });
});
