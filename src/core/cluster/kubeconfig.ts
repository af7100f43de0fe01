// Loads kubeconfig like kubectl: --kubeconfig, else KUBECONFIG (several files merged), else ~/.kube/config.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, relative } from 'node:path';

export interface KubeconfigOptions {
  /** Explicit file (the `--kubeconfig` flag). */
  kubeconfig?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Environment to read KUBECONFIG from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Folders whose files must not make us run a program (an untrusted workspace): a user with an `exec` credential
   * plugin or an `auth-provider` that comes from a kubeconfig file inside one of them is refused.
   */
  untrustedRoots?: readonly string[];
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  context: string;
  server: string;
  /** Namespace of the context, `default` when unset. */
  namespace: string;
  /** Files that were read. */
  files: string[];
}

export class KubeconfigError extends Error {}

/** Which files kubectl would read, in merge order. */
export function kubeconfigFiles(opts: KubeconfigOptions = {}): string[] {
  if (opts.kubeconfig) return [opts.kubeconfig];
  const env = opts.env ?? process.env;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0);
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

export function loadKubeconfig(opts: KubeconfigOptions = {}): LoadedKubeconfig {
  const candidates = kubeconfigFiles(opts);
  // kubectl ignores missing files in KUBECONFIG but fails on a missing --kubeconfig.
  const files = opts.kubeconfig ? candidates : candidates.filter((f) => existsSync(f));
  if (files.length === 0) {
    throw new KubeconfigError(`no kubeconfig found (looked at ${candidates.join(', ')}); pass --kubeconfig or set KUBECONFIG`);
  }
  const kc = new KubeConfig();
  const userFile = new Map<string, string>();
  files.forEach((file, i) => {
    if (!existsSync(file)) throw new KubeconfigError(`kubeconfig ${file} does not exist`);
    const part = i === 0 ? kc : new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      throw new KubeconfigError(`kubeconfig ${file} could not be read: ${(err as Error).message}`);
    }
    for (const u of part.users) if (!userFile.has(u.name)) userFile.set(u.name, file);
    // First file wins for duplicate names and current-context, as kubectl does.
    if (i > 0) mergeKeepingFirst(kc, part);
  });
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new KubeconfigError(`context "${opts.context}" not found in kubeconfig (available: ${names.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const contextName = kc.getCurrentContext();
  const ctx = contextName ? kc.getContextObject(contextName) : null;
  if (!ctx) throw new KubeconfigError('kubeconfig has no current context; pass --context');
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeconfigError(`context "${contextName}" refers to a cluster that is not in the kubeconfig`);
  refuseUntrustedPlugin(kc, userFile, opts.untrustedRoots ?? []);
  return { kc, context: contextName, server: cluster.server, namespace: ctx.namespace || 'default', files };
}

/** Throws when the current user would run a credential plugin named by a kubeconfig inside an untrusted folder. */
function refuseUntrustedPlugin(kc: KubeConfig, userFile: ReadonlyMap<string, string>, roots: readonly string[]): void {
  const user = kc.getCurrentUser();
  if (!user || roots.length === 0) return;
  const plugin = user.exec ? `exec credential plugin "${user.exec.command}"` : user.authProvider ? `auth-provider "${user.authProvider.name}"` : undefined;
  const file = userFile.get(user.name);
  if (!plugin || !file) return;
  const real = realOrSame(file);
  const inside = roots.some((root) => {
    const rel = relative(realOrSame(root), real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (inside) {
    throw new KubeconfigError(
      `user "${user.name}" in ${file} runs an ${plugin}, and that kubeconfig lies in this untrusted workspace: trust the workspace to use it, or use a kubeconfig outside it`,
    );
  }
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Names of all contexts across the merged kubeconfig files (for pickers). */
export function listContexts(opts: Omit<KubeconfigOptions, 'context'> = {}): string[] {
  return loadKubeconfig(opts).kc.getContexts().map((c) => c.name);
}

function mergeKeepingFirst(into: KubeConfig, from: KubeConfig): void {
  const have = <T extends { name: string }>(list: T[], name: string) => list.some((x) => x.name === name);
  const clusters = [...into.clusters, ...from.clusters.filter((c) => !have(into.clusters, c.name))];
  const users = [...into.users, ...from.users.filter((u) => !have(into.users, u.name))];
  const contexts = [...into.contexts, ...from.contexts.filter((c) => !have(into.contexts, c.name))];
  const current = into.getCurrentContext() || from.getCurrentContext();
  into.loadFromOptions({ clusters, users, contexts, currentContext: current });
}
