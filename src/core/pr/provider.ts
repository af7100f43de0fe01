// One interface for opening pull/merge requests on any forge.

export interface PrRef {
  /** PR / MR number (GitLab: the `iid`, `!12`); 0 when the forge has no API and the user finishes in the browser. */
  number: number;
  /** Web page of the PR, or of the forge's "new pull request" form (see `manual`). */
  url: string;
  /** An open PR for the branch already existed and was returned instead of making another. */
  reused: boolean;
  /** True when `url` is a "new pull request" page to open in a browser: no PR was created. */
  manual?: boolean;
}

export interface CreatePrInput {
  title: string;
  body: string;
  /** Source branch. */
  head: string;
  /** Target branch. */
  base: string;
  draft?: boolean;
}

export interface PullRequestProvider {
  readonly kind: 'github' | 'gitlab' | 'generic';
  findOpen(branch: string): Promise<PrRef | undefined>;
  /** Creates the PR, or returns the open one for `head` (reused: true). */
  create(input: CreatePrInput): Promise<PrRef>;
}

export type PrApiErrorCode = 'auth' | 'forbidden' | 'not-found' | 'validation' | 'network' | 'api';

export class PrApiError extends Error {
  override readonly name = 'PrApiError';
  constructor(
    readonly code: PrApiErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Message for an HTTP failure of a forge API, naming what to do about it. */
export function apiError(forge: string, status: number, detail: string): PrApiError {
  const d = detail ? `: ${detail}` : '';
  if (status === 401) return new PrApiError('auth', `${forge} rejected the credentials (401${d}). Sign in again.`, status);
  if (status === 403) return new PrApiError('forbidden', `${forge} refused the request (403${d}). The token may lack permission or a rate limit was hit.`, status);
  if (status === 404) return new PrApiError('not-found', `${forge} did not find the repository (404${d}). Check the remote and that the token can see it.`, status);
  if (status === 422 || status === 400 || status === 409) return new PrApiError('validation', `${forge} did not accept the pull request (${status}${d}).`, status);
  return new PrApiError('api', `${forge} API error ${status}${d}.`, status);
}
