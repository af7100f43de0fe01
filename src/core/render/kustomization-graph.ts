// All kustomizations of a workspace and how they use each other: which are top-level (rendered), which
// files they consume (never standalone objects).
import { isInsideReal } from '../gitops/resolve-path';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { findKustomizationFile, isKustomizationFileName, readKustomization, type Kustomization } from './kustomization-file';

export interface KustomizationGraph {
  /** Every kustomization read, by folder (absolute). */
  byDir: Map<string, Kustomization>;
  /** Folders used by another kustomization (as a resource or component): rendered only as part of it. */
  referenced: Set<string>;
}

/**
 * Reads the kustomizations in `dirs` and everything they reference (also outside `dirs`), into `graph` if given.
 * With `repos`, folders outside those repository roots are never read (a tree using one is not rendered).
 */
export function readKustomizationGraph(dirs: Iterable<string>, graph?: KustomizationGraph, repos?: readonly string[]): KustomizationGraph {
  const byDir = graph?.byDir ?? new Map<string, Kustomization>();
  const referenced = graph?.referenced ?? new Set<string>();
  const pending = [...dirs];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (byDir.has(dir)) continue;
    if (repos && !repos.some((r) => isInsideReal(dir, r))) continue;
    const file = findKustomizationFile(dir);
    if (!file) continue;
    const k = readKustomization(file);
    byDir.set(dir, k);
    for (const ref of [...k.resourceDirs, ...k.componentDirs]) {
      referenced.add(ref.path);
      pending.push(ref.path);
    }
  }
  return { byDir, referenced };
}

/**
 * Folders of these manifest files that hold a kustomization: a kustomization.yaml/.yml among the files, else a
 * `Kustomization` file (no extension, so never a manifest file itself): one stat per other folder.
 */
export function kustomizationDirsOf(files: Iterable<string>): string[] {
  const list = [...files];
  const named = new Set(list.filter(isKustomizationFileName).map((f) => path.dirname(f)));
  return [...new Set(list.map((f) => path.dirname(f)))].filter((dir) => named.has(dir) || existsSync(path.join(dir, 'Kustomization')));
}

/** Top-level kustomizations: not referenced by another one, and not Components. Sorted. */
export function topLevelKustomizations(graph: KustomizationGraph): Kustomization[] {
  return [...graph.byDir.values()]
    .filter((k) => !graph.referenced.has(k.dir) && k.kind !== 'Component')
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** The kustomization at `dir` and all it pulls in, depth first (the root first). */
export function kustomizationTree(graph: KustomizationGraph, dir: string): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (d: string) => {
    if (seen.has(d)) return;
    seen.add(d);
    const k = graph.byDir.get(d);
    if (!k) return;
    out.push(k);
    for (const ref of [...k.resourceDirs, ...k.componentDirs]) visit(ref.path);
  };
  visit(dir);
  return out;
}

/** Files a kustomization reads (its own file, resources, patches, generator inputs…): never standalone objects. */
export function consumedFiles(graph: KustomizationGraph): Set<string> {
  const files = new Set<string>();
  for (const k of graph.byDir.values()) {
    files.add(k.file);
    for (const r of k.resourceFiles) files.add(r.path);
    for (const p of k.patches) if (p.file) files.add(p.file);
    for (const f of k.inputFiles) files.add(f);
  }
  return files;
}

/** Patch files and generator/transformer inputs: never objects of their own, not even before rendering. */
export function patchAndInputFiles(graph: KustomizationGraph): Set<string> {
  const files = new Set<string>();
  for (const k of graph.byDir.values()) {
    for (const p of k.patches) if (p.file) files.add(p.file);
    for (const f of k.inputFiles) files.add(f);
  }
  return files;
}
