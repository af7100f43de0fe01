// describeGitOpsLayout(root): the units of a repo, for views and the engine (no rendering, nothing executed).
import path from 'node:path';
import { loadWorkspaceManifests } from '../manifests/load-workspace';
import { isKustomizationFileName } from '../render/kustomization-file';
import { patchAndInputFiles, readKustomizationGraph, topLevelKustomizations } from '../render/kustomization-graph';
import type { GitOpsUnit } from './types';
import { gitOpsUnits, unitApplying } from './units';

export interface GitOpsLayout {
  root: string;
  /** Units defined by Flux Kustomizations/HelmReleases and Argo CD Applications, in file order. */
  units: GitOpsUnit[];
  /**
 * Top-level kustomizations (not used by another) and the unit that applies each, if any. Without rendering,
 * units come from the files as written (patch files and generator inputs left out); Flux/Argo CD objects that
 * only an overlay patch changes are as in their base here.
 */
  kustomizations: Array<{ dir: string; unit?: GitOpsUnit }>;
}

export async function describeGitOpsLayout(root: string, opts: { exclude?: string[] } = {}): Promise<GitOpsLayout> {
  const abs = path.resolve(root);
  const ws = await loadWorkspaceManifests([abs], { exclude: opts.exclude });
  const graph = readKustomizationGraph(ws.files.filter(isKustomizationFileName).map((f) => path.dirname(f)));
  const notObjects = patchAndInputFiles(graph);
  const units = gitOpsUnits(
    ws.objects.filter((d) => !notObjects.has(d.source.file)),
    [abs],
  );
  readKustomizationGraph(units.flatMap((u) => (u.renderer === 'kustomize' && u.path ? [u.path] : [])), graph);
  const kustomizations = topLevelKustomizations(graph).map((k) => {
    const unit = units.find((u) => u.path === k.dir && u.renderer === 'kustomize') ?? unitApplying(units, k.file);
    return unit ? { dir: k.dir, unit } : { dir: k.dir };
  });
  return { root: abs, units, kustomizations };
}
