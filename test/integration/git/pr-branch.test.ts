import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrBranch } from '../../../src/core/git/pr-branch';
import { GitOpsError } from '../../../src/core/git/errors';
import { API_YAML, WEB_YAML, git, installHook, installHookFile, isolateGitConfig, read, repoWithRemote, snapshot, write, type Sandbox } from './sandbox';

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());

const fresh = () => repoWithRemote(sb.dir, `r${n++}`);
const scaled = WEB_YAML.replace('replicas: 3', 'replicas: 5');

async function expectCode(p: Promise<unknown>, code: string): Promise<GitOpsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected GitOpsError ${code}`).toBeInstanceOf(GitOpsError);
  expect((e as GitOpsError).code).toBe(code);
  return e as GitOpsError;
}

/** Scratch folders of this test process (other test files make their own at the same time). */
function tempDirs(): string[] {
  return readdirSync(tmpdir()).filter((d) => {
    if (!d.startsWith('converge-pr-')) return false;
    try {
      return readFileSync(join(tmpdir(), d, 'owner.pid'), 'utf8').trim() === String(process.pid);
    } catch {
      return false;
    }
  });
}

describe('createPrBranch', () => {
  it('commits only the chosen file on top of origin/main and pushes it with upstream', async () => {
    const { work, remote } = fresh();
    write(work, 'manifests/web.yaml', scaled);
    write(work, 'manifests/api.yaml', API_YAML.replace('80', '8080')); // not chosen
    const before = tempDirs();
    const r = await createPrBranch({
      repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/web-replicas',
      message: 'web: replicas 3 → 5', base: 'main', remote: 'origin',
    });
    expect(r).toMatchObject({ branch: 'converge/web-replicas', files: ['manifests/web.yaml'], reused: false, pushed: true, merged: [] });
    expect(git(remote, 'rev-parse', 'refs/heads/converge/web-replicas').trim()).toBe(r.commit);
    expect(git(remote, 'show', `${r.commit}:manifests/web.yaml`)).toBe(scaled);
    expect(git(remote, 'show', `${r.commit}:manifests/api.yaml`)).toBe(API_YAML);
    expect(git(remote, 'log', '-1', '--format=%s%n%an <%ae>', r.commit)).toBe('web: replicas 3 → 5\nTest User <test@example.com>\n');
    expect(git(remote, 'rev-parse', `${r.commit}^`).trim()).toBe(r.baseCommit);
    expect(git(work, 'config', 'branch.converge/web-replicas.remote').trim()).toBe('origin');
    expect(git(work, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(tempDirs()).toEqual(before);
  });

  it('leaves a dirty checkout (modified, staged, untracked, stash) byte-for-byte unchanged', async () => {
    const { work } = fresh();
    write(work, 'README.md', '# stashed change\n');
    git(work, 'stash', 'push', '-q', '-m', 'wip');
    write(work, 'manifests/web.yaml', scaled); // modified, unstaged (the chosen file)
    write(work, 'manifests/api.yaml', API_YAML.replace('80', '81'));
    git(work, 'add', 'manifests/api.yaml'); // staged
    write(work, 'manifests/api.yaml', API_YAML.replace('80', '82')); // staged + further modified
    write(work, 'notes/todo.txt', 'untracked\n');
    write(work, 'new.yaml', 'kind: ConfigMap\n');
    git(work, 'add', 'new.yaml');
    const before = snapshot(work);
    const r = await createPrBranch({
      repoDir: join(work, 'manifests'), files: ['web.yaml'], branch: 'converge/dirty', message: 'web', base: 'main', remote: 'origin',
    });
    const after = snapshot(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('converge/dirty')).join('\n');
    expect(after).toEqual(before);
    expect(git(work, 'show', `${r.commit}:manifests/web.yaml`)).toBe(scaled);
    expect(git(work, 'show', `${r.commit}:manifests/api.yaml`)).toBe(API_YAML);
    expect(git(work, 'show', '--name-only', '--format=', r.commit).trim()).toBe('manifests/web.yaml');
  });

  it('leaves the checkout unchanged when the pre-commit hook fails, and reports its output', async () => {
    const { work } = fresh();
    installHook(join(work, '.git'), 'pre-commit', 'echo "yamllint: web.yaml: trailing spaces" >&2\nexit 1');
    write(work, 'manifests/web.yaml', scaled);
    const before = snapshot(work);
    const e = await expectCode(
      createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/hook', message: 'm', base: 'main', remote: 'origin' }),
      'hook-failed',
    );
    expect(e.message).toContain('pre-commit');
    expect(e.message).toContain('yamllint: web.yaml: trailing spaces');
    expect(snapshot(work)).toEqual(before);
    expect(git(work, 'branch', '--list', 'converge/hook').trim()).toBe('');
  });

  it('runs a passing pre-commit hook inside the temporary worktree, with the repository\'s own config', async () => {
    const { work } = fresh();
    installHook(join(work, '.git'), 'pre-commit', 'git diff --cached --name-only > "$(git rev-parse --git-common-dir)/hook-saw"');
    installHook(join(work, '.git'), 'commit-msg', 'echo "Signed-off-by: Hook" >> "$1"');
    git(work, 'config', 'user.name', 'Repo Local');
    write(work, 'manifests/web.yaml', scaled);
    const r = await createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/hook-ok', message: 'm', base: 'main', remote: 'origin' });
    expect(read(work, '.git/hook-saw')).toBe('manifests/web.yaml\n');
    expect(git(work, 'log', '-1', '--format=%an%n%B', r.commit).trim()).toBe('Repo Local\nm\nSigned-off-by: Hook');
    // An explicit author wins, the committer stays the user.
    write(work, 'manifests/web.yaml', scaled.replace('5', '6'));
    const r2 = await createPrBranch({
      repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/author', message: 'm', base: 'main', remote: 'origin', author: { name: 'Bot', email: 'bot@example.com' },
    });
    expect(git(work, 'log', '-1', '--format=%an <%ae>|%cn', r2.commit).trim()).toBe('Bot <bot@example.com>|Repo Local');
  });

  it('runs hooks from a relative core.hooksPath (husky style, untracked) of the user\'s checkout', async () => {
    const { work } = fresh();
    git(work, 'config', 'core.hooksPath', '.husky/_');
    installHookFile(join(work, '.husky/_/pre-commit'), 'echo "lint-staged: 1 problem in manifests/web.yaml" >&2\nexit 1');
    write(work, 'manifests/web.yaml', scaled);
    const e = await expectCode(
      createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/husky', message: 'm', base: 'main', remote: 'origin' }),
      'hook-failed',
    );
    expect(e.message).toContain('lint-staged: 1 problem in manifests/web.yaml');
  });

  it('reports a protected-branch rejection from a server hook, and the retry after the remote allows it pushes the same commit', async () => {
    const { work, remote } = fresh();
    installHook(remote, 'pre-receive', 'echo "GL-HOOK-ERR: You are not allowed to push code to protected branches on this project."\nexit 1');
    write(work, 'manifests/web.yaml', scaled);
    const opts = { repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/prot', message: 'm', base: 'main', remote: 'origin' };
    const e = await expectCode(createPrBranch(opts), 'push-rejected');
    expect(e.message).toContain('pre-receive hook declined');
    expect(e.message).toContain('You are not allowed to push code to protected branches');
    const local = git(work, 'rev-parse', 'refs/heads/converge/prot').trim();
    rmSync(join(remote, 'hooks', 'pre-receive'));
    const r = await createPrBranch(opts);
    expect(r).toMatchObject({ reused: true, pushed: true, commit: local });
    expect(git(remote, 'rev-parse', 'refs/heads/converge/prot').trim()).toBe(local);
  });

  it('resumes after the network failed half-way: the retry pushes the commit made the first time', async () => {
    const { work, remote } = fresh();
    write(work, 'manifests/web.yaml', scaled);
    const opts = { repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/net', message: 'm', base: 'main', remote: 'origin' };
    // The remote disappears between fetch and push: simulate with a pushurl that does not exist.
    git(work, 'config', 'remote.origin.pushurl', join(sb.dir, 'gone.git'));
    const before = snapshot(work);
    const e = await expectCode(createPrBranch(opts), 'network');
    const after = snapshot(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('converge/net')).join('\n');
    expect(after).toEqual(before);
    expect(e.message).toMatch(/retry/);
    const first = git(work, 'rev-parse', 'refs/heads/converge/net').trim();
    git(work, 'config', '--unset', 'remote.origin.pushurl');
    const r = await createPrBranch(opts);
    expect(r).toMatchObject({ reused: true, pushed: true, commit: first });
    expect(git(remote, 'rev-list', '--count', 'main..converge/net').trim()).toBe('1');
    // A third call finds everything done.
    expect(await createPrBranch(opts)).toMatchObject({ reused: true, pushed: false, commit: first });
  });

  it('rejects a non-fast-forward push without forcing', async () => {
    const { work, remote } = fresh();
    // Someone else pushed a different converge/nff.
    const other = join(sb.dir, `other${n++}`);
    git(sb.dir, 'clone', '-q', remote, other);
    write(other, 'README.md', 'theirs\n');
    git(other, 'commit', '-qam', 'theirs');
    git(other, 'push', '-q', 'origin', 'HEAD:refs/heads/converge/nff');
    const theirs = git(remote, 'rev-parse', 'refs/heads/converge/nff').trim();
    // Locally we made ours without fetching (push: false), then push.
    write(work, 'manifests/web.yaml', scaled);
    const opts = { repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/nff', message: 'm', base: 'main', remote: 'origin' };
    await createPrBranch({ ...opts, fetch: false, push: false });
    const e = await expectCode(createPrBranch({ ...opts, fetch: false }), 'non-fast-forward');
    expect(e.message).toContain('non-fast-forward');
    expect(git(remote, 'rev-parse', 'refs/heads/converge/nff').trim()).toBe(theirs);
  });

  it('refuses an existing branch holding other changes, and reuses one holding exactly this change', async () => {
    const { work, remote } = fresh();
    git(work, 'branch', 'converge/taken', 'HEAD');
    write(work, 'manifests/web.yaml', scaled);
    const opts = { repoDir: work, files: ['manifests/web.yaml'], message: 'm', base: 'main', remote: 'origin' };
    const e = await expectCode(createPrBranch({ ...opts, branch: 'converge/taken' }), 'branch-exists');
    expect(e.message).toContain('converge/taken');
    // Exists on the remote only, with this exact change: adopted, not duplicated.
    const first = await createPrBranch({ ...opts, branch: 'converge/same' });
    git(work, 'branch', '-D', 'converge/same');
    const again = await createPrBranch({ ...opts, branch: 'converge/same' });
    expect(again).toMatchObject({ reused: true, pushed: false, commit: first.commit });
    expect(git(remote, 'rev-list', '--count', 'main..converge/same').trim()).toBe('1');
    // Deleted on the remote (stale origin/converge/same remains locally): pushed again, not assumed present.
    git(remote, 'branch', '-D', 'converge/same');
    const third = await createPrBranch({ ...opts, branch: 'converge/same' });
    expect(third).toMatchObject({ reused: true, pushed: true, commit: first.commit });
    expect(git(remote, 'rev-parse', 'refs/heads/converge/same').trim()).toBe(first.commit);
  });

  it('builds the branch from a detached HEAD', async () => {
    const { work } = fresh();
    git(work, 'checkout', '-q', '--detach', 'HEAD');
    write(work, 'manifests/web.yaml', scaled);
    const before = snapshot(work);
    const r = await createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/detached', message: 'm', base: 'main', remote: 'origin' });
    expect(r.pushed).toBe(true);
    const after = snapshot(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('converge/detached')).join('\n');
    expect(after).toEqual(before);
  });

  it('carries the change onto a base that moved, merging; conflicting edits are reported', async () => {
    const { work, remote } = fresh();
    const other = join(sb.dir, `other${n++}`);
    git(sb.dir, 'clone', '-q', remote, other);
    write(other, 'manifests/web.yaml', WEB_YAML.replace('web:1.0', 'web:1.1'));
    git(other, 'commit', '-qam', 'bump image');
    git(other, 'push', '-q', 'origin', 'main');
    write(work, 'manifests/web.yaml', scaled); // work is behind origin/main
    const r = await createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/merge', message: 'm', base: 'main', remote: 'origin' });
    expect(r.merged).toEqual(['manifests/web.yaml']);
    expect(git(remote, 'show', `${r.commit}:manifests/web.yaml`)).toBe(scaled.replace('web:1.0', 'web:1.1'));
    write(work, 'manifests/web.yaml', WEB_YAML.replace('web:1.0', 'web:2.0'));
    const e = await expectCode(
      createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/conflict', message: 'm', base: 'main', remote: 'origin' }),
      'conflict',
    );
    expect(e.message).toContain('manifests/web.yaml');
  });

  it('adds new files and deletes removed ones; unchanged files are "no-changes"', async () => {
    const { work, remote } = fresh();
    write(work, 'manifests/cm.yaml', 'kind: ConfigMap\n');
    rmSync(join(work, 'manifests/api.yaml'));
    const r = await createPrBranch({ repoDir: work, files: ['manifests/cm.yaml', join(work, 'manifests/api.yaml')], branch: 'converge/add', message: 'm', base: 'main', remote: 'origin' });
    expect(git(remote, 'show', '--name-status', '--format=', r.commit).trim().split('\n').sort()).toEqual(['A\tmanifests/cm.yaml', 'D\tmanifests/api.yaml']);
    await expectCode(
      createPrBranch({ repoDir: work, files: ['README.md'], branch: 'converge/none', message: 'm', base: 'main', remote: 'origin' }),
      'no-changes',
    );
    expect(git(work, 'branch', '--list', 'converge/none').trim()).toBe('');
  });

  it('explains: no repository, no remote, unknown base, bad branch names', async () => {
    await expectCode(createPrBranch({ repoDir: sb.dir, files: ['x'], branch: 'b', message: 'm', base: 'main', remote: 'origin' }), 'not-a-repo');
    const lonely = join(sb.dir, `lonely${n++}`);
    git(sb.dir, 'init', '-q', lonely);
    write(lonely, 'a.yaml', 'a: 1\n');
    git(lonely, 'add', '-A');
    git(lonely, 'commit', '-qm', 'a');
    const e = await expectCode(createPrBranch({ repoDir: lonely, files: ['a.yaml'], branch: 'b', message: 'm', base: 'main', remote: 'origin' }), 'no-remote');
    expect(e.message).toMatch(/no remote/);
    const { work } = fresh();
    write(work, 'manifests/web.yaml', scaled);
    const opts = { repoDir: work, files: ['manifests/web.yaml'], message: 'm', remote: 'origin' };
    await expectCode(createPrBranch({ ...opts, branch: 'b', base: 'nope' }), 'base-not-found');
    for (const bad of ['+main', 'a:b', '-f', 'a b', 'x..y', '', 'main']) {
      await expectCode(createPrBranch({ ...opts, branch: bad, base: 'main' }), 'invalid-branch');
    }
    expect(existsSync(join(work, '.git', 'worktrees'))).toBe(false);
  });
});
