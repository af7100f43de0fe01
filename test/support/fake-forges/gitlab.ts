// Fake GitLab REST API v4 merge requests, following docs.gitlab.com/api/merge_requests shapes.
import { startJsonServer, type FakeServer, type JsonReply, type RecordedRequest } from './server';

export interface FakeMergeRequest {
  iid: number;
  title: string;
  description: string | null;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed' | 'merged';
}

export interface FakeGitLab extends FakeServer {
  mergeRequests: FakeMergeRequest[];
  branches: Set<string>;
  mode: { status?: 401 | 403; listHidesOpen?: boolean | number };
}

export async function startFakeGitLab(opts: { project: string; token: string }): Promise<FakeGitLab> {
  const state = { mergeRequests: [] as FakeMergeRequest[], branches: new Set<string>(['main']), mode: {} as FakeGitLab['mode'] };
  let root = '';
  const mrJson = (m: FakeMergeRequest) => ({
    id: 5000 + m.iid,
    iid: m.iid,
    project_id: 42,
    title: m.title,
    description: m.description,
    state: m.state,
    source_branch: m.source_branch,
    target_branch: m.target_branch,
    draft: /^draft:/i.test(m.title),
    work_in_progress: /^draft:/i.test(m.title),
    web_url: `${root}/${opts.project}/-/merge_requests/${m.iid}`,
  });
  const handler = (req: RecordedRequest): JsonReply => {
    const token = req.headers['private-token'] ?? (req.headers.authorization ?? '').replace(/^Bearer /i, '');
    if (state.mode.status === 401 || token !== opts.token) return { status: 401, body: { message: '401 Unauthorized' } };
    if (state.mode.status === 403) return { status: 403, body: { message: '403 Forbidden' } };
    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests$/.exec(req.url.split('?')[0]);
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    if (decodeURIComponent(m[1]) !== opts.project) return { status: 404, body: { message: '404 Project Not Found' } };
    if (req.method === 'GET') {
      // true: always hide open ones; a number: hide them from that many more list calls (a race).
      const hide = state.mode.listHidesOpen === true || (typeof state.mode.listHidesOpen === 'number' && state.mode.listHidesOpen-- > 0);
      const st = req.query.get('state');
      const src = req.query.get('source_branch');
      const found = state.mergeRequests.filter(
        (x) => (!st || st === 'all' || x.state === st) && (!src || x.source_branch === src) && !(hide && x.state === 'opened'),
      );
      return { status: 200, body: found.map(mrJson) };
    }
    if (req.method === 'POST') {
      const b = (req.body ?? {}) as Record<string, unknown>;
      for (const k of ['source_branch', 'target_branch', 'title']) {
        if (typeof b[k] !== 'string' || !b[k]) return { status: 400, body: { error: `${k} is missing` } };
      }
      if (b.source_branch === b.target_branch) {
        return { status: 422, body: { message: ["You can't use same project/branch for source and target"] } };
      }
      if (!state.branches.has(String(b.source_branch))) {
        return { status: 422, body: { message: ['Source branch does not exist'] } };
      }
      const open = state.mergeRequests.find((x) => x.state === 'opened' && x.source_branch === b.source_branch && x.target_branch === b.target_branch);
      if (open) {
        return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${open.iid}`] } };
      }
      const mr: FakeMergeRequest = {
        iid: state.mergeRequests.length + 1, title: String(b.title), description: (b.description as string) ?? null,
        source_branch: String(b.source_branch), target_branch: String(b.target_branch), state: 'opened',
      };
      state.mergeRequests.push(mr);
      return { status: 201, body: mrJson(mr) };
    }
    return { status: 405, body: { message: '405 Method Not Allowed' } };
  };
  const server = await startJsonServer(handler);
  root = server.url;
  return Object.assign(server, state) as FakeGitLab;
}
