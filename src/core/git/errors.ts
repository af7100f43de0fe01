// One error type for every git/PR failure the user must hear about, with a stable `code` to switch on.

export type GitOpsErrorCode =
  | 'not-a-repo'
  | 'no-remote'
  | 'base-not-found'
  | 'invalid-branch'
  | 'branch-exists'
  | 'no-changes'
  | 'conflict'
  | 'hook-failed'
  | 'non-fast-forward'
  | 'push-rejected'
  | 'auth'
  | 'network'
  | 'git-failed';

export class GitOpsError extends Error {
  override readonly name = 'GitOpsError';
  constructor(
    readonly code: GitOpsErrorCode,
    message: string,
    /** Raw output of git or of a hook, for an "Show details" action. */
    readonly details?: string,
  ) {
    super(message);
  }
}

export function isGitOpsError(e: unknown, code?: GitOpsErrorCode): e is GitOpsError {
  return e instanceof GitOpsError && (code === undefined || e.code === code);
}
