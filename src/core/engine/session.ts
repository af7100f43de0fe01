// A drift check that stays open: kubeconfig, connections, discovery, live objects and verdicts are kept between
// checks, so that saving one file re-verdicts only that file's objects, and a WATCH on the resource types in use
// re-verdicts only the objects a cluster change touches. `runCheck` is one `checkAll()` of a session.
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { ClusterClient } from '../cluster/client';
import { ResourceMapper } from '../cluster/discovery';
import { KubeHttp } from '../cluster/http';
import { loadKubeconfig, type LoadedKubeconfig } from '../cluster/kubeconfig';
import { LiveCache, asApiError, keyOfObject, keyOfRef } from '../cluster/live-cache';
import { watchResource, type ResourceWatch } from '../cluster/watch';
import { RenderCache, type RenderOptions } from '../render';
import { operatorState } from '../gitops';
import type { GitOpsUnit } from '../gitops/types';

/** Kinds whose status reports an operator's reconciliation. */
const OPERATOR_KINDS = new Set(['kustomize.toolkit.fluxcd.io/Kustomization', 'helm.toolkit.fluxcd.io/HelmRelease', 'argoproj.io/Application']);
import { replaceLive, watchScopes } from './live-sync';
import { loadConvergeConfig } from '../config/converge-config';
import { loadWorkspaceManifests, parseManifestFile, parseManifestText } from '../manifests';
import type { LoadedWorkspace } from '../manifests/load-workspace';
import { affectsRenders, type RenderInput } from '../render/render-inputs';
import type { RenderRecord } from '../render/types';
import { isManifestFileName } from '../manifests/discover';
import { silentLogger, type Logger } from '../log';
import type { CheckReport, ConvergeConfig, DesiredObject, IgnoreRule, KubeObject, ManifestProblem, ObjectRef, ResourceInfo, VerdictResult } from '../types';
import { mapLimit } from '../util/concurrency';
import { learnCustomResourceHints } from './crd-hints';
import { LivePrefetch } from './live-prefetch';
import { orphanVerdicts } from './orphans';
import { operatorOrphans } from './unit-orphans';
import { invalidFromProblems, objectRef } from './results';
import { summarize } from './summary';
import { decideVerdict, sendDryRunAhead, type VerdictContext } from './verdict';
import { VerdictCache } from './verdict-cache';
import { slots } from './slots';
import { copyResult } from './unified-view';

export interface CheckOptions {
  /** Files or folders to check (absolute or relative to cwd). */
  paths: string[];
  cwd: string;
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Untrusted folders: a kubeconfig inside them may not make us run a credential plugin (`loadKubeconfig`). */
  untrustedRoots?: readonly string[];
  fieldManager?: string;
  /** Label selector for orphans (`-l`). */
  selector?: string;
  /** No dry-run: compare manifests with live objects locally. */
  offline?: boolean;
  /** Dry-run every object, even those a local decision finds converged for certain (`--dry-run-all`). */
  forceDryRun?: boolean;
  /** Repo config; loaded from `<cwd>/.converge.yaml` when not given. */
  config?: ConvergeConfig;
  /** Extra ignore rules (CLI flags), added to the config's. */
  ignore?: IgnoreRule[];
  /** Extra gitignore-style excludes. */
  exclude?: string[];
  /** Dry-runs in flight at once. */
  concurrency?: number;
  /**
   * Describe Flux/Argo CD objects' own state against the repo's HEAD (runs `git` in `cwd`: trusted workspaces
   * only). Default: off.
   */
  operatorState?: boolean;
  /**
   * Render kustomizations and local Helm charts (with real kubectl/helm) instead of reading their inputs as plain
   * manifests. `allowExec: false` (untrusted workspace) reports them as not rendered. Default: off.
   */
  render?: Omit<RenderOptions, 'cache' | 'signal'>;
  /**
   * Which of the objects read are this check's: e.g. those whose cluster (`clusterFileOf`) is this check's context,
   * when a rendered base is shared by several clusters' checks. The others are neither verdicted nor reported, and
   * no orphans are looked for on their behalf. Default: all.
   */
  keep?: (d: DesiredObject) => boolean;
  /**
   * A check that runs once, whose report is then read in full (the CLI): no verdict cache, whose keys (a hash of every
   * manifest object) only pay off when the same objects are decided again; and each diverged verdict's unified diff is
   * made as soon as the verdict is in, while the server still answers other dry-runs, not when the report is printed.
   */
  once?: boolean;
  signal?: AbortSignal;
  log?: Logger;
  onProgress?: (done: number, total: number) => void;
}

/** What one check did, for tests, logs and benchmarks. */
export interface CheckStats {
  objects: number;
  /** Objects whose verdict was computed (not taken from the session's verdict cache). */
  decided: number;
  dryRuns: number;
  cacheHits: number;
  ms: number;
}

/** Per call: cancel this check (e.g. superseded by a newer one), report its progress. Default: the session's options. */
export interface CheckCallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Called with the verdicts a cluster change altered, and the whole updated report. */
export type VerdictChangeListener = (changed: VerdictResult[], report: CheckReport) => void;

interface Cluster {
  kube: LoadedKubeconfig;
  http: KubeHttp;
  ctx: VerdictContext;
}

/** One manifest object with what the session knows about it. */
interface Entry {
  desired: DesiredObject;
  info: ResourceInfo | Error | undefined;
  result: VerdictResult;
}

interface FileState {
  entries: Entry[];
  problems: ManifestProblem[];
}

export class CheckSession {
  private readonly log: Logger;
  private config: ConvergeConfig = {};
  private configProblems: ManifestProblem[] = [];
  private readonly files = new Map<string, FileState>();
  private cluster?: Cluster;
  /** Why the cluster cannot be used (kubeconfig, unreachable), when it cannot. */
  private unusable?: string;
  private orphans: VerdictResult[] = [];
  /** What operator orphans are computed from (the last checkAll's GitOps units and objects). */
  private orphanSources?: { units: GitOpsUnit[]; objects: DesiredObject[] };
  private orphansRefreshing?: Promise<void>;
  private orphansStale = false;
  private cache = new VerdictCache();
  private readonly watches = new Map<string, ResourceWatch>();
  private readonly renderCache = new RenderCache();
  /** The last load, when rendering: a saved render input (a patch, a base) needs a new render, not a plain re-read. */
  private rendered?: Pick<LoadedWorkspace, 'renderInputs' | 'objects' | 'gitops'>;
  private listener?: VerdictChangeListener;
  private pendingKeys = new Set<string>();
  private flushing?: Promise<void>;
  private closed = false;
  /** Options of the check in progress. */
  private call: CheckCallOptions = {};
  /** What the last check or watch update did. */
  lastStats: CheckStats = { objects: 0, decided: 0, dryRuns: 0, cacheHits: 0, ms: 0 };

  constructor(private readonly opts: CheckOptions) {
    this.log = opts.log ?? silentLogger;
  }

  /** The `.converge.yaml` in use and the context's default namespace (what offline diffs in an editor need). */
  diffSettings(): { config: ConvergeConfig; defaultNamespace: string } {
    return { config: this.config, defaultNamespace: this.cluster?.ctx.defaultNamespace ?? 'default' };
  }

  /**
   * The cached live object of a checked manifest object, without a request: null when the cluster lacks it,
   * undefined when not known (not checked, no cluster). The namespace is ignored for cluster-scoped kinds.
   */
  cachedLive(ref: ObjectRef): KubeObject | null | undefined {
    const ctx = this.cluster?.ctx;
    if (!ctx || this.unusable) return undefined;
    for (const e of this.entries()) {
      const r = e.result.ref;
      if (!e.info || e.info instanceof Error || r.kind !== ref.kind || r.name !== ref.name || r.apiVersion !== ref.apiVersion) continue;
      if (e.info.namespaced && r.namespace !== ref.namespace) continue;
      const found = ctx.live.lookup(e.info, r);
      return found.state === 'present' ? found.entry.object : found.state === 'absent' ? null : undefined;
    }
    // An orphan: in the LIST of a type the manifests use (the diff editor shows it alone).
    if (!this.orphans.some((o) => keyOfRef(o.ref) === keyOfRef(ref))) return undefined;
    const info = this.entries().find((e) => e.info && !(e.info instanceof Error) && e.result.ref.kind === ref.kind && e.result.ref.apiVersion === ref.apiVersion)?.info;
    const found = info && !(info instanceof Error) ? ctx.live.lookup(info, ref) : undefined;
    return found?.state === 'present' ? found.entry.object : undefined;
  }

  /** Discovers and parses the workspace again and decides every verdict (cached ones are reused). */
  async checkAll(call: CheckCallOptions = {}): Promise<CheckReport> {
    const started = Date.now();
    this.call = call;
    await this.loadConfig();
    const since = { dryRuns: this.cluster?.ctx.dryRuns?.count ?? 0, hits: this.cache.hits };
    const early = new Map<DesiredObject, Promise<VerdictResult>>();
    // Connecting (kubeconfig, preflight) and the first LISTs overlap with reading the workspace.
    const connecting = this.connect().then((cluster) => {
      if (cluster) cluster.ctx.signal = call.signal ?? this.opts.signal;
      if (cluster && !this.watching) cluster.ctx.live = new LiveCache(cluster.ctx.client);
      if (cluster) cluster.ctx.dryRunPrefetch = new Map();
      return cluster && !this.unusable ? cluster.ctx : undefined;
    });
    const roots = this.opts.paths.length ? this.opts.paths : [this.opts.cwd];
    const keep = this.opts.keep;
    // As soon as a type's LIST is in, its objects get their verdicts (or at least their dry-runs) while the rest of
    // the workspace is still being parsed: the server's time overlaps with ours.
    // (connect() has loaded the kubeconfig before its first await: the mapper is there unless the kubeconfig failed.)
    const mapper = this.opts.offline ? undefined : this.cluster?.ctx.mapper;
    const prefetch = new LivePrefetch(connecting, this.opts.offline ? undefined : (ctx, info, objects) => void this.decideEarly(ctx, info, objects, early), mapper);
    const manifests = await loadWorkspaceManifests(roots.map((p) => resolve(this.opts.cwd, p)), {
      exclude: this.excludes(),
      onParsed: (file) => prefetch.add(keep ? file.objects.filter(keep) : file.objects),
      ...(this.opts.render ? { render: { workspaceRoot: this.opts.cwd, ...this.opts.render, cache: this.renderCache, signal: call.signal ?? this.opts.signal } } : {}),
    });
    this.rendered = this.opts.render ? manifests : undefined;
    const objects = keep ? manifests.objects.filter(keep) : manifests.objects;
    this.files.clear();
    for (const file of manifests.files) this.files.set(file, { entries: [], problems: [] });
    for (const p of manifests.problems) this.fileState(p.file).problems.push(p);
    for (const d of objects) this.fileState(d.source.file).entries.push(this.pending(d));
    this.log.info(`found ${objects.length} objects in ${manifests.files.length} files (${Date.now() - started} ms)`);

    const ctx = await connecting;
    try {
      await this.decide([...this.files.values()].flatMap((f) => f.entries), started, { early, since });
    } finally {
      if (ctx) ctx.dryRunPrefetch = undefined;
    }
    if (ctx && this.opts.operatorState) await this.describeOperators(ctx);
    this.forgetAborted(call);
    this.orphanSources = manifests.gitops ? { units: manifests.gitops.units, objects } : undefined;
    this.orphans = ctx ? await this.findOrphans(ctx) : [];
    return this.report();
  }

  /** Orphans by label selector and by Flux/Argo CD inventories (none without either). */
  private async findOrphans(ctx: VerdictContext): Promise<VerdictResult[]> {
    const selector = this.opts.selector ?? this.config.orphanSelector;
    const entries = this.entries().filter((e) => e.info !== undefined);
    const bySelector = selector ? await orphanVerdicts(ctx, entries.map((e) => e.desired), entries.map((e) => e.info), selector) : [];
    const byOperator = this.orphanSources ? await operatorOrphans(ctx, this.orphanSources.units, this.orphanSources.objects) : [];
    const known = new Set(bySelector.map((o) => keyOfRef(o.ref)));
    return [...bySelector, ...byOperator.filter((o) => !known.has(keyOfRef(o.ref)))];
  }

  private get looksForOrphans(): boolean {
    return Boolean(this.opts.selector ?? this.config.orphanSelector) || this.orphanSources !== undefined;
  }

  /**
   * Looks for orphans again after a watch saw a change to an object no manifest defines (or to an orphan), and tells
   * the listener what appeared, changed or went. Changes arriving meanwhile lead to one more look, not to one each.
   */
  private refreshOrphans(): void {
    if (this.orphansRefreshing) {
      this.orphansStale = true;
      return;
    }
    this.orphansRefreshing = (async () => {
      do {
        this.orphansStale = false;
        const ctx = this.cluster?.ctx;
        if (!ctx || !this.listener) break;
        const before = new Map(this.orphans.map((o) => [keyOfRef(o.ref), o]));
        try {
          this.orphans = await this.findOrphans(ctx);
        } catch (err) {
          this.log.warn(`looking for orphans after a cluster change failed: ${(err as Error).message}`);
          break;
        }
        this.dropDefinedOrphans();
        const changed = this.orphans.filter((o) => !before.has(keyOfRef(o.ref)) || !sameVerdict(before.get(keyOfRef(o.ref))!, o));
        const gone = [...before.keys()].some((k) => !this.orphans.some((o) => keyOfRef(o.ref) === k));
        try {
          if ((changed.length || gone) && this.listener) this.listener(changed, this.report());
        } catch (err) {
          this.log.error(`watch listener failed: ${(err as Error).message}`);
        }
      } while (this.orphansStale);
      this.orphansRefreshing = undefined;
    })();
  }

  /**
   * Re-reads these files (or uses the given texts, e.g. unsaved editor buffers) and re-verdicts only their objects.
   * Deleted files drop out. Without a watch, their live objects are read again by GET (a few requests).
   */
  async recheckFiles(files: string[], texts: Record<string, string> = {}, call: CheckCallOptions = {}): Promise<CheckReport> {
    const started = Date.now();
    if (!this.cluster && !this.unusable) return this.checkAll(call);
    this.call = call;
    const changed: Entry[] = [];
    for (const raw of files) {
      const file = resolve(this.opts.cwd, raw);
      // A saved base or patch outside the checked folders still changes what they render.
      const outside = !this.inScope(file);
      if (outside && this.rendered && texts[file] === undefined && texts[raw] === undefined && affectsRenders(file, this.rendered)) return this.checkAll(call);
      if (outside) continue;
      const text = texts[file] ?? texts[raw];
      if (text === undefined && !existsSync(file)) {
        this.files.delete(file);
        continue;
      }
      const parsed = text !== undefined ? parseManifestText(file, text) : await parseManifestFile(file);
      // Saved: render again (the render cache keeps it cheap); unsaved: keep its verdicts until it is saved.
      if (this.rendered && affectsRenders(file, this.rendered, parsed.objects)) {
        if (text === undefined) return this.checkAll(call);
        continue;
      }
      const kept = this.opts.keep ? parsed.objects.filter(this.opts.keep) : parsed.objects;
      const state: FileState = { entries: kept.map((d) => this.pending(d)), problems: parsed.problems };
      this.files.set(file, state);
      changed.push(...state.entries);
    }
    if (this.cluster && !this.unusable) {
      // A healthy watch keeps the cache current; anything else (no watch, or one that cannot connect) reads again.
      const stale = this.watching ? changed.filter((e) => !this.watchHealthy(e)) : changed;
      if (stale.length) await this.refreshLive(stale);
    }
    await this.decide(changed, started);
    this.forgetAborted(call);
    this.dropDefinedOrphans();
    return this.report();
  }

  /**
   * Watches the resource types of the manifests (one WATCH per type, from the resourceVersion of its LIST) and
   * calls `onChange` with the verdicts a cluster change alters. Needs a `checkAll()` first. `stop()` ends it.
   */
  watch(onChange: VerdictChangeListener): { ready: Promise<void>; stop(): void } {
    this.listener = onChange;
    return { ready: this.startWatches(), stop: () => this.stopWatching() };
  }

  get watching(): boolean {
    return this.listener !== undefined;
  }

  /** The current report (after a check). */
  /**
   * With rendering, after a check: each render (done, cached, failed, or held back: `pendingRenders(renders)` says
   * "3 kustomizations and 1 Helm chart are not rendered until you trust this workspace") and what each input
   * file is to kustomize/Helm (a patch shows no objects: say "patch of apps/overlays/prod/kustomization.yaml").
   */
  renderState(): { renders: readonly RenderRecord[]; inputs: ReadonlyMap<string, RenderInput> } | undefined {
    return this.rendered && { renders: this.rendered.gitops?.renders ?? [], inputs: this.rendered.renderInputs };
  }

  report(): CheckReport {
    const resources = this.entries().map((e) => (e.desired.rendered ? copyResult(e.result, { rendered: e.desired.rendered }) : e.result));
    const problems = [...this.configProblems, ...[...this.files.values()].flatMap((f) => f.problems)];
    const all = [...resources, ...this.orphans, ...invalidFromProblems(problems)];
    return { context: this.cluster?.kube.context, cluster: this.cluster?.http.server, resources: all, problems, summary: summarize(all) };
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
    this.cluster?.http.close();
  }

  // ---- checking ----

  /** A cancelled check leaves failed LISTs in the LiveCache: start the next one afresh. */
  private forgetAborted(call: CheckCallOptions): void {
    if (call.signal?.aborted && this.cluster && !this.watching) this.cluster.ctx.live = new LiveCache(this.cluster.ctx.client);
  }

  /** An orphan that a (re-checked) file now defines is no longer one. */
  private dropDefinedOrphans(): void {
    if (!this.orphans.length) return;
    const defined = new Set(this.entries().map((e) => keyOfRef(e.result.ref)));
    this.orphans = this.orphans.filter((o) => !defined.has(keyOfRef(o.ref)));
  }

  private entries(): Entry[] {
    return [...this.files.keys()].sort().flatMap((f) => this.files.get(f)!.entries);
  }

  private fileState(file: string): FileState {
    let s = this.files.get(file);
    if (!s) this.files.set(file, (s = { entries: [], problems: [] }));
    return s;
  }

  private pending(d: DesiredObject): Entry {
    return { desired: d, info: undefined, result: { ref: objectRef(d.object), verdict: 'unknown', reason: 'not checked yet', diff: [], source: d.source } };
  }

  private excludes(): string[] {
    return [...(this.config.exclude ?? []), ...(this.opts.exclude ?? [])];
  }

  private inScope(file: string): boolean {
    if (!isManifestFileName(file)) return false;
    const roots = (this.opts.paths.length ? this.opts.paths : [this.opts.cwd]).map((p) => resolve(this.opts.cwd, p));
    return roots.some((r) => file === r || file.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  private async loadConfig(): Promise<void> {
    const loaded = this.opts.config ? { config: this.opts.config, problems: [] as ManifestProblem[] } : await loadConvergeConfig(this.opts.cwd);
    // Verdicts depend on the ignore rules and compared kinds: a changed config starts a new verdict cache.
    if (JSON.stringify(loaded.config) !== JSON.stringify(this.config)) this.cache = new VerdictCache();
    this.config = loaded.config;
    this.configProblems = loaded.problems;
    if (this.cluster) this.configure(this.cluster.ctx);
  }

  /** Kubeconfig, connection and preflight, once per session (retried while the cluster is unusable). */
  private async connect(): Promise<Cluster | undefined> {
    if (this.cluster && !this.unusable) return this.cluster;
    this.unusable = undefined;
    if (!this.cluster) {
      let kube: LoadedKubeconfig;
      try {
        kube = loadKubeconfig({ kubeconfig: this.opts.kubeconfig, context: this.opts.context, env: this.opts.env, untrustedRoots: this.opts.untrustedRoots });
      } catch (err) {
        this.unusable = (err as Error).message;
        return undefined;
      }
      const http = new KubeHttp(kube.kc);
      const client = new ClusterClient(http);
      const ctx: VerdictContext = {
        client,
        mapper: new ResourceMapper(http),
        live: new LiveCache(client),
        defaultNamespace: kube.namespace,
        offline: this.opts.offline ?? false,
        forceDryRun: this.opts.forceDryRun,
        ignore: [],
        compareStatus: [],
        desiredNamespaces: new Set(),
        desiredKinds: new Set(),
        dryRuns: { count: 0 },
        dryRunSlots: slots(this.opts.concurrency ?? 8),
        signal: this.opts.signal,
        log: this.log,
      };
      this.cluster = { kube, http, ctx };
      this.configure(ctx);
    }
    this.unusable = await preflight(this.cluster.http);
    return this.cluster;
  }

  private configure(ctx: VerdictContext): void {
    ctx.fieldManager = this.opts.fieldManager ?? this.config.fieldManager;
    ctx.ignore = [...(this.config.ignoreDifferences ?? []), ...(this.opts.ignore ?? [])];
    ctx.compareStatus = this.config.compareStatus ?? [];
    ctx.cache = this.opts.once ? undefined : this.cache;
  }

  /**
   * Ahead of the check's own pass: the verdicts of built-in objects that are live (they depend on nothing the rest of
   * the workspace could change), and the dry-runs of the others that will need one. A few dozen at a time.
   */
  private async decideEarly(ctx: VerdictContext, info: ResourceInfo, objects: DesiredObject[], early: Map<DesiredObject, Promise<VerdictResult>>): Promise<void> {
    // Custom resources wait for their CRD's list keys; missing objects' reasons depend on the workspace's namespaces.
    const builtIn = !info.group.includes('.');
    for (let i = 0; i < objects.length; i++) {
      const d = objects[i];
      if (builtIn && ctx.live.lookup(info, objectRef(d.object, info, ctx.defaultNamespace)).state === 'present') {
        const verdict = decideVerdict(ctx, d, info);
        verdict.catch(() => undefined); // the check's own pass decides again
        early.set(d, verdict);
      } else sendDryRunAhead(ctx, d, info);
      if (i % 32 === 31) await new Promise((r) => setImmediate(r));
    }
  }

  /** Decides the verdicts of these entries (resolving kinds and loading live objects as needed). */
  private async decide(entries: Entry[], started: number, ahead?: { early: Map<DesiredObject, Promise<VerdictResult>>; since: { dryRuns: number; hits: number } }): Promise<void> {
    const dropBroken = brokenObjectFilter([...this.files.values()].flatMap((f) => f.problems));
    for (const [file, state] of this.files) state.entries = state.entries.filter((e) => dropBroken(file, e.desired));
    const kept = new Set(this.entries());
    entries = entries.filter((e) => kept.has(e));
    const cluster = this.cluster;
    if (!cluster || this.unusable) {
      const reason = this.unusable ?? 'no cluster';
      for (const e of entries) e.result = { ref: objectRef(e.desired.object), verdict: 'unknown', reason, diff: [], source: e.desired.source };
      this.lastStats = { objects: entries.length, decided: 0, dryRuns: 0, cacheHits: 0, ms: Date.now() - started };
      return;
    }
    const { ctx } = cluster;
    ctx.signal = this.call.signal ?? this.opts.signal;
    const all = this.entries().map((e) => e.desired.object);
    ctx.desiredNamespaces = new Set(all.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name ?? ''));
    ctx.desiredKinds = crdKinds(all);
    await Promise.all(
      entries.map(async (e) => {
        e.info = await ctx.mapper.resolve(e.desired.object.apiVersion, e.desired.object.kind).catch((err: unknown) => asApiError(err) as Error);
      }),
    );
    await learnCustomResourceHints(ctx.client, entries.map((e) => e.desired), entries.map((e) => e.info), this.log);
    await this.loadLive(entries);
    this.log.info(`live state: ${ctx.live.listCount} LIST, ${ctx.live.getCount} GET (${Date.now() - started} ms)`);
    if (this.watching) void this.startWatches();
    await this.verdicts(entries, started, this.call, ahead);
  }

  /**
   * Decides the entries' verdicts. Local decisions run on this thread, a few dozen between turns of the event loop,
   * while the dry-runs they cannot avoid are sent at once (at most `concurrency` in flight): the server's time and
   * ours overlap.
   */
  private async verdicts(
    entries: Entry[],
    started: number,
    call: CheckCallOptions,
    ahead?: { early: Map<DesiredObject, Promise<VerdictResult>>; since: { dryRuns: number; hits: number } },
  ): Promise<void> {
    const ctx = this.cluster!.ctx;
    ctx.dryRunSlots ??= slots(this.opts.concurrency ?? 8);
    const dryRunsBefore = ahead?.since.dryRuns ?? ctx.dryRuns!.count;
    const hitsBefore = ahead?.since.hits ?? this.cache.hits;
    const onProgress = call.onProgress ?? this.opts.onProgress;
    let done = 0;
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      pending.push(
        (ahead?.early.get(e.desired)?.catch(() => decideVerdict(ctx, e.desired, e.info)) ?? decideVerdict(ctx, e.desired, e.info)).then((result) => {
          e.result = result;
          if (this.opts.once && result.verdict === 'diverged') setImmediate(() => void result.unifiedDiff);
          onProgress?.(++done, entries.length);
        }),
      );
      if (i % 32 === 31) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(pending);
    const hits = this.cache.hits - hitsBefore;
    this.lastStats = { objects: entries.length, decided: entries.length - hits, dryRuns: ctx.dryRuns!.count - dryRunsBefore, cacheHits: hits, ms: Date.now() - started };
    this.log.info(
      `verdicts for ${entries.length} objects: ${this.lastStats.dryRuns} dry-runs, ${hits} cached, ${this.cluster!.http.requestCount} requests so far (${this.lastStats.ms} ms)`,
    );
  }

  private async loadLive(entries: Entry[]): Promise<void> {
    const ctx = this.cluster!.ctx;
    await mapLimit([...byType(entries, ctx.defaultNamespace).values()], 8, ({ info, refs }) => ctx.live.load(info, refs, { signal: ctx.signal }));
  }

  /** Adds the operator's own state (Ready, applied revision vs HEAD) to Flux and Argo CD objects that are live. */
  private async describeOperators(ctx: VerdictContext): Promise<void> {
    await mapLimit(this.entries(), 4, async (e) => {
      const info = e.info;
      if (!info || info instanceof Error || !OPERATOR_KINDS.has(`${info.group}/${info.kind}`)) return;
      const found = ctx.live.lookup(info, objectRef(e.desired.object, info, ctx.defaultNamespace));
      if (found.state !== 'present') return;
      try {
        e.result = copyResult(e.result, { operator: (await operatorState(found.entry.object, this.opts.cwd)).message });
      } catch (err) {
        this.log.debug(`operator state of ${info.kind} ${e.desired.object.metadata.name}: ${(err as Error).message}`);
      }
    });
  }

  /** Reads these entries' live objects again by GET (a saved file, without a watch keeping the cache fresh). */
  private async refreshLive(entries: Entry[]): Promise<void> {
    const ctx = this.cluster!.ctx;
    await mapLimit(entries, 8, async (e) => {
      const info = e.info ?? (await ctx.mapper.resolve(e.desired.object.apiVersion, e.desired.object.kind).catch(() => undefined));
      if (!info || info instanceof Error) return;
      const ref = objectRef(e.desired.object, info, ctx.defaultNamespace);
      if (ctx.live.lookup(info, ref).state === 'error') return;
      try {
        ctx.live.upsert(await ctx.client.get(info, ref.namespace, ref.name, ctx.signal));
      } catch (err) {
        if (asApiError(err).status === 404) ctx.live.remove({ apiVersion: ref.apiVersion, kind: info.kind, metadata: { name: ref.name, namespace: ref.namespace } });
      }
    });
  }

  // ---- watching ----

  /** Starts a watch per resource type and scope in use that has none yet; resolves when they are all open. */
  private startWatches(): Promise<void> {
    const cluster = this.cluster;
    if (!cluster || this.unusable || this.closed) return Promise.resolve();
    const { ctx } = cluster;
    const started: Array<Promise<void>> = [];
    for (const { info, refs } of byType(this.entries(), ctx.defaultNamespace).values()) {
      for (const namespace of watchScopes(info, refs)) {
        const id = `${info.group}/${info.resource}|${namespace ?? '*'}`;
        if (this.watches.has(id)) continue;
        const w = watchResource({
          client: ctx.client,
          info,
          namespace,
          log: this.log,
          onEvent: (type, obj) => {
            if (type === 'DELETED') ctx.live.remove(obj);
            else ctx.live.upsert(obj);
            this.changedLive(keyOfObject(obj));
          },
          onRelist: (items) => {
            for (const key of replaceLive(ctx.live, info, namespace, items)) this.changedLive(key);
          },
        });
        this.watches.set(id, w);
        started.push(w.ready);
      }
    }
    return Promise.all(started).then(() => undefined);
  }

  /** Whether an open watch stream covers this entry's live object. */
  private watchHealthy(e: Entry): boolean {
    const info = e.info;
    if (!info || info instanceof Error || !this.cluster) return false;
    const ns = info.namespaced ? objectRef(e.desired.object, info, this.cluster.ctx.defaultNamespace).namespace : undefined;
    const base = `${info.group}/${info.resource}|`;
    return Boolean(this.watches.get(`${base}*`)?.healthy || (ns && this.watches.get(`${base}${ns}`)?.healthy));
  }

  /** Resource types whose watch cannot connect right now (their verdicts may be stale until it does). */
  unhealthyWatches(): string[] {
    return [...this.watches.entries()].filter(([, w]) => !w.healthy).map(([id]) => id);
  }

  private stopWatching(): void {
    this.listener = undefined;
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
  }

  /** Queues the live object's manifests for a new verdict; events arriving together are handled together. */
  private changedLive(liveKey: string): void {
    this.pendingKeys.add(liveKey);
    if (!this.flushing) this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.flushLive());
  }

  private async flushLive(): Promise<void> {
    while (this.pendingKeys.size && this.cluster && this.listener) {
      const keys = this.pendingKeys;
      this.pendingKeys = new Set();
      const ctx = this.cluster.ctx;
      const liveKey = (e: Entry) => keyOfRef({ ...objectRef(e.desired.object, e.info as ResourceInfo, ctx.defaultNamespace), kind: (e.info as ResourceInfo).kind });
      const affected = this.entries().filter((e) => e.info && !(e.info instanceof Error) && keys.has(liveKey(e)));
      if (this.looksForOrphans) {
        // A change to an object no manifest defines may make or unmake an orphan.
        const defined = new Set(affected.map(liveKey));
        const orphanKeys = new Set(this.orphans.map((o) => keyOfRef(o.ref)));
        if ([...keys].some((k) => !defined.has(k) || orphanKeys.has(k))) this.refreshOrphans();
      }
      if (affected.length === 0) continue;
      const before = new Map(affected.map((e) => [e, e.result]));
      try {
        await this.verdicts(affected, Date.now(), { onProgress: () => undefined });
      } catch (err) {
        this.log.warn(`re-verdict after a cluster change failed: ${(err as Error).message}`);
        continue;
      }
      const changed = affected.filter((e) => !sameVerdict(before.get(e)!, e.result)).map((e) => e.result);
      try {
        if (changed.length && this.listener) this.listener(changed, this.report());
      } catch (err) {
        this.log.error(`watch listener failed: ${(err as Error).message}`);
      }
    }
    this.flushing = undefined;
  }
}

/** Returns a reason when the cluster cannot be used at all. */
async function preflight(http: KubeHttp): Promise<string | undefined> {
  try {
    await http.request({ method: 'GET', path: '/version', timeoutMs: 10_000 });
    return undefined;
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 0) return `cluster unreachable: ${e.message}`;
    if (e.status === 401) return `unauthorized: the credentials of this context were rejected (expired token?): ${e.message}`;
    return undefined; // /version may be forbidden while the rest works
  }
}

function byType(entries: Entry[], defaultNamespace: string): Map<string, { info: ResourceInfo; refs: ReturnType<typeof objectRef>[] }> {
  const out = new Map<string, { info: ResourceInfo; refs: ReturnType<typeof objectRef>[] }>();
  for (const e of entries) {
    const info = e.info;
    if (!info || info instanceof Error) continue;
    const key = `${info.group}/${info.resource}`;
    const group = out.get(key) ?? { info, refs: [] };
    group.refs.push(objectRef(e.desired.object, info, defaultNamespace));
    out.set(key, group);
  }
  return out;
}

/** An object with an error inside it (e.g. a duplicate key, which kubectl rejects) is only `invalid`. */
function brokenObjectFilter(problems: ManifestProblem[]): (file: string, d: DesiredObject) => boolean {
  const errors = problems.filter((p) => p.severity === 'error' && p.range);
  return (file, d) =>
    !errors.some((p) => p.file === file && p.range!.start.offset >= d.source.range.start.offset && p.range!.start.offset <= d.source.range.end.offset);
}

function crdKinds(objects: DesiredObject['object'][]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = o.spec as { group?: string; names?: { kind?: string } } | undefined;
    if (spec?.group && spec.names?.kind) out.add(`${spec.group}/${spec.names.kind}`);
  }
  return out;
}

function sameVerdict(a: VerdictResult, b: VerdictResult): boolean {
  return a.verdict === b.verdict && a.reason === b.reason && JSON.stringify(a.diff) === JSON.stringify(b.diff);
}
