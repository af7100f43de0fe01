// Git safety: "Commit & Open PR" killed with SIGKILL at every step (a crash of the editor, a killed CLI)
// leaves the user's checkout byte-for-byte as it was (files, index, HEAD, branches, stash), and running it
// again completes: the branch is pushed once (never forced) and exactly one PR is opened.
// The flow runs in a child process (pr-flow-child.ts) against a real repository, a real bare remote and
// the fake GitHub; it is killed at the start of a step, or in the middle of one by a git hook or the forge.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPullRequest } from '../../../src/core/pr/open-pr';
import { createGitHubProvider } from '../../../src/core/pr/github';
import type { PrFlowStep } from '../../../src/core/pr/open-pr';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-forges/github';
import { API_YAML, WEB_YAML, git, installHook, isolateGitConfig, repoWithRemote, snapshot, write, type Sandbox } from '../git/sandbox';

const CHILD = join(__dirname, 'pr-flow-child.ts');
const REPO_ROOT = join(__dirname, '../../..');
const BRANCH = 'converge/web-replicas';
const SCALED = WEB_YAML.replace('replicas: 3', 'replicas: 5');
const TOKEN = 'gho_killtest';
const ZERO = '0'.repeat(40);

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());

/** The checkout's state as a user would see it, plus the index entries and branch list spelled out. */
function userState(work: string): Record<string, string> {
  const s = snapshot(work);
  s['ls-files -s'] = git(work, 'ls-files', '-s');
  s['local branches'] = s['local branches']
    .split('\n')
    .filter((l) => !l.startsWith(`refs/heads/${BRANCH} `))
    .join('\n');
  delete s.worktrees; // compared separately: a killed run may leave its temporary worktree behind
  return s;
}

/** A checkout with modified, staged, staged-and-modified, added and untracked files and a stash. */
function dirtyCheckout(): { work: string; remote: string } {
  const r = repoWithRemote(sb.dir, `kill${n++}`);
  const { work, remote } = r;
  write(work, 'README.md', '# stashed change\n');
  git(work, 'stash', 'push', '-q', '-m', 'wip');
  write(work, 'manifests/web.yaml', SCALED); // the chosen file, modified and unstaged
  write(work, 'manifests/api.yaml', API_YAML.replace('80', '81'));
  git(work, 'add', 'manifests/api.yaml');
  write(work, 'manifests/api.yaml', API_YAML.replace('80', '82')); // staged, then modified again
  write(work, 'new.yaml', 'kind: ConfigMap\n');
  git(work, 'add', 'new.yaml');
  write(work, 'notes/todo.txt', 'untracked\n');
  // Every update of a remote ref is logged; a force push would also be refused.
  git(remote, 'config', 'receive.denyNonFastForwards', 'true');
  installHook(remote, 'update', 'echo "$1 $2 $3" >> "$GIT_DIR/updates.log"');
  return r;
}

interface Killed {
  signal: NodeJS.Signals | null;
  steps: string[];
  stdout: string;
  pid: number;
}

function runChild(cfg: object, env: NodeJS.ProcessEnv, onSpawn: (pid: number) => void = () => undefined): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(cfg)], {
      cwd: REPO_ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    onSpawn(child.pid!);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child was not killed (signal ${signal}):\n${stdout}\n${stderr}`));
      const steps = stdout.split('\n').filter((l) => l.startsWith('step ')).map((l) => l.slice(5));
      resolve({ signal, steps, stdout, pid: child.pid! });
    });
  });
}

function remoteBranch(remote: string): string | undefined {
  try {
    return git(remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${BRANCH}`).trim();
  } catch {
    return undefined;
  }
}

/** A commit on top of origin/main changing only web.yaml to the scaled content. */
function expectTheChange(repo: string, commit: string, baseCommit: string): void {
  expect(git(repo, 'rev-parse', `${commit}^`).trim()).toBe(baseCommit);
  expect(git(repo, 'show', '--name-only', '--format=', commit).trim()).toBe('manifests/web.yaml');
  expect(git(repo, 'show', `${commit}:manifests/web.yaml`)).toBe(SCALED);
}

function scratchOf(pid: number): string | undefined {
  for (const d of readdirSync(tmpdir()).filter((e) => e.startsWith('converge-pr-'))) {
    try {
      if (readFileSync(join(tmpdir(), d, 'owner.pid'), 'utf8').trim() === String(pid)) return join(tmpdir(), d);
    } catch {
      /* another run's, being removed */
    }
  }
  return undefined;
}

type Scenario = {
  name: string;
  /** Kill when this step starts. */
  at?: PrFlowStep;
  /** Kill in the middle of a step: inside the pre-commit hook, the remote's pre-receive hook, or when the forge gets the POST. */
  mid?: 'pre-commit hook' | 'push (pre-receive)' | 'PR POST';
  /** The checkout has an ignored node_modules and a pre-commit hook using it (linked into the worktree). */
  nodeModules?: boolean;
  group: boolean;
  /** Steps after which the branch exists locally / on the remote, and the PR on the forge. */
  expectLocalBranch: boolean;
  expectRemoteBranch: boolean | 'maybe';
  expectPr: boolean;
};

const STEPS: Array<[PrFlowStep, boolean, boolean]> = [
  // step, local branch exists when killed at its start, remote branch exists
  ['fetch', false, false],
  ['prepare', false, false],
  ['worktree-add', false, false],
  ['link-hook-deps', false, false],
  ['write-files', false, false],
  ['stage', false, false],
  ['commit', false, false],
  ['remove-worktree', false, false],
  ['create-branch', false, false],
  ['push', true, false],
  ['open-pr', true, true],
];

const scenarios: Scenario[] = [
  ...STEPS.map(([at, local, remote]): Scenario => ({
    name: `at the start of "${at}"`, at, group: true, expectLocalBranch: local, expectRemoteBranch: remote, expectPr: false,
  })),
  {
    name: 'with node_modules linked for a pre-commit hook, at the start of "stage"', at: 'stage', group: true, nodeModules: true,
    expectLocalBranch: false, expectRemoteBranch: false, expectPr: false,
  },
  ...[false, true].flatMap((group): Scenario[] => [
    { name: `inside the pre-commit hook (${group ? 'with git' : 'git finishes the commit'})`, mid: 'pre-commit hook', group, expectLocalBranch: false, expectRemoteBranch: false, expectPr: false },
    // Killed while git push runs: with the group, receive-pack may or may not have updated the ref.
    { name: `while pushing (${group ? 'with git' : 'git push finishes'})`, mid: 'push (pre-receive)', group, expectLocalBranch: true, expectRemoteBranch: group ? 'maybe' : true, expectPr: false },
    { name: `after the PR POST reached the forge (${group ? 'process group' : 'process'})`, mid: 'PR POST', group, expectLocalBranch: true, expectRemoteBranch: true, expectPr: true },
  ]),
];

async function killAndRetry(s: Scenario, gh: FakeGitHub): Promise<void> {
  const { work, remote } = dirtyCheckout();
  const baseCommit = git(work, 'rev-parse', 'origin/main').trim();
  const remoteMainBefore = git(remote, 'rev-parse', 'refs/heads/main').trim();
  const killSelf = `kill -9 ${s.group ? '-' : ''}"$CONVERGE_TEST_PID"`;
  // Hooks act only in the child (CONVERGE_TEST_PID is set there), never in the retry below.
  if (s.mid === 'pre-commit hook') installHook(join(work, '.git'), 'pre-commit', `[ -n "$CONVERGE_TEST_PID" ] && ${killSelf}\nexit 0`);
  if (s.nodeModules) {
    write(work, '.git/info/exclude', 'node_modules/\n');
    write(work, 'node_modules/lint/index.js', 'process.exit(0)\n');
    installHook(join(work, '.git'), 'pre-commit', 'node node_modules/lint/index.js');
  }
  if (s.mid === 'push (pre-receive)') installHook(remote, 'pre-receive', `[ -n "$CONVERGE_TEST_PID" ] && ${killSelf}\nexit 0`);
  gh.branches.has = (b: string) => remoteBranch(remote) !== undefined && b === BRANCH;
  gh.pulls.length = 0;
  let childPid = 0;
  const push = gh.requests.push.bind(gh.requests);
  gh.requests.push = (...items) => {
    if (s.mid === 'PR POST' && childPid && items.some((r) => r.method === 'POST')) process.kill(s.group ? -childPid : childPid, 'SIGKILL');
    return push(...items);
  };

  const before = userState(work);
  const worktreesBefore = git(work, 'worktree', 'list', '--porcelain');
  const options = {
    repoDir: work, files: ['manifests/web.yaml'], remote: 'origin', base: 'main', branch: BRANCH,
    message: 'web: replicas 3 → 5', title: 'web: replicas 3 → 5', body: '| Deployment shop/web | `spec.replicas` | `3` → `5` |',
  };
  const killed = await runChild(
    { ...options, github: { apiUrl: gh.apiUrl, owner: 'acme', repo: 'deploy', token: TOKEN } },
    { CONVERGE_TEST_KILL_AT: s.at ?? '', CONVERGE_TEST_KILL_GROUP: s.group ? '1' : '0' },
    (pid) => (childPid = pid),
  );
  expect(killed.signal).toBe('SIGKILL');
  if (s.at) expect(killed.steps.at(-1)).toBe(s.at);
  expect(killed.stdout).not.toMatch(/^(result|error) /m);

  // Right after the crash: the user's files, index, HEAD, stash and other branches are untouched.
  expect(userState(work)).toEqual(before);
  if (s.nodeModules) expect(readdirSync(join(scratchOf(killed.pid)!, 'worktree', 'node_modules'))).toEqual(['lint']); // linked when killed
  expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(remoteMainBefore);
  const local = git(work, 'for-each-ref', '--format=%(objectname)', `refs/heads/${BRANCH}`).trim();
  expect(Boolean(local), 'local PR branch after the kill').toBe(s.expectLocalBranch);
  if (local) expectTheChange(work, local, baseCommit); // only ever the finished commit, never a partial one
  const onRemote = remoteBranch(remote);
  if (s.expectRemoteBranch !== 'maybe') expect(Boolean(onRemote), 'remote PR branch after the kill').toBe(s.expectRemoteBranch);
  if (onRemote) expect(onRemote).toBe(local);
  expect(gh.pulls.length).toBe(s.expectPr ? 1 : 0);

  // The retry (in this process, as the user clicking again) completes.
  const provider = createGitHubProvider({ owner: 'acme', repo: 'deploy', token: TOKEN, baseUrl: gh.apiUrl });
  const done = await openPullRequest({ ...options, provider });
  expect(done.pr).toMatchObject({ number: 1, reused: s.expectPr });
  expectTheChange(remote, done.branch.commit, baseCommit);
  expect(remoteBranch(remote)).toBe(done.branch.commit);
  if (local) expect(done.branch.commit).toBe(local);
  expect(gh.pulls).toHaveLength(1);
  expect(gh.pulls[0]).toMatchObject({ head: BRANCH, base: 'main', title: options.title, body: options.body, state: 'open' });
  // Pushed once, created from nothing: no force push, no second update of the branch.
  const updates = readFileSync(join(remote, 'updates.log'), 'utf8').split('\n').filter((l) => l.startsWith(`refs/heads/${BRANCH} `));
  expect(updates).toEqual([`refs/heads/${BRANCH} ${ZERO} ${done.branch.commit}`]);

  // And after it: still the user's checkout as it was, the killed run's temporary worktree gone.
  expect(userState(work)).toEqual(before);
  expect(git(work, 'worktree', 'list', '--porcelain')).toBe(worktreesBefore);
  expect(existsSync(join(work, '.git', 'worktrees')) ? readdirSync(join(work, '.git', 'worktrees')) : []).toEqual([]);
  expect(scratchOf(killed.pid)).toBeUndefined();
  expect(git(work, 'rev-parse', `${BRANCH}@{upstream}`).trim()).toBe(done.branch.commit);

  // A third click finds everything done.
  const again = await openPullRequest({ ...options, provider });
  expect(again.pr).toMatchObject({ number: 1, reused: true });
  expect(again.branch).toMatchObject({ reused: true, pushed: false, commit: done.branch.commit });
  expect(gh.pulls).toHaveLength(1);
}

describe('Commit & Open PR killed with SIGKILL at every step', () => {
  for (const s of scenarios) {
    it.concurrent(`killed ${s.name}: checkout unchanged, the retry pushes once and opens one PR`, async () => {
      const gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: TOKEN });
      try {
        await killAndRetry(s, gh);
      } finally {
        await gh.close();
      }
    });
  }

  it('cleans up worktrees of dead runs (locked while "initializing", folder already gone) and keeps a live run\'s', async () => {
    const { work } = dirtyCheckout();
    const deadPid = await new Promise<number>((resolve) => {
      const p = spawn(process.execPath, ['-e', '0']);
      p.on('close', () => resolve(p.pid!));
    });
    const scratchWith = (pid: number): string => {
      const dir = mkdtempSync(join(tmpdir(), 'converge-pr-'));
      writeFileSync(join(dir, 'repository'), `${work}\n`);
      writeFileSync(join(dir, 'owner.pid'), `${pid}\n`);
      git(work, 'worktree', 'add', '-q', '--detach', join(dir, 'worktree'), 'HEAD');
      return dir;
    };
    const locked = scratchWith(deadPid);
    git(work, 'worktree', 'lock', '--reason', 'initializing', join(locked, 'worktree'));
    const gone = scratchWith(deadPid);
    rmSync(gone, { recursive: true, force: true });
    const live = scratchWith(process.ppid); // the test runner: alive
    const before = userState(work);
    const gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: TOKEN });
    try {
      gh.branches.add(BRANCH);
      await openPullRequest({
        repoDir: work, files: ['manifests/web.yaml'], remote: 'origin', base: 'main', branch: BRANCH, message: 'm', title: 't', body: 'b',
        provider: createGitHubProvider({ owner: 'acme', repo: 'deploy', token: TOKEN, baseUrl: gh.apiUrl }),
      });
    } finally {
      await gh.close();
    }
    expect(existsSync(locked)).toBe(false);
    const listed = git(work, 'worktree', 'list', '--porcelain');
    expect(listed).not.toContain(locked);
    expect(listed).not.toContain(gone);
    expect(listed).toContain(join(live, 'worktree'));
    expect(userState(work)).toEqual(before);
    git(work, 'worktree', 'remove', '--force', join(live, 'worktree'));
    rmSync(live, { recursive: true, force: true });
  });

  it('the steps above are every step a run goes through', async () => {
    const { work } = dirtyCheckout();
    const gh = await startFakeGitHub({ owner: 'acme', repo: 'deploy', token: TOKEN });
    try {
      gh.branches.add(BRANCH);
      const seen: PrFlowStep[] = [];
      await openPullRequest({
        repoDir: work, files: ['manifests/web.yaml'], remote: 'origin', base: 'main', branch: BRANCH, message: 'm', title: 't', body: 'b',
        provider: createGitHubProvider({ owner: 'acme', repo: 'deploy', token: TOKEN, baseUrl: gh.apiUrl }),
        onProgress: (step) => seen.push(step),
      });
      expect(seen).toEqual(STEPS.map(([step]) => step));
    } finally {
      await gh.close();
    }
  });
});
