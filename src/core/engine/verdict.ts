// The verdict for one desired object: dry-run (authoritative) or offline comparison with the live object.
import type { ClusterClient } from '../cluster/client';
import type { ResourceMapper } from '../cluster/discovery';
import type { KubeApiError } from '../cluster/http';
import { asApiError, type LiveCache } from '../cluster/live-cache';
import { compareDryRun } from '../diff/dry-run-compare';
import { offlineDiff } from '../diff/offline';
import { offlineMerged } from '../diff/offline-merge';
import type { Logger } from '../log';
import { detectFieldManager } from '../ownership/field-manager';
import type { DesiredObject, DiffEntry, IgnoreRule, KubeObject, ObjectRef, ResourceInfo, VerdictResult } from '../types';
import { finishDiff, wantsStatus } from './drift';
import { formatReason } from './reason';
import { objectRef } from './results';
import { scrubSecretValues } from './scrub';
import { copyResult, verdictUnifiedDiff, withLazyUnifiedDiff } from './unified-view';
import { convergedForCertain } from './local-verdict';
import { MAX_OBJECT_DEPTH, nestedDeeperThan, NestedTooDeepError } from '../normalize/depth';
import { objectHash, VerdictCache } from './verdict-cache';
import type { Slots } from './slots';

export interface VerdictContext {
  client: ClusterClient;
  mapper: ResourceMapper;
  live: LiveCache;
  defaultNamespace: string;
  /** Explicit field manager (flag or config); otherwise detected per object. */
  fieldManager?: string;
  offline: boolean;
  /** Dry-run every object, even where a local decision is certain (to check the local decisions). */
  forceDryRun?: boolean;
  /** Verdicts of this session by (manifest, live resourceVersion, field manager). */
  cache?: VerdictCache;
  /** Dry-run requests sent (for tests and benchmarks). */
  dryRuns?: { count: number };
  /** Limits the dry-runs in flight (the local work around them is not limited). */
  dryRunSlots?: Slots;
  /** Dry-runs sent ahead (while the workspace was still being parsed), taken by the verdict that needs them. */
  dryRunPrefetch?: Map<string, { body: string; result: Promise<KubeObject> }>;
  ignore: IgnoreRule[];
  /** Kinds (`Kind` or `group/Kind`) whose status is compared. */
  compareStatus: string[];
  /** Namespaces that the manifests themselves create. */
  desiredNamespaces: Set<string>;
  /** `group/Kind` of CRDs defined in the manifests. */
  desiredKinds: Set<string>;
  signal?: AbortSignal;
  log: Logger;
}

export const DEFAULT_FIELD_MANAGER = 'converge';

export async function decideVerdict(ctx: VerdictContext, d: DesiredObject, info: ResourceInfo | Error | undefined): Promise<VerdictResult> {
  if (ctx.offline || !ctx.cache || !info || info instanceof Error) return decideUncached(ctx, d, info);
  const ref = objectRef(d.object, info, ctx.defaultNamespace);
  const found = ctx.live.lookup(info, ref);
  if (found.state === 'error') return decideUncached(ctx, d, info);
  const live = found.state === 'present' ? found.entry : undefined;
  const fieldManager = ctx.fieldManager ?? (live ? detectFieldManager(live.object, DEFAULT_FIELD_MANAGER) : DEFAULT_FIELD_MANAGER);
  const key = cacheKey(ctx, withNamespace(d.object, ref), live?.resourceVersion, fieldManager);
  const cached = ctx.cache.get(key);
  if (cached) return copyResult(cached as VerdictResult, { source: d.source });
  const fresh = await decideUncached(ctx, d, info, fieldManager);
  if (cacheable(fresh)) ctx.cache.set(key, fresh);
  return fresh;
}

function cacheKey(ctx: VerdictContext, body: KubeObject, liveResourceVersion: string | undefined, fieldManager: string): string {
  return VerdictCache.key(objectHash(body), liveResourceVersion, `${fieldManager}${ctx.forceDryRun ? '|dry-run' : ''}`);
}

/** Errors may pass; a missing namespace may be created meanwhile. */
function cacheable(r: VerdictResult): boolean {
  if (r.verdict === 'unknown') return false;
  return !(r.verdict === 'missing' && /namespace|dry-run failed/.test(r.reason));
}

async function decideUncached(ctx: VerdictContext, d: DesiredObject, info: ResourceInfo | Error | undefined, detectedManager?: string): Promise<VerdictResult> {
  const obj = d.object;
  if (info instanceof Error) return result(d, objectRef(obj), 'unknown', `discovery failed: ${info.message}`);
  if (!info) {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    if (ctx.desiredKinds.has(`${group}/${obj.kind}`)) {
      return result(d, objectRef(obj), 'missing', `not in the cluster (its CustomResourceDefinition is defined in the workspace but not installed yet)`);
    }
    return result(d, objectRef(obj), 'invalid', `unknown kind: the cluster does not serve ${obj.kind} in ${obj.apiVersion}`);
  }
  const ref = objectRef(obj, info, ctx.defaultNamespace);
  const body = withNamespace(obj, ref);
  const found = ctx.live.lookup(info, ref);
  if (found.state === 'error') return result(d, ref, 'unknown', describeError(found.error, 'read'));
  if (found.state === 'absent') return missing(ctx, d, ref, info, body);

  const live = found.entry.object;
  const fieldManager = ctx.fieldManager ?? detectedManager ?? detectFieldManager(live, DEFAULT_FIELD_MANAGER);
  const compareStatus = wantsStatus(ctx.compareStatus, info.group, info.kind);
  let all: DiffEntry[];
  let merged: KubeObject;
  let method: VerdictResult['method'] = 'offline';
  // Comparing walks the live object recursively: one nested thousands of levels deep is not compared.
  const tooDeep = () => result(d, ref, 'unknown', new NestedTooDeepError('the live object').message);
  if (ctx.offline) {
    if (nestedDeeperThan(live, MAX_OBJECT_DEPTH)) return tooDeep();
    all = offlineDiff(body, live, { compareStatus });
    merged = offlineMerged(body, live);
  } else {
    if (!ctx.forceDryRun && convergedLocally(obj, body, live, fieldManager, compareStatus)) {
      return { ref, verdict: 'converged', reason: formatReason([]), diff: [], source: d.source, method: 'local', fieldManager, liveResourceVersion: found.entry.resourceVersion };
    }
    if (nestedDeeperThan(live, MAX_OBJECT_DEPTH)) return tooDeep();
    try {
      merged = await applyDryRun(ctx, info, body, fieldManager, found.entry.resourceVersion);
    } catch (err) {
      const e = asApiError(err);
      return result(d, ref, isManifestError(e) ? 'invalid' : 'unknown', describeError(e, 'dry-run'), { fieldManager });
    }
    all = compareDryRun(merged, live, body, { compareStatus });
    method = 'dry-run';
  }
  const { kept, diff } = finishDiff(all, body, live, ctx.ignore);
  const verdict: VerdictResult = {
    ref,
    verdict: diff.length ? 'diverged' : 'converged',
    reason: formatReason(diff),
    diff,
    source: d.source,
    method,
    fieldManager,
    liveResourceVersion: found.entry.resourceVersion,
  };
  if (!diff.length) return verdict;
  const keptPaths = new Set(kept.map((e) => e.path));
  const ignored = all.filter((e) => !keptPaths.has(e.path));
  return withLazyUnifiedDiff(verdict, () => verdictUnifiedDiff(live, merged, ignored, { compareStatus }));
}

async function missing(ctx: VerdictContext, d: DesiredObject, ref: ObjectRef, info: ResourceInfo, body: KubeObject): Promise<VerdictResult> {
  const nsNote = ref.namespace && ctx.desiredNamespaces.has(ref.namespace) ? ` (namespace "${ref.namespace}" is created by these manifests)` : '';
  if (ctx.offline) return result(d, ref, 'missing', `not in the cluster${nsNote}`, { method: 'offline' });
  // A dry-run create validates the manifest against the server; a missing namespace is not an error here.
  try {
    await applyDryRun(ctx, info, body, ctx.fieldManager ?? DEFAULT_FIELD_MANAGER, undefined);
    return result(d, ref, 'missing', `not in the cluster`, { method: 'dry-run' });
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 404 && /namespaces? "[^"]*" not found/.test(e.message)) {
      return result(d, ref, 'missing', `not in the cluster; namespace "${ref.namespace}" does not exist yet${nsNote}`, { method: 'dry-run' });
    }
    if (isManifestError(e)) return result(d, ref, 'invalid', describeError(e, 'dry-run'));
    return result(d, ref, 'missing', `not in the cluster (dry-run failed: ${describeError(e, 'dry-run')})`, { method: 'dry-run' });
  }
}

/** The server-side apply dry-run of `body` as `fieldManager` (the one sent ahead, when it was for this very body). */
function applyDryRun(ctx: VerdictContext, info: ResourceInfo, body: KubeObject, fieldManager: string, liveResourceVersion: string | undefined): Promise<KubeObject> {
  const key = prefetchKey(info, body, fieldManager, liveResourceVersion);
  const ahead = ctx.dryRunPrefetch?.get(key);
  if (ahead) {
    ctx.dryRunPrefetch!.delete(key);
    if (ahead.body === JSON.stringify(body)) return ahead.result;
  }
  if (ctx.dryRuns) ctx.dryRuns.count++;
  const send = () => ctx.client.applyDryRun(info, body, fieldManager, { force: true, signal: ctx.signal });
  return ctx.dryRunSlots ? ctx.dryRunSlots(send) : send();
}

function prefetchKey(info: ResourceInfo, body: KubeObject, fieldManager: string, liveResourceVersion: string | undefined): string {
  return `${info.group}/${info.kind}/${body.metadata.namespace ?? ''}/${body.metadata.name ?? ''}|${fieldManager}|${liveResourceVersion ?? 'absent'}`;
}

/**
 * Sends, ahead of its verdict, the dry-run an object will need: when it is not in the cluster, or when the local
 * decision (with what is known so far) cannot prove it converged. The verdict takes the answer if it asks for the
 * same body, manager and live resourceVersion; otherwise it was one request too many, never a wrong verdict.
 */
export function sendDryRunAhead(ctx: VerdictContext, d: DesiredObject, info: ResourceInfo): void {
  if (!ctx.dryRunPrefetch || ctx.offline) return;
  const ref = objectRef(d.object, info, ctx.defaultNamespace);
  const found = ctx.live.lookup(info, ref);
  if (found.state === 'error') return;
  const body = withNamespace(d.object, ref);
  const live = found.state === 'present' ? found.entry : undefined;
  const fieldManager = ctx.fieldManager ?? (live ? detectFieldManager(live.object, DEFAULT_FIELD_MANAGER) : DEFAULT_FIELD_MANAGER);
  const key = prefetchKey(info, body, fieldManager, live?.resourceVersion);
  if (ctx.dryRunPrefetch.has(key) || ctx.cache?.has(cacheKey(ctx, body, live?.resourceVersion, fieldManager))) return;
  const compareStatus = wantsStatus(ctx.compareStatus, info.group, info.kind);
  if (live && !ctx.forceDryRun && convergedLocally(d.object, body, live.object, fieldManager, compareStatus)) return;
  if (ctx.dryRuns) ctx.dryRuns.count++;
  const result = (ctx.dryRunSlots ?? ((f) => f()))(() => ctx.client.applyDryRun(info, body, fieldManager, { force: true, signal: ctx.signal }));
  result.catch(() => undefined); // the verdict that takes it handles the error
  ctx.dryRunPrefetch.set(key, { body: JSON.stringify(body), result });
}

function result(
  d: DesiredObject,
  ref: ObjectRef,
  verdict: VerdictResult['verdict'],
  reason: string,
  extra: Partial<VerdictResult> = {},
): VerdictResult {
  // Server messages can echo field values back; a Secret's must never reach the user.
  const safe = d.object.kind === 'Secret' ? scrubSecretValues(reason, d.object) : reason;
  return { ref, verdict, reason: safe, diff: [], source: d.source, ...extra };
}

/** The object as it is sent: namespaced kinds get the default namespace, cluster-scoped ones lose it. */
/**
 * `convergedForCertain`, asked once per (manifest object, live object, manager): the dry-run sent ahead and the verdict
 * both ask. Keyed by the live object (replaced, never changed, when the cluster changes) and the parsed manifest object.
 */
function convergedLocally(manifest: KubeObject, body: KubeObject, live: KubeObject, fieldManager: string, compareStatus: boolean): boolean {
  const seen = localDecisions.get(live);
  if (seen && seen.manifest === manifest && seen.namespace === body.metadata.namespace && seen.fieldManager === fieldManager && seen.compareStatus === compareStatus) {
    return seen.converged;
  }
  const converged = convergedForCertain(body, live, fieldManager, { compareStatus });
  localDecisions.set(live, { manifest, namespace: body.metadata.namespace, fieldManager, compareStatus, converged });
  return converged;
}

const localDecisions = new WeakMap<KubeObject, { manifest: KubeObject; namespace: string | undefined; fieldManager: string; compareStatus: boolean; converged: boolean }>();

function withNamespace(obj: KubeObject, ref: ObjectRef): KubeObject {
  if (obj.metadata.namespace === ref.namespace) return obj;
  const metadata = { ...obj.metadata };
  if (ref.namespace) metadata.namespace = ref.namespace;
  else delete metadata.namespace;
  return { ...obj, metadata };
}


/** The server rejected the manifest itself (schema, validation), not our access to it. */
function isManifestError(e: KubeApiError): boolean {
  if (e.status === 400 || e.status === 422) return true;
  return e.status === 500 && /field not declared in schema|failed to create typed patch object|expected (string|map|list|numeric)/.test(e.message);
}

/** Transport failures that mean nothing of the cluster can be reached (name, listener, certificate), by error code. */
const UNREACHABLE = /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|AuthTimeout|NoCluster|ERR_TLS_.*|ERR_SSL_.*|.*CERT.*|.*SIGNED.*|UNABLE_TO_.*)$/;

/** What kind of transport failure this was, from its code: DNS, refused, TLS, reset, timeout, cut answer. */
function transportKind(code: string): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS lookup failed';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (/^ERR_TLS_|^ERR_SSL_|CERT|SIGNED|^UNABLE_TO_/.test(code)) return 'TLS';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
  if (code === 'ETIMEDOUT') return 'timed out';
  if (code === 'StreamCut') return 'answer cut short';
  if (code === 'InvalidResponse') return 'answer not understood';
  return 'connection failed';
}

export function describeError(e: KubeApiError, during: 'read' | 'dry-run'): string {
  if (e.status === 0) {
    // Only "cluster unreachable" when nothing can get through; one request failing on the way (a reset, a timeout,
    // a cut answer) says which request and how, since the cluster answered others.
    if (UNREACHABLE.test(e.reason) || (e.reason === 'ETIMEDOUT' && /handshake|connect/i.test(e.message))) return `cluster unreachable: ${e.message}`;
    return `${during === 'read' ? 'reading the live object' : 'server-side dry-run'} failed (${transportKind(e.reason)}): ${e.message}`;
  }
  if (e.status === 401) return `unauthorized (credentials rejected, expired token?): ${e.message}`;
  if (e.status === 403) return `forbidden: ${e.message}`;
  if (e.status === 429) return `rate limited by the API server${e.retryAfterSeconds ? ` (retry after ${e.retryAfterSeconds}s)` : ''}`;
  if (e.status === 422 || e.status === 400) return `rejected by the API server: ${e.message}`;
  return `${during === 'read' ? 'reading the live object' : 'server-side dry-run'} failed (HTTP ${e.status} ${e.reason}): ${e.message}`;
}
