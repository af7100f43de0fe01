// The PR commands through a fake `vscode`, on real git repositories with bare remotes and local fake forges: what is
// sent to GitHub / GitLab (branch, title, body, base, draft), the remote's branch content, the user's working tree
// byte for byte unchanged, the "Open PR" notification, the browser page for other hosts, hook failures reported
// with their output in the log, Adopt live into Git, and Restore this version.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerdictResult } from '../../../src/core/types';
import { startFakeGitHub, startFakeGitLab, type FakeGitHub, type FakeGitLab } from '../../support/fake-forges';
import { WEB_YAML, git, installHook, isolateGitConfig, read, repoWithRemote, snapshot, write, type Sandbox } from '../../integration/git/sandbox';
import * as fake from '../extension-editor/fake-vscode';

vi.mock('vscode', async () => (await import('../extension-editor/fake-vscode')).vscode);

let sb: Sandbox;
let gh: FakeGitHub;
let gl: FakeGitLab;
let results: VerdictResult[] = [];
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), show: vi.fn() };
const context = fake.fakeContext();
let prs: import('../../../src/extension/pr').PrCommands;
const openedEvents: unknown[] = [];

const WEB_REF = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const webResult = (file: string, desired: number, live: number): VerdictResult => ({
  ref: WEB_REF,
  verdict: 'diverged',
  reason: `replicas ${live} → ${desired}`,
  diff: [{ path: 'spec.replicas', change: 'changed', desired, live }],
  source: { file } as VerdictResult['source'],
  method: 'dry-run',
});

/** Accepts every prompt with its suggestion; `draft` picks Draft. */
function acceptAll(opts: { draft?: boolean } = {}) {
  fake.answers.quickPick.push((items) => items, (items) => items[0], (items) => items[opts.draft ? 1 : 0]);
}

function useForge(url: string, forge: 'github' | 'gitlab' | undefined, api?: string) {
  fake.configuration.set('gitopsConverge.pr.remoteWebUrl', url);
  fake.configuration.set('gitopsConverge.pr.forgeOverrides', forge ? { '127.0.0.1': forge } : {});
  fake.configuration.set('gitopsConverge.pr.apiBaseUrls', api ? { '127.0.0.1': api } : {});
}

beforeAll(async () => {
  sb = isolateGitConfig();
  gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: 'gh-token' });
  gl = await startFakeGitLab({ project: 'acme/deploy', token: 'glpat-1' });
  const { registerPrCommands } = await import('../../../src/extension/pr');
  prs = registerPrCommands(context as never, { getResults: () => results, log });
  prs.onDidOpenPr((pr) => openedEvents.push(pr));
});
afterAll(async () => {
  await gh.close();
  await gl.close();
  sb.cleanup();
});
beforeEach(() => fake.resetUi());
afterEach(() => fake.documents.clear());

/**
 * Every file of the checkout byte for byte, status, stashes, HEAD, branches, worktrees, and what the index stages.
 * The index FILE is left out: `git status` rewrites its stat cache (as any git UI does), not what it stages.
 */
function unchanged(work: string): Record<string, string> {
  const { ['.git/index']: _statCache, ...rest } = snapshot(work);
  return { ...rest, staged: git(work, 'ls-files', '--stage') };
}

const run = (command: string, ...args: unknown[]) => fake.commands.get(command)!(...args) as Promise<boolean>;

describe('Commit & Open PR', () => {
  it('GitHub: shows the drift, pushes a branch from a temporary worktree and opens a draft PR; the checkout is untouched', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'gh');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 5'));
    write(work, 'notes.txt', 'not part of the PR\n');
    results = [webResult(file, 5, 3)];
    useForge(`${gh.url}/acme/deploy`, 'github', gh.apiUrl);
    gh.branches.add('converge/web-replicas');
    const before = unchanged(work);
    acceptAll({ draft: true });
    fake.answers.message.push('Open PR');

    expect(await run('gitopsConverge.commitAndOpenPr', { kind: 'resource', result: results[0] }, undefined)).toBe(true);

    const [whatGoesIn] = fake.prompts.quickPick;
    expect(whatGoesIn.options).toMatchObject({ title: 'Commit & Open PR: what goes in', canPickMany: true });
    expect(whatGoesIn.items).toEqual([expect.objectContaining({ label: 'manifests/web.yaml', detail: 'Deployment shop/web: replicas 3 → 5', picked: true })]);
    expect(fake.prompts.inputBox.map((b) => `${b.title}=${b.value}`)).toEqual([
      'Branch=converge/web-replicas',
      'Commit message=web: replicas 3 → 5',
      'Pull request title=web: replicas 3 → 5',
      'Base branch=main',
    ]);
    expect(fake.authentication.getSession).toHaveBeenCalledWith('github-enterprise', ['repo'], { createIfNone: true });
    const post = gh.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      title: 'web: replicas 3 → 5',
      body: expect.stringContaining('| Deployment shop/web | `manifests/web.yaml` | `spec.replicas` | `3` → `5` |'),
      head: 'converge/web-replicas',
      base: 'main',
      draft: true,
    });
    expect(git(remote, 'show', 'converge/web-replicas:manifests/web.yaml')).toBe(WEB_YAML.replace('replicas: 3', 'replicas: 5'));
    expect(git(remote, 'log', '-1', '--format=%s', 'converge/web-replicas').trim()).toBe('web: replicas 3 → 5');
    expect(fake.prompts.progress[0]).toBe('Opening a pull request from converge/web-replicas');
    expect(fake.messages.at(-1)).toEqual({ level: 'info', text: 'GitOps Converge: opened pull request #1 from converge/web-replicas.', items: ['Open PR'] });
    expect(fake.opened).toEqual([`${gh.url}/acme/deploy/pull/1`]);
    // The Drift view can mark the resource.
    expect(prs.opened.labelFor(WEB_REF)).toBe('PR #1');
    expect(openedEvents).toEqual([expect.objectContaining({ number: 1, branch: 'converge/web-replicas', refs: [WEB_REF], files: [file] })]);
    expect(context.workspaceState.get('gitopsConverge.openedPrs')).toHaveLength(1);
    const after = unchanged(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('converge/')).join('\n');
    expect(after).toEqual(before);

    // Run again on the same branch (the suggestion moves on to -2 as the name is taken): the open PR is reused, not duplicated.
    fake.resetUi();
    acceptAll({ draft: true });
    fake.answers.inputBox.push((o) => (expect(o.value).toBe('converge/web-replicas-2'), 'converge/web-replicas'));
    expect(await run('gitopsConverge.commitAndOpenPr', { kind: 'resource', result: results[0] })).toBe(true);
    expect(fake.messages.at(-1)!.text).toBe('GitOps Converge: pull request #1 for converge/web-replicas was already open; it now has your change.');
    expect(gh.pulls).toHaveLength(1);
  });

  it('GitLab: asks for the token once (kept in SecretStorage) and opens a merge request', async () => {
    const { work } = repoWithRemote(sb.dir, 'gl');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('web:1.0', 'web:1.1'));
    results = [{ ...webResult(file, 0, 0), diff: [{ path: 'spec.template.spec.containers[name="app"].image', change: 'changed', desired: 'web:1.1', live: 'web:1.0' }] }];
    useForge(`${gl.url}/acme/deploy`, 'gitlab', gl.url);
    gl.branches.add('converge/web-image');
    acceptAll();
    // The token is asked once, after the questions (so a cancelled run never asks for it).
    fake.answers.inputBox.push((o) => o.value, (o) => o.value, (o) => o.value, (o) => o.value, () => 'glpat-1');
    expect(await run('gitopsConverge.commitAndOpenPr', fake.Uri.file(file))).toBe(true);
    expect(fake.prompts.inputBox.at(-1)).toMatchObject({ title: `GitLab token for 127.0.0.1`, password: true });
    expect(fake.secrets.get('gitopsConverge.gitlabToken.127.0.0.1')).toBe('glpat-1');
    const post = gl.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({ source_branch: 'converge/web-image', target_branch: 'main', title: 'web: containers[name="app"].image web:1.0 → web:1.1' });
    expect(fake.messages.at(-1)!.text).toBe('GitOps Converge: opened pull request #1 from converge/web-image.');
  });

  it('another host: pushes and opens its "new pull request" page in the browser', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'generic');
    const file = join(work, 'manifests/api.yaml');
    write(work, 'manifests/api.yaml', read(work, 'manifests/api.yaml').replace('port: 80', 'port: 8080'));
    results = [];
    useForge('https://git.example.org/acme/deploy', undefined);
    acceptAll();
    expect(await run('gitopsConverge.commitAndOpenPr', { file })).toBe(true);
    // No drift recorded for the file: the name comes from what Git says the edit changes.
    expect(fake.prompts.inputBox[0].value).toBe('converge/api-ports');
    expect(fake.opened).toEqual(['https://git.example.org/acme/deploy/compare/main...converge/api-ports']);
    expect(fake.messages.at(-1)!.text).toBe('GitOps Converge: branch converge/api-ports was pushed. Finish the pull request in the browser.');
    expect(git(remote, 'show', 'converge/api-ports:manifests/api.yaml')).toContain('port: 8080');
  });

  it('a failing pre-commit hook: a clear message, its output in the log, nothing pushed, nothing lost', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'hook');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 7'));
    installHook(join(work, '.git'), 'pre-commit', 'echo "yamllint: web.yaml: too many replicas" >&2; exit 1');
    results = [webResult(file, 7, 3)];
    useForge('https://git.example.org/acme/deploy', undefined);
    const before = unchanged(work);
    acceptAll();
    expect(await run('gitopsConverge.commitAndOpenPr', { file })).toBe(false);
    const error = fake.messages.find((m) => m.level === 'error')!;
    expect(error.text).toMatch(/^GitOps Converge: Commit & Open PR failed\. A git hook rejected the commit or push/);
    expect(error.text).toContain('Your working tree was not changed.');
    expect(error.items).toEqual(['Show Log', 'Retry']);
    expect(log.error.mock.calls.flat().join('\n')).toContain('yamllint: web.yaml: too many replicas');
    expect(git(remote, 'branch', '--list', 'converge/*').trim()).toBe('');
    expect(unchanged(work)).toEqual(before);
  });

  it('the forge rejects the sign-in: the branch is pushed, "Sign In Again" retries and opens the PR', async () => {
    const { work } = repoWithRemote(sb.dir, 'auth');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 4'));
    results = [webResult(file, 4, 3)];
    useForge(`${gh.url}/acme/deploy`, 'github', gh.apiUrl);
    gh.branches.add('converge/web-replicas-2');
    gh.mode.status = 401;
    acceptAll();
    fake.answers.inputBox.push(() => 'converge/web-replicas-2');
    fake.answers.message.push('Sign In Again');
    const retried = run('gitopsConverge.commitAndOpenPr', { file });
    await vi.waitFor(() => expect(fake.messages.some((m) => m.level === 'error')).toBe(true), { timeout: 10_000 });
    gh.mode.status = undefined;
    expect(await retried).toBe(true);
    expect(fake.messages.find((m) => m.level === 'error')).toMatchObject({ items: ['Sign In Again', 'Show Log'], text: expect.stringContaining('the branch was pushed') });
    expect(fake.messages.at(-1)!.text).toMatch(/^GitOps Converge: opened pull request #\d+ from converge\/web-replicas-2\.$/);
  });

  it('from the SCM view title: every changed manifest, unsaved edits saved first', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'scm');
    write(work, 'manifests/api.yaml', read(work, 'manifests/api.yaml').replace('port: 80', 'port: 81'));
    write(work, 'notes.txt', 'not a manifest\n');
    const web = fake.openDocument(join(work, 'manifests/web.yaml'));
    const at = web.getText().indexOf('replicas: 3') + 'replicas: '.length;
    web.edit(at, at + 1, '9'); // typed, not saved
    results = [];
    useForge('https://git.example.org/acme/deploy', undefined);
    acceptAll();
    expect(await run('gitopsConverge.commitAndOpenPr', { id: 'git', rootUri: fake.Uri.file(work) })).toBe(true);
    expect(fake.prompts.quickPick[0].items.map((i: { label: string }) => i.label)).toEqual(['manifests/api.yaml', 'manifests/web.yaml']);
    expect(web.isDirty).toBe(false);
    const branch = fake.prompts.inputBox[0].value;
    expect(git(remote, 'show', `${branch}:manifests/web.yaml`)).toContain('replicas: 9');
    expect(git(remote, 'show', `${branch}:manifests/api.yaml`)).toContain('port: 81');
    expect(git(remote, 'show', '--name-only', '--format=', branch).trim().split('\n').sort()).toEqual(['manifests/api.yaml', 'manifests/web.yaml']);
  });

  it('GitHub sign-in declined: says so, nothing pushed', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'declined');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 2'));
    results = [webResult(file, 2, 3)];
    useForge(`${gh.url}/acme/deploy`, 'github', gh.apiUrl);
    fake.authentication.getSession.mockRejectedValueOnce(new Error('User did not consent to login.'));
    acceptAll();
    expect(await run('gitopsConverge.commitAndOpenPr', { file })).toBe(false);
    expect(fake.messages).toEqual([{ level: 'warn', text: 'GitOps Converge: no pull request was opened: sign-in was declined. Nothing was pushed.', items: [] }]);
    expect(git(remote, 'branch', '--list', 'converge/*').trim()).toBe('');
  });

  it('no git repository: says so, no prompt', async () => {
    write(sb.dir, 'loose/web.yaml', WEB_YAML);
    expect(await run('gitopsConverge.commitAndOpenPr', { file: join(sb.dir, 'loose/web.yaml') })).toBe(false);
    expect(fake.messages[0].text).toMatch(/^GitOps Converge: Commit & Open PR failed\. The manifest is not in a git repository\./);
    expect(fake.prompts.quickPick).toEqual([]);
  });
});

describe('Adopt live into Git', () => {
  it('writes the live values into the manifest (comment kept), saves, and opens an "adopt" PR', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'adopt');
    const file = join(work, 'manifests/web.yaml');
    const withComment = WEB_YAML.replace('replicas: 3', 'replicas: 3 # reviewed');
    write(work, 'manifests/web.yaml', withComment);
    git(work, 'commit', '-qam', 'comment');
    git(work, 'push', '-q', 'origin', 'main');
    results = [webResult(file, 3, 6)]; // kubectl scale --replicas=6 in the cluster
    useForge('https://git.example.org/acme/deploy', undefined);
    acceptAll();
    expect(await run('gitopsConverge.adoptLiveIntoGit', { kind: 'resource', result: results[0] })).toBe(true);
    expect(read(work, 'manifests/web.yaml')).toBe(withComment.replace('replicas: 3 # reviewed', 'replicas: 6 # reviewed'));
    expect(fake.prompts.quickPick[0].items[0].detail).toBe('Deployment shop/web: replicas 3 → 6');
    expect(fake.prompts.inputBox[0].value).toBe('converge/adopt-web-replicas');
    expect(git(remote, 'show', 'converge/adopt-web-replicas:manifests/web.yaml')).toContain('replicas: 6 # reviewed');
  });
});

describe('Show history / Restore this version', () => {
  it('lists the commits of the file and opens a PR that restores the picked one', async () => {
    const { work, remote } = repoWithRemote(sb.dir, 'restore');
    const file = join(work, 'manifests/web.yaml');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('web:1.0', 'web:2.0'));
    git(work, 'commit', '-qam', 'web 2.0');
    git(work, 'push', '-q', 'origin', 'main');
    const initial = git(work, 'rev-parse', '--short=7', 'HEAD~1').trim();
    useForge(`${gh.url}/acme/deploy`, 'github', gh.apiUrl);
    gh.branches.add(`converge/restore-web-${initial}`);
    fake.answers.quickPick.push((items) => items[1]);
    fake.answers.message.push('Restore This Version', 'Open PR');
    expect(await run('gitopsConverge.showHistory', fake.Uri.file(file))).toBe(true);
    expect(fake.prompts.quickPick[0].items.map((i: { label: string; description: string }) => `${i.label} ${i.description}`)).toEqual([`web 2.0 ${git(work, 'rev-parse', '--short=7', 'HEAD').trim()} · current`, `initial ${initial}`]);
    expect(git(remote, 'show', `converge/restore-web-${initial}:manifests/web.yaml`)).toBe(WEB_YAML);
    const post = gh.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(post.body).toMatchObject({ title: `Restore manifests/web.yaml to ${initial}`, head: `converge/restore-web-${initial}`, base: 'main' });
    expect(read(work, 'manifests/web.yaml')).toBe(WEB_YAML.replace('web:1.0', 'web:2.0'));
  });
});
