// Normalisation rules shared by the offline diff and the dry-run comparison. Facts from the recorded
// v1.28 API server (/work/shared/k8s/README.md "Notes"):
// - quantities are canonicalised on built-in types (0.5 → 500m, 1024Mi → 1Gi): compare by value;
// - custom resources keep int-or-string quantities as written: compared exactly (no hints for CRs);
// - int-or-string fields are stored as sent ("80" stays a string): compared exactly;
// - nulls, empty lists and (most) empty maps are dropped: null/{}/[] equal absent;
// - Go zero values ("", false, 0) of omitempty fields are dropped: equal absent;
// - a list-map key `protocol` defaults to TCP (ports): part of the key even when omitted;
// - Secret `stringData` (plain text) is stored as `data` (base64).
import type { KubeObject } from '../types';
import { canonicalQuantity, parseQuantity, quantitiesEqual } from './quantity';
import { childHint, hintsFor, type HintNode, type TypeHints } from './type-hints';
import { KeyedList, strictlyIn, type ListItemKey } from './keyed-list';
import { MAX_OBJECT_DEPTH, nestedDeeperThan, NestedTooDeepError } from './depth';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotations written by the server/controllers on every template change; never compared. */
export const SERVER_ANNOTATIONS: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  'deprecated.daemonset.template.generation',
]);

/** metadata fields written by the server; never compared. */
export const SERVER_METADATA_FIELDS: ReadonlySet<string> = new Set([
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Values a list-map key takes when the manifest omits it. */
const LIST_KEY_DEFAULTS: Record<string, string> = { protocol: 'TCP' };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** null, undefined, `{}` or `[]`. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** Go zero values of scalars, which `omitempty` drops from the stored object. */
export function isZeroScalar(v: unknown): boolean {
  return v === '' || v === false || v === 0;
}

/** True when a desired subtree says nothing the server would store (only nulls/empties inside maps). */
export function isEffectivelyEmpty(v: unknown): boolean {
  if (isEmptyValue(v)) return true;
  if (isPlainObject(v)) return Object.values(v).every(isEffectivelyEmpty);
  return false;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Type-aware normalisation for one object kind. */
export class Normalizer {
  readonly hints: TypeHints;
  readonly kind: string;
  private readonly keyedLists = new WeakMap<readonly unknown[], { sig: string; index: KeyedList }>();
  private readonly setMembers = new WeakMap<readonly unknown[], Set<unknown>>();

  constructor(obj: Pick<KubeObject, 'apiVersion' | 'kind'>, hints?: TypeHints) {
    this.hints = hints ?? hintsFor(obj.apiVersion, obj.kind);
    this.kind = obj.kind;
  }

  get root(): HintNode {
    return this.hints.root;
  }

  child(node: HintNode | undefined, key: string): HintNode | undefined {
    return childHint(node, key);
  }

  /** Equality of two scalar leaves after normalisation. */
  scalarsEqual(desired: unknown, live: unknown, node: HintNode | undefined): boolean {
    if (desired === live) return true;
    if (node?.quantity && quantitiesEqual(desired, live)) return true;
    return false;
  }

  /** The value as the server would store it (quantities canonical), for display in DiffEntry. */
  normalizeValue(v: unknown, node: HintNode | undefined): unknown {
    if (node?.quantity && (typeof v === 'string' || typeof v === 'number') && parseQuantity(v)) {
      return canonicalQuantity(v);
    }
    return v;
  }

  /** How a list is merged: by keys, as a set, or replaced whole (`atomic`); `unknown` = no schema (CRs). */
  listKind(node: HintNode | undefined): 'map' | 'set' | 'atomic' | 'unknown' {
    if (node?.listKeys) return 'map';
    if (node?.setList) return 'set';
    return this.hints.known ? 'atomic' : 'unknown';
  }

  /** Key values of a list-map item, with defaulted key fields (protocol TCP) filled in. */
  listItemKey(item: unknown, keys: readonly string[]): Array<[string, unknown]> {
    const obj = isPlainObject(item) ? item : {};
    const out: Array<[string, unknown]> = [];
    for (const k of keys) {
      let v = obj[k];
      if ((v === undefined || v === null) && k in LIST_KEY_DEFAULTS) v = LIST_KEY_DEFAULTS[k];
      if (v !== undefined && v !== null) out.push([k, v]);
    }
    return out;
  }

  /**
   * Index of the first item in `list` whose keys equal `key` (missing key fields in `key` do not constrain).
   * The list is indexed on the first call, so it must not change afterwards (see `keyedList` for one that grows).
   */
  findByKey(list: readonly unknown[], keys: readonly string[], key: ListItemKey): number {
    if (key.length === 0) return -1;
    const sig = keys.join('\u0000');
    let cached = this.keyedLists.get(list);
    if (!cached || cached.sig !== sig) {
      cached = { sig, index: this.keyedList(list, keys) };
      this.keyedLists.set(list, cached);
    }
    return cached.index.find(key);
  }

  /** An index of a list-map's items by key, for a list the caller appends to (`add`). */
  keyedList(list: readonly unknown[], keys: readonly string[]): KeyedList {
    return new KeyedList(list, keys, (item) => this.listItemKey(item, keys));
  }

  /** Whether a set list holds `v` (normalised equality); the list must not change after the first call. */
  setIncludes(list: readonly unknown[], v: unknown, item: HintNode | undefined): boolean {
    let members = this.setMembers.get(list);
    if (!members) this.setMembers.set(list, (members = new Set(list)));
    if (strictlyIn(members, v)) return true;
    // Not there by identity: only a quantity may still be equal under another spelling ("0.5" vs "500m").
    if (!item?.quantity && strictlyIn(members, v) === false) return false;
    return list.some((x) => this.scalarsEqual(v, x, item));
  }

  /**
   * Lists whose live items may be added by admission/controllers although the field is atomic:
   * extra live items are not drift (Pod tolerations from the DefaultTolerationSeconds plugin).
   */
  isServerAugmentedList(path: ReadonlyArray<string | number>): boolean {
    return this.kind === 'Pod' && path.length === 2 && path[0] === 'spec' && path[1] === 'tolerations';
  }
}

/** Decoded bytes of base64 text, or undefined when it is not base64. */
export function decodeBase64(v: unknown): Buffer | undefined {
  if (typeof v !== 'string') return undefined;
  const compact = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Equality of two base64 values by their bytes. */
export function base64Equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const da = decodeBase64(a);
  const db = decodeBase64(b);
  return !!da && !!db && da.equals(db);
}

/** Secret `stringData` value (plain text) against a stored `data` value (base64). */
export function stringDataEqualsData(plain: unknown, b64: unknown): boolean {
  const d = decodeBase64(b64);
  return typeof plain === 'string' && !!d && d.equals(Buffer.from(plain, 'utf8'));
}

/** Returns a deep copy without fields no diff should look at (server-owned metadata, last-applied, status). */
export function stripNoise<T extends KubeObject>(obj: T, opts: { compareStatus?: boolean } = {}): T {
  // A clear error instead of a stack overflow in the copy (and in every recursive step after it).
  if (nestedDeeperThan(obj, MAX_OBJECT_DEPTH)) throw new NestedTooDeepError(`${obj.kind ?? 'The object'} ${obj.metadata?.name ?? ''}`.trim());
  const copy = structuredClone(obj) as T;
  if (!opts.compareStatus) delete (copy as Record<string, unknown>).status;
  const meta = copy.metadata as Record<string, unknown> | undefined;
  if (meta) {
    for (const f of SERVER_METADATA_FIELDS) delete meta[f];
    const ann = meta.annotations;
    if (isPlainObject(ann)) {
      for (const a of SERVER_ANNOTATIONS) delete ann[a];
      if (Object.keys(ann).length === 0) delete meta.annotations;
    }
    if (isPlainObject(meta.labels) && Object.keys(meta.labels).length === 0) delete meta.labels;
  }
  return copy;
}

/** Desired Secret as the server stores it: `stringData` folded into `data` (base64); stringData wins. */
export function secretAsStored(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret' || !isPlainObject(obj.stringData)) return obj;
  const copy = structuredClone(obj);
  const data: Record<string, unknown> = isPlainObject(copy.data) ? { ...copy.data } : {};
  for (const [k, v] of Object.entries(obj.stringData as Record<string, unknown>)) {
    if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
  }
  copy.data = data;
  delete copy.stringData;
  return copy;
}
