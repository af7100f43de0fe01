// Fake GitHub REST API (pulls list/create) following docs.github.com/rest/pulls request/response shapes.
import { startJsonServer, type FakeServer, type JsonReply, type RecordedRequest } from './server';

export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
}

export interface FakeGitHub extends FakeServer {
  /** API root to give Octokit as baseUrl (like `https://ghe.example/api/v3`). */
  apiUrl: string;
  pulls: FakePull[];
  /** Branches that exist on the repository (a head not in here is a 422). */
  branches: Set<string>;
  /** Force the next responses: 401, 403, or a 'list-hides-open' race where the list misses an open PR. */
  mode: { status?: 401 | 403; listHidesOpen?: boolean | number; draftsUnsupported?: boolean };
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

export async function startFakeGitHub(opts: { owner: string; repo: string; token: string; prefix?: string }): Promise<FakeGitHub> {
  const prefix = opts.prefix ?? '/api/v3';
  const state = { pulls: [] as FakePull[], branches: new Set<string>(['main']), mode: {} as FakeGitHub['mode'] };
  let webRoot = '';
  const pullJson = (p: FakePull) => ({
    url: `${webRoot}${prefix}/repos/${opts.owner}/${opts.repo}/pulls/${p.number}`,
    id: 1000 + p.number,
    number: p.number,
    state: p.state,
    title: p.title,
    body: p.body,
    draft: p.draft,
    html_url: `${webRoot}/${opts.owner}/${opts.repo}/pull/${p.number}`,
    head: { label: `${opts.owner}:${p.head}`, ref: p.head },
    base: { label: `${opts.owner}:${p.base}`, ref: p.base },
  });
  const handler = (req: RecordedRequest): JsonReply => {
    const auth = req.headers.authorization ?? '';
    if (state.mode.status === 401 || !/^(token|bearer) /i.test(auth) || auth.split(' ')[1] !== opts.token) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    }
    if (state.mode.status === 403) {
      return { status: 403, body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' } };
    }
    const base = `${prefix}/repos/${opts.owner}/${opts.repo}/pulls`;
    if (req.path !== base) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
    if (req.method === 'GET') {
      // true: always hide open ones; a number: hide them from that many more list calls (a race).
      const hide = state.mode.listHidesOpen === true || (typeof state.mode.listHidesOpen === 'number' && state.mode.listHidesOpen-- > 0);
      const head = req.query.get('head');
      const st = req.query.get('state') ?? 'open';
      const found = state.pulls.filter(
        (p) => (st === 'all' || p.state === st) && (!head || `${opts.owner}:${p.head}` === head) && !(hide && p.state === 'open'),
      );
      return { status: 200, body: found.map(pullJson) };
    }
    if (req.method === 'POST') {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const missing = ['head', 'base'].filter((k) => typeof b[k] !== 'string' || !b[k]);
      if (typeof b.title !== 'string' && b.issue === undefined) missing.unshift('title');
      if (missing.length) {
        return { status: 422, body: { message: 'Validation Failed', errors: missing.map((field) => ({ resource: 'PullRequest', field, code: 'missing_field' })), documentation_url: DOCS, status: '422' } };
      }
      const head = String(b.head).replace(`${opts.owner}:`, '');
      if (!state.branches.has(head)) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }], documentation_url: DOCS, status: '422' } };
      }
      if (state.pulls.some((p) => p.state === 'open' && p.head === head && p.base === b.base)) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${opts.owner}:${head}.` }], documentation_url: DOCS, status: '422' } };
      }
      if (b.draft === true && state.mode.draftsUnsupported) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'Draft pull requests are not supported in this repository.' }], documentation_url: DOCS, status: '422' } };
      }
      const pr: FakePull = { number: state.pulls.length + 1, title: String(b.title), body: (b.body as string) ?? null, head, base: String(b.base), draft: b.draft === true, state: 'open' };
      state.pulls.push(pr);
      return { status: 201, body: pullJson(pr), headers: { location: pullJson(pr).url } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  };
  const server = await startJsonServer(handler);
  webRoot = server.url;
  return Object.assign(server, { apiUrl: `${server.url}${prefix}` }, state) as FakeGitHub;
}
