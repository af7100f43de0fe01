// "cluster unreachable" only when nothing of the cluster can be reached (DNS, refused, TLS, no credentials);
// a request that fails on the way (a reset, a timeout, a cut answer) on one resource type says which and how,
// while the other types are still decided. Unit cases by error code, and the real thing against the test server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/core/cluster/http';
import { describeError } from '../../../src/core/engine/verdict';
import { runCheck } from '../../../src/core/engine/check';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

describe('describeError for transport failures', () => {
  const err = (code: string, message: string) => new KubeApiError(message, 0, code);
  it.each([
    ['ENOTFOUND', 'cannot reach https://k8s.example (GET /api/v1): getaddrinfo ENOTFOUND k8s.example', 'cluster unreachable: cannot reach https://k8s.example (GET /api/v1): getaddrinfo ENOTFOUND k8s.example'],
    ['EAI_AGAIN', 'cannot reach https://k8s.example: getaddrinfo EAI_AGAIN k8s.example', 'cluster unreachable: cannot reach https://k8s.example: getaddrinfo EAI_AGAIN k8s.example'],
    ['ECONNREFUSED', 'cannot reach https://127.0.0.1:1 (GET /version): connection refused', 'cluster unreachable: cannot reach https://127.0.0.1:1 (GET /version): connection refused'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'cannot reach https://x: self-signed certificate in certificate chain', 'cluster unreachable: cannot reach https://x: self-signed certificate in certificate chain'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "cannot reach https://x: Hostname/IP does not match certificate's altnames", "cluster unreachable: cannot reach https://x: Hostname/IP does not match certificate's altnames"],
    ['AuthTimeout', 'no credentials within 30000 ms', 'cluster unreachable: no credentials within 30000 ms'],
    ['ECONNRESET', 'cannot reach https://x (GET /api/v1/configmaps): socket hang up', 'reading the live object failed (connection reset): cannot reach https://x (GET /api/v1/configmaps): socket hang up'],
    ['ETIMEDOUT', 'cannot reach https://x (GET /api/v1/configmaps): timed out after 300 ms', 'reading the live object failed (timed out): cannot reach https://x (GET /api/v1/configmaps): timed out after 300 ms'],
    ['StreamCut', 'connection closed before the whole response was received', 'reading the live object failed (answer cut short): connection closed before the whole response was received'],
    ['InvalidResponse', 'GET /api/v1/configmaps: HTTP 200 answer is not valid JSON (text/html)', 'reading the live object failed (answer not understood): GET /api/v1/configmaps: HTTP 200 answer is not valid JSON (text/html)'],
  ])('%s', (code, message, expected) => {
    expect(describeError(err(code, message), 'read')).toBe(expected);
  });

  it('names the dry-run when that is what failed', () => {
    expect(describeError(err('ECONNRESET', 'socket hang up'), 'dry-run')).toBe('server-side dry-run failed (connection reset): socket hang up');
  });
});

describe('one resource type failing on the way, against the test API server', () => {
  let server: TestApiServer;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    // KubeHttp reads these from the process environment.
    Object.assign(process.env, { CONVERGE_REQUEST_TIMEOUT_MS: '300', CONVERGE_RETRY_BUDGET_MS: '0' });
    server = await startTestApiServer({ seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tr' } }] });
    dir = mkdtempSync(join(tmpdir(), 'converge-transport-'));
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'tr' }, data: { a: '1' } };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'tr' } };
    writeFileSync(join(dir, 'objects.yaml'), `${JSON.stringify(cm)}\n---\n${JSON.stringify(sa)}\n`);
    server.apply(cm, 'kustomize-controller');
    server.apply(sa, 'kustomize-controller');
  });
  afterEach(() => server.setFault(undefined));
  afterAll(async () => {
    process.env = saved;
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['connection reset', { reset: true, resource: 'configmaps' }, /^reading the live object failed \(connection reset\): cannot reach https:\/\/127\.0\.0\.1:\d+ \(GET \/api\/v1\/namespaces\/tr\/configmaps.*\): socket hang up$/],
    ['timed out', { latencyMs: 1_000, resource: 'configmaps' }, /^reading the live object failed \(timed out\): .*timed out after 300 ms$/],
    ['answer cut short', { cutAfterBytes: 20, resource: 'configmaps' }, /^reading the live object failed \((connection reset|answer cut short)\): /],
  ])('%s on configmaps only: that object unknown with that reason, the other converged', async (_, fault, reason) => {
    server.setFault(fault);
    const report = await runCheck({ paths: [dir], cwd: dir, kubeconfig: server.kubeconfigPath, env: {} });
    const by = Object.fromEntries(report.resources.map((r) => [r.ref.kind, r]));
    expect(by.ConfigMap.verdict).toBe('unknown');
    expect(by.ConfigMap.reason).toMatch(reason);
    expect(by.ServiceAccount.verdict).toBe('converged');
  });
});
