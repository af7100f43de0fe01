// Builds a PR branch from chosen files without touching the user's checkout: the commit is made in a
// temporary `git worktree` on `<remote>/<base>` (so the user's hooks and config apply), the branch ref is
// created only once the commit exists, and it is pushed with upstream, never forced.
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GitOpsError } from './errors';
import { hookExists } from './hooks';
import { hasCommitHook, linkNodeModules, unlinkNodeModules } from './hook-deps';
import { assertValidBranchName, pushBranch, pushError } from './push';
import { refExists, repoRoot } from './repo';
import { GitCommandError, openGit, type Git, type GitOptions } from './run';
import { desiredFromWorkingTree, hashContent, type DesiredFile, type FileContent } from './desired-content';
import { createScratch, removeStaleScratch, WORKTREE_NAME } from './scratch';

/**
 * The steps of building a PR branch, in order, each reported before it starts. A run killed at any of them
 * leaves the user's checkout, index, HEAD and other branches as they were; running again completes it.
 */
export type PrBranchStep =
  | 'fetch'
  | 'prepare'
  | 'worktree-add'
  | 'link-hook-deps'
  | 'write-files'
  | 'stage'
  | 'commit'
  | 'remove-worktree'
  | 'create-branch'
  | 'push';

export interface CreatePrBranchOptions extends GitOptions {
  /** Any directory inside the repository. */
  repoDir: string;
  /** Only these paths go in (absolute, or relative to repoDir), with their current working-tree content. */
  files: string[];
  branch: string;
  message: string;
  /** Base branch name on the remote, e.g. `main`. */
  base: string;
  remote: string;
  author?: { name: string; email: string };
  /**
   * Explicit content per file instead of the working tree (null deletes the file); keys as in `files`.
   * Used by rollback. No merge is done for these.
   */
  contents?: Record<string, Buffer | string | null>;
  /** Fetch the base (and the branch) from the remote first. Default true. */
  fetch?: boolean;
  /** Push the branch. Default true. */
  push?: boolean;
  /** Told before each step starts (for a progress display). */
  onProgress?: (step: PrBranchStep) => void;
}

export interface PrBranchResult {
  branch: string;
  remote: string;
  base: string;
  /** Commit at the tip of the branch. */
  commit: string;
  /** Commit of `<remote>/<base>` the branch was built on. */
  baseCommit: string;
  /** Repo-relative paths that went in. */
  files: string[];
  /** Files where the base had moved and the user's change was merged onto it. */
  merged: string[];
  /** The branch already existed holding exactly this change (a retry): no new commit was made. */
  reused: boolean;
  /** A push was made in this call (false when the remote already had the commit or push was off). */
  pushed: boolean;
}

/** Repo-relative `/`-separated path of `file`, or an error if it is outside the repository. */
function toRepoPath(root: string, repoDir: string, file: string): string {
  const abs = resolve(repoDir, file);
  let real = abs;
  try {
    real = join(realpathSync(dirname(abs)), abs.slice(dirname(abs).length + 1));
  } catch {
    /* the folder may not exist (a deleted file): keep the lexical path */
  }
  const rel = relative(root, real);
  if (!rel || rel.startsWith('..') || resolve(root, rel) !== resolve(real)) {
    throw new GitOpsError('git-failed', `${file} is not inside the repository ${root}.`);
  }
  return rel.split(sep).join('/');
}

async function revParse(git: Git, rev: string): Promise<string | undefined> {
  const r = await git.tryRun(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** A push killed before it wrote the upstream config leaves the branch without one: set it, as `push -u` would. */
async function ensureUpstream(git: Git, remote: string, branch: string): Promise<void> {
  if ((await git.tryRun(['config', '--get', `branch.${branch}.remote`])).exitCode === 0) return;
  await git.tryRun(['branch', `--set-upstream-to=${remote}/${branch}`, branch]);
}

async function ensureRemote(git: Git, remote: string): Promise<void> {
  const r = await git.tryRun(['remote']);
  const names = r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  if (names.includes(remote)) return;
  throw new GitOpsError(
    'no-remote',
    names.length === 0
      ? `This repository has no remote. Add one (git remote add origin <url>) to open pull requests.`
      : `There is no remote named "${remote}" (remotes: ${names.join(', ')}).`,
  );
}

/**
 * Heads of `base` and `branch` on the remote (one round-trip; the truth even when remote-tracking refs are
 * stale), then fetches those that exist. Returns branch name → commit.
 */
async function fetchRefs(git: Git, remote: string, base: string, branch: string): Promise<Map<string, string>> {
  let listed: string;
  try {
    listed = await git.run(['ls-remote', '--heads', remote, `refs/heads/${base}`, `refs/heads/${branch}`]);
  } catch (e) {
    if (!(e instanceof GitCommandError)) throw e;
    const err = pushError(e.output, remote, branch);
    throw new GitOpsError(err.code === 'git-failed' ? 'network' : err.code, `Could not read ${remote}: ${err.message}`, e.output);
  }
  const heads = new Map<string, string>();
  for (const line of listed.split('\n')) {
    const [sha, ref] = line.trim().split('\t');
    if (sha && ref?.startsWith('refs/heads/')) heads.set(ref.slice('refs/heads/'.length), sha);
  }
  const refspecs = [...heads.keys()]
    // Remote-tracking refs follow the remote as `git fetch` does; nothing is ever forced on the remote.
    .map((b) => `+refs/heads/${b}:refs/remotes/${remote}/${b}`);
  if (refspecs.length === 0) return heads;
  try {
    await git.run(['fetch', '--no-tags', '--no-write-fetch-head', remote, ...refspecs]);
  } catch (e) {
    if (!(e instanceof GitCommandError)) throw e;
    throw new GitOpsError('network', `Could not fetch from ${remote}: ${e.output}`, e.output);
  }
  return heads;
}

/** Does `tip` hold exactly these files' contents, and change nothing else relative to the base? */
async function holdsChange(git: Git, tip: string, baseCommit: string, desired: DesiredFile[], scratch: string): Promise<boolean> {
  for (const f of desired) {
    const r = await git.tryRun(['rev-parse', '--verify', '--quiet', `${tip}:${f.path}`]);
    const have = r.exitCode === 0 ? r.stdout.trim() : undefined;
    const want = f.content ? await hashContent(git, scratch, f.path, f.content) : undefined;
    if (have !== want) return false;
  }
  const mb = await git.tryRun(['merge-base', tip, baseCommit]);
  if (mb.exitCode !== 0) return false;
  const changed = (await git.run(['diff', '--name-only', '-z', '--no-renames', mb.stdout.trim(), tip])).split('\0').filter(Boolean);
  const ours = new Set(desired.map((f) => f.path));
  return changed.every((p) => ours.has(p));
}

/**
 * A relative `core.hooksPath` (husky's `.husky/_`, `.githooks`) is resolved by git against the working tree,
 * which in the temporary worktree would miss the user's (often untracked) hooks: pin it to the user's root.
 */
async function hooksPathEnv(git: Git): Promise<NodeJS.ProcessEnv> {
  const r = await git.tryRun(['config', '--get', 'core.hooksPath']);
  const value = r.stdout.trim();
  if (r.exitCode !== 0 || !value || isAbsolute(value) || value.startsWith('~')) return {};
  const n = Number(process.env.GIT_CONFIG_COUNT ?? 0) || 0;
  return { GIT_CONFIG_COUNT: String(n + 1), [`GIT_CONFIG_KEY_${n}`]: 'core.hooksPath', [`GIT_CONFIG_VALUE_${n}`]: resolve(git.dir, value) };
}

async function commitInWorktree(
  git: Git,
  options: CreatePrBranchOptions,
  baseCommit: string,
  desired: DesiredFile[],
  scratch: string,
): Promise<string> {
  const wtDir = join(scratch, WORKTREE_NAME);
  const progress = options.onProgress ?? (() => undefined);
  progress('worktree-add');
  // LFS content is not needed to commit a manifest: skip downloading it into the scratch checkout.
  await openGit(git.dir, { ...options, env: { ...options.env, GIT_LFS_SKIP_SMUDGE: '1' } }).run(['worktree', 'add', '--detach', wtDir, baseCommit]);
  const wt = openGit(wtDir, { ...options, env: { ...options.env, ...(await hooksPathEnv(git)) } });
  let linked: string[] = [];
  try {
    progress('link-hook-deps');
    // Hooks that work in the user's checkout must work here: give them its node_modules.
    if (await hasCommitHook(wt)) linked = await linkNodeModules(git, wt);
    progress('write-files');
    for (const f of desired) {
      const abs = join(wtDir, f.path);
      if (f.content) {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, f.content);
      } else {
        rmSync(abs, { force: true });
      }
    }
    // (-v and --name-only print something, which lets simple-git return without its 50 ms idle wait.)
    progress('stage');
    await wt.run(['add', '-A', '-v', '--', ...desired.map((f) => f.path)]);
    if (!(await wt.run(['diff', '--cached', '--name-only'])).trim()) {
      throw new GitOpsError('no-changes', `The chosen files already match ${options.remote}/${options.base}: nothing to commit.`);
    }
    const args = ['commit', '-m', options.message];
    if (options.author) args.push(`--author=${options.author.name} <${options.author.email}>`);
    progress('commit');
    try {
      await wt.run(args);
    } catch (e) {
      if (!(e instanceof GitCommandError)) throw e;
      for (const hook of ['pre-commit', 'commit-msg', 'prepare-commit-msg']) {
        if (await hookExists(wt, hook)) {
          throw new GitOpsError('hook-failed', `The commit was stopped by a git hook (${hook}):\n${e.output}`, e.output);
        }
      }
      throw new GitOpsError('git-failed', `git commit failed: ${e.output}`, e.output);
    }
    return (await wt.run(['rev-parse', 'HEAD'])).trim();
  } finally {
    progress('remove-worktree');
    unlinkNodeModules(wtDir, linked);
    const removed = await git.tryRun(['worktree', 'remove', '--force', wtDir]);
    rmSync(wtDir, { recursive: true, force: true });
    if (removed.exitCode !== 0) await git.tryRun(['worktree', 'prune']);
  }
}

function asBuffer(c: Buffer | string | null): FileContent {
  return c === null ? null : Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8');
}

export async function createPrBranch(options: CreatePrBranchOptions): Promise<PrBranchResult> {
  try {
    return await buildPrBranch(options);
  } catch (e) {
    if (e instanceof GitCommandError) throw new GitOpsError('git-failed', `git ${e.args[0] ?? ''} failed: ${e.output}`, e.output);
    throw e;
  }
}

async function buildPrBranch(options: CreatePrBranchOptions): Promise<PrBranchResult> {
  const { branch, remote, base } = options;
  if (options.files.length === 0) throw new GitOpsError('no-changes', 'No files were chosen.');
  const root = realpathSync(await repoRoot(options.repoDir, options));
  const repoDir = realpathSync(options.repoDir);
  const git = openGit(root, options);
  await assertValidBranchName(git, branch);
  if (branch === base) throw new GitOpsError('invalid-branch', `The PR branch must differ from the base branch "${base}".`);
  await ensureRemote(git, remote);
  const progress = options.onProgress ?? (() => undefined);
  await removeStaleScratch(git);
  progress('fetch');
  const remoteHeads = options.fetch !== false ? await fetchRefs(git, remote, base, branch) : undefined;
  const baseCommit = await revParse(git, `refs/remotes/${remote}/${base}`);
  if (!baseCommit) {
    throw new GitOpsError('base-not-found', `The base branch "${base}" was not found on ${remote}.`);
  }

  const scratch = createScratch(root);
  try {
    progress('prepare');
    const paths = options.files.map((f) => toRepoPath(root, repoDir, f));
    let desired: DesiredFile[];
    if (options.contents) {
      desired = options.files.map((f, i) => {
        if (!(f in options.contents!)) throw new GitOpsError('git-failed', `No content given for ${f}.`);
        return { path: paths[i], content: asBuffer(options.contents![f]), merged: false };
      });
    } else {
      const head = await revParse(git, 'HEAD');
      const ancestor = head ? (await git.tryRun(['merge-base', head, baseCommit])).stdout.trim() || undefined : undefined;
      desired = await desiredFromWorkingTree(git, paths, baseCommit, ancestor, scratch);
    }
    const result = (commit: string, reused: boolean, pushed: boolean): PrBranchResult => ({
      branch, remote, base, commit, baseCommit, files: paths,
      merged: desired.filter((d) => d.merged).map((d) => d.path), reused, pushed,
    });

    const localTip = await revParse(git, `refs/heads/${branch}`);
    const remoteTip = remoteHeads?.get(branch);
    const existing = localTip ?? remoteTip;
    if (existing) {
      if (!(await holdsChange(git, existing, baseCommit, desired, scratch))) {
        const where = localTip ? (remoteTip ? `locally and on ${remote}` : 'locally') : `on ${remote}`;
        throw new GitOpsError('branch-exists', `Branch "${branch}" already exists ${where} with other changes. Choose another branch name.`);
      }
      if (!localTip) {
        progress('create-branch');
        await git.run(['branch', '--no-track', branch, existing]);
        await git.tryRun(['branch', `--set-upstream-to=${remote}/${branch}`, branch]);
      }
      if (existing === remoteTip && localTip) await ensureUpstream(git, remote, branch);
      if (options.push === false || existing === remoteTip) return result(existing, true, false);
      progress('push');
      await pushBranch(git, remote, branch, true);
      return result(existing, true, true);
    }

    const commit = await commitInWorktree(git, options, baseCommit, desired, scratch);
    // Create (never move) the branch only now that the commit exists.
    progress('create-branch');
    await git.run(['branch', '--no-track', branch, commit]);
    if (options.push === false) return result(commit, false, false);
    progress('push');
    await pushBranch(git, remote, branch, true);
    return result(commit, false, true);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
