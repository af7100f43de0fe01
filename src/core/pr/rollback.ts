// Rollback as a GitOps change: a manifest's history, and a PR that brings it back to an older commit.
import { basename, relative, resolve, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import { GitOpsError } from '../git/errors';
import { createPrBranch, type PrBranchResult } from '../git/pr-branch';
import { repoRoot } from '../git/repo';
import { openGit, type GitOptions } from '../git/run';

export interface FileCommit {
  commit: string;
  shortCommit: string;
  author: string;
  authorEmail: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  /** Repo-relative path of the file in that commit (differs from today's after a rename). */
  path: string;
}

export interface FileHistoryOptions extends GitOptions {
  /** Where to read history from; default HEAD. E.g. `origin/main`. */
  ref?: string;
  limit?: number;
}

function repoPath(root: string, repoDir: string, file: string): string {
  const abs = resolve(repoDir, file);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    /* deleted: keep lexical */
  }
  const rel = relative(root, real.startsWith(root) ? real : abs);
  if (rel.startsWith('..')) throw new GitOpsError('git-failed', `${file} is not inside the repository ${root}.`);
  return rel.split(sep).join('/');
}

/** Commits touching `file`, newest first, following renames. */
export async function fileHistory(repoDir: string, file: string, options: FileHistoryOptions = {}): Promise<FileCommit[]> {
  const root = realpathSync(await repoRoot(repoDir, options));
  const git = openGit(root, options);
  const path = repoPath(root, realpathSync(repoDir), file);
  const args = ['log', '--follow', '--name-only', '--format=%x1e%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%s'];
  if (options.limit) args.push(`--max-count=${options.limit}`);
  const r = await git.tryRun([...args, options.ref ?? 'HEAD', '--', path]);
  if (r.exitCode !== 0) return []; // no commits yet
  const out: FileCommit[] = [];
  for (const chunk of r.stdout.split('\x1e')) {
    if (!chunk.trim()) continue;
    const [header, ...rest] = chunk.split('\n');
    const [commit, shortCommit, author, authorEmail, date, subject] = header.split('\x1f');
    const name = rest.map((l) => l.trim()).find(Boolean) ?? path;
    out.push({ commit, shortCommit, author, authorEmail, date, subject: subject ?? '', path: name });
  }
  return out;
}

export interface RestorePlan {
  /** Repo-relative path the content is written to (today's name). */
  file: string;
  commit: string;
  /** Content of the file at `commit` (under its name then); null if the commit deleted it. */
  content: Buffer | null;
  branch: string;
  message: string;
  title: string;
  body: string;
}

/** What "Restore this version" will do: the content at `commit`, and a branch name, message, title and body. */
export async function planRestore(repoDir: string, file: string, commit: string, options: FileHistoryOptions = {}): Promise<RestorePlan> {
  const root = realpathSync(await repoRoot(repoDir, options));
  const git = openGit(root, options);
  const path = repoPath(root, realpathSync(repoDir), file);
  const full = (await git.tryRun(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`])).stdout.trim();
  if (!full) throw new GitOpsError('git-failed', `Commit ${commit} was not found.`);
  const history = await fileHistory(repoDir, file, { ...options, ref: options.ref ?? 'HEAD' });
  const entry = history.find((h) => h.commit === full);
  const pathThen = entry?.path ?? path;
  const blob = await git.tryRun(['rev-parse', '--verify', '--quiet', `${full}:${pathThen}`]);
  const content = blob.exitCode === 0 ? await git.showBytes(blob.stdout.trim()) : null;
  const short = full.slice(0, 7);
  const subject = entry?.subject ?? (await git.run(['log', '-1', '--format=%s', full])).trim();
  const name = basename(path).replace(/\.(ya?ml|json)$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'file';
  const title = `Restore ${path} to ${short}`;
  return {
    file: path,
    commit: full,
    content,
    branch: `converge/restore-${name}-${short}`,
    message: `${title}\n\nBrings ${path} back to its content in ${short} ("${subject}").`,
    title,
    body:
      `Rolls back \`${path}\` to its content at ${full} ("${subject.replace(/[`|]/g, '')}").\n\n` +
      `Once merged and synced, the cluster follows the restored manifest.\n`,
  };
}

export interface RestoreVersionOptions extends GitOptions {
  repoDir: string;
  plan: RestorePlan;
  remote: string;
  base: string;
  /** Override of the plan's branch name. */
  branch?: string;
  author?: { name: string; email: string };
}

/** Makes the PR branch for a plan (the user's checkout is not touched). */
export async function restoreVersion(options: RestoreVersionOptions): Promise<PrBranchResult> {
  const root = realpathSync(await repoRoot(options.repoDir, options));
  const { plan } = options;
  return createPrBranch({
    repoDir: root,
    files: [plan.file],
    contents: { [plan.file]: plan.content },
    branch: options.branch ?? plan.branch,
    message: plan.message,
    base: options.base,
    remote: options.remote,
    author: options.author,
    env: options.env,
  });
}
