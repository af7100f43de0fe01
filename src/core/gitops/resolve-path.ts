// Paths in Flux/Argo CD objects are relative to the root of their source (the repo): resolve them in the
// repository, never outside it.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Where declared paths are looked up. A plain list of folders means both: paths are tried against them and
 * nothing outside them is read.
 */
export interface SourceRoots {
  /** Folders a declared path is tried against first, in order (the checked folders, the workspace folder). */
  bases: readonly string[];
  /** Repository roots (git toplevel or workspace folder): a path that leads outside all of them is refused. */
  repos: readonly string[];
}

export type RootsLike = readonly string[] | SourceRoots;

export function sourceRoots(roots: RootsLike): SourceRoots {
  if (isSourceRoots(roots)) return roots;
  const abs = roots.map((r) => path.resolve(r));
  return { bases: abs, repos: abs };
}

function isSourceRoots(roots: RootsLike): roots is SourceRoots {
  return !Array.isArray(roots);
}

/** A declared path resolved in the repository, or why it cannot be. */
export type ResolvedPath = { path: string } | { missing: true } | { outside: string };

/**
 * `declared` resolved against the base holding `fromFile`, then the repository root, then each folder between
 * the file and that root (for repos nested in a bigger one). A path that leads out of the repository (`..`,
 * a symlink) is refused with the folder it would read.
 */
export function resolveRepoPath(declared: string, fromFile: string, roots: RootsLike): ResolvedPath {
  const { bases, repos } = sourceRoots(roots);
  const repo = repos.map((r) => path.resolve(r)).find((r) => isInside(fromFile, r));
  if (!repo) return { missing: true };
  const candidates: string[] = [];
  for (const base of bases) if (isInside(fromFile, base) && isInside(base, repo)) candidates.push(path.resolve(base));
  candidates.push(repo);
  for (let dir = path.dirname(fromFile); isInside(dir, repo); dir = path.dirname(dir)) {
    candidates.push(dir);
    if (dir === repo || path.dirname(dir) === dir) break;
  }
  const relative = declared.replace(/^\/+/, '');
  let outside: string | undefined;
  for (const base of new Set(candidates)) {
    const full = path.resolve(base, relative);
    if (!isInsideReal(full, repo)) {
      outside ??= full;
      continue;
    }
    if (existsSync(full)) return { path: full };
  }
  return outside ? { outside } : { missing: true };
}

/** The absolute path `declared` names in the repository; undefined when it is not there (or outside it). */
export function resolveSourcePath(declared: string, fromFile: string, roots: RootsLike): string | undefined {
  const found = resolveRepoPath(declared, fromFile, roots);
  return 'path' in found ? found.path : undefined;
}

/** "is not in the workspace" / "is outside the repository", for unit messages. */
export function unresolvedReason(found: Exclude<ResolvedPath, { path: string }>): string {
  return 'outside' in found ? 'is outside the repository (never read)' : 'is not in the workspace';
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Inside `dir` also after following symbolic links (paths that do not exist are judged as written). */
export function isInsideReal(file: string, dir: string): boolean {
  if (!isInside(file, dir)) return false;
  const real = realOrSelf(file);
  return real === file || isInside(real, realOrSelf(dir));
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
