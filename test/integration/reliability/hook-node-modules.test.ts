// Commit hooks that need the checkout's (ignored) node_modules — husky, lint-staged, commitlint style —
// work in the temporary worktree the PR branch is built in; the links never get committed, are gone
// afterwards (also when the hook fails), and the user's node_modules are never touched.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrBranch } from '../../../src/core/git/pr-branch';
import { GitOpsError } from '../../../src/core/git/errors';
import { WEB_YAML, git, installHook, installHookFile, isolateGitConfig, read, repoWithRemote, snapshot, write, type Sandbox } from '../git/sandbox';

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());

const SCALED = WEB_YAML.replace('replicas: 3', 'replicas: 5');

// A linter living in node_modules: refuses `replicas: 99`, records where it ran and what was staged.
const LINTER = `#!/usr/bin/env node
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const helper = require('yaml-lint-helper'); // resolved from node_modules like any package
const staged = execFileSync('git', ['diff', '--cached', '--name-only'], { encoding: 'utf8' }).trim().split('\\n').filter(Boolean);
const common = execFileSync('git', ['rev-parse', '--git-common-dir'], { encoding: 'utf8' }).trim();
fs.appendFileSync(path.join(common, 'lint-ran'), staged.join(',') + '\\n');
for (const f of staged) {
  const problem = helper.check(fs.readFileSync(f, 'utf8'));
  if (problem) { console.error('fake-lint: ' + f + ': ' + problem); process.exit(1); }
}
`;

/** A repo whose committed .gitignore ignores node_modules/, with a linter in the root and in a workspace package. */
function repoWithNodeModules(): { work: string; remote: string } {
  const r = repoWithRemote(sb.dir, `nm${n++}`);
  const seed = join(sb.dir, `nm-seed${n++}`);
  git(sb.dir, 'clone', '-q', r.remote, seed);
  write(seed, '.gitignore', 'node_modules/\n');
  write(seed, 'packages/app/package.json', '{"name":"app"}\n');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'ignore node_modules');
  git(seed, 'push', '-q', 'origin', 'main');
  git(r.work, 'pull', '-q', '--ff-only');
  for (const base of ['node_modules', 'packages/app/node_modules']) {
    write(r.work, `${base}/fake-lint/index.js`, LINTER);
    chmodSync(join(r.work, base, 'fake-lint/index.js'), 0o755);
    write(r.work, `${base}/yaml-lint-helper/index.js`, "exports.check = (t) => (/replicas: 99/.test(t) ? 'replicas: 99 is too many' : '');\n");
    write(r.work, `${base}/.bin/.keep`, '');
    symlinkSync('../fake-lint/index.js', join(r.work, base, '.bin/fake-lint'));
  }
  return r;
}

/** The checkout's snapshot without the linter's own record of having run. */
function userState(work: string): Record<string, string> {
  const s = snapshot(work);
  delete s['.git/lint-ran'];
  return s;
}

/** sha256 of every file and link under a folder, links not followed. */
function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = st.isSymbolicLink() ? 'link' : createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function failure(p: Promise<unknown>): Promise<GitOpsError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(GitOpsError);
  return e as GitOpsError;
}

describe('commit hooks that need node_modules', () => {
  it('a pre-commit hook running a linter from node_modules passes in the temporary worktree; nothing of node_modules is committed', async () => {
    const { work, remote } = repoWithNodeModules();
    installHook(join(work, '.git'), 'pre-commit', 'node_modules/.bin/fake-lint');
    write(work, 'manifests/web.yaml', SCALED);
    const nm = treeHash(join(work, 'node_modules'));
    const before = userState(work);
    const r = await createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/lint-ok', message: 'm', base: 'main', remote: 'origin' });
    expect(read(work, '.git/lint-ran')).toBe('manifests/web.yaml\n');
    expect(git(remote, 'show', '--name-only', '--format=', r.commit).trim()).toBe('manifests/web.yaml');
    expect(git(remote, 'ls-tree', '-r', '--name-only', r.commit)).not.toContain('node_modules');
    expect(treeHash(join(work, 'node_modules'))).toEqual(nm);
    const after = userState(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes('converge/lint-ok')).join('\n');
    expect(after).toEqual(before);
  });

  it('a failing linter is reported with its output; the links are gone and node_modules untouched', async () => {
    const { work } = repoWithNodeModules();
    installHook(join(work, '.git'), 'pre-commit', 'node_modules/.bin/fake-lint');
    write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', 'replicas: 99'));
    const nm = treeHash(join(work, 'node_modules'));
    const before = userState(work);
    const e = await failure(createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/lint-bad', message: 'm', base: 'main', remote: 'origin' }));
    expect(e.code).toBe('hook-failed');
    expect(e.message).toContain('pre-commit');
    expect(e.message).toContain('fake-lint: manifests/web.yaml: replicas: 99 is too many');
    expect(e.message).not.toMatch(/Cannot find module|not found/);
    expect(treeHash(join(work, 'node_modules'))).toEqual(nm);
    expect(userState(work)).toEqual(before);
    expect(git(work, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('husky style: a tracked core.hooksPath whose hook runs a workspace package\'s linter; a hook running `git add -A` does not commit the links', async () => {
    const { work, remote } = repoWithNodeModules();
    git(work, 'config', 'core.hooksPath', '.husky');
    installHookFile(join(work, '.husky/pre-commit'), 'git add -A\npackages/app/node_modules/.bin/fake-lint');
    installHookFile(join(work, '.husky/commit-msg'), 'node -e "require(\'yaml-lint-helper\')" && echo "Checked-by: commitlint" >> "$1"');
    write(work, 'manifests/web.yaml', SCALED);
    const pkgNm = treeHash(join(work, 'packages/app/node_modules'));
    const r = await createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/husky-ok', message: 'm', base: 'main', remote: 'origin' });
    expect(read(work, '.git/lint-ran')).toBe('manifests/web.yaml\n');
    expect(git(remote, 'log', '-1', '--format=%B', r.commit).trim()).toBe('m\nChecked-by: commitlint');
    expect(git(remote, 'show', '--name-only', '--format=', r.commit).trim()).toBe('manifests/web.yaml');
    expect(treeHash(join(work, 'packages/app/node_modules'))).toEqual(pkgNm);
  });

  it('node_modules the base branch would not ignore are not linked (a hook could commit them); the failure names the hook', async () => {
    const { work } = repoWithNodeModules();
    git(work, 'rm', '-q', '--cached', '.gitignore'); // ignored only by the checkout's own, uncommitted .gitignore
    git(work, 'commit', '-qm', 'drop .gitignore');
    git(work, 'push', '-q', 'origin', 'main');
    write(work, '.gitignore', 'node_modules/\n.gitignore\n');
    installHook(join(work, '.git'), 'pre-commit', 'git add -A && node_modules/.bin/fake-lint');
    write(work, 'manifests/web.yaml', SCALED);
    const e = await failure(createPrBranch({ repoDir: work, files: ['manifests/web.yaml'], branch: 'converge/unignored', message: 'm', base: 'main', remote: 'origin' }));
    expect(e.code).toBe('hook-failed');
    expect(e.message).toMatch(/The commit was stopped by a git hook \(pre-commit\):\n.*node_modules\/\.bin\/fake-lint.*not found/);
    expect(git(work, 'branch', '--list', 'converge/unignored').trim()).toBe('');
  });
});
