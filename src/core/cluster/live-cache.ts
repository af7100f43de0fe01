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
  /** LISTs done (or in flight) per resource type and scope; an error means that scope could not be read. */
  private readonly lists = new Map<string, Promise<KubeApiError | undefined>>();
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
    const namespaces = new Set(refs.map((r) => (info.namespaced ? r.namespace ?? 'default' : '*')));
    const clusterWide = !info.namespaced || namespaces.size > (opts.clusterWideAfter ?? 3);
    const scopes: Scope[] = clusterWide ? ['*'] : [...namespaces];
    const errors = await Promise.all(scopes.map((scope) => this.loadScope(info, scope, opts.signal)));
    const failed = new Set(scopes.filter((_, i) => errors[i]));
    if (failed.size === 0) return;
    const listError = errors.find((e) => e)!;
    if (listError.status !== 403) return; // nothing a GET would fix
    const pending = refs.filter((r) => failed.has(clusterWide ? '*' : r.namespace ?? 'default'));
    await Promise.all(pending.map((r) => this.getOne(info, r, opts.signal)));
  }

  lookup(info: ResourceInfo, ref: ObjectRef): LiveLookup {
    const key = refKey(info.group, info.kind, info.namespaced ? ref.namespace : undefined, ref.name);
    const entry = this.objects.get(key);
    if (entry) return { state: 'present', entry };
    const got = this.gets.get(key);
    if (got instanceof KubeApiError) return { state: 'error', error: got };
    if (got === 'absent') return { state: 'absent' };
    const scopeError = this.scopeError(info, info.namespaced ? ref.namespace ?? 'default' : '*');
    return scopeError ? { state: 'error', error: scopeError } : { state: 'absent' };
  }

  /** Every cached object (e.g. to find orphans). */
  all(): IterableIterator<LiveEntry> {
    return this.objects.values();
  }

  /** Apply a change seen elsewhere (watch event, own write). */
  upsert(obj: KubeObject): void {
    this.objects.set(keyOfObject(obj), { object: obj, resourceVersion: obj.metadata.resourceVersion ?? '' });
  }

  remove(obj: KubeObject): void {
    this.objects.delete(keyOfObject(obj));
  }

  private settled = new Map<string, KubeApiError | undefined>();

  private scopeError(info: ResourceInfo, scope: Scope): KubeApiError | undefined {
    const base = `${info.group}/${info.resource}`;
    return this.settled.get(`${base}|${scope}`) ?? this.settled.get(`${base}|*`);
  }

  private loadScope(info: ResourceInfo, scope: Scope, signal?: AbortSignal): Promise<KubeApiError | undefined> {
    const key = `${info.group}/${info.resource}|${scope}`;
    const covering = this.lists.get(`${info.group}/${info.resource}|*`);
    if (covering && this.settled.has(`${info.group}/${info.resource}|*`) && !this.settled.get(`${info.group}/${info.resource}|*`)) return covering;
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
          this.settled.set(key, err);
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
      this.upsert({ ...(await this.client.get(info, ns, ref.name, signal)), apiVersion: ref.apiVersion, kind: info.kind });
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
