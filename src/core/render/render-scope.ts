// What a render may read and what a check shows. A check of a sub-folder (`converge check clusters/prod`,
// `apps/overlays/prod`) still renders what touches it: overlays with their bases elsewhere in the repository,
// Flux/Argo CD objects with their paths, and (inside a workspace folder) the operator objects elsewhere that
// render the checked folder. Nothing outside the repository root is ever read.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../gitops/resolve-path';
import type { SourceRoots } from '../gitops/resolve-path';

export interface RenderScope {
  /** The checked folders and files (absolute). */
  checked: string[];
  /**
   * Repository root of each checked path: the nearest folder with `.git`, else the workspace folder holding
   * it, else the checked folder. Flux/Argo CD paths resolve inside it; nothing outside it is read.
   */
  repos: string[];
  /**
   * Folders also searched for Flux/Argo CD objects and kustomizations that render checked files: the workspace
   * folder (within the repository) when a strict sub-folder of it is checked. Empty when the check covers it.
   */
  around: string[];
  /** Folders paths in messages are relative to, first match wins (workspace folder, checked folders, repository). */
  display: string[];
}

export function renderScope(roots: readonly string[], workspaceRoot?: string): RenderScope {
  const checked = [...new Set(roots.map((r) => path.resolve(r)))];
  const workspace = workspaceRoot ? path.resolve(workspaceRoot) : undefined;
  const repos = new Set<string>();
  const around = new Set<string>();
  const checkedDirs: string[] = [];
  for (const root of checked) {
    const dir = isDirectory(root) ? root : path.dirname(root);
    checkedDirs.push(dir);
    const git = gitToplevel(dir);
    const inWorkspace = workspace !== undefined && isInside(root, workspace);
    const repo = git ?? (inWorkspace ? (workspace as string) : dir);
    repos.add(repo);
    if (inWorkspace && root !== workspace) around.add(isInside(workspace as string, repo) ? (workspace as string) : repo);
  }
  // A folder around a checked one that another checked one already covers needs no second search.
  const aroundList = [...around].filter((a) => !checked.some((c) => isInside(a, c)));
  return {
    checked,
    repos: [...repos],
    around: aroundList,
    display: [...new Set([...(workspace ? [workspace] : []), ...checkedDirs, ...repos])],
  };
}

/** Source roots for resolving Flux/Argo CD paths in this scope. */
export function scopeSourceRoots(scope: RenderScope): SourceRoots {
  return { bases: scope.display, repos: scope.repos };
}

/** A path inside a checked folder (or a checked file). */
export function inChecked(scope: RenderScope, p: string): boolean {
  return scope.checked.some((c) => isInside(p, c));
}

/** A folder that holds a checked path or lies inside one: a render of it touches the check. */
export function touchesChecked(scope: RenderScope, dir: string): boolean {
  return scope.checked.some((c) => isInside(dir, c) || isInside(c, dir));
}

/** The nearest folder from `dir` up that holds `.git` (a folder, or a file for worktrees and submodules). */
export function gitToplevel(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
