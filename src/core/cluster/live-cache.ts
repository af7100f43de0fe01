// Live objects by identity, filled by LIST per resource type and namespace (GET only as a fallback),
// keyed by resourceVersion so later work (watch, re-check on save) can tell what changed.
import type { KubeObject, ObjectRef, ResourceInfo } from '../types';
import type { ClusterClient } from './client';
import { KubeApiError } from './http';

export interface LiveEntry {
  object: KubeObject;
  resourceVersion: string;
}

/** What is known about one object: present, absent, or could not be read (with the error). */
export type LiveLookup = { state: 'present'; entry: LiveEntry } | { state: 'absent' } | { state: 'error'; error: KubeApiError };

export function refKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function keyOfRef(ref: ObjectRef): string {
  return refKey(groupOf(ref.apiVersion), ref.kind, ref.namespace, ref.name);
}

export function keyOfObject(obj: KubeObject): string {
  return refKey(groupOf(obj.apiVersion), obj.kind, obj.metadata.namespace, obj.metadata.name ?? '');
}

/** A namespace, or '*' for all namespaces / cluster-scoped. */
type Scope = string;

export class LiveCache {
  private readonly objects = new Map<string, LiveEntry>();
  /** LISTs per `group/resource|scope`: in flight or done; the result is the error when the LIST failed. */
  private readonly lists = new Map<string, Promise<KubeApiError | undefined>>();
  private readonly listErrors = new Map<string, KubeApiError | undefined>();
  /** Fallback GETs that found nothing or failed. */
  private readonly gets = new Map<string, KubeApiError | 'absent'>();
  listCount = 0;
  getCount = 0;

  constructor(private readonly client: ClusterClient) {}

  /**
   * Make sure every wanted object of this resource type is known. Lists each namespace once; when
   * objects span more than `clusterWideAfter` namespaces, one cluster-wide LIST is used instead.
   * A forbidden LIST falls back to GET per object (RBAC may allow get without list).
   */
  async load(info: ResourceInfo, refs: ObjectRef[], opts: { clusterWideAfter?: number; signal?: AbortSignal } = {}): Promise<void> {
    const scopeOf = (r: ObjectRef): Scope => (info.namespaced ? r.namespace ?? 'default' : '*');
    const namespaces = new Set(refs.map(scopeOf));
    const clusterWide = !info.namespaced || namespaces.size > (opts.clusterWideAfter ?? 3) || this.listedOk(info, '*');
    const scopes: Scope[] = clusterWide ? ['*'] : [...namespaces];
    const errors = await Promise.all(scopes.map((scope) => this.list(info, scope, opts.signal)));
    const forbidden = new Set(scopes.filter((_, i) => errors[i]?.status === 403));
    if (forbidden.size === 0) return;
    const pending = refs.filter((r) => forbidden.has(clusterWide ? '*' : scopeOf(r)));
    await Promise.all(pending.map((r) => this.getOne(info, r, opts.signal)));
  }

  lookup(info: ResourceInfo, ref: ObjectRef): LiveLookup {
    const key = refKey(info.group, info.kind, info.namespaced ? ref.namespace : undefined, ref.name);
    const entry = this.objects.get(key);
    if (entry) return { state: 'present', entry };
    const got = this.gets.get(key);
    if (got instanceof KubeApiError) return { state: 'error', error: got };
    if (got === 'absent') return { state: 'absent' };
    const scope = info.namespaced ? ref.namespace ?? 'default' : '*';
    const error = this.listedOk(info, '*') || this.listedOk(info, scope) ? undefined : this.listError(info, scope) ?? this.listError(info, '*');
    return error ? { state: 'error', error } : { state: 'absent' };
  }

  /** Every cached object (e.g. to find orphans). */
  all(): IterableIterator<LiveEntry> {
    return this.objects.values();
  }

  /** Apply a change seen elsewhere (watch event, own write). */
  upsert(obj: KubeObject): void {
    shareManagedFieldsStrings(obj);
    this.objects.set(keyOfObject(obj), { object: obj, resourceVersion: obj.metadata.resourceVersion ?? '' });
  }

  remove(obj: KubeObject): void {
    this.objects.delete(keyOfObject(obj));
  }

  private listKey(info: ResourceInfo, scope: Scope): string {
    return `${info.group}/${info.resource}|${scope}`;
  }

  private listedOk(info: ResourceInfo, scope: Scope): boolean {
    const key = this.listKey(info, scope);
    return this.listErrors.has(key) && this.listErrors.get(key) === undefined;
  }

  private listError(info: ResourceInfo, scope: Scope): KubeApiError | undefined {
    return this.listErrors.get(this.listKey(info, scope));
  }

  private list(info: ResourceInfo, scope: Scope, signal?: AbortSignal): Promise<KubeApiError | undefined> {
    const key = this.listKey(info, scope);
    let p = this.lists.get(key);
    if (!p) {
      this.listCount++;
      p = this.client
        .list(info, { namespace: scope === '*' ? undefined : scope, signal })
        .then((res) => {
          for (const item of res.items) this.upsert(item);
          return undefined;
        })
        .catch((err: unknown) => asApiError(err))
        .then((err) => {
          this.listErrors.set(key, err);
          return err;
        });
      this.lists.set(key, p);
    }
    return p;
  }

  private async getOne(info: ResourceInfo, ref: ObjectRef, signal?: AbortSignal): Promise<void> {
    const ns = info.namespaced ? ref.namespace ?? 'default' : undefined;
    const key = refKey(info.group, info.kind, ns, ref.name);
    this.getCount++;
    try {
      this.upsert(await this.client.get(info, ns, ref.name, signal));
      this.gets.delete(key);
    } catch (err) {
      const e = asApiError(err);
      this.gets.set(key, e.status === 404 ? 'absent' : e);
    }
  }
}

export function asApiError(err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  return new KubeApiError((err as Error)?.message ?? String(err), 0, 'InternalError');
}

/**
 * The same few strings recur in every object's managedFields (manager names, operations, apiVersions, the second a
 * controller applied thousands of objects): one copy each instead of one per object (~2 MB of a session of 10,000
 * objects). Bounded: the table starts afresh past 20,000 strings (a long watch sees a new timestamp per change).
 */
const shared = new Map<string, string>();
const SHARED_KEYS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'subresource'] as const;

function shareManagedFieldsStrings(obj: KubeObject): void {
  const entries = obj.metadata?.managedFields;
  if (!Array.isArray(entries)) return;
  if (shared.size > 20_000) shared.clear();
  for (const e of entries) {
    if (!e || typeof e !== 'object') continue;
    const fields = e as unknown as Record<string, unknown>;
    for (const k of SHARED_KEYS) {
      const v = fields[k];
      if (typeof v !== 'string' || v.length > 64) continue;
      const one = shared.get(v);
      if (one === undefined) shared.set(v, v);
      else fields[k] = one;
    }
  }
}
