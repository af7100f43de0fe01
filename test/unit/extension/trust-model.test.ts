import { describe, expect, it } from 'vitest';
import { effectiveSetting, ignoredWorkspaceSettings, restrictedNotice, RESTRICTED_SETTINGS, splitNotRendered, trustPolicy } from '../../../src/extension/trust-model';

describe('effectiveSetting', () => {
  const levels = { defaultValue: '', globalValue: '/home/me/.kube/config', workspaceValue: './evil-kubeconfig', workspaceFolderValue: undefined };
  it('ignores workspace values of restricted settings in an untrusted workspace, keeping the user value', () => {
    expect(effectiveSetting('kubeconfig', levels, false)).toBe('/home/me/.kube/config');
    expect(effectiveSetting('kubectlPath', { defaultValue: '', workspaceFolderValue: './bin/kubectl' }, false)).toBe('');
    expect(effectiveSetting('pr.apiBaseUrls', { defaultValue: {}, workspaceValue: { 'github.com': 'http://attacker' } }, false)).toEqual({});
  });
  it('uses workspace values once trusted, folder before workspace before user before default', () => {
    expect(effectiveSetting('kubeconfig', levels, true)).toBe('./evil-kubeconfig');
    expect(effectiveSetting('kubectlPath', { defaultValue: '', globalValue: 'a', workspaceValue: 'b', workspaceFolderValue: 'c' }, true)).toBe('c');
  });
  it('never restricts settings that run nothing and send no credentials', () => {
    expect(effectiveSetting('groupBy', { defaultValue: 'folder', workspaceValue: 'kind' }, false)).toBe('kind');
    expect(effectiveSetting('context', { workspaceValue: 'prod' }, false)).toBe('prod');
    expect(effectiveSetting('x', undefined, false)).toBeUndefined();
  });
});

describe('ignoredWorkspaceSettings', () => {
  it('lists restricted settings the workspace sets, only when untrusted', () => {
    const levels: Array<[string, { workspaceValue?: unknown; globalValue?: unknown } | undefined]> = [
      ['kubeconfig', { globalValue: '/k' }],
      ['kubectlPath', { workspaceValue: './kubectl' }],
      ['pr.remoteWebUrl', { workspaceValue: 'http://x' }],
      ['groupBy', { workspaceValue: 'kind' }],
      ['helmPath', undefined],
    ];
    expect(ignoredWorkspaceSettings(levels, false)).toEqual(['kubectlPath', 'pr.remoteWebUrl']);
    expect(ignoredWorkspaceSettings(levels, true)).toEqual([]);
  });
});

describe('trustPolicy and the notice', () => {
  it('runs render tools and git only when trusted', () => {
    expect(trustPolicy(false)).toEqual({ trusted: false, runRenderTools: false, runGit: false });
    expect(trustPolicy(true)).toEqual({ trusted: true, runRenderTools: true, runGit: true });
  });
  it('says what is not done and what trust enables', () => {
    const n = restrictedNotice({ notRendered: 2, ignoredSettings: ['kubectlPath'] });
    expect(n.label).toBe('Restricted Mode');
    expect(n.description).toBe('2 kustomizations/charts not rendered · click to trust');
    expect(n.tooltip).toContain('rendering kustomizations and local Helm charts');
    expect(n.tooltip).toContain('Commit & Open PR');
    expect(n.tooltip).toContain('`gitopsConverge.kubectlPath`');
    expect(n.statusLine).toMatch(/^Restricted Mode: 2 kustomizations\/charts not rendered; Git actions are off\. Trust the workspace/);
    expect(restrictedNotice({ notRendered: 0, ignoredSettings: [] }).description).toBe('plain manifests only · click to trust');
    expect(restrictedNotice({ notRendered: 1, ignoredSettings: [] }).description).toBe('1 kustomization/chart not rendered · click to trust');
  });
  it('declares in package.json exactly the settings it restricts', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const cap = pkg.capabilities.untrustedWorkspaces;
    expect(cap.supported).toBe('limited');
    expect(cap.description.length).toBeGreaterThan(40);
    expect(cap.restrictedConfigurations).toEqual(RESTRICTED_SETTINGS.map((k) => `gitopsConverge.${k}`));
    for (const key of cap.restrictedConfigurations) expect(pkg.contributes.configuration.properties[key], key).toBeDefined();
  });
});

describe('splitNotRendered', () => {
  it('splits the engine message into what and why', () => {
    expect(splitNotRendered('kustomization overlays/prod: not rendered (workspace not trusted)')).toEqual({ what: 'kustomization overlays/prod', reason: 'not rendered: workspace not trusted' });
    expect(splitNotRendered('HelmRelease flux-system/podinfo: not rendered: chart podinfo comes from a HelmRepository')).toEqual({
      what: 'HelmRelease flux-system/podinfo',
      reason: 'not rendered: chart podinfo comes from a HelmRepository',
    });
    expect(splitNotRendered('odd')).toEqual({ what: 'odd', reason: 'not rendered' });
  });
});
