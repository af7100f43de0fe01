// Renders the kustomizations and local Helm charts of a workspace, as its GitOps operators would, and says
// which files are only inputs of a render (never standalone objects).
import path from 'node:path';
import { isArgoApplicationSet } from '../gitops/argo';
import { asAppliedBy } from '../gitops/operator-metadata';
import { isInside } from '../gitops/resolve-path';
import type { GitOpsUnit } from '../gitops/types';
import { describeUnitOwner, gitOpsUnits, unitApplying, unitOwner } from '../gitops/units';
import type { DiscoverOptions } from '../manifests/discover';
import type { DesiredObject, ManifestProblem, ParsedFile, SourceLocation } from '../types';
import { mapLimit } from '../util/concurrency';
import { readAroundScope } from './around-scope';
import { isKustomizationFileName } from './kustomization-file';
import { consumedFiles, kustomizationDirsOf, kustomizationTree, readKustomizationGraph, topLevelKustomizations, type KustomizationGraph } from './kustomization-graph';
import { kustomizationTreeFiles } from './render-cache';
import { describeRenderInputs, isOperatorObject } from './render-inputs';
import { inChecked, renderScope, scopeSourceRoots, touchesChecked, type RenderScope } from './render-scope';
import { runJob, warning, type JobResult, type RenderJob } from './render-job';
import { readObjectsOf } from './source-links';
import type { RenderedWorkspace, RenderOptions } from './types';

export { NOT_TRUSTED } from './render-job';
export type { RenderOptions, RenderedWorkspace, RenderRecord } from './types';

const APPLICATION_SET_NOTE =
  'Argo CD ApplicationSet: the Applications it generates are not expanded here; folders they deploy are checked without their destination namespace and tracking';

/** Rounds of rendering: a render can yield more Flux/Argo CD objects (an overlay's HelmRelease), rendered next. */
const MAX_ROUNDS = 5;

/**
 * `parsed`: the checked files. With `opts.workspaceRoot` around a checked sub-folder, the Flux/Argo CD objects
 * elsewhere in the workspace folder are read too (`discover` excludes apply), and what they render into the
 * sub-folder is rendered as they would; only objects that touch the checked paths are returned.
 */
export async function renderWorkspace(
  roots: readonly string[],
  checkedParsed: readonly ParsedFile[],
  opts: RenderOptions,
  discover: DiscoverOptions = {},
): Promise<RenderedWorkspace> {
  const scope = renderScope(roots, opts.workspaceRoot);
  const checkedFiles = new Set(checkedParsed.map((p) => p.file));
  const around = await readAroundScope(scope, checkedFiles, discover);
  const parsed = [...checkedParsed, ...around.parsed];
  const files = [...checkedFiles, ...around.files];

  const graph = readKustomizationGraph(kustomizationDirsOf(files), undefined, scope.repos);
  const chartDirs = files.filter((f) => path.basename(f) === 'Chart.yaml').map((f) => path.dirname(f));
  const isConsumed = (file: string, consumed: Set<string>) =>
    consumed.has(file) || graph.byDir.has(path.dirname(file)) || chartDirs.some((dir) => isInside(file, dir));
  const initiallyConsumed = consumedFiles(graph);
  const plain = parsed.filter((p) => !isConsumed(p.file, initiallyConsumed));

  const parsedByFile = new Map(parsed.map((p) => [p.file, p.objects]));
  const readObjects = (file: string) => parsedByFile.get(file) ?? readObjectsOf(file);
  const relevance = new Relevance(scope, graph, readObjects);
  const problems: ManifestProblem[] = [];
  const units: GitOpsUnit[] = [];
  const unitKeys = new Set<string>();
  const results: Array<{ job: RenderJob; result: JobResult; shown: boolean }> = [];
  const sourceRoots = scopeSourceRoots(scope);

  // Round 0: the units of plain objects and the top-level kustomizations; then the units the renders reveal.
  let found = plain.flatMap((p) => p.objects);
  const known = parsed.flatMap((p) => p.objects);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh = gitOpsUnits(found, sourceRoots, known).filter((u) => !unitKeys.has(unitKey(u)) && unitKeys.add(unitKey(u)));
    relevance.addUnits(fresh, found);
    units.push(...fresh);
    readKustomizationGraph(fresh.flatMap((u) => (u.renderer === 'kustomize' && u.path ? [u.path] : [])), graph, scope.repos);
    const jobs = unitJobs(fresh, graph, problems, relevance);
    if (round === 0) jobs.push(...topLevelJobs(units, graph, scope));
    const run = jobs.flatMap((job) => {
      const applying = job.unit ?? unitApplying(units, job.anchor.file);
      const why = applying && opts.skipUnit?.(applying) ? undefined : relevance.ofJob(job);
      return why ? [{ job, shown: why === 'checked' }] : [];
    });
    if (run.length === 0) break;
    const done = await mapLimit(run, opts.concurrency ?? 2, ({ job }) => runJob(job, graph, { display: scope.display, repos: scope.repos }, readObjects, opts));
    done.forEach((result, i) => results.push({ job: run[i].job, result, shown: run[i].shown }));
    found = done.flatMap((r) => r.objects);
    known.push(...found);
  }

  // Plain objects and kustomizations inside plain folders get the metadata of the unit applying the folder.
  const objects: DesiredObject[] = [];
  for (const p of plain) {
    if (!checkedFiles.has(p.file)) continue;
    const unit = unitApplying(units, p.file);
    for (const d of p.objects) {
      objects.push(unit ? { ...d, object: asAppliedBy(d.object, unit) } : d);
      if (isArgoApplicationSet(d.object)) problems.push(warning(d.source, APPLICATION_SET_NOTE, 'render-partial'));
    }
    problems.push(...p.problems);
  }
  // A folder rendered before the Flux Kustomization / Argo CD Application that applies it was found (in an
  // object another render revealed) is shown once: as that operator renders it.
  const kept = results.filter(({ job }) => job.unit || !units.some((u) => u.renderer === 'kustomize' && u.path === job.dir));
  // Units whose objects this check shows only in part (a base checked alone) are left out: what their
  // operator would prune cannot be told from a part.
  const partial = new Set<GitOpsUnit>();
  for (const { job, result, shown } of kept) {
    const unit = job.unit ? undefined : unitApplying(units, job.anchor.file);
    for (const d of result.objects) {
      const out = unit ? { ...d, object: asAppliedBy(d.object, unit), rendered: { ...d.rendered!, owner: unitOwner(unit) } } : d;
      if (relevance.shows(out)) objects.push(out);
      else if (job.unit ?? unit) partial.add((job.unit ?? unit) as GitOpsUnit);
    }
    if (shown) problems.push(...result.problems);
  }
  const rendered = new Set(kept.flatMap(({ job }) => (job.unit ? [job.unit] : [])));
  const complete = units.filter((u) => {
    if (!relevance.unit(u) || partial.has(u)) return false;
    if (u.notRendered || !u.path) return true;
    return u.renderer === 'directory' ? inChecked(scope, u.path) : rendered.has(u);
  });
  const consumed = new Set([...checkedFiles].filter((f) => isConsumed(f, consumedFiles(graph))));
  const inputs = describeRenderInputs(graph, files);
  return { objects, problems, consumed, inputs, units: complete, renders: kept.filter((r) => r.shown).map((r) => r.result.record) };
}

/**
 * Which renders a check needs and which objects it shows. A check of the whole workspace needs all; a check
 * of a sub-folder needs the renders that touch it (its folder, a base or patch in it, an operator object in
 * it) and, to find operator objects, renders of kustomizations that list some.
 */
class Relevance {
  private readonly checkedUnits = new Set<GitOpsUnit>();

  constructor(
    private readonly scope: RenderScope,
    private readonly graph: KustomizationGraph,
    private readonly readObjects: (file: string) => DesiredObject[],
  ) {}

  /** Units defined by an object the check shows (a plain object in it, or one rendered into it). */
  addUnits(units: readonly GitOpsUnit[], from: readonly DesiredObject[]): void {
    const shownSources = new Set<SourceLocation>(from.filter((d) => this.shows(d)).map((d) => d.source));
    for (const u of units) if (shownSources.has(u.owner.source) || inChecked(this.scope, u.owner.source.file)) this.checkedUnits.add(u);
  }

  unit(u: GitOpsUnit): boolean {
    return this.checkedUnits.has(u) || (u.path !== undefined && touchesChecked(this.scope, u.path));
  }

  /** `checked`: its objects and problems may be shown; `reveal`: run only for the operator objects it holds. */
  ofJob(job: RenderJob): 'checked' | 'reveal' | undefined {
    if (job.unit && this.unit(job.unit)) return 'checked';
    if (job.tool === 'helm') return touchesChecked(this.scope, job.dir) || job.unit?.helm?.valuesFiles.some((f) => inChecked(this.scope, f)) ? 'checked' : undefined;
    const tree = kustomizationTree(this.graph, job.dir);
    const dirs = [...tree.map((k) => k.dir), ...(job.unit?.kustomize?.components ?? [])];
    if (dirs.some((d) => touchesChecked(this.scope, d)) || kustomizationTreeFiles(tree).some((f) => inChecked(this.scope, f))) return 'checked';
    const holdsOperators = tree.some((k) => k.resourceFiles.some((r) => this.readObjects(r.path).some(({ object }) => isOperatorObject(object))));
    return holdsOperators ? 'reveal' : undefined;
  }

  /** An object touches the check: defined, rendered, patched or applied from a checked path. */
  shows(d: DesiredObject): boolean {
    if (inChecked(this.scope, d.source.file)) return true;
    const r = d.rendered;
    if (!r) return false;
    return (
      inChecked(this.scope, r.root) ||
      this.scope.checked.some((c) => path.dirname(c) === r.root && isKustomizationFileName(c)) ||
      (r.owner !== undefined && inChecked(this.scope, r.owner.file)) ||
      (r.patches ?? []).some((p) => inChecked(this.scope, p.file))
    );
  }
}

/** Identical units (the same object rendered by two overlays of one cluster, unchanged) are rendered once. */
function unitKey(u: GitOpsUnit): string {
  const { ref, clusterFile } = u.owner;
  return JSON.stringify([ref, clusterFile, u.path ?? u.declaredPath, u.renderer, u.targetNamespace, u.helm, u.kustomize, u.postBuild, u.labels, u.notRendered]);
}

function unitJobs(units: GitOpsUnit[], graph: KustomizationGraph, problems: ManifestProblem[], relevance: Relevance): RenderJob[] {
  const jobs: RenderJob[] = [];
  for (const unit of units) {
    const shown = relevance.unit(unit);
    if (unit.notRendered) {
      if (shown) problems.push(warning(unit.owner.source, `${describeUnitOwner(unit)}: not rendered: ${unit.notRendered}`, 'not-rendered'));
      continue;
    }
    if (!unit.path) continue;
    if (shown) for (const note of unit.notes) problems.push(warning(unit.owner.source, `${describeUnitOwner(unit)}: ${note}`, 'render-partial'));
    if (unit.renderer === 'kustomize') {
      const k = graph.byDir.get(unit.path);
      if (k) jobs.push({ tool: 'kustomize', dir: unit.path, unit, anchor: k.location });
    } else if (unit.renderer === 'helm') {
      jobs.push({ tool: 'helm', dir: unit.path, unit, anchor: unit.owner.source });
    }
  }
  return jobs;
}

/** Top-level kustomizations in the checked or surrounding folders that no unit renders (their operator, if any, is found later). */
function topLevelJobs(units: GitOpsUnit[], graph: KustomizationGraph, scope: RenderScope): RenderJob[] {
  const unitDirs = new Set(units.flatMap((u) => (u.renderer === 'kustomize' && u.path ? [u.path] : [])));
  const searched = [...scope.checked, ...scope.around];
  return topLevelKustomizations(graph)
    .filter((k) => !unitDirs.has(k.dir) && searched.some((r) => isInside(k.dir, r)))
    .map((k) => ({ tool: 'kustomize' as const, dir: k.dir, anchor: k.location }));
}
