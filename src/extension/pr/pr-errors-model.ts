// What the user is told when Commit & Open PR / Restore fails: every GitOpsError and PrApiError code mapped to a
// message and the actions that help. Pure: no vscode import. Nothing is lost in any of these cases: the PR branch
// is built in a temporary worktree, so the user's checkout and edits stay as they were.
import { GitOpsError, type GitOpsErrorCode } from '../../core/git/errors';
import { PrApiError, type PrApiErrorCode } from '../../core/pr/provider';

export type PrErrorAction = 'Show Log' | 'Retry' | 'Sign In Again' | 'Open Settings';

export interface PrErrorReport {
  message: string;
  /** Raw output (git, hooks) for the log; never shown in the notification. */
  details?: string;
  actions: PrErrorAction[];
  /** The stored GitLab token should be forgotten (it was rejected). */
  forgetToken?: boolean;
}

const NOTHING_LOST = 'Your working tree was not changed.';

const GIT_HINTS: Record<GitOpsErrorCode, { lead: string; actions: PrErrorAction[] }> = {
  'not-a-repo': { lead: 'The manifest is not in a git repository', actions: [] },
  'no-remote': { lead: 'No remote to push to', actions: ['Open Settings'] },
  'base-not-found': { lead: 'The base branch was not found on the remote', actions: ['Retry'] },
  'invalid-branch': { lead: 'That branch name is not valid', actions: ['Retry'] },
  'branch-exists': { lead: 'The branch already exists with other changes', actions: ['Retry'] },
  'no-changes': { lead: 'Nothing to commit: the chosen files are the same as on the base branch', actions: [] },
  conflict: { lead: 'Your change conflicts with the base branch', actions: ['Show Log'] },
  'hook-failed': { lead: 'A git hook rejected the commit or push (its output is in the log)', actions: ['Show Log', 'Retry'] },
  'non-fast-forward': { lead: 'The remote branch has commits you do not have; nothing was force-pushed', actions: ['Retry', 'Show Log'] },
  'push-rejected': { lead: 'The remote rejected the push (a protected branch or missing permission)', actions: ['Show Log'] },
  auth: { lead: 'git could not authenticate to the remote', actions: ['Show Log', 'Retry'] },
  network: { lead: 'The remote could not be reached; run the command again to resume where it stopped', actions: ['Retry', 'Show Log'] },
  'git-failed': { lead: 'git failed', actions: ['Show Log', 'Retry'] },
};

const API_HINTS: Record<PrApiErrorCode, { lead: string; actions: PrErrorAction[]; forgetToken?: boolean }> = {
  auth: { lead: 'The forge rejected the sign-in; the branch was pushed, sign in again to open the pull request', actions: ['Sign In Again', 'Show Log'], forgetToken: true },
  forbidden: { lead: 'The forge refused to open the pull request; the branch was pushed', actions: ['Show Log', 'Retry'] },
  'not-found': { lead: 'The forge did not find the repository; the branch was pushed', actions: ['Open Settings', 'Show Log'] },
  validation: { lead: 'The forge did not accept the pull request; the branch was pushed', actions: ['Show Log'] },
  network: { lead: 'The forge could not be reached; the branch was pushed, run the command again to open the pull request', actions: ['Retry', 'Show Log'] },
  api: { lead: 'The forge API failed; the branch was pushed, run the command again to open the pull request', actions: ['Retry', 'Show Log'] },
};

export function prErrorReport(e: unknown): PrErrorReport {
  if (e instanceof GitOpsError) {
    const hint = GIT_HINTS[e.code] ?? GIT_HINTS['git-failed'];
    return { message: `${hint.lead}. ${e.message} ${NOTHING_LOST}`, ...(e.details ? { details: e.details } : {}), actions: hint.actions };
  }
  if (e instanceof PrApiError) {
    const hint = API_HINTS[e.code] ?? API_HINTS.api;
    return { message: `${hint.lead}. ${e.message}`, actions: hint.actions, ...(hint.forgetToken ? { forgetToken: true } : {}) };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { message: `Unexpected error: ${text} ${NOTHING_LOST}`, actions: ['Show Log'] };
}
