// Which checks a workspace needs: one per workspace folder and kubeconfig context. A folder's `.converge.yaml`
// `clusters:` maps its subfolders to contexts (`clusters/prod/**` → `prod`); files it does not map use the
// selected context. Pure: no vscode import.
import { sep } from 'node:path';
import { contextForFile } from '../../core/config';
import { summarize } from '../../core/engine/summary';
import { clusterFileOf } from '../../core/render/cluster-file';
import type { GitOpsUnit } from '../../core/gitops/types';
import type { RenderRecord } from '../../core/render/types';
import type { CheckReport, ConvergeConfig, DesiredObject } from '../../core/types';

export interface RootInput {
  /** Absolute workspace folder. */
  root: string;
  config: ConvergeConfig;
  /** Manifest files found under the root (only needed when the config maps folders to contexts). */
  files?: readonly string[];
}

export interface CheckTarget {
  /** Stable identity: root and context. */
  key: string;
  root: string;
  /** Context to check against; undefined = the selected one (or the kubeconfig's current-context). */
  context?: string;
  /** What to check: the root, or the files mapped to this context. */
  paths: string[];
  /**
   * Set when the root's `.converge.yaml` maps folders to contexts: an object read by this target is its own only
   * when its cluster file maps to this context (`ownsObject`), since a check of `apps/base` renders the base as
   * the prod and the staging overlays use it.
   */
  mapping?: {
    config: ConvergeConfig;
    defaultContext?: string;
    /** The contexts the root's targets check, first the one that takes what maps to none of them. */
    contexts: Array<string | undefined>;
  };
}

/** True when the config maps folders to contexts, so that the root's files must be listed to plan. */
export function mapsContexts(config: ConvergeConfig): boolean {
  return (config.clusters?.length ?? 0) > 0;
}

/**
 * One target per (root, context). Roots without `clusters:` are checked whole against `defaultContext`; the
 * files of mapped roots are grouped by `contextForFile` (unmapped files: `defaultContext`).
 */
export function planChecks(roots: readonly RootInput[], defaultContext?: string): CheckTarget[] {
  const out: CheckTarget[] = [];
  for (const { root, config, files } of roots) {
    if (!mapsContexts(config) || !files) {
      out.push({ key: targetKey(root, defaultContext), root, context: defaultContext, paths: [root] });
      continue;
    }
    const byContext = new Map<string | undefined, string[]>();
    for (const file of files) {
      const ctx = contextForFile(config, root, file) ?? defaultContext;
      const list = byContext.get(ctx) ?? [];
      list.push(file);
      byContext.set(ctx, list);
    }
    if (byContext.size === 0) byContext.set(defaultContext, []);
    // The selected context first, then the mapped ones by name.
    const mapped = [...byContext.keys()].filter((c) => c !== defaultContext).sort((a, b) => a!.localeCompare(b!));
    const contexts = byContext.has(defaultContext) ? [defaultContext, ...mapped] : mapped;
    const mapping = { config, defaultContext, contexts };
    for (const ctx of contexts) {
      const paths = byContext.get(ctx)!;
      out.push({ key: targetKey(root, ctx), root, context: ctx, paths: paths.length ? paths : [root], mapping });
    }
  }
  return out;
}

function targetKey(root: string, context: string | undefined): string {
  return `${root}\u0000${context ?? ''}`;
}

/**
 * The context an object is checked against: the one `clusters:` maps its cluster file to (the Flux Kustomization /
 * Argo CD Application applying it, `clusterFileOf`), else the default. A file (problem) is placed by itself.
 */
export function contextOfObject(mapping: NonNullable<CheckTarget['mapping']>, root: string, d: Pick<DesiredObject, 'source' | 'rendered'>): string | undefined {
  return contextOfFile(mapping, root, clusterFileOf(d));
}

function contextOfFile(mapping: NonNullable<CheckTarget['mapping']>, root: string, file: string): string | undefined {
  return contextForFile(mapping.config, root, file) ?? mapping.defaultContext;
}

/** Whether the target takes what belongs to this context: its own, or (first target) one no target of the root checks. */
function takes(target: CheckTarget, context: string | undefined): boolean {
  const contexts = target.mapping?.contexts;
  return !contexts || context === target.context || (!contexts.includes(context) && contexts[0] === target.context);
}

/** Whether an object read by this target's check is the target's (its context is the target's); always when unmapped. */
export function ownsObject(target: CheckTarget, d: Pick<DesiredObject, 'source' | 'rendered'>): boolean {
  return !target.mapping || takes(target, contextOfObject(target.mapping, target.root, d));
}

/** Whether the target's check renders this Flux / Argo CD unit: it does not when the unit's cluster is another target's. */
export function rendersUnit(target: CheckTarget, unit: Pick<GitOpsUnit, 'owner'>): boolean {
  return !target.mapping || takes(target, contextOfFile(target.mapping, target.root, unit.owner.clusterFile ?? unit.owner.source.file));
}

/**
 * The target's part of its session's report: objects whose context is another target's (a base rendered by the
 * prod overlay, read by the default context's check of `apps/`) and problems of files another context holds are
 * left to that target, so each shows once, under its cluster. Orphans (no source) are the check's own (the session
 * looks for them only on behalf of its own objects).
 */
export function ownPart(target: CheckTarget, report: CheckReport, renders: readonly RenderRecord[] = []): CheckReport {
  const mapping = target.mapping;
  if (!mapping) return report;
  const resources = report.resources.filter((r) => !r.source || ownsObject(target, { source: r.source, rendered: r.rendered }));
  const problems = report.problems.filter((p) => contextsOfProblem(mapping, target.root, p.file, renders).some((c) => takes(target, c)));
  if (resources.length === report.resources.length && problems.length === report.problems.length) return report;
  return { ...report, resources, problems, summary: summarize(resources) };
}

/**
 * The contexts a problem of this file shows under: those of the Flux / Argo CD objects rendering the folder it is
 * in ("kustomization apps/overlays/prod: not rendered" is prod's), else the file's own.
 */
export function contextsOfProblem(mapping: NonNullable<CheckTarget['mapping']>, root: string, file: string, renders: readonly RenderRecord[]): Array<string | undefined> {
  const owners = renders.filter((r) => r.unit && (file === r.dir || file.startsWith(r.dir.endsWith(sep) ? r.dir : r.dir + sep)));
  if (owners.length === 0) return [contextOfFile(mapping, root, file)];
  return [...new Set(owners.map((r) => contextOfFile(mapping, root, r.unit!.owner.clusterFile ?? r.unit!.owner.source.file)))];
}

/** The target whose paths hold `file`, if any. */
export function targetOfFile(targets: readonly CheckTarget[], file: string): CheckTarget | undefined {
  return targets.find((t) => t.paths.some((p) => file === p || file.startsWith(p.endsWith('/') ? p : `${p}/`)));
}

/**
 * One report per context, in order of first appearance: the reports of several roots (or of a root's files) for
 * the same context are merged, so the tree has one node per cluster.
 */
export function mergeByContext(reports: ReadonlyArray<{ report: CheckReport; context?: string }>): CheckReport[] {
  const byName = new Map<string, CheckReport>();
  for (const { report, context } of reports) {
    const name = report.context ?? context;
    const key = name ?? '';
    const have = byName.get(key);
    if (!have) {
      byName.set(key, { ...report, context: name, resources: [...report.resources], problems: [...report.problems] });
      continue;
    }
    have.resources.push(...report.resources);
    have.problems.push(...report.problems);
    have.cluster ??= report.cluster;
  }
  return [...byName.values()].map((r) => ({ ...r, summary: summarize(r.resources) }));
}

/** All reports as one (for the status bar, badges and the view state). */
export function combineReports(reports: readonly CheckReport[]): CheckReport | undefined {
  if (reports.length === 0) return undefined;
  if (reports.length === 1) return reports[0];
  const resources = reports.flatMap((r) => r.resources);
  return {
    context: reports[0].context,
    cluster: reports[0].cluster,
    resources,
    problems: reports.flatMap((r) => r.problems),
    summary: summarize(resources),
  };
}

/**
 * Orphans of one check that a manifest of another check defines, when both checks read the same cluster (two
 * contexts of one API server): each check only knows its own files, so these are not orphans.
 */
export function dropOrphansDefinedElsewhere(reports: readonly CheckReport[]): CheckReport[] {
  const defined = new Map<string, Set<string>>();
  const id = (kind: string, ns: string | undefined, name: string) => `${kind}\u0000${ns ?? ''}\u0000${name}`;
  for (const r of reports) {
    const set = defined.get(r.cluster ?? '') ?? new Set<string>();
    for (const x of r.resources) if (x.source && x.ref.kind) set.add(id(x.ref.kind, x.ref.namespace, x.ref.name)).add(id(x.ref.kind, undefined, x.ref.name));
    defined.set(r.cluster ?? '', set);
  }
  return reports.map((r) => {
    if (!r.cluster) return r;
    const set = defined.get(r.cluster)!;
    const own = new Set(r.resources.filter((x) => x.source).map((x) => id(x.ref.kind, x.ref.namespace, x.ref.name)));
    const kept = r.resources.filter((x) => x.source || x.verdict !== 'orphaned' || own.has(id(x.ref.kind, x.ref.namespace, x.ref.name)) || !(set.has(id(x.ref.kind, x.ref.namespace, x.ref.name))));
    return kept.length === r.resources.length ? r : { ...r, resources: kept, summary: summarize(kept) };
  });
}

/**
 * A check that could not render a kustomization or chart (untrusted workspace, remote chart) does not know what it
 * would define: an object only in the cluster may well come from it. Such orphans become `unknown` with the reason,
 * never "orphaned" on a guess.
 */
export function uncertainOrphansWhereNotRendered(reports: readonly CheckReport[]): CheckReport[] {
  return reports.map((r) => {
    const notRendered = r.problems.filter((p) => p.rule === 'not-rendered');
    if (notRendered.length === 0 || !r.resources.some((x) => !x.source && x.verdict === 'orphaned')) return r;
    const what = notRendered.length === 1 ? notRendered[0].message.replace(/: not rendered.*$/s, '') : `${notRendered.length} kustomizations/charts`;
    const resources = r.resources.map((x) =>
      !x.source && x.verdict === 'orphaned' ? { ...x, verdict: 'unknown' as const, reason: `only in the cluster, but ${what} was not rendered: it may define it` } : x,
    );
    return { ...r, resources, summary: summarize(resources) };
  });
}

