// GitLab merge requests through the REST API v4 (plain fetch).
import { PrApiError, apiError, type CreatePrInput, type PrRef, type PullRequestProvider } from './provider';

export interface GitLabProviderOptions {
  /** Project path (`group/sub/project`) or numeric id. */
  project: string | number;
  token: string;
  /** Instance root, e.g. `https://gitlab.com` (default) or `https://gitlab.example.com`. */
  baseUrl?: string;
  /** `private` (default): personal/project access token in `PRIVATE-TOKEN`; `oauth`: `Authorization: Bearer`. */
  tokenType?: 'private' | 'oauth';
  fetch?: typeof fetch;
}

interface MergeRequestJson {
  iid: number;
  web_url: string;
}

/** GitLab error bodies: `{message: string | string[] | Record<string, string[]>}` or `{error: string}`. */
function detailOf(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' ? body.slice(0, 300) : '';
  const b = body as { message?: unknown; error?: unknown; error_description?: unknown };
  const m = b.message ?? b.error_description ?? b.error;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.map(String).join('; ');
  if (m && typeof m === 'object') {
    return Object.entries(m as Record<string, unknown>)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join('; ');
  }
  return '';
}

export function createGitLabProvider(options: GitLabProviderOptions): PullRequestProvider {
  const root = (options.baseUrl ?? 'https://gitlab.com').replace(/\/+$/, '');
  const api = `${root}/api/v4/projects/${encodeURIComponent(String(options.project))}/merge_requests`;
  const doFetch = options.fetch ?? fetch;
  const auth: Record<string, string> =
    options.tokenType === 'oauth' ? { Authorization: `Bearer ${options.token}` } : { 'PRIVATE-TOKEN': options.token };

  async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, headers: { Accept: 'application/json', ...auth, ...(init.headers as Record<string, string> | undefined) } });
    } catch (e) {
      throw new PrApiError('network', `Could not reach GitLab at ${root}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON (proxy pages): keep the text */
    }
    if (!res.ok) throw Object.assign(apiError('GitLab', res.status, detailOf(body)), { body });
    return body as T;
  }

  async function findOpen(branch: string): Promise<PrRef | undefined> {
    const q = new URLSearchParams({ state: 'opened', source_branch: branch });
    const list = await call<MergeRequestJson[]>(`${api}?${q}`);
    const mr = Array.isArray(list) ? list[0] : undefined;
    return mr ? { number: mr.iid, url: mr.web_url, reused: true } : undefined;
  }

  async function create(input: CreatePrInput): Promise<PrRef> {
    const open = await findOpen(input.head);
    if (open) return open;
    // GitLab marks drafts by the title prefix.
    const title = input.draft && !/^(draft:|\[draft\]|\(draft\))/i.test(input.title) ? `Draft: ${input.title}` : input.title;
    try {
      const mr = await call<MergeRequestJson>(api, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ source_branch: input.head, target_branch: input.base, title, description: input.body }),
      });
      return { number: mr.iid, url: mr.web_url, reused: false };
    } catch (e) {
      if (e instanceof PrApiError && e.status === 409 && /already exists/i.test(e.message)) {
        const again = await findOpen(input.head);
        if (again) return again;
      }
      throw e;
    }
  }

  return { kind: 'gitlab', findOpen, create };
}
