// What a commit changes, described from Git itself: each manifest object as in HEAD vs. as in the working tree.
// Used when the drift is gone by the time the PR is made (the edit was saved and re-checked), so the branch name,
// commit message and PR text still say "web: replicas 2 → 5" instead of "Update manifests".
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { offlineDiff } from '../diff/offline';
import { openGit } from '../git/run';
import { parseManifestText } from '../manifests';
import type { KubeObject } from '../types';
import type { PrChange } from './describe';

/** Changes of these files against HEAD, one per object whose fields changed (new and deleted objects are left out). */
export async function changesFromGit(repoDir: string, files: readonly string[]): Promise<PrChange[]> {
  const git = openGit(repoDir);
  const top = await git.tryRun(['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) return [];
  const root = top.stdout.trim();
  const out: PrChange[] = [];
  for (const file of files) {
    const rel = relative(root, file).split('\\').join('/');
    const head = await git.tryRun(['show', `HEAD:${rel}`]);
    if (head.exitCode !== 0) continue; // a new file: nothing to compare with
    let now: string;
    try {
      now = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const before = new Map(parseManifestText(file, head.stdout).objects.map((d) => [identity(d.object), d.object]));
    for (const d of parseManifestText(file, now).objects) {
      const old = before.get(identity(d.object));
      if (!old) continue;
      // The new text is what the PR wants ("desired"), HEAD is what is there now ("live"): `replicas 2 → 5`.
      const diff = offlineDiff(d.object, old);
      if (diff.length === 0) continue;
      const ns = d.object.metadata.namespace;
      out.push({ ref: { apiVersion: d.object.apiVersion, kind: d.object.kind, ...(ns ? { namespace: ns } : {}), name: d.object.metadata.name ?? '' }, file, diff });
    }
  }
  return out;
}

function identity(o: KubeObject): string {
  return `${o.apiVersion.split('/').length > 1 ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}
