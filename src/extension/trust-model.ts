// What the extension may do in an untrusted workspace (VS Code's Restricted Mode), and how it says so.
// Pure: no vscode import. `extension.ts` feeds it `vscode.workspace.isTrusted`.
//
// Restricted Mode never runs anything the repository configures or ships: no kustomize / Helm (kustomizations
// can run plugins, charts run templates), no git (hooks, `core.fsmonitor` in `.git/config`), and ignores
// workspace values of settings that name programs or redirect credentials (the list below, also declared as
// `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json). The kubeconfig of the *user*
// (the `kubeconfig` user setting, `KUBECONFIG`, `~/.kube/config`) is still used, including `exec` credential
// plugins it names: that is the user's own configuration, which kubectl would run for them too. A kubeconfig
// file inside the workspace is the repository's, not the user's: a plugin it names is refused (`untrustedRoots`
// of `loadKubeconfig`, passed by `DriftChecker.settings()`).

/** Settings (without the `gitopsConverge.` prefix) whose workspace values are ignored until the workspace is trusted. */
export const RESTRICTED_SETTINGS = [
  'kubeconfig',
  'kubectlPath',
  'helmPath',
  'pr.remote',
  'pr.forgeOverrides',
  'pr.apiBaseUrls',
  'pr.remoteWebUrl',
] as const;

/** What VS Code's `WorkspaceConfiguration.inspect` returns, reduced to the levels that matter here. */
export interface SettingLevels<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value a setting has for this extension: workspace values of restricted settings count only in a trusted
 * workspace (VS Code does the same for declared restricted settings; this does not rely on it).
 */
export function effectiveSetting<T>(key: string, levels: SettingLevels<T> | undefined, trusted: boolean): T | undefined {
  if (!levels) return undefined;
  const restricted = !trusted && (RESTRICTED_SETTINGS as readonly string[]).includes(key);
  if (!restricted) return levels.workspaceFolderValue ?? levels.workspaceValue ?? levels.globalValue ?? levels.defaultValue;
  return levels.globalValue ?? levels.defaultValue;
}

/** Workspace settings of restricted keys that Restricted Mode ignores (to tell the user). */
export function ignoredWorkspaceSettings(levels: ReadonlyArray<[string, SettingLevels<unknown> | undefined]>, trusted: boolean): string[] {
  if (trusted) return [];
  return levels
    .filter(([key, l]) => (RESTRICTED_SETTINGS as readonly string[]).includes(key) && l && (l.workspaceValue !== undefined || l.workspaceFolderValue !== undefined))
    .map(([key]) => key);
}

export interface TrustPolicy {
  trusted: boolean;
  /** Run kubectl kustomize / helm template on the workspace's kustomizations and local charts. */
  runRenderTools: boolean;
  /** Run git (operator state against HEAD, PR commands, history). */
  runGit: boolean;
}

export function trustPolicy(trusted: boolean): TrustPolicy {
  return { trusted, runRenderTools: trusted, runGit: trusted };
}

/** The Drift view's first row in Restricted Mode, and the status bar tooltip's line. */
export interface RestrictedNotice {
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  /** One line for the status bar tooltip. */
  statusLine: string;
}

export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

export function restrictedNotice(opts: { notRendered: number; ignoredSettings: readonly string[] }): RestrictedNotice {
  const rendered = opts.notRendered > 0 ? `${opts.notRendered} kustomization${opts.notRendered === 1 ? '' : 's'}/chart${opts.notRendered === 1 ? '' : 's'} not rendered` : 'plain manifests only';
  const ignored = opts.ignoredSettings.length
    ? `\n\nWorkspace settings ignored until then: ${opts.ignoredSettings.map((k) => `\`gitopsConverge.${k}\``).join(', ')}.`
    : '';
  return {
    label: 'Restricted Mode',
    description: `${rendered} · click to trust`,
    tooltip:
      '**Restricted Mode**: this workspace is not trusted, so GitOps Converge runs nothing it contains.\n\n' +
      'Shown: plain manifests compared with the cluster of your own kubeconfig.\n\n' +
      'Trusting the workspace enables: rendering kustomizations and local Helm charts (kubectl kustomize, helm ' +
      'template), the Flux / Argo CD revision against Git HEAD, Commit & Open PR, Adopt Live into Git and Show ' +
      `History (git), and the workspace's kubeconfig / tool path settings.${ignored}\n\nClick to manage workspace trust.`,
    statusLine: `Restricted Mode: ${rendered}; Git actions are off. Trust the workspace (Manage Workspace Trust) to render kustomize/Helm and use Git.`,
  };
}

/** "kustomization overlays/prod: not rendered (workspace not trusted)" → label and "not rendered: workspace not trusted". */
export function splitNotRendered(message: string): { what: string; reason: string } {
  const m = /^(.*?): (not rendered.*)$/s.exec(message);
  const what = m ? m[1] : message;
  const reason = (m ? m[2] : 'not rendered').replace(/^not rendered \((.*)\)$/s, 'not rendered: $1');
  return { what, reason };
}
