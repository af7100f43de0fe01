import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubProvider, githubApiBaseUrl } from '../../../src/core/pr/github';
import { createGitLabProvider } from '../../../src/core/pr/gitlab';
import { createGenericProvider, newPullRequestUrl } from '../../../src/core/pr/generic';
import { providerFor } from '../../../src/core/pr/provider-for';
import { PrApiError } from '../../../src/core/pr/provider';
import { parseRemoteUrl } from '../../../src/core/git/remote-url';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-forges/github';
import { startFakeGitLab, type FakeGitLab } from '../../support/fake-forges/gitlab';

const input = { title: 'web: replicas 3 → 5', body: '| Resource | Field |\n| --- | --- |\n', head: 'converge/web-replicas', base: 'main', draft: true };
let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function rejection(p: Promise<unknown>): Promise<PrApiError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(PrApiError);
  return e as PrApiError;
}

describe('GitHub provider (Octokit, GHE baseUrl)', () => {
  async function setup(): Promise<FakeGitHub> {
    const gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: 'ghs_test' });
    gh.branches.add(input.head);
    servers.push(gh);
    return gh;
  }
  const provider = (gh: FakeGitHub, token = 'ghs_test') => createGitHubProvider({ owner: 'acme', repo: 'deploy', token, baseUrl: gh.apiUrl });

  it('creates a PR sending exactly head, base, title, body, draft with the token', async () => {
    const gh = await setup();
    const pr = await provider(gh).create(input);
    expect(pr).toEqual({ number: 1, url: `${gh.url}/acme/deploy/pull/1`, reused: false });
    const [list, post] = gh.requests;
    expect(list.method).toBe('GET');
    expect(list.path).toBe('/api/v3/repos/acme/deploy/pulls');
    expect(Object.fromEntries(list.query)).toMatchObject({ state: 'open', head: 'acme:converge/web-replicas' });
    expect(post.method).toBe('POST');
    expect(post.body).toEqual({ title: input.title, body: input.body, head: input.head, base: 'main', draft: true });
    expect(post.headers.authorization).toMatch(/^(token|bearer) ghs_test$/i);
    expect(post.headers['user-agent']).toContain('gitops-converge');
    expect(gh.requests).toHaveLength(2);
  });

  it('reuses the open PR for the branch instead of making another', async () => {
    const gh = await setup();
    await provider(gh).create(input);
    const again = await provider(gh).create({ ...input, title: 'other' });
    expect(again).toEqual({ number: 1, url: `${gh.url}/acme/deploy/pull/1`, reused: true });
    expect(gh.pulls).toHaveLength(1);
    expect(await provider(gh).findOpen(input.head)).toMatchObject({ number: 1, reused: true });
    expect(await provider(gh).findOpen('converge/other')).toBeUndefined();
  });

  it('treats 422 "A pull request already exists" as reuse when the list raced; reports it otherwise', async () => {
    const gh = await setup();
    await provider(gh).create(input);
    gh.mode.listHidesOpen = 1;
    expect(await provider(gh).create(input)).toMatchObject({ number: 1, reused: true });
    expect(gh.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST', 'GET']);
    gh.mode.listHidesOpen = true;
    const p = provider(gh).create(input);
    // The list hides it before and after: the 422 is reported, not swallowed.
    const e = await rejection(p);
    expect(e.code).toBe('validation');
    expect(e.status).toBe(422);
    expect(e.message).toContain('A pull request already exists for acme:converge/web-replicas.');
  });

  it('reports 401, 403 and 422 validation messages', async () => {
    const gh = await setup();
    const bad = await rejection(provider(gh, 'wrong').create(input));
    expect(bad).toMatchObject({ code: 'auth', status: 401 });
    expect(bad.message).toContain('Bad credentials');
    gh.mode.status = 403;
    const forbidden = await rejection(provider(gh).create(input));
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    expect(forbidden.message).toContain('Resource not accessible by personal access token');
    gh.mode.status = undefined;
    const missingHead = await rejection(provider(gh).create({ ...input, head: 'converge/not-pushed' }));
    expect(missingHead).toMatchObject({ code: 'validation', status: 422 });
    expect(missingHead.message).toMatch(/Validation Failed; head invalid/);
    gh.mode.draftsUnsupported = true;
    const draft = await rejection(provider(gh).create(input));
    expect(draft.message).toContain('Draft pull requests are not supported in this repository.');
  });

  it('reports a server that is down as a network error', async () => {
    const gh = await setup();
    const url = gh.apiUrl;
    await gh.close();
    servers = [];
    const e = await rejection(createGitHubProvider({ owner: 'acme', repo: 'deploy', token: 't', baseUrl: url }).findOpen('x'));
    expect(e.code).toBe('network');
  });

  it('derives API roots for github.com, GHE.com and GitHub Enterprise Server', () => {
    expect(githubApiBaseUrl('github.com')).toBe('https://api.github.com');
    expect(githubApiBaseUrl('acme.ghe.com')).toBe('https://api.acme.ghe.com');
    expect(githubApiBaseUrl('github.acme.corp')).toBe('https://github.acme.corp/api/v3');
  });
});

describe('GitLab provider (REST v4)', () => {
  async function setup(): Promise<FakeGitLab> {
    const gl = await startFakeGitLab({ project: 'platform/apps/deploy', token: 'glpat-test' });
    gl.branches.add(input.head);
    servers.push(gl);
    return gl;
  }
  const provider = (gl: FakeGitLab, token = 'glpat-test') => createGitLabProvider({ project: 'platform/apps/deploy', token, baseUrl: gl.url });

  it('creates a merge request with the documented fields; draft as a title prefix', async () => {
    const gl = await setup();
    const mr = await provider(gl).create(input);
    expect(mr).toEqual({ number: 1, url: `${gl.url}/platform/apps/deploy/-/merge_requests/1`, reused: false });
    const [list, post] = gl.requests;
    expect(list.url).toBe('/api/v4/projects/platform%2Fapps%2Fdeploy/merge_requests?state=opened&source_branch=converge%2Fweb-replicas');
    expect(post.method).toBe('POST');
    expect(post.url).toBe('/api/v4/projects/platform%2Fapps%2Fdeploy/merge_requests');
    expect(post.body).toEqual({ source_branch: input.head, target_branch: 'main', title: `Draft: ${input.title}`, description: input.body });
    expect(post.headers['private-token']).toBe('glpat-test');
    expect(post.headers['content-type']).toBe('application/json');
  });

  it('reuses an open MR; a 409 "already exists" race is resolved by looking again', async () => {
    const gl = await setup();
    await provider(gl).create({ ...input, draft: false });
    expect(await provider(gl).create(input)).toMatchObject({ number: 1, reused: true });
    expect(gl.mergeRequests).toHaveLength(1);
    gl.mode.listHidesOpen = 1;
    expect(await provider(gl).create(input)).toMatchObject({ number: 1, reused: true });
    expect(gl.requests.slice(-3).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    gl.mode.listHidesOpen = true;
    const e = await rejection(provider(gl).create(input));
    expect(e).toMatchObject({ code: 'validation', status: 409 });
    expect(e.message).toContain('Another open merge request already exists for this source branch: !1');
  });

  it('uses Bearer for OAuth tokens', async () => {
    const gl = await setup();
    await createGitLabProvider({ project: 'platform/apps/deploy', token: 'glpat-test', baseUrl: gl.url, tokenType: 'oauth' }).findOpen('x');
    expect(gl.requests[0].headers.authorization).toBe('Bearer glpat-test');
    expect(gl.requests[0].headers['private-token']).toBeUndefined();
  });

  it('reports 401, 403, 404 and validation messages', async () => {
    const gl = await setup();
    expect(await rejection(provider(gl, 'nope').create(input))).toMatchObject({ code: 'auth', status: 401 });
    gl.mode.status = 403;
    const f = await rejection(provider(gl).create(input));
    expect(f).toMatchObject({ code: 'forbidden', status: 403 });
    expect(f.message).toContain('403 Forbidden');
    gl.mode.status = undefined;
    const same = await rejection(provider(gl).create({ ...input, head: 'main' }));
    expect(same.message).toContain("You can't use same project/branch for source and target");
    const missing = await rejection(provider(gl).create({ ...input, title: '', draft: false }));
    expect(missing).toMatchObject({ code: 'validation', status: 400 });
    expect(missing.message).toContain('title is missing');
    const nf = await rejection(createGitLabProvider({ project: 'x/y', token: 'glpat-test', baseUrl: gl.url }).findOpen('b'));
    expect(nf).toMatchObject({ code: 'not-found', status: 404 });
  });
});

describe('generic provider and provider choice', () => {
  it('builds "new pull request" pages with the branch preselected', () => {
    const p = (u: string) => parseRemoteUrl(u)!;
    expect(newPullRequestUrl(p('git@github.com:acme/deploy.git'), 'converge/web', 'main')).toBe('https://github.com/acme/deploy/compare/main...converge/web?expand=1');
    expect(newPullRequestUrl(p('https://gitlab.com/g/s/deploy.git'), 'converge/web', 'main')).toBe(
      'https://gitlab.com/g/s/deploy/-/merge_requests/new?merge_request%5Bsource_branch%5D=converge%2Fweb&merge_request%5Btarget_branch%5D=main',
    );
    expect(newPullRequestUrl(p('git@bitbucket.org:acme/deploy.git'), 'converge/web', 'main')).toBe('https://bitbucket.org/acme/deploy/pull-requests/new?source=converge%2Fweb&dest=main');
    expect(newPullRequestUrl(p('https://codeberg.org/acme/deploy'), 'converge/web', 'main')).toBe('https://codeberg.org/acme/deploy/compare/main...converge/web');
    expect(newPullRequestUrl(p('ssh://git@git.example.org:2222/acme/deploy.git'), 'b', 'main')).toBe('https://git.example.org/acme/deploy/compare/main...b');
  });

  it('returns a manual PrRef for hosts without an API or token', async () => {
    const prov = createGenericProvider(parseRemoteUrl('https://gitea.example.org/acme/deploy.git')!);
    expect(await prov.findOpen('b')).toBeUndefined();
    expect(await prov.create(input)).toEqual({ number: 0, url: 'https://gitea.example.org/acme/deploy/compare/main...converge/web-replicas', reused: false, manual: true });
  });

  it('picks GitHub / GitLab with a token, generic without', () => {
    expect(providerFor(parseRemoteUrl('git@github.com:a/b.git')!, { token: 't' }).kind).toBe('github');
    expect(providerFor(parseRemoteUrl('https://gitlab.example.com/a/b.git')!, { token: 't' }).kind).toBe('gitlab');
    expect(providerFor(parseRemoteUrl('git@github.com:a/b.git')!).kind).toBe('generic');
    expect(providerFor(parseRemoteUrl('https://git.corp/a/b.git')!, { token: 't' }).kind).toBe('generic');
  });
});
