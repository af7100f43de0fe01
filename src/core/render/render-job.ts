// One render (a kustomization or a local chart): run, cached, linked to sources, or a clear problem.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asAppliedBy } from '../gitops/operator-metadata';
import { isInside, isInsideReal } from '../gitops/resolve-path';
import type { GitOpsUnit } from '../gitops/types';
import { relativeTo, unitOwner } from '../gitops/units';
import type { DesiredObject, KubeObject, ManifestProblem, SourceLocation } from '../types';
import { entryLocation, wholeFileLocation } from './document-location';
import { renderHelmChart } from './helm-render';
import type { Kustomization } from './kustomization-file';
import { kustomizationTree, type KustomizationGraph } from './kustomization-graph';
import { renderWithOverrides } from './kustomize-overrides';
import { renderKustomization } from './kustomize-render';
import { filesUnder, fingerprintFiles, kustomizationTreeFiles, type RenderCache } from './render-cache';
import type { RenderedDocument } from './render-output';
import { RenderToolError } from './run-tool';
import { scrubStrings, treeSecretStrings } from './secret-scrub';
import { collectKustomizeSources, linkRenderedObject, patchApplies, withContent, type KustomizeSources, type PatchSource } from './source-links';
import { parseManifestText } from '../manifests/parse';
import type { RenderOptions, RenderRecord } from './types';

export const NOT_TRUSTED = 'not rendered (workspace not trusted)';

export interface RenderJob {
  tool: 'kustomize' | 'helm';
  dir: string;
  unit?: GitOpsUnit;
  /** Where problems about this render go: the kustomization file, or the HelmRelease/Application. */
  anchor: SourceLocation;
}

export interface JobResult {
  objects: DesiredObject[];
  problems: ManifestProblem[];
  record: RenderRecord;
}

/** Folders for paths in messages (first match wins) and the repository roots nothing is read outside of. */
export interface JobRoots {
  display: readonly string[];
  repos: readonly string[];
}

export async function runJob(
  job: RenderJob,
  graph: KustomizationGraph,
  { display: roots, repos }: JobRoots,
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
  const blocker = (tree.length ? renderBlocker(tree) : undefined) ?? outsideRepository(job, tree, repos);
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
  const inflates = tree.filter((k) => k.helmCharts > 0);
  const tool = { kubectl: opts.kubectl, timeoutMs: opts.timeoutMs, signal: opts.signal, ...(inflates.length ? { helm: opts.helm ?? 'helm' } : {}) };
  const overrides = job.unit?.kustomize;
  const rendered = await withCache(opts.cache as RenderCache<KubeObject[]> | undefined, cached, {
    key: `kustomize\0${job.dir}\0${JSON.stringify(overrides ?? {})}\0${opts.kubectl ?? ''}`,
    inputs: () => [
      ...kustomizationTreeFiles(tree),
      ...(overrides?.components ?? []).flatMap((c) => filesUnder(c)),
      ...inflates.flatMap((k) => filesUnder(k.chartHome)),
    ],
    render: () => (overrides ? renderWithOverrides(job.dir, overrides, tool) : renderKustomization(job.dir, tool)),
  });
  const sources = collectKustomizeSources(tree, readObjects);
  if (job.unit && overrides?.patches && overrides.patchesAt) addOwnerPatches(sources, job.unit, overrides.patches, overrides.patchesAt);
  const note = `rendered from ${where}`;
  const unit = job.unit;
  return rendered.map((object) => {
    const d = linkRenderedObject(object, sources, note);
    return unit ? { ...d, object: asAppliedBy(d.object, unit), rendered: { ...d.rendered!, owner: unitOwner(unit) } } : d;
  });
}

async function helmObjects(job: RenderJob, where: string, opts: RenderOptions, cached: { hit: boolean }): Promise<DesiredObject[]> {
  const unit = job.unit as GitOpsUnit;
  const settings = unit.helm;
  if (!settings) return [];
  const docs = await withCache(opts.cache as RenderCache<RenderedDocument[]> | undefined, cached, {
    key: `helm\0${job.dir}\0${JSON.stringify(settings)}\0${opts.helm ?? ''}\0${settings.postRender ? (opts.kubectl ?? '') : ''}`,
    inputs: () => [...filesUnder(job.dir), ...settings.valuesFiles],
    render: () => renderHelmChart(job.dir, settings, { helm: opts.helm, kubectl: opts.kubectl, timeoutMs: opts.timeoutMs, signal: opts.signal }),
  });
  const note = `rendered from ${where} (Helm release ${settings.releaseName})`;
  const chartYaml = path.join(job.dir, 'Chart.yaml');
  const postPatches = (settings.postRender?.patches ?? []).map(({ patch, at }) => ownerPatchSource(unit, patch, at));
  return docs.map(({ object, template }) => {
    const patches = postPatches.filter((p) => patchApplies(p, object)).map((p) => p.location);
    return {
      object: asAppliedBy(object, unit),
      source: templateLocation(job.dir, template) ?? fileLocationOf(chartYaml),
      rendered: { tool: 'helm' as const, root: job.dir, note, owner: unitOwner(unit), ...(patches.length ? { patches } : {}) },
    };
  });
}

/** `cache/templates/deployment.yaml` (Helm's Source comment, led by the chart name) → the file in the chart folder. */
function templateLocation(chartDir: string, template: string | undefined): SourceLocation | undefined {
  if (!template) return undefined;
  const rest = template.split('/').slice(1).join('/');
  const file = path.join(chartDir, ...rest.split('/'));
  // A template of a subchart vendored as a .tgz is no file here: the chart's Chart.yaml then.
  if (!isInside(file, chartDir) || !existsSync(file)) return undefined;
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
    if (k.remoteHelmCharts.length > 0) return `helmCharts: chart ${k.remoteHelmCharts[0]} is not downloaded`;
  }
  return undefined;
}

/** A path the render would read outside the repository (`../..` out of it, or a symbolic link), shown relative to it. */
function outsideRepository(job: RenderJob, tree: Kustomization[], repos: readonly string[]): string | undefined {
  const repo = repos.find((r) => isInside(job.dir, r)) ?? repos[0];
  const paths =
    job.tool === 'kustomize'
      ? [
          ...tree.flatMap((k) => [k.dir, ...k.resourceDirs.map((r) => r.path), ...k.componentDirs.map((r) => r.path), ...(k.helmCharts > 0 ? [k.chartHome] : [])]),
          ...kustomizationTreeFiles(tree),
          ...(job.unit?.kustomize?.components ?? []),
        ]
      : [job.dir, ...(job.unit?.helm?.valuesFiles ?? []), ...filesUnder(job.dir)];
  const outside = paths.find((p) => !repos.some((r) => isInsideReal(p, r)));
  if (!outside) return undefined;
  const shown = repo ? path.relative(repo, outside).split(path.sep).join('/') : outside;
  return `${shown} ${repo && isInside(outside, repo) ? 'links' : 'is'} outside the repository (never read)`;
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

/** Patches written in the Flux Kustomization / Argo CD Application, linked like patch files. */
function addOwnerPatches(sources: KustomizeSources, unit: GitOpsUnit, patches: Array<Record<string, unknown>>, at: Array<string | number>): void {
  patches.forEach((p, i) => sources.patches.push(ownerPatchSource(unit, p, [...at, i])));
}

/** A kustomize patch entry (`patch`, `target`) written in the operator object at `at`. */
function ownerPatchSource(unit: GitOpsUnit, p: Record<string, unknown>, at: Array<string | number>): PatchSource {
  const target = typeof p.target === 'object' && p.target !== null ? (p.target as Record<string, unknown>) : undefined;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const text = str(p.patch);
  const [object] = text ? parseManifestText(unit.owner.source.file, text).objects : [];
  return {
    ref: { at, ...(target ? { target: { group: str(target.group), kind: str(target.kind), name: str(target.name) } } : {}) },
    location: entryLocation(unit.owner.source, at),
    ...(object ? { object } : {}),
    ...withContent(text),
  };
}

export function warning(location: SourceLocation, message: string, rule: string): ManifestProblem {
  return { file: location.file, range: location.range, severity: 'warning', rule, message };
}
