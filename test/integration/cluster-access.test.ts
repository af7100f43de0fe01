// Cluster access as kubectl does it: auth methods, merged KUBECONFIG files, paged LISTs, repo config.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer } from '../k8s-server';
import { runCli } from '../support/cli';
import { applyRepo, copyRepo, introduceDemoDrift, type TestServer } from '../support/demo-cluster';

let server: TestServer;
let repo: string;
let dir: string;

beforeAll(async () => {
  server = await startTestApiServer({ tokens: { 'token-without-list': { user: 'no-lister', groups: ['system:masters'], deny: [{ verb: 'list', resource: 'configmaps' }] } } });
  repo = copyRepo();
  dir = mkdtempSync(join(tmpdir(), 'converge-access-'));
  await applyRepo(server, repo);
  await introduceDemoDrift(server);
});

afterAll(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['check', '--output', 'json', ...args], { cwd: repo, env: { PATH: process.env.PATH, HOME: dir, ...env } });

function summary(run: Awaited<ReturnType<typeof cli>>) {
  return run.json().summary;
}

const DEMO_SUMMARY = { total: 9, converged: 5, diverged: 2, missing: 1, orphaned: 1, unknown: 0, invalid: 0 };

describe('authentication', () => {
  it('client certificate', async () => {
    const run = await cli(['--kubeconfig', server.kubeconfigPath, '--context', 'client-cert']);
    expect(summary(run)).toEqual(DEMO_SUMMARY);
  });

  it('exec credential plugin (client.authentication.k8s.io/v1)', async () => {
    const config = parse(server.kubeconfigYaml);
    const admin = config.users.find((u: any) => u.name === 'test-admin');
    const token = admin.user.token as string;
    const plugin = join(dir, 'token-plugin.js');
    writeFileSync(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)} } }));\n`,
    );
    config.users.push({
      name: 'exec-user',
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } },
    });
    config.contexts.push({ name: 'exec', context: { cluster: config.contexts[0].context.cluster, user: 'exec-user' } });
    const file = join(dir, 'exec.kubeconfig');
    writeFileSync(file, stringify(config));
    const run = await cli(['--kubeconfig', file, '--context', 'exec']);
    expect(summary(run)).toEqual(DEMO_SUMMARY);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('a failing exec plugin gives unknown verdicts with a clear reason, not a crash', async () => {
    const config = parse(server.kubeconfigYaml);
    config.users.push({ name: 'bad-exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/plugin', interactiveMode: 'Never' } } });
    config.contexts.push({ name: 'bad-exec', context: { cluster: config.contexts[0].context.cluster, user: 'bad-exec' } });
    const file = join(dir, 'bad-exec.kubeconfig');
    writeFileSync(file, stringify(config));
    const run = await cli(['--kubeconfig', file, '--context', 'bad-exec']);
    expect(run.code).toBe(2);
    const res = run.json().resources;
    expect(res.every((r: any) => r.verdict === 'unknown')).toBe(true);
    expect(res[0].reason).toMatch(/authentication failed|nonexistent/);
  });
});

describe('kubeconfig resolution', () => {
  it('merges several KUBECONFIG files; the first file sets current-context', async () => {
    const other = join(dir, 'other.kubeconfig');
    writeFileSync(
      other,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: far\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: far\n  context:\n    cluster: far\n    user: far\ncurrent-context: far\nusers:\n- name: far\n  user:\n    token: x\n',
    );
    const first = await cli([], { KUBECONFIG: `${server.kubeconfigPath}${delimiter}${other}` });
    expect(first.json().context).toBe('test');
    expect(summary(first)).toEqual(DEMO_SUMMARY);
    const second = await cli([], { KUBECONFIG: `${other}${delimiter}${server.kubeconfigPath}` });
    expect(second.json().context).toBe('far');
    const switched = await cli(['--context', 'test'], { KUBECONFIG: `${other}${delimiter}${server.kubeconfigPath}` });
    expect(summary(switched)).toEqual(DEMO_SUMMARY);
  });

  it('falls back to ~/.kube/config, and says so when there is none', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.json().resources[0].reason).toMatch(/no kubeconfig found \(looked at .*\.kube\/config\)/);
  });
});

describe('live state', () => {
  it('LISTs in pages (continue tokens) and decides every object of a big namespace', async () => {
    const big = mkdtempSync(join(tmpdir(), 'converge-big-'));
    try {
      server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } }, 'kustomize-controller', { force: true });
      const docs: string[] = [];
      for (let i = 0; i < 1200; i++) {
        const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'big' }, data: { i: String(i) } };
        docs.push(stringify(cm));
        if (i % 100 !== 7) server.apply(cm, 'kustomize-controller', { force: true });
      }
      writeFileSync(join(big, 'configmaps.yaml'), docs.join('---\n'));
      const before = server.requests.length;
      const run = await runCli(['check', '--output', 'json', '--kubeconfig', server.kubeconfigPath, '--offline'], { cwd: big, env: { PATH: process.env.PATH } });
      expect(run.json().summary).toMatchObject({ total: 1200, converged: 1188, missing: 12 });
      const lists = server.requests.slice(before).filter((r: any) => r.method === 'GET' && r.path === '/api/v1/namespaces/big/configmaps');
      expect(lists.length).toBe(3); // 500 + 500 + 200
      expect(lists.filter((r: any) => r.query?.continue).length).toBe(2);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describe('RBAC', () => {
  it('falls back to GET per object where LIST is forbidden but GET is allowed', async () => {
    const config = parse(server.kubeconfigYaml);
    config.users.push({ name: 'no-lister', user: { token: 'token-without-list' } });
    config.contexts.push({ name: 'no-list', context: { cluster: config.contexts[0].context.cluster, user: 'no-lister' } });
    const file = join(dir, 'no-list.kubeconfig');
    writeFileSync(file, stringify(config));
    const before = server.requests.length;
    const run = await cli(['--kubeconfig', file, '--context', 'no-list', '--offline']);
    const v = Object.fromEntries(run.json().resources.map((r: any) => [`${r.kind}/${r.name}`, r.verdict]));
    expect(v['ConfigMap/api-config']).toBe('converged');
    expect(v['ConfigMap/api-routes']).toBe('converged');
    expect(v['Deployment/web']).toBe('diverged');
    const gets = server.requests.slice(before).filter((r: any) => r.method === 'GET' && r.path.startsWith('/api/v1/namespaces/shop/configmaps/'));
    expect(gets.map((r: any) => r.path).sort()).toEqual(['/api/v1/namespaces/shop/configmaps/api-config', '/api/v1/namespaces/shop/configmaps/api-routes']);
    // Orphans of a type that cannot be listed are unknown, not silently "none".
    expect(run.json().resources.find((r: any) => r.kind === 'ConfigMap' && r.name === '*')).toMatchObject({ verdict: 'unknown' });
  });
});

describe('.converge.yaml', () => {
  it('applies ignoreDifferences and the field manager from the repo config', async () => {
    writeFileSync(
      join(repo, '.converge.yaml'),
      [
        'orphanSelector: app.kubernetes.io/part-of=shop',
        'fieldManager: kustomize-controller',
        'ignoreDifferences:',
        '  - group: apps',
        '    kind: Deployment',
        '    name: web',
        '    jsonPointers: [/spec/replicas]',
        '  - kind: Deployment',
        '    managedFieldsManagers: [kubectl-edit]',
        '',
      ].join('\n'),
    );
    const run = await cli(['--kubeconfig', server.kubeconfigPath]);
    const v = Object.fromEntries(run.json().resources.map((r: any) => [`${r.kind}/${r.name}`, r.verdict]));
    expect(v['Deployment/web']).toBe('converged');
    expect(v['Deployment/api']).toBe('converged');
    expect(run.json().resources.find((r: any) => r.name === 'web' && r.kind === 'Deployment').fieldManager).toBe('kustomize-controller');
  });

  it('reports a broken config clearly and keeps checking', async () => {
    writeFileSync(join(repo, '.converge.yaml'), 'ignoreDifferences: 42\n');
    const run = await cli(['--kubeconfig', server.kubeconfigPath]);
    expect(run.json().problems.some((p: any) => p.file === '.converge.yaml' && p.severity === 'error')).toBe(true);
    expect(run.json().resources.find((r: any) => r.name === 'web' && r.kind === 'Deployment').verdict).toBe('diverged');
  });
});
