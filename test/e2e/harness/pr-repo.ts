// The workspace of the PR test: a clone of a local bare remote holding the fixture's web Deployment, with a repo-local
// git identity (code-server runs with an empty HOME), and the GitOps Converge PR settings pointing at a fake GitLab.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PrRepo {
  work: string;
  remote: string;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'user.name=E2E User', '-c', 'user.email=e2e@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `root/remote.git` (bare, branch main) and its clone `root/work`, whose `.vscode/settings.json` git ignores. */
export function createPrRepo(root: string, fixtureWorkspace: string, settings: Record<string, unknown>): PrRepo {
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const work = join(root, 'work');
  mkdirSync(seed, { recursive: true });
  git(root, 'init', '-q', '--bare', remote);
  git(seed, 'init', '-q');
  const file = join(seed, 'apps/web/deployment.yaml');
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(join(fixtureWorkspace, 'apps/web/deployment.yaml'), file);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'web: initial');
  git(seed, 'push', '-q', remote, 'main');
  git(root, 'clone', '-q', remote, work);
  git(work, 'config', 'user.name', 'E2E User');
  git(work, 'config', 'user.email', 'e2e@example.com');
  writeFileSync(join(work, '.git/info/exclude'), '.vscode/\n');
  mkdirSync(join(work, '.vscode'));
  writeFileSync(join(work, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
  return { work, remote };
}

/** Whether the bare remote has this branch. */
export function remoteHasBranch(remote: string, branch: string): boolean {
  try {
    git(remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`);
    return true;
  } catch {
    return false;
  }
}

/** Someone else's commit on main (made in the seed clone and pushed), then pulled into the work clone. */
export function commitOnMain(repo: PrRepo, file: string, edit: (text: string) => string, message: string): void {
  const seed = join(dirname(repo.remote), 'seed');
  git(seed, 'pull', '-q', '--ff-only', repo.remote, 'main');
  const path = join(seed, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  git(seed, 'commit', '-q', '-am', message);
  git(seed, 'push', '-q', repo.remote, 'main');
  git(repo.work, 'pull', '-q', '--ff-only', 'origin', 'main');
}

