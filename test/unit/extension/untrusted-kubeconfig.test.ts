// Restricted Mode: a kubeconfig inside the workspace (e.g. a user setting `${workspaceFolder}/kubeconfig.yaml`)
// is the repository's, so the credential plugin it names must never run; the user's own kubeconfig still works.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log';
import { WorkspaceChecks, type CheckSettings } from '../../../src/extension/checks/workspace-checks';

const tmp = mkdtempSync(join(tmpdir(), 'untrusted-kubeconfig-'));
const workspace = join(tmp, 'workspace');
const marker = join(tmp, 'plugin-ran');
mkdirSync(workspace);
writeFileSync(join(workspace, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  a: "1"\n');
const kubeconfig = join(workspace, 'kubeconfig.yaml');
// The plugin leaves a marker and fails: 127.0.0.1:9 is never contacted unless the plugin hands out a token.
writeFileSync(
  kubeconfig,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]',
    'users:',
    '- name: repo-user',
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    '      command: /bin/sh',
    `      args: ["-c", "touch '${marker}'; exit 1"]`,
    '      interactiveMode: Never',
    'contexts: [{name: c, context: {cluster: c, user: repo-user}}]',
    'current-context: c',
  ].join('\n'),
);

async function check(settings: Partial<CheckSettings>) {
  const checks = new WorkspaceChecks({ log: silentLogger, onWatchChange: () => undefined });
  try {
    const [only] = await checks.checkAll([workspace], { kubeconfig, offline: false, watch: false, ...settings });
    return only.report;
  } finally {
    checks.dispose();
  }
}

describe('Restricted Mode and a kubeconfig inside the workspace', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('never runs its exec plugin, and the verdicts say why', async () => {
    const report = await check({ untrustedRoots: [workspace] });
    expect(existsSync(marker)).toBe(false);
    expect(report.resources.map((r) => r.verdict)).toEqual(['unknown']);
    expect(report.resources[0].reason).toMatch(/exec credential plugin "\/bin\/sh".*untrusted workspace: trust the workspace/);
  });

  it('runs it once the workspace is trusted (so the test above would see a run)', async () => {
    await check({});
    expect(existsSync(marker)).toBe(true);
  });
});
