import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, kubeconfigFiles, listContexts, loadKubeconfig } from '../../../src/core/cluster/kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));

function config(file: string, clusters: Array<[string, string]>, current: string, ns?: string): string {
  const path = join(dir, file);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters.flatMap(([name, server]) => [`- name: ${name}`, '  cluster:', `    server: ${server}`]),
    'users:',
    ...clusters.flatMap(([name]) => [`- name: ${name}-user`, '  user:', `    token: token-${name}`]),
    'contexts:',
    ...clusters.flatMap(([name]) => [`- name: ${name}`, '  context:', `    cluster: ${name}`, `    user: ${name}-user`, ...(ns ? [`    namespace: ${ns}`] : [])]),
    `current-context: ${current}`,
  ].join('\n');
  writeFileSync(path, yaml);
  return path;
}

describe('kubeconfig loading', () => {
  const a = config('a.yaml', [['prod', 'https://prod.example:6443']], 'prod', 'shop');
  const b = config('b.yaml', [['staging', 'https://staging.example:6443'], ['prod', 'https://other.example']], 'staging');

  it('prefers --kubeconfig, then KUBECONFIG, then ~/.kube/config', () => {
    expect(kubeconfigFiles({ kubeconfig: a, env: { KUBECONFIG: b } })).toEqual([a]);
    expect(kubeconfigFiles({ env: { KUBECONFIG: `${a}${delimiter}${b}` } })).toEqual([a, b]);
    expect(kubeconfigFiles({ env: { HOME: '/home/x' } })).toEqual(['/home/x/.kube/config']);
  });

  it('merges several KUBECONFIG files like kubectl: the first file wins names and current-context', () => {
    const loaded = loadKubeconfig({ env: { KUBECONFIG: `${a}${delimiter}${b}` } });
    expect(loaded.context).toBe('prod');
    expect(loaded.server).toBe('https://prod.example:6443');
    expect(loaded.namespace).toBe('shop');
    expect(listContexts({ env: { KUBECONFIG: `${a}${delimiter}${b}` } }).sort()).toEqual(['prod', 'staging']);
  });

  it('switches context and defaults the namespace to "default"', () => {
    const loaded = loadKubeconfig({ env: { KUBECONFIG: `${a}${delimiter}${b}` }, context: 'staging' });
    expect(loaded.server).toBe('https://staging.example:6443');
    expect(loaded.namespace).toBe('default');
  });

  it('skips missing KUBECONFIG entries but fails clearly on a missing --kubeconfig or unknown context', () => {
    expect(loadKubeconfig({ env: { KUBECONFIG: `${join(dir, 'nope.yaml')}${delimiter}${b}` } }).context).toBe('staging');
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'nope.yaml') })).toThrow(/does not exist/);
    expect(() => loadKubeconfig({ kubeconfig: a, context: 'dev' })).toThrow(KubeconfigError);
    expect(() => loadKubeconfig({ kubeconfig: a, context: 'dev' })).toThrow(/context "dev" not found in kubeconfig \(available: prod\)/);
    expect(() => loadKubeconfig({ env: { HOME: join(dir, 'nohome') } })).toThrow(/no kubeconfig found/);
  });

  it('never puts a token into an error message', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'users: [ {name: u, user: {token: s3cr3t-token}\n');
    try {
      loadKubeconfig({ kubeconfig: broken });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cr3t-token');
    }
  });
});

describe('kubeconfig inside an untrusted workspace', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'untrusted-ws-'));
  const outside = mkdtempSync(join(tmpdir(), 'user-home-'));
  const execConfig = (path: string, user: string) =>
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: c',
        '  cluster:',
        '    server: https://c.example:6443',
        'users:',
        `- name: ${user}`,
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        '      command: ./steal-credentials.sh',
        'contexts:',
        '- name: c',
        '  context:',
        '    cluster: c',
        `    user: ${user}`,
        'current-context: c',
      ].join('\n'),
    );
  const inRepo = join(workspace, 'kubeconfig.yaml');
  const mine = join(outside, 'config');
  execConfig(inRepo, 'repo-user');
  execConfig(mine, 'my-user');

  it('refuses a credential plugin named by a kubeconfig inside an untrusted folder, and says why', () => {
    expect(() => loadKubeconfig({ kubeconfig: inRepo, untrustedRoots: [workspace] })).toThrow(KubeconfigError);
    expect(() => loadKubeconfig({ kubeconfig: inRepo, untrustedRoots: [workspace] })).toThrow(
      /runs an exec credential plugin "\.\/steal-credentials\.sh".*untrusted workspace: trust the workspace/,
    );
  });

  it("still uses the user's own kubeconfig outside the folder, and the folder's once it is trusted", () => {
    expect(loadKubeconfig({ kubeconfig: mine, untrustedRoots: [workspace] }).context).toBe('c');
    expect(loadKubeconfig({ kubeconfig: inRepo }).context).toBe('c');
  });

  it('judges by the file the current user comes from when KUBECONFIG merges several', () => {
    // The user's own file comes first, so its user wins; the repo file only adds nothing that is used.
    expect(loadKubeconfig({ env: { KUBECONFIG: `${mine}${delimiter}${inRepo}` }, untrustedRoots: [workspace] }).context).toBe('c');
    expect(() => loadKubeconfig({ env: { KUBECONFIG: `${inRepo}${delimiter}${mine}` }, untrustedRoots: [workspace] })).toThrow(/repo-user/);
  });
});
