// What each chosen file should contain on the PR branch: the user's working-tree change, carried onto
// the (possibly newer) base with a 3-way merge so upstream edits to the same file are never reverted.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GitOpsError } from './errors';
import type { Git } from './run';

/** null means "the file is deleted". */
export type FileContent = Buffer | null;

export interface DesiredFile {
  /** Repo-relative, `/`-separated. */
  path: string;
  content: FileContent;
  /** True when the base had changed the file too and a 3-way merge was needed. */
  merged: boolean;
}

async function blobAt(git: Git, rev: string | undefined, path: string): Promise<string | undefined> {
  if (!rev) return undefined;
  const r = await git.tryRun(['rev-parse', '--verify', '--quiet', `${rev}:${path}`]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Blob id `content` would get at `path` (clean filters applied), via a scratch file. */
export async function hashContent(git: Git, scratchDir: string, path: string, content: Buffer): Promise<string> {
  mkdirSync(scratchDir, { recursive: true });
  const file = join(scratchDir, `hash-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, content);
  return (await git.run(['hash-object', `--path=${path}`, '--', file])).trim();
}

/**
 * For each path: the working-tree content, merged onto `baseCommit` relative to `ancestor`
 * (merge-base of HEAD and the base). Throws `conflict` listing files that cannot be merged cleanly.
 */
export async function desiredFromWorkingTree(
  git: Git,
  paths: string[],
  baseCommit: string,
  ancestor: string | undefined,
  scratchDir: string,
): Promise<DesiredFile[]> {
  const out: DesiredFile[] = [];
  const conflicts: string[] = [];
  for (const path of paths) {
    const abs = join(git.dir, path);
    const wt: FileContent = existsSync(abs) ? readFileSync(abs) : null;
    const [baseBlob, ancestorBlob] = await Promise.all([blobAt(git, baseCommit, path), blobAt(git, ancestor, path)]);
    const wtBlob = wt ? await hashContent(git, scratchDir, path, wt) : undefined;
    if (ancestor === undefined || baseBlob === ancestorBlob || wtBlob === baseBlob) {
      // Base did not touch the file (or no history to compare): the user's content is the change.
      out.push({ path, content: wt, merged: false });
    } else if (wtBlob === ancestorBlob) {
      // The user did not change it; keep the base's version.
      out.push({ path, content: baseBlob ? await git.showBytes(baseBlob) : null, merged: false });
    } else if (wt && baseBlob && ancestorBlob) {
      const dir = join(scratchDir, 'merge');
      mkdirSync(dir, { recursive: true });
      const cur = join(dir, 'base'), anc = join(dir, 'ancestor'), theirs = join(dir, 'working-tree');
      writeFileSync(cur, await git.showBytes(baseBlob));
      writeFileSync(anc, await git.showBytes(ancestorBlob));
      writeFileSync(theirs, wt);
      const r = await git.tryRun(['merge-file', '-q', '-L', 'base', '-L', 'ancestor', '-L', 'working tree', cur, anc, theirs]);
      if (r.exitCode !== 0) conflicts.push(path);
      else out.push({ path, content: readFileSync(cur), merged: true });
    } else {
      conflicts.push(path); // added/deleted on one side, changed on the other
    }
  }
  if (conflicts.length) {
    throw new GitOpsError(
      'conflict',
      `The base branch changed ${conflicts.join(', ')} too, and the changes conflict. Update your branch from the base first.`,
    );
  }
  return out;
}
