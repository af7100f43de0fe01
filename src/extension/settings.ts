// The extension's settings, read through a getter so this stays free of vscode (and unit-testable).
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const SECTION = 'gitopsConverge';

export interface ConvergeSettings {
  /** Absolute kubeconfig path, or undefined to use KUBECONFIG / ~/.kube/config. */
  kubeconfig?: string;
  /** Context to check against, or undefined for the kubeconfig's current-context. */
  context?: string;
  offline: boolean;
  fieldManager?: string;
  refreshOnSave: boolean;
  /** Keep a Kubernetes WATCH open so cluster changes show up within seconds. */
  watch: boolean;
  /** Notify when resources become diverged or converge again. */
  notifications: boolean;
  /** How the Drift view groups resources under a context. */
  groupBy: 'folder' | 'kind' | 'namespace';
  /** Render kustomizations and local Helm charts (trusted workspaces only). */
  render: boolean;
  /** kubectl (or kustomize) used to render kustomizations: absolute, or a name looked up on PATH. */
  kubectlPath?: string;
  /** helm used to render local charts: absolute, or a name looked up on PATH. */
  helmPath?: string;
  /**
   * Restricted Mode: the workspace folders, where a kubeconfig may not make us run a credential plugin
   * (`loadKubeconfig`'s `untrustedRoots`). Undefined in a trusted workspace.
   */
  untrustedRoots?: readonly string[];
}

export type SettingGetter = <T>(key: string) => T | undefined;

export function readSettings(get: SettingGetter, workspaceRoot: string | undefined, home = homedir()): ConvergeSettings {
  const text = (key: string) => {
    const v = get<string>(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const kubeconfig = text('kubeconfig');
  return {
    kubeconfig: kubeconfig ? expandPath(kubeconfig, workspaceRoot, home) : undefined,
    context: text('context'),
    offline: get<boolean>('offline') === true,
    fieldManager: text('fieldManager'),
    refreshOnSave: get<boolean>('refreshOnSave') !== false,
    watch: get<boolean>('watch') !== false,
    notifications: get<boolean>('notifications') !== false,
    groupBy: oneOf(get<string>('groupBy'), ['folder', 'kind', 'namespace'] as const, 'folder'),
    render: get<boolean>('render') !== false,
    kubectlPath: toolPath(text('kubectlPath'), workspaceRoot, home),
    helmPath: toolPath(text('helmPath'), workspaceRoot, home),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** `~/x`, `${workspaceFolder}/x`, and paths relative to the workspace root. */
export function expandPath(p: string, workspaceRoot: string | undefined, home: string): string {
  let out = p;
  if (workspaceRoot) out = out.replace(/\$\{workspaceFolder\}/g, workspaceRoot);
  if (out === '~') out = home;
  else if (out.startsWith('~/')) out = join(home, out.slice(2));
  if (isAbsolute(out)) return out;
  return workspaceRoot ? resolve(workspaceRoot, out) : resolve(out);
}

/** A bare name (`kubectl`) is looked up on PATH like the CLI does; anything with a slash or `~` is a path. */
function toolPath(p: string | undefined, workspaceRoot: string | undefined, home: string): string | undefined {
  if (!p) return undefined;
  return p.includes('/') || p.startsWith('~') || p.includes('${workspaceFolder}') ? expandPath(p, workspaceRoot, home) : p;
}

/** Whether a saved file should trigger a re-check. */
export function isManifestPath(path: string): boolean {
  return /\.ya?ml$/i.test(path) || /(^|[\\/])\.converge\.yaml$/.test(path);
}

/** `.converge.yaml` (or `.converge.yml`): saving it plans the checks again. */
export function isConfigFile(path: string): boolean {
  return /(^|[\\/])\.converge\.ya?ml$/.test(path);
}

/** Settings whose change needs a new check (the others only change how results are shown). */
export const CHECK_SETTING_KEYS = ['kubeconfig', 'context', 'offline', 'fieldManager', 'watch', 'render', 'kubectlPath', 'helmPath'] as const;
