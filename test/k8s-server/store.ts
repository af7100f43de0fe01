// In-memory object store with a single, monotonically increasing resourceVersion and an event log for watches.

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredObject {
  /** The object as stored (treat as immutable: replace, never mutate). */
  obj: any;
  /** JSON of obj, cached for fast LIST/GET. */
  json: string;
  rv: number;
  /** "namespace/name" for namespaced objects, "name" otherwise. */
  key: string;
  namespace: string;
  name: string;
}

export interface StoreEvent {
  type: EventType;
  bucket: string;
  stored: StoredObject;
  /** The object before this event (MODIFIED/DELETED), for watch selector transitions. */
  prev?: StoredObject;
  rv: number;
}

export type StoreListener = (ev: StoreEvent) => void;

class Bucket {
  readonly items = new Map<string, StoredObject>();
  private sorted: StoredObject[] | null = null;
  all(): StoredObject[] {
    if (!this.sorted) {
      this.sorted = [...this.items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return this.sorted;
  }
  set(s: StoredObject, isNew: boolean): void {
    this.items.set(s.key, s);
    if (isNew) this.sorted = null;
    else if (this.sorted) {
      const i = this.sorted.findIndex((x) => x.key === s.key);
      if (i >= 0) this.sorted[i] = s;
      else this.sorted = null;
    }
  }
  delete(key: string): void {
    this.items.delete(key);
    this.sorted = null;
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private buckets = new Map<string, Bucket>();
  private log: StoreEvent[] = [];
  private listeners = new Set<StoreListener>();
  private rv: number;
  /** Oldest resourceVersion a watch may start from. */
  private oldest: number;

  constructor(
    startRv = 1000,
    private readonly maxLog = 20000,
  ) {
    this.rv = startRv;
    this.oldest = startRv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestWatchableRv(): number {
    return this.oldest;
  }

  private bucket(name: string): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = new Bucket();
      this.buckets.set(name, b);
    }
    return b;
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.items.get(key);
  }

  /** All objects of a bucket sorted by key; with a namespace only that namespace's. */
  list(bucket: string, namespace?: string): StoredObject[] {
    const all = this.buckets.get(bucket)?.all() ?? [];
    if (!namespace) return all;
    return all.filter((s) => s.namespace === namespace);
  }

  count(bucket: string): number {
    return this.buckets.get(bucket)?.items.size ?? 0;
  }

  /** The next resourceVersion that a write would get (does not consume it). */
  peekNextRv(): number {
    return this.rv + 1;
  }

  /**
   * Stores obj (its metadata.resourceVersion is set to a new RV) and emits ADDED/MODIFIED.
   * `serialize` lets the caller fix key order; it receives the object with the new RV.
   */
  put(bucket: string, obj: any, serialize: (o: any) => any = (o) => o): StoredObject {
    const rv = ++this.rv;
    const md = obj.metadata ?? (obj.metadata = {});
    md.resourceVersion = String(rv);
    const finalObj = serialize(obj);
    const namespace: string = finalObj.metadata.namespace ?? '';
    const name: string = finalObj.metadata.name;
    const key = objectKey(namespace, name);
    const b = this.bucket(bucket);
    const prev = b.items.get(key);
    const isNew = !prev;
    const stored: StoredObject = { obj: finalObj, json: JSON.stringify(finalObj), rv, key, namespace, name };
    b.set(stored, isNew);
    this.emit({ type: isNew ? 'ADDED' : 'MODIFIED', bucket, stored, prev, rv });
    return stored;
  }

  /** Removes an object; the DELETED event carries it with a new resourceVersion. */
  remove(bucket: string, key: string): StoredObject | undefined {
    const b = this.buckets.get(bucket);
    const old = b?.items.get(key);
    if (!b || !old) return undefined;
    const rv = ++this.rv;
    const obj = { ...old.obj, metadata: { ...old.obj.metadata, resourceVersion: String(rv) } };
    const stored: StoredObject = { ...old, obj, json: JSON.stringify(obj), rv };
    b.delete(key);
    this.emit({ type: 'DELETED', bucket, stored, prev: old, rv });
    return stored;
  }

  private emit(ev: StoreEvent): void {
    this.log.push(ev);
    if (this.log.length > this.maxLog) {
      const drop = this.log.length - this.maxLog;
      this.oldest = this.log[drop - 1].rv;
      this.log.splice(0, drop);
    }
    for (const l of this.listeners) l(ev);
  }

  /** Events with rv > sinceRv (only valid when sinceRv >= oldestWatchableRv). */
  eventsSince(sinceRv: number): StoreEvent[] {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid].rv <= sinceRv) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo);
  }

  subscribe(l: StoreListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
