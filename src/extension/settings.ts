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
  };
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

/** Whether a saved file should trigger a re-check. */
export function isManifestPath(path: string): boolean {
  return /\.ya?ml$/i.test(path) || /(^|[\\/])\.converge\.yaml$/.test(path);
}
