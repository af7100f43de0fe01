// Renders the kustomizations and local Helm charts of a workspace, as its GitOps operators would, and says
// which files are only inputs of a render (never standalone objects).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gitOpsUnits, describeUnitOwner, relativeTo, unitApplying } from '../gitops/units';
import { withOperatorMetadata } from '../gitops/operator-metadata';
import { isInside } from '../gitops/resolve-path';
import type { GitOpsUnit } from '../gitops/types';
import { mapLimit } from '../util/concurrency';
import type { DesiredObject, KubeObject, ManifestProblem, ObjectRef, ParsedFile, SourceLocation } from '../types';
import { entryLocation, wholeFileLocation } from './document-location';
import { renderHelmChart } from './helm-render';
import { filesUnder, fingerprintFiles, kustomizationTreeFiles, RenderCache } from './render-cache';
import type { RenderedDocument } from './render-output';
import { findKustomizationFile, type Kustomization } from './kustomization-file';
import { consumedFiles, kustomizationTree, readKustomizationGraph, topLevelKustomizations, type KustomizationGraph } from './kustomization-graph';
import { renderKustomization } from './kustomize-render';
import { RenderToolError } from './run-tool';
import { scrubStrings, treeSecretStrings } from './secret-scrub';
import { renderWithOverrides } from './kustomize-overrides';
import { collectKustomizeSources, linkRenderedObject, readObjectsOf, type KustomizeSources } from './source-links';
import { substitutePostBuild } from '../gitops/post-build';

export interface RenderOptions {
  /** kubectl (or kustomize) binary; default `kubectl` on PATH. */
  kubectl?: string;
  /** helm binary; default `helm` on PATH. */
  helm?: string;
  /** False in an untrusted workspace: nothing is executed, renders are reported as not done. */
  allowExec: boolean;
  /** Per render. Default 30 s. */
  timeoutMs?: number;
  /** Renders at once. Default 2. */
  concurrency?: number;
  /** Keep one across checks of a workspace: unchanged kustomizations and charts are not rendered again. */
  cache?: RenderCache;
  signal?: AbortSignal;
}

export interface RenderedWorkspace {
  /** Plain objects of files that are not render inputs, and rendered objects, with the operators' metadata. */
  objects: DesiredObject[];
  /** Parse problems of files that are not render inputs, and render problems. */
  problems: ManifestProblem[];
  /** Files read only as inputs of a render (kustomization resources, patches, generator inputs, chart files). */
  consumed: Set<string>;
  units: GitOpsUnit[];
  /** Renders done (or not), for logs and tests. */
  renders: RenderRecord[];
}

export interface RenderRecord {
  tool: 'kustomize' | 'helm';
  /** Folder rendered (absolute). */
  dir: string;
  unit?: GitOpsUnit;
  status: 'rendered' | 'cached' | 'failed' | 'not-rendered';
  objects: number;
  ms: number;
  reason?: string;
}

interface RenderJob {
  tool: 'kustomize' | 'helm';
  dir: string;
  unit?: GitOpsUnit;
  /** Where problems about this render go: the kustomization file, or the HelmRelease/Application. */
  anchor: SourceLocation;
}

export const NOT_TRUSTED = 'not rendered (workspace not trusted)';

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
    for (const d of p.objects) objects.push(unit ? { ...d, object: applyUnit(d.object, unit) } : d);
    problems.push(...p.problems);
  }
  for (const { job, result } of results) {
    const unit = job.unit ? undefined : unitApplying(units, job.anchor.file);
    for (const d of result.objects) objects.push(unit ? { ...d, object: applyUnit(d.object, unit), rendered: { ...d.rendered!, owner: ownerOf(unit) } } : d);
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

interface JobResult {
  objects: DesiredObject[];
  problems: ManifestProblem[];
  record: RenderRecord;
}

async function runJob(
  job: RenderJob,
  graph: KustomizationGraph,
  roots: readonly string[],
  readObjects: (file: string) => DesiredObject[],
  opts: RenderOptions,
): Promise<JobResult> {
  const started = Date.now();
  const relative = relativeTo(roots, job.dir);
  const where = relative === '.' ? path.basename(job.dir) : relative;
  const record = (status: RenderRecord['status'], objects: number, reason?: string): RenderRecord => ({
    tool: job.tool,
    dir: job.dir,
    ...(job.unit ? { unit: job.unit } : {}),
    status,
    objects,
    ms: Date.now() - started,
    ...(reason ? { reason } : {}),
  });
  const notRendered = (reason: string): JobResult => ({
    objects: [],
    problems: [warning(job.anchor, `${job.tool === 'helm' ? `Helm chart ${where}` : `kustomization ${where}`}: ${reason}`, 'not-rendered')],
    record: record('not-rendered', 0, reason),
  });

  const tree = job.tool === 'kustomize' ? kustomizationTree(graph, job.dir) : [];
  const blocker = tree.length ? renderBlocker(tree) : undefined;
  if (blocker) return notRendered(`not rendered: ${blocker}`);
  if (!opts.allowExec) return notRendered(NOT_TRUSTED);
  try {
    const cached = { hit: false };
    const objects = job.tool === 'kustomize' ? await kustomizeObjects(job, tree, where, readObjects, opts, cached) : await helmObjects(job, where, opts, cached);
    return { objects, problems: [], record: record(cached.hit ? 'cached' : 'rendered', objects.length) };
  } catch (error) {
    const missing = error instanceof RenderToolError ? /missing in charts\/ directory: (.+)$/m.exec(error.detail)?.[1].trim() : undefined;
    if (missing) return notRendered(`not rendered: chart dependencies ${missing} are not in charts/ (helm dependency build fetches them)`);
    const message = scrubStrings(renderErrorMessage(error, job, where, roots), treeSecretStrings(tree, readObjects));
    return { objects: [], problems: [{ file: job.anchor.file, range: job.anchor.range, severity: 'error', rule: 'render-error', message }], record: record('failed', 0, message) };
  }
}

async function kustomizeObjects(
  job: RenderJob,
  tree: Kustomization[],
  where: string,
  readObjects: (file: string) => DesiredObject[],
  opts: RenderOptions,
  cached: { hit: boolean },
): Promise<DesiredObject[]> {
  const tool = { kubectl: opts.kubectl, timeoutMs: opts.timeoutMs, signal: opts.signal };
  const overrides = job.unit?.kustomize;
  const rendered = await withCache(opts.cache as RenderCache<KubeObject[]> | undefined, cached, {
    key: `kustomize\0${job.dir}\0${JSON.stringify(overrides ?? {})}\0${opts.kubectl ?? ''}`,
    inputs: () => [...kustomizationTreeFiles(tree), ...(overrides?.components ?? []).flatMap((c) => filesUnder(c))],
    render: () => (overrides ? renderWithOverrides(job.dir, overrides, tool) : renderKustomization(job.dir, tool)),
  });
  const sources = collectKustomizeSources(tree, readObjects);
  if (job.unit && overrides?.patches && overrides.patchesAt) addOwnerPatches(sources, job.unit, overrides.patches, overrides.patchesAt);
  const note = `rendered from ${where}`;
  const unit = job.unit;
  return rendered.map((object) => {
    const d = linkRenderedObject(object, sources, note);
    return unit ? { ...d, object: applyUnit(d.object, unit), rendered: { ...d.rendered!, owner: ownerOf(unit) } } : d;
  });
}

async function helmObjects(job: RenderJob, where: string, opts: RenderOptions, cached: { hit: boolean }): Promise<DesiredObject[]> {
  const unit = job.unit as GitOpsUnit;
  const settings = unit.helm;
  if (!settings) return [];
  const docs = await withCache(opts.cache as RenderCache<RenderedDocument[]> | undefined, cached, {
    key: `helm\0${job.dir}\0${JSON.stringify(settings)}\0${opts.helm ?? ''}`,
    inputs: () => [...filesUnder(job.dir), ...settings.valuesFiles],
    render: () => renderHelmChart(job.dir, settings, { helm: opts.helm, timeoutMs: opts.timeoutMs, signal: opts.signal }),
  });
  const note = `rendered from ${where} (Helm release ${settings.releaseName})`;
  const chartYaml = path.join(job.dir, 'Chart.yaml');
  return docs.map(({ object, template }) => ({
    object: applyUnit(object, unit),
    source: templateLocation(job.dir, template) ?? fileLocationOf(chartYaml),
    rendered: { tool: 'helm', root: job.dir, note, owner: ownerOf(unit) },
  }));
}

/** `cache/templates/deployment.yaml` (Helm's Source comment, led by the chart name) → the file in the chart folder. */
function templateLocation(chartDir: string, template: string | undefined): SourceLocation | undefined {
  if (!template) return undefined;
  const rest = template.split('/').slice(1).join('/');
  const file = path.join(chartDir, ...rest.split('/'));
  if (!isInside(file, chartDir)) return undefined;
  return fileLocationOf(file);
}

function fileLocationOf(file: string): SourceLocation {
  try {
    return wholeFileLocation(file, readFileSync(file, 'utf8'));
  } catch {
    return wholeFileLocation(file, '');
  }
}

/** What keeps a tree from being rendered without surprises: unreadable files, remote bases, Helm inflation. */
function renderBlocker(tree: Kustomization[]): string | undefined {
  for (const k of tree) {
    if (k.error) return `${path.basename(k.file)} cannot be read: ${k.error}`;
    if (k.remoteResources.length > 0) return `remote resource ${k.remoteResources[0]} is not fetched`;
    if (k.helmCharts > 0) return 'helmCharts (kustomize Helm inflation) are not rendered';
  }
  return undefined;
}

function renderErrorMessage(error: unknown, job: RenderJob, where: string, roots: readonly string[]): string {
  const what = job.tool === 'kustomize' ? `kustomize build of ${where} failed` : `helm template of ${where} failed`;
  if (error instanceof RenderToolError) {
    const detail = error.detail
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .join('\n')
      .replace(/^(Error|error): /, '')
      // kustomize repeats the cause as "must build at directory: …" after it: noise.
      .replace(/': must build at directory: not a valid directory: .*$/s, "'");
    const relative = roots.reduce((text, root) => text.split(`${root}${path.sep}`).join(''), detail);
    return error.timedOut ? `${what}: ${error.message}` : `${what}: ${relative || error.message}`;
  }
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

function ownerOf(unit: GitOpsUnit): { ref: ObjectRef; file: string } {
  return { ref: unit.owner.ref, file: unit.owner.source.file };
}

/** A cached render when none of its inputs changed (size, mtime), else a fresh one, remembered. */
async function withCache<T>(
  cache: RenderCache<T> | undefined,
  cached: { hit: boolean },
  job: { key: string; inputs: () => string[]; render: () => Promise<T> },
): Promise<T> {
  if (!cache) return job.render();
  const fingerprint = fingerprintFiles(job.inputs());
  const hit = cache.get(job.key, fingerprint);
  if (hit !== undefined) {
    cached.hit = true;
    return hit;
  }
  const value = await job.render();
  cache.set(job.key, fingerprint, value);
  return value;
}

/** The object as the unit's operator applies it: post-build substitution, then its labels and namespace. */
function applyUnit(object: KubeObject, unit: GitOpsUnit): KubeObject {
  return withOperatorMetadata(unit.postBuild ? substitutePostBuild(object, unit.postBuild) : object, unit);
}

/** Patches written in the Flux Kustomization / Argo CD Application, linked like patch files. */
function addOwnerPatches(sources: KustomizeSources, unit: GitOpsUnit, patches: Array<Record<string, unknown>>, at: Array<string | number>): void {
  patches.forEach((p, i) => {
    const target = typeof p.target === 'object' && p.target !== null ? (p.target as Record<string, unknown>) : undefined;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    sources.patches.push({
      ref: { at: [...at, i], ...(target ? { target: { group: str(target.group), kind: str(target.kind), name: str(target.name) } } : {}) },
      location: entryLocation(unit.owner.source, [...at, i]),
    });
  });
}

function warning(location: SourceLocation, message: string, rule: string): ManifestProblem {
  return { file: location.file, range: location.range, severity: 'warning', rule, message };
}
