// What a file is to kustomize or Helm when it is not an object of its own: a kustomization, a patch, a
// generator input, a chart file. Known without executing anything, so also when nothing is rendered
// (`--no-render`, an untrusted workspace): patches and generator inputs are never "missing" objects.
import path from 'node:path';
import { isArgoApplication } from '../gitops/argo';
import { isFluxHelmRelease, isFluxKustomization } from '../gitops/flux';
import { isInside } from '../gitops/resolve-path';
import type { DesiredObject, ParsedFile } from '../types';
import { kustomizationDirsOf, readKustomizationGraph, type KustomizationGraph } from './kustomization-graph';

export interface RenderInput {
  /**
   * `kustomization`: a kustomization.yaml (or Component); `resource`: listed in `resources` (an object as
   * written, changed by the render); `patch`; `generator input` (configMapGenerator/secretGenerator files);
   * `other input` (crds, transformers, replacements, openapi); `chart file` (anything in a Helm chart folder).
   */
  role: 'kustomization' | 'resource' | 'patch' | 'generator input' | 'other input' | 'chart file';
  /** The kustomization file or chart folder that uses it (absolute). */
  usedBy: string;
}

/** Roles of the files a graph's kustomizations read, and of files in chart folders. The first user wins. */
export function describeRenderInputs(graph: KustomizationGraph, files: readonly string[]): Map<string, RenderInput> {
  const out = new Map<string, RenderInput>();
  const add = (file: string, role: RenderInput['role'], usedBy: string) => {
    if (!out.has(file)) out.set(file, { role, usedBy });
  };
  const sorted = [...graph.byDir.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const k of sorted) add(k.file, 'kustomization', k.file);
  for (const k of sorted) {
    for (const p of k.patches) if (p.file) add(p.file, 'patch', k.file);
    const generated = new Set(k.generatorInputs);
    for (const f of k.inputFiles) add(f, generated.has(f) ? 'generator input' : 'other input', k.file);
    for (const r of k.resourceFiles) add(r.path, 'resource', k.file);
  }
  const charts = files.filter((f) => path.basename(f) === 'Chart.yaml').map((f) => path.dirname(f));
  for (const file of files) {
    const chart = charts.find((dir) => isInside(file, dir));
    if (chart) add(file, 'chart file', chart);
  }
  return out;
}

/** Files that must not be read as objects without rendering: everything but `resource`s. */
export function isNeverAnObject(input: RenderInput | undefined): boolean {
  return input !== undefined && input.role !== 'resource';
}

/**
 * Without rendering (`--no-render`): resources of kustomizations stay objects as written; kustomization files,
 * patches, generator inputs and chart files are not objects (nor problems) of their own.
 */
export function withoutRenderInputs(parsed: readonly ParsedFile[]): { kept: ParsedFile[]; inputs: Map<string, RenderInput> } {
  const files = parsed.map((p) => p.file);
  const graph = readKustomizationGraph(kustomizationDirsOf(files));
  const inputs = describeRenderInputs(graph, files);
  return { kept: parsed.filter((p) => !isNeverAnObject(inputs.get(p.file))), inputs };
}

/** A Flux Kustomization / HelmRelease or Argo CD Application: an object that decides what is rendered. */
export function isOperatorObject(o: { apiVersion: string; kind: string }): boolean {
  return isFluxKustomization(o) || isFluxHelmRelease(o) || isArgoApplication(o);
}

/**
 * Whether a saved file changes rendered objects, so that a re-check must render again (a whole check, with the
 * render cache) rather than re-read the file as plain objects: it is a render input (kustomization, resource,
 * patch, generator input, chart file), holds a Flux/Argo CD object (before or after the edit), or rendered
 * objects link to it.
 */
export function affectsRenders(
  file: string,
  loaded: { renderInputs: ReadonlyMap<string, RenderInput>; objects: readonly DesiredObject[] },
  edited: readonly DesiredObject[] = [],
): boolean {
  if (loaded.renderInputs.has(file) || edited.some((d) => isOperatorObject(d.object))) return true;
  return loaded.objects.some((d) => {
    if (d.source.file === file && (d.rendered || isOperatorObject(d.object))) return true;
    const r = d.rendered;
    return r !== undefined && (r.owner?.file === file || r.owner?.clusterFile === file || (r.patches ?? []).some((p) => p.file === file));
  });
}
