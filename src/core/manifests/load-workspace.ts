// Discover + parse every manifest under some roots, a bounded number of files at a time.
import type { DesiredObject, ManifestProblem } from '../types';
import { discoverManifestFiles } from './discover';
import type { DiscoverOptions } from './discover';
import { parseManifestFile } from './parse';

export interface LoadWorkspaceOptions extends DiscoverOptions {
  /** Files read and parsed at once. Default 16. */
  concurrency?: number;
}

export interface LoadedWorkspace {
  objects: DesiredObject[];
  problems: ManifestProblem[];
  /** Manifest files found (parsed), sorted. */
  files: string[];
}

export async function loadWorkspaceManifests(roots: string[], opts: LoadWorkspaceOptions = {}): Promise<LoadedWorkspace> {
  const { files, skipped } = await discoverManifestFiles(roots, opts);
  const parsed = await mapWithConcurrency(files, opts.concurrency ?? 16, parseManifestFile);
  const objects = parsed.flatMap((p) => p.objects);
  const problems: ManifestProblem[] = skipped.map(({ file, reason }) => ({
    file,
    severity: 'warning',
    rule: 'file-skipped',
    message: `Skipped: ${reason}`,
  }));
  problems.push(...parsed.flatMap((p) => p.problems));
  return { objects, problems, files };
}

/** Maps items with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
