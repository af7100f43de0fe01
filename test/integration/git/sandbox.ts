// Real git repositories and bare remotes in temp dirs, with an isolated global config.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface Sandbox {
  dir: string;
  cleanup(): void;
}

/** Points git at a private global config (name, email, main, file protocol) for this test process. */
export function isolateGitConfig(): Sandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'converge-git-test-')));
  const config = join(dir, 'gitconfig');
  writeFileSync(
    config,
    [
      '[user]', '\tname = Test User', '\temail = test@example.com',
      '[init]', '\tdefaultBranch = main',
      '[protocol "file"]', '\tallow = always',
      '[advice]', '\tdetachedHead = false',
      '[gc]', '\tauto = 0',
      '',
    ].join('\n'),
  );
  process.env.GIT_CONFIG_GLOBAL = config;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  delete process.env.GIT_DIR;
  delete process.env.GIT_WORK_TREE;
  delete process.env.GIT_INDEX_FILE;
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function write(root: string, rel: string, content: string | Buffer): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

export function read(root: string, rel: string): string {
  return readFileSync(join(root, rel), 'utf8');
}

export const WEB_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          image: web:1.0
`;

export const API_YAML = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports:
    - port: 80
`;

export interface RepoWithRemote {
  work: string;
  remote: string;
}

/** A bare `remote.git` with `main` (two manifests) and a clone `work` of it. */
export function repoWithRemote(base: string, name = 'r'): RepoWithRemote {
  const root = join(base, name);
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const work = join(root, 'work');
  mkdirSync(root, { recursive: true });
  git(root, 'init', '-q', '--bare', remote);
  git(root, 'init', '-q', seed);
  write(seed, 'manifests/web.yaml', WEB_YAML);
  write(seed, 'manifests/api.yaml', API_YAML);
  write(seed, 'README.md', '# demo\n');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'initial');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '-q', 'origin', 'main');
  git(root, 'clone', '-q', remote, work);
  return { work, remote };
}

/** Installs an executable hook script (sh) in a repository (bare or not). */
export function installHook(gitDir: string, name: string, script: string): void {
  installHookFile(join(gitDir, 'hooks', name), script);
}

export function installHookFile(file: string, script: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
}

/** Every file of the working tree (and of .git except objects/logs) hashed, plus porcelain status and stash list. */
export function snapshot(work: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const abs = join(dir, entry);
      const rel = relative(work, abs);
      if (rel === '.git/objects' || rel === '.git/logs' || rel === '.git/worktrees' || rel === '.git/refs' ||
          rel === '.git/packed-refs' || rel === '.git/config' || rel === '.git/FETCH_HEAD') continue;
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else out[rel] = `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
    }
  };
  walk(work);
  out['status --porcelain=v2'] = git(work, 'status', '--porcelain=v2', '--branch', '--untracked-files=all');
  out['stash list'] = git(work, 'stash', 'list', '--format=%H %s');
  out['HEAD'] = git(work, 'rev-parse', 'HEAD');
  out['symbolic HEAD'] = git(work, 'rev-parse', '--symbolic-full-name', 'HEAD');
  out['local branches'] = git(work, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/stash');
  out['worktrees'] = git(work, 'worktree', 'list', '--porcelain');
  return out;
}
