// What a repository looks like right now: root, branch, remotes, default branch, dirty files.
import { GitOpsError } from './errors';
import { openGit, type Git, type GitOptions } from './run';
import { parseRemoteUrl, type ForgeKind, type ParsedRemote } from './remote-url';

export interface RemoteInfo {
  name: string;
  fetchUrl: string;
  pushUrl: string;
  /** Host / owner / repo when the URL is a forge URL (undefined for local paths). */
  parsed?: ParsedRemote;
}

export interface DirtyFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  /** Porcelain status letters: index (staged) and working tree, e.g. `M`, `A`, `?`, ` `. */
  index: string;
  worktree: string;
  /** For renames, the old path. */
  from?: string;
}

export interface RepoInfo {
  /** Absolute path of the working tree root. */
  root: string;
  /** Current branch name; undefined when HEAD is detached. */
  branch?: string;
  detached: boolean;
  /** Commit HEAD points at; undefined in a repository without commits. */
  head?: string;
  remotes: RemoteInfo[];
  /** The remote PRs go to: `origin` if present, else the only/first remote. */
  preferredRemote?: string;
  /** Default branch of the preferred remote (`origin/HEAD`, else `main`/`master`). */
  defaultBranch?: string;
  dirty: DirtyFile[];
}

export interface InspectOptions extends GitOptions {
  /** host → forge, for GitHub Enterprise / self-hosted GitLab hosts whose names do not say it. */
  forgeOverrides?: Record<string, ForgeKind>;
}

/** The repository root of `dir`, or a `not-a-repo` GitOpsError. */
export async function repoRoot(dir: string, options: GitOptions = {}): Promise<string> {
  const r = await openGit(dir, options).tryRun(['rev-parse', '--show-toplevel']);
  if (r.exitCode !== 0 || !r.stdout.trim()) {
    throw new GitOpsError('not-a-repo', `${dir} is not inside a git repository.`, r.stderr.trim() || undefined);
  }
  return r.stdout.trim();
}

export async function inspectRepo(dir: string, options: InspectOptions = {}): Promise<RepoInfo> {
  const root = await repoRoot(dir, options);
  const git = openGit(root, options);
  const [branchOut, headOut, remotes, dirty] = await Promise.all([
    git.tryRun(['symbolic-ref', '--quiet', '--short', 'HEAD']),
    git.tryRun(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
    listRemotes(git, options.forgeOverrides),
    dirtyFiles(git),
  ]);
  const branch = branchOut.exitCode === 0 ? branchOut.stdout.trim() : undefined;
  const head = headOut.exitCode === 0 ? headOut.stdout.trim() : undefined;
  const preferredRemote = remotes.find((r) => r.name === 'origin')?.name ?? remotes[0]?.name;
  const defaultBranch = await findDefaultBranch(git, preferredRemote);
  return { root, branch, detached: branch === undefined, head, remotes, preferredRemote, defaultBranch, dirty };
}

export async function listRemotes(git: Git, overrides?: Record<string, ForgeKind>): Promise<RemoteInfo[]> {
  const out = await git.tryRun(['remote', '-v']);
  if (out.exitCode !== 0) return [];
  const byName = new Map<string, RemoteInfo>();
  for (const line of out.stdout.split('\n')) {
    const m = /^(\S+)\t(.+?) \((fetch|push)\)$/.exec(line.trim());
    if (!m) continue;
    const [, name, url, kind] = m;
    const r = byName.get(name) ?? { name, fetchUrl: url, pushUrl: url };
    if (kind === 'fetch') r.fetchUrl = url;
    else r.pushUrl = url;
    byName.set(name, r);
  }
  return [...byName.values()].map((r) => {
    const parsed = parseRemoteUrl(r.pushUrl, overrides) ?? parseRemoteUrl(r.fetchUrl, overrides);
    return parsed ? { ...r, parsed } : r;
  });
}

/** `<remote>/HEAD`'s target, else `main` or `master` on the remote, else a local `main`/`master`. */
export async function findDefaultBranch(git: Git, remote: string | undefined): Promise<string | undefined> {
  if (remote) {
    const sym = await git.tryRun(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`]);
    const prefix = `refs/remotes/${remote}/`;
    if (sym.exitCode === 0 && sym.stdout.trim().startsWith(prefix)) return sym.stdout.trim().slice(prefix.length);
    for (const name of ['main', 'master']) {
      if (await refExists(git, `refs/remotes/${remote}/${name}`)) return name;
    }
  }
  for (const name of ['main', 'master']) {
    if (await refExists(git, `refs/heads/${name}`)) return name;
  }
  return undefined;
}

export async function refExists(git: Git, ref: string): Promise<boolean> {
  return (await git.tryRun(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).exitCode === 0;
}

/** Changed, staged and untracked files (`git status --porcelain=v1 -z`). */
export async function dirtyFiles(git: Git): Promise<DirtyFile[]> {
  const out = await git.tryRun(['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  if (out.exitCode !== 0) return [];
  const fields = out.stdout.split('\0');
  const files: DirtyFile[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length < 4) continue;
    const entry: DirtyFile = { index: f[0], worktree: f[1], path: f.slice(3) };
    if (entry.index === 'R' || entry.index === 'C') entry.from = fields[++i];
    files.push(entry);
  }
  return files;
}
