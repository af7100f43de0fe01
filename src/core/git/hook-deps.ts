// What the user's commit hooks need from their checkout but the temporary worktree lacks: the ignored
// `node_modules` folders (husky, lint-staged, commitlint, prettier… run from there). Each one is made
// visible in the worktree as a real folder holding one link per entry of the checkout's folder, so that
// git still sees an ignored folder (a link named `node_modules` would not match a `node_modules/` rule,
// and a hook running `git add -A` could commit it). Nothing is copied; the links are removed before the
// worktree is, and a killed run's worktree is removed without following them (see scratch.ts).
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hookExists } from './hooks';
import type { Git } from './run';

/** Hooks that `git commit` runs. */
export const COMMIT_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'] as const;

export async function hasCommitHook(git: Git): Promise<boolean> {
  for (const hook of COMMIT_HOOKS) if (await hookExists(git, hook)) return true;
  return false;
}

/** Repo-relative `node_modules` folders of the checkout that git ignores (found without entering them). */
export async function ignoredNodeModules(git: Git): Promise<string[]> {
  const r = await git.tryRun(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z']);
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\0')
    .filter((p) => p === 'node_modules/' || p.endsWith('/node_modules/'))
    .map((p) => p.slice(0, -1));
}

/**
 * Links the checkout's ignored `node_modules` folders into the worktree, where the worktree's own rules
 * ignore them too and nothing is there yet. Returns the folders made (to give to `unlinkNodeModules`).
 */
export async function linkNodeModules(git: Git, worktree: Git): Promise<string[]> {
  const found = await ignoredNodeModules(git);
  if (found.length === 0) return [];
  const ignored = await worktree.tryRun(['check-ignore', '--', ...found.map((p) => `${p}/`)]);
  const ignoredThere = new Set(ignored.stdout.split('\n').map((l) => l.trim().replace(/\/$/, '')).filter(Boolean));
  const made: string[] = [];
  for (const rel of found) {
    const target = join(worktree.dir, rel);
    if (!ignoredThere.has(rel) || existsSync(target)) continue;
    const source = join(git.dir, rel);
    let entries: string[];
    try {
      entries = readdirSync(source);
    } catch {
      continue;
    }
    mkdirSync(target, { recursive: true });
    made.push(rel);
    for (const entry of entries) symlinkSync(join(source, entry), join(target, entry), linkType(join(source, entry)));
  }
  return made;
}

/** Windows: a junction for a folder (no privilege needed, unlike a directory symlink); elsewhere the default. */
function linkType(source: string): 'junction' | undefined {
  if (process.platform !== 'win32') return undefined;
  try {
    return statSync(source).isDirectory() ? 'junction' : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the links (never what they point to) and the folders `linkNodeModules` made. */
export function unlinkNodeModules(worktreeDir: string, made: string[]): void {
  for (const rel of made) {
    const dir = join(worktreeDir, rel);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const p = join(dir, entry);
      // Only our links; anything a hook created in there is a plain file of the worktree.
      if (lstatSync(p).isSymbolicLink()) rmSync(p, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
