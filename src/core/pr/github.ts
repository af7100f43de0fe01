// GitHub and GitHub Enterprise pull requests through Octokit.
import { Octokit } from '@octokit/rest';
import { PrApiError, apiError, type CreatePrInput, type PrRef, type PullRequestProvider } from './provider';

export interface GitHubProviderOptions {
  owner: string;
  repo: string;
  token: string;
  /** API root: `https://api.github.com` (default) or `https://<host>/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  /** Owner of the head branch when it lives in a fork. Defaults to `owner`. */
  headOwner?: string;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

/** API root for a GitHub host: github.com → api.github.com; GHE.com → api.<host>; else `https://<host>/api/v3`. */
export function githubApiBaseUrl(host: string): string {
  const h = host.toLowerCase();
  if (h === 'github.com' || h === 'ssh.github.com') return 'https://api.github.com';
  if (h.endsWith('.ghe.com')) return `https://api.${h}`;
  return `https://${h}/api/v3`;
}

interface OctokitErrorShape {
  status?: number;
  message?: string;
  response?: { data?: { message?: string; errors?: Array<{ message?: string; code?: string; field?: string; resource?: string } | string> } };
}

function detailOf(e: OctokitErrorShape): string {
  const data = e.response?.data;
  const parts: string[] = [];
  if (data?.message) parts.push(data.message);
  for (const err of data?.errors ?? []) {
    if (typeof err === 'string') parts.push(err);
    else if (err.message) parts.push(err.message);
    else if (err.code) parts.push(`${err.field ?? err.resource ?? 'field'} ${err.code}`);
  }
  return parts.join('; ') || e.message || '';
}

function isAlreadyExists(e: OctokitErrorShape): boolean {
  return e.status === 422 && /pull request already exists/i.test(detailOf(e));
}

function toPrApiError(e: unknown): PrApiError {
  if (e instanceof PrApiError) return e;
  const err = e as OctokitErrorShape;
  // Octokit reports a failed fetch as status 500 without a response.
  if (typeof err?.status === 'number' && err.status > 0 && err.response) return apiError('GitHub', err.status, detailOf(err));
  return new PrApiError('network', `Could not reach GitHub: ${err?.message ?? String(e)}`);
}

export function createGitHubProvider(options: GitHubProviderOptions): PullRequestProvider {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'gitops-converge',
    log: { debug() {}, info() {}, warn() {}, error() {} },
    request: options.fetch ? { fetch: options.fetch } : {},
  });
  const { owner, repo } = options;
  const headOwner = options.headOwner ?? owner;

  async function findOpen(branch: string): Promise<PrRef | undefined> {
    try {
      const res = await octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${headOwner}:${branch}`, per_page: 10 });
      const pr = res.data[0];
      return pr ? { number: pr.number, url: pr.html_url, reused: true } : undefined;
    } catch (e) {
      throw toPrApiError(e);
    }
  }

  async function create(input: CreatePrInput): Promise<PrRef> {
    const open = await findOpen(input.head);
    if (open) return open;
    const head = headOwner === owner ? input.head : `${headOwner}:${input.head}`;
    try {
      const res = await octokit.rest.pulls.create({
        owner, repo, title: input.title, body: input.body, head, base: input.base, draft: input.draft ?? false,
      });
      return { number: res.data.number, url: res.data.html_url, reused: false };
    } catch (e) {
      if (isAlreadyExists(e as OctokitErrorShape)) {
        const again = await findOpen(input.head);
        if (again) return again;
      }
      throw toPrApiError(e);
    }
  }

  return { kind: 'github', findOpen, create };
}
