import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectRepo } from '../../../src/core/git/repo';
import { GitOpsError } from '../../../src/core/git/errors';
import { API_YAML, git, isolateGitConfig, repoWithRemote, write, type Sandbox } from './sandbox';

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());

describe('inspectRepo', () => {
  it('reports root, branch, remotes with forge info, default branch and dirty files', async () => {
    const { work, remote } = repoWithRemote(sb.dir, `r${n++}`);
    git(work, 'remote', 'add', 'upstream', 'git@gitlab.example.com:platform/apps/deploy.git');
    git(work, 'remote', 'set-url', '--push', 'upstream', 'https://gitlab.example.com/platform/apps/deploy.git');
    write(work, 'manifests/web.yaml', 'changed\n');
    write(work, 'manifests/api.yaml', API_YAML + '# staged\n');
    git(work, 'add', 'manifests/api.yaml');
    write(work, 'new dir/untracked file.yaml', 'x\n');
    git(work, 'mv', 'README.md', 'README.txt');
    const info = await inspectRepo(join(work, 'manifests'));
    expect(info.root).toBe(work);
    expect(info).toMatchObject({ branch: 'main', detached: false, preferredRemote: 'origin', defaultBranch: 'main' });
    expect(info.head).toMatch(/^[0-9a-f]{40}$/);
    expect(info.remotes).toEqual([
      { name: 'origin', fetchUrl: remote, pushUrl: remote },
      {
        name: 'upstream',
        fetchUrl: 'git@gitlab.example.com:platform/apps/deploy.git',
        pushUrl: 'https://gitlab.example.com/platform/apps/deploy.git',
        parsed: expect.objectContaining({ host: 'gitlab.example.com', owner: 'platform/apps', repo: 'deploy', forge: 'gitlab' }),
      },
    ]);
    expect(info.dirty.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { index: 'R', worktree: ' ', path: 'README.txt', from: 'README.md' },
      { index: 'M', worktree: ' ', path: 'manifests/api.yaml' },
      { index: ' ', worktree: 'M', path: 'manifests/web.yaml' },
      { index: '?', worktree: '?', path: 'new dir/untracked file.yaml' },
    ]);
  });

  it('follows origin/HEAD, falls back to main/master, and reports a detached HEAD', async () => {
    const { work, remote } = repoWithRemote(sb.dir, `r${n++}`);
    git(work, 'push', '-q', 'origin', 'main:develop');
    git(work, 'fetch', '-q', 'origin');
    git(work, 'remote', 'set-head', 'origin', 'develop');
    expect((await inspectRepo(work)).defaultBranch).toBe('develop');
    git(work, 'remote', 'set-head', 'origin', '-d');
    expect((await inspectRepo(work)).defaultBranch).toBe('main');
    git(work, 'push', '-q', 'origin', 'main:master');
    git(remote, 'symbolic-ref', 'HEAD', 'refs/heads/master');
    git(work, 'push', '-q', 'origin', ':main');
    git(work, 'fetch', '-q', '--prune', 'origin');
    expect((await inspectRepo(work)).defaultBranch).toBe('master');
    git(work, 'checkout', '-q', '--detach');
    const detached = await inspectRepo(work);
    expect(detached).toMatchObject({ detached: true, branch: undefined });
    expect(detached.head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('handles a repository without remote or commits, and a folder outside any repository', async () => {
    const bare = join(sb.dir, `plain${n++}`);
    git(sb.dir, 'init', '-q', bare);
    const empty = await inspectRepo(bare);
    expect(empty).toMatchObject({ root: bare, branch: 'main', detached: false, head: undefined, remotes: [], preferredRemote: undefined, defaultBranch: undefined, dirty: [] });
    const outside = join(sb.dir, `nogit${n++}`);
    write(outside, 'a.yaml', 'a\n');
    const e = await inspectRepo(outside).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GitOpsError);
    expect((e as GitOpsError).code).toBe('not-a-repo');
  });
});
