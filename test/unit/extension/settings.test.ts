import { describe, expect, it } from 'vitest';
import { expandPath, isManifestPath, readSettings } from '../../../src/extension/settings';

describe('readSettings', () => {
  it('treats empty strings as unset and defaults refreshOnSave to true', () => {
    const s = readSettings(() => undefined, '/ws', '/home/me');
    expect(s).toEqual({
      kubeconfig: undefined,
      context: undefined,
      offline: false,
      fieldManager: undefined,
      refreshOnSave: true,
      watch: true,
      notifications: true,
      groupBy: 'folder',
      render: true,
      kubectlPath: undefined,
      helmPath: undefined,
    });
    const values: Record<string, unknown> = { kubeconfig: ' ', context: 'prod', offline: true, fieldManager: 'argocd-controller', refreshOnSave: false, watch: false, notifications: false, groupBy: 'kind', render: false, kubectlPath: 'kubectl', helmPath: '~/bin/helm' };
    expect(readSettings((k) => values[k] as never, '/ws', '/home/me')).toEqual({
      kubeconfig: undefined,
      context: 'prod',
      offline: true,
      fieldManager: 'argocd-controller',
      refreshOnSave: false,
      watch: false,
      notifications: false,
      groupBy: 'kind',
      render: false,
      kubectlPath: 'kubectl',
      helmPath: '/home/me/bin/helm',
    });
    expect(readSettings((k) => (k === 'groupBy' ? 'color' : undefined) as never, '/ws').groupBy).toBe('folder');
  });
  it('expands ~, ${workspaceFolder} and relative kubeconfig paths', () => {
    expect(expandPath('~/.kube/dev', '/ws', '/home/me')).toBe('/home/me/.kube/dev');
    expect(expandPath('${workspaceFolder}/kc.yaml', '/ws', '/home/me')).toBe('/ws/kc.yaml');
    expect(expandPath('ci/kc.yaml', '/ws', '/home/me')).toBe('/ws/ci/kc.yaml');
    expect(expandPath('/etc/kc', '/ws', '/home/me')).toBe('/etc/kc');
  });
  it('looks tool names up on PATH and expands tool paths', () => {
    const tools = (kubectlPath: string) => readSettings((k) => (k === 'kubectlPath' ? kubectlPath : undefined) as never, '/ws', '/home/me').kubectlPath;
    expect(tools('kubectl')).toBe('kubectl');
    expect(tools('bin/kubectl')).toBe('/ws/bin/kubectl');
    expect(tools('${workspaceFolder}/bin/kubectl')).toBe('/ws/bin/kubectl');
    expect(tools('/usr/local/bin/kubectl')).toBe('/usr/local/bin/kubectl');
  });
});

describe('isManifestPath', () => {
  it('matches YAML files', () => {
    expect(isManifestPath('/ws/a.yaml')).toBe(true);
    expect(isManifestPath('/ws/a.YML')).toBe(true);
    expect(isManifestPath('/ws/a.json')).toBe(false);
  });
});
