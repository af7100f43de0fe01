// Renders the kustomizations and local Helm charts of a workspace, as its GitOps operators would, and says
// which files are only inputs of a render (never standalone objects).
import path from 'node:path';
import { asAppliedBy } from '../gitops/operator-metadata';
import { isInside } from '../gitops/resolve-path';
import type { GitOpsUnit } from '../gitops/types';
import { describeUnitOwner, gitOpsUnits, unitApplying, unitOwner } from '../gitops/units';
import type { DesiredObject, ManifestProblem, ParsedFile } from '../types';
import { mapLimit } from '../util/concurrency';
import { findKustomizationFile } from './kustomization-file';
import { consumedFiles, readKustomizationGraph, topLevelKustomizations, type KustomizationGraph } from './kustomization-graph';
import { runJob, warning, type JobResult, type RenderJob } from './render-job';
import { readObjectsOf } from './source-links';
import type { RenderedWorkspace, RenderOptions } from './types';

export { NOT_TRUSTED } from './render-job';
export type { RenderOptions, RenderedWorkspace, RenderRecord } from './types';

/** Rounds of rendering: a render can yield more Flux/Argo CD objects (an overlay's HelmRelease), rendered next. */
const MAX_ROUNDS = 5;

export async function renderWorkspace(roots: readonly string[], parsed: readonly ParsedFile[], opts: RenderOptions): Promise<RenderedWorkspace> {
  const absRoots = roots.map((r) => path.resolve(r));
  const files = parsed.map((p) => p.file);

  // `Kustomization` (no extension) is not a manifest file name: look for it in every folder with manifests.
  const graph = readKustomizationGraph([...new Set(files.map((f) => path.dirname(f)))].filter((dir) => findKustomizationFile(dir) !== undefined));
  const chartDirs = files.filter((f) => path.basename(f) === 'Chart.yaml').map((f) => path.dirname(f));
  const isConsumed = (file: string, consumed: Set<string>) =>
    consumed.has(file) || graph.byDir.has(path.dirname(file)) || chartDirs.some((dir) => isInside(file, dir));
  const initiallyConsumed = consumedFiles(graph);
  const plain = parsed.filter((p) => !isConsumed(p.file, initiallyConsumed));

  const parsedByFile = new Map(parsed.map((p) => [p.file, p.objects]));
  const readObjects = (file: string) => parsedByFile.get(file) ?? readObjectsOf(file);
  const problems: ManifestProblem[] = [];
  const units: GitOpsUnit[] = [];
  const unitKeys = new Set<string>();
  const results: Array<{ job: RenderJob; result: JobResult }> = [];

  // Round 0: the units of plain objects and the top-level kustomizations; then the units the renders reveal.
  let found = plain.flatMap((p) => p.objects);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh = gitOpsUnits(found, absRoots).filter((u) => !unitKeys.has(unitKey(u)) && unitKeys.add(unitKey(u)));
    units.push(...fresh);
    readKustomizationGraph(fresh.flatMap((u) => (u.renderer === 'kustomize' && u.path ? [u.path] : [])), graph);
    const jobs = unitJobs(fresh, graph, problems);
    if (round === 0) jobs.push(...topLevelJobs(units, graph, absRoots));
    if (jobs.length === 0) break;
    const done = await mapLimit(jobs, opts.concurrency ?? 2, (job) => runJob(job, graph, absRoots, readObjects, opts));
    done.forEach((result, i) => results.push({ job: jobs[i], result }));
    found = done.flatMap((r) => r.objects);
  }

  // Plain objects and kustomizations inside plain folders get the metadata of the unit applying the folder.
  const objects: DesiredObject[] = [];
  for (const p of plain) {
    const unit = unitApplying(units, p.file);
    for (const d of p.objects) objects.push(unit ? { ...d, object: asAppliedBy(d.object, unit) } : d);
    problems.push(...p.problems);
  }
  for (const { job, result } of results) {
    const unit = job.unit ? undefined : unitApplying(units, job.anchor.file);
    for (const d of result.objects) objects.push(unit ? { ...d, object: asAppliedBy(d.object, unit), rendered: { ...d.rendered!, owner: unitOwner(unit) } } : d);
    problems.push(...result.problems);
  }
  const consumed = new Set(files.filter((f) => isConsumed(f, consumedFiles(graph))));
  return { objects, problems, consumed, units, renders: results.map((r) => r.result.record) };
}

/** Identical units (the same object rendered by two overlays, unchanged) are rendered once. */
function unitKey(u: GitOpsUnit): string {
  const { ref } = u.owner;
  return JSON.stringify([ref, u.path ?? u.declaredPath, u.renderer, u.targetNamespace, u.helm, u.kustomize, u.postBuild, u.labels, u.notRendered]);
}

function unitJobs(units: GitOpsUnit[], graph: KustomizationGraph, problems: ManifestProblem[]): RenderJob[] {
  const jobs: RenderJob[] = [];
  for (const unit of units) {
    if (unit.notRendered) {
      problems.push(warning(unit.owner.source, `${describeUnitOwner(unit)}: not rendered: ${unit.notRendered}`, 'not-rendered'));
      continue;
    }
    if (!unit.path) continue;
    for (const note of unit.notes) problems.push(warning(unit.owner.source, `${describeUnitOwner(unit)}: ${note}`, 'render-partial'));
    if (unit.renderer === 'kustomize') {
      const k = graph.byDir.get(unit.path);
      if (k) jobs.push({ tool: 'kustomize', dir: unit.path, unit, anchor: k.location });
    } else if (unit.renderer === 'helm') {
      jobs.push({ tool: 'helm', dir: unit.path, unit, anchor: unit.owner.source });
    }
  }
  return jobs;
}

/** Top-level kustomizations in the workspace that no unit renders (their operator, if any, is found later). */
function topLevelJobs(units: GitOpsUnit[], graph: KustomizationGraph, roots: readonly string[]): RenderJob[] {
  const unitDirs = new Set(units.flatMap((u) => (u.renderer === 'kustomize' && u.path ? [u.path] : [])));
  return topLevelKustomizations(graph)
    .filter((k) => !unitDirs.has(k.dir) && roots.some((r) => isInside(k.dir, r)))
    .map((k) => ({ tool: 'kustomize' as const, dir: k.dir, anchor: k.location }));
}

