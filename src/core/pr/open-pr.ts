// The whole "Commit & Open PR" flow without an editor: defaults from the repo, branch + push, then the PR.
// Safe to call again after any failure: the branch step resumes and the PR step reuses an open PR.
import { GitOpsError } from '../git/errors';
import { createPrBranch, type PrBranchResult, type PrBranchStep } from '../git/pr-branch';
import { inspectRepo, type RepoInfo } from '../git/repo';
import type { ForgeKind, ParsedRemote } from '../git/remote-url';
import { openGit, type GitOptions } from '../git/run';
import { commitMessage, prBody, prTitle, suggestBranchName, type PrChange } from './describe';
import { createGenericProvider } from './generic';
import type { PrRef, PullRequestProvider } from './provider';

export interface PrDraft {
  repo: RepoInfo;
  remote: string;
  /** Parsed remote URL; undefined for local-path remotes. */
  remoteUrl?: ParsedRemote;
  base: string;
  branch: string;
  message: string;
  title: string;
  body: string;
  /** Repo-relative files that will go in. */
  files: string[];
}

export interface PreparePrOptions extends GitOptions {
  repoDir: string;
  changes: PrChange[];
  /** Files to commit; default: the changes' files. */
  files?: string[];
  remote?: string;
  base?: string;
  forgeOverrides?: Record<string, ForgeKind>;
}

/** Everything the UI asks the user to confirm, filled with suggestions. Throws no-remote / base-not-found early. */
export async function preparePr(options: PreparePrOptions): Promise<PrDraft> {
  const repo = await inspectRepo(options.repoDir, options);
  const remote = options.remote ?? repo.preferredRemote;
  if (!remote) throw new GitOpsError('no-remote', 'This repository has no remote. Add one (git remote add origin <url>) to open pull requests.');
  const remoteInfo = repo.remotes.find((r) => r.name === remote);
  if (!remoteInfo) throw new GitOpsError('no-remote', `There is no remote named "${remote}".`);
  const base = options.base ?? (remote === repo.preferredRemote ? repo.defaultBranch : undefined) ?? 'main';
  const git = openGit(repo.root, options);
  const taken = (await git.tryRun(['for-each-ref', '--format=%(refname:short)', 'refs/heads', `refs/remotes/${remote}`])).stdout
    .split('\n')
    .map((s) => s.trim().replace(new RegExp(`^${remote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`), ''))
    .filter(Boolean);
  const files = [...new Set(options.files ?? options.changes.map((c) => c.file))];
  return {
    repo,
    remote,
    remoteUrl: remoteInfo.parsed,
    base,
    branch: suggestBranchName(options.changes, taken),
    message: commitMessage(options.changes),
    title: prTitle(options.changes),
    body: prBody(options.changes, { repoRoot: repo.root }),
    files,
  };
}

/** The steps of "Commit & Open PR": the branch's, then the forge API call. */
export type PrFlowStep = PrBranchStep | 'open-pr';

export interface OpenPrOptions extends GitOptions {
  repoDir: string;
  files: string[];
  remote: string;
  base: string;
  branch: string;
  message: string;
  title: string;
  body: string;
  draft?: boolean;
  author?: { name: string; email: string };
  /** The forge API; default: the remote's "new pull request" page. */
  provider?: PullRequestProvider;
  remoteUrl?: ParsedRemote;
  /** Told before each step starts (for a progress display). */
  onProgress?: (step: PrFlowStep) => void;
}

export interface OpenPrResult {
  branch: PrBranchResult;
  pr: PrRef;
}

/** Branch + commit + push (never forced), then creates or reuses the PR. */
export async function openPullRequest(options: OpenPrOptions): Promise<OpenPrResult> {
  const branch = await createPrBranch({
    repoDir: options.repoDir, files: options.files, branch: options.branch, message: options.message,
    base: options.base, remote: options.remote, author: options.author, env: options.env, onProgress: options.onProgress,
  });
  const provider = options.provider ?? (options.remoteUrl ? createGenericProvider(options.remoteUrl) : undefined);
  if (!provider) {
    throw new GitOpsError('no-remote', `The branch ${branch.branch} was pushed, but ${options.remote} is not a forge URL: open the pull request by hand.`);
  }
  options.onProgress?.('open-pr');
  const pr = await provider.create({ title: options.title, body: options.body, head: branch.branch, base: options.base, draft: options.draft });
  return { branch, pr };
}
