import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPullRequest, preparePr } from '../../../src/core/pr/open-pr';
import { createGitHubProvider } from '../../../src/core/pr/github';
import { PrApiError } from '../../../src/core/pr/provider';
import type { PrChange } from '../../../src/core/pr/describe';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-forges/github';
import { WEB_YAML, git, isolateGitConfig, repoWithRemote, snapshot, write, type Sandbox } from './sandbox';

let sb: Sandbox;
let gh: FakeGitHub | undefined;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

describe('Commit & Open PR flow', () => {
  it('suggests, pushes and opens the PR; an API failure after the push resumes on retry without duplicates', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'flow');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 5'));
    write(work, 'notes.txt', 'not part of the PR\n');
    git(work, 'push', '-q', 'origin', 'main:converge/web-replicas'); // name taken on the remote already
    git(work, 'fetch', '-q', 'origin');
    const changes: PrChange[] = [
      { ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, file, diff: [{ path: 'spec.replicas', change: 'changed', desired: 5, live: 3 }] },
    ];
    const draft = await preparePr({ repoDir: work, changes });
    expect(draft).toMatchObject({
      remote: 'origin', base: 'main', branch: 'converge/web-replicas-2', message: 'web: replicas 3 → 5', title: 'web: replicas 3 → 5', files: [file],
    });
    expect(draft.body).toContain('| Deployment shop/web | `manifests/web.yaml` | `spec.replicas` | `3` → `5` |');

    gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: 'gho_test' });
    gh.branches.add(draft.branch);
    const provider = createGitHubProvider({ owner: 'acme', repo: 'deploy', token: 'gho_test', baseUrl: gh.apiUrl });
    const before = snapshot(work);
    const opts = { ...draft, repoDir: work, provider, draft: false };

    gh.mode.status = 401;
    const e = await openPullRequest(opts).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PrApiError);
    expect((e as PrApiError).code).toBe('auth');
    expect(git(remote, 'rev-parse', '--verify', 'refs/heads/converge/web-replicas-2').trim()).toMatch(/^[0-9a-f]{40}$/);

    gh.mode.status = undefined;
    const ok = await openPullRequest(opts);
    expect(ok.branch).toMatchObject({ reused: true, pushed: false });
    expect(ok.pr).toEqual({ number: 1, url: `${gh.url}/acme/deploy/pull/1`, reused: false });
    const post = gh.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ title: draft.title, body: draft.body, head: 'converge/web-replicas-2', base: 'main', draft: false });

    const again = await openPullRequest(opts);
    expect(again.pr).toMatchObject({ number: 1, reused: true });
    expect(gh.pulls).toHaveLength(1);
    expect(git(remote, 'rev-list', '--count', 'main..converge/web-replicas-2').trim()).toBe('1');

    const after = snapshot(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('web-replicas-2')).join('\n');
    expect(after).toEqual(before);
  });

  it('falls back to the "new pull request" page for a forge without API access', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'manual');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('web:1.0', 'web:1.1'));
    const r = await openPullRequest({
      repoDir: work, files: ['manifests/web.yaml'], remote: 'origin', base: 'main', branch: 'converge/web-image', message: 'm', title: 't', body: 'b',
      remoteUrl: { host: 'git.example.org', owner: 'acme', repo: 'deploy', forge: 'gitea', webUrl: 'https://git.example.org/acme/deploy', protocol: 'https' },
    });
    expect(r.pr).toEqual({ number: 0, url: 'https://git.example.org/acme/deploy/compare/main...converge/web-image', reused: false, manual: true });
    expect(git(remote, 'rev-parse', '--verify', 'refs/heads/converge/web-image').trim()).toBe(r.branch.commit);
  });
});
