// Scratch folders for building a PR branch (`<tmp>/converge-pr-XXXXXX`, holding the temporary worktree),
// and the clean-up of those a crashed run left behind. Each folder names its owner process in `owner.pid`,
// written before any worktree is added, so a later run can tell a dead run's leftovers from a live one's.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Git } from './run';

const PREFIX = 'converge-pr-';
const OWNER_FILE = 'owner.pid';
/** Basename of the temporary worktree inside a scratch folder. */
export const WORKTREE_NAME = 'worktree';

const REPO_FILE = 'repository';

/** A fresh scratch folder owned by this process, for a PR branch of the repository at `root`. */
export function createScratch(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, REPO_FILE), `${root}\n`);
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

function repoOf(scratch: string): string | undefined {
  try {
    return readFileSync(join(scratch, REPO_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** 'alive' | 'dead' | 'unknown' (no owner file: just being created, or not ours). */
function ownerState(scratch: string): 'alive' | 'dead' | 'unknown' {
  let text: string;
  try {
    text = readFileSync(join(scratch, OWNER_FILE), 'utf8');
  } catch {
    return 'unknown';
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  return pid === process.pid || processAlive(pid) ? 'alive' : 'dead';
}

function isScratchWorktree(path: string): boolean {
  return basename(path) === WORKTREE_NAME && basename(dirname(path)).startsWith(PREFIX);
}

/**
 * Removes the temporary worktrees of runs that died (killed, crashed) from the repository's worktree list,
 * their scratch folders, and this repository's other scratch folders of dead runs. Never touches a live
 * run's, another repository's, nor anything outside `<tmp>/converge-pr-*`. The user's checkout, index, HEAD and branches are not involved:
 * a worktree of ours is detached and its index lives in `.git/worktrees/<name>`.
 */
export async function removeStaleScratch(git: Git): Promise<string[]> {
  const removed: string[] = [];
  const list = await git.tryRun(['worktree', 'list', '--porcelain']);
  const paths = list.stdout
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length));
  for (const path of paths) {
    if (!isScratchWorktree(path)) continue;
    const scratch = dirname(path);
    // The owner file is written before `worktree add`: a worktree of ours without one is a dead run's
    // whose folder was cleaned away (e.g. by a reboot).
    if (ownerState(scratch) === 'alive') continue;
    // A run killed inside `git worktree add` leaves it locked ("initializing"); `prune` skips locked ones.
    await git.tryRun(['worktree', 'unlock', path]);
    await git.tryRun(['worktree', 'remove', '--force', '--force', path]);
    rmSync(scratch, { recursive: true, force: true });
    removed.push(path);
  }
  if (removed.length) await git.tryRun(['worktree', 'prune']);
  // Scratch folders of this repository without a worktree (killed before `worktree add` or after its removal).
  let entries: string[] = [];
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(PREFIX));
  } catch {
    /* unreadable temp dir: nothing to clean */
  }
  for (const e of entries) {
    const scratch = join(tmpdir(), e);
    if (repoOf(scratch) !== git.dir || ownerState(scratch) !== 'dead') continue;
    // Still holding a worktree? Then it is registered (the loop above handles this repository's).
    let inside: string[] = [];
    try {
      inside = readdirSync(scratch);
    } catch {
      continue; // removed meanwhile
    }
    if (inside.includes(WORKTREE_NAME)) continue;
    rmSync(scratch, { recursive: true, force: true });
    removed.push(scratch);
  }
  return removed;
}
