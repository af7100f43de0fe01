// Choosing the field manager to dry-run as, and checking whether a manager's applied set matches a manifest.

import type { KubeObject, ManagedFieldsEntry } from '../types';
import { decodeFieldsV1, ownedLeafCount, segmentMatchesItem, type FieldsNode } from './fields-v1';
import { isPlainObject, jsonEqual } from './json-equal';

function applyEntries(live: KubeObject | undefined): ManagedFieldsEntry[] {
  const entries = live?.metadata?.managedFields;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (e) =>
      e &&
      typeof e.manager === 'string' &&
      e.manager !== '' &&
      e.operation === 'Apply' &&
      !e.subresource &&
      (e.fieldsType === undefined || e.fieldsType === 'FieldsV1'),
  );
}

/**
 * The field manager that already applies this object: the `Apply` manager owning the most leaf fields (e.g. Flux's
 * `kustomize-controller`, Argo CD's `argocd-controller`), ignoring subresource entries and `Update` entries. Ties go to
 * the most recently applied one, then to the first listed. `fallback` when there is no live object or no applier.
 * (An explicitly configured manager takes precedence; callers check that before calling this.)
 */
export function detectFieldManager(live: KubeObject | undefined, fallback = 'converge'): string {
  // Asked several times per object in a check (dry-run ahead, verdict): decided once per managedFields array.
  const entries = live?.metadata?.managedFields;
  if (!Array.isArray(entries)) return fallback;
  let found = detected.get(entries);
  if (found === undefined) detected.set(entries, (found = applierOf(live) ?? ''));
  return found || fallback;
}

/** `detectFieldManager`'s answers by managedFields array ('' for none); live objects are never changed in place. */
const detected = new WeakMap<object, string>();

function applierOf(live: KubeObject | undefined): string | undefined {
  const stats = new Map<string, { leaves: number; time: string; order: number }>();
  applyEntries(live).forEach((e, order) => {
    const name = e.manager as string;
    const s = stats.get(name) ?? { leaves: 0, time: '', order };
    s.leaves += ownedLeafCount(decodeFieldsV1(e.fieldsV1));
    if (e.time && e.time > s.time) s.time = e.time;
    stats.set(name, s);
  });
  let best: { name: string; leaves: number; time: string; order: number } | undefined;
  for (const [name, s] of stats) {
    if (s.leaves === 0) continue;
    if (
      !best ||
      s.leaves > best.leaves ||
      (s.leaves === best.leaves && (s.time > best.time || (s.time === best.time && s.order < best.order)))
    )
      best = { name, ...s };
  }
  return best?.name;
}

/** Metadata fields of a manifest that never appear in managedFields (they identify the object). */
const IDENTITY_METADATA = new Set(['name', 'namespace']);

/**
 * True when `manager`'s single `Apply` entry (main resource, same apiVersion as the manifest) owns exactly the set of
 * fields the manifest `desired` sets: every field the manifest sets is in the entry, and the entry owns nothing the
 * manifest does not set. Together with "every desired value equals the live value", this means a server-side apply
 * dry-run of `desired` as `manager` would be a no-op.
 *
 * Conservative: false whenever unsure — no live object, several or no Apply entries for the manager, another
 * apiVersion, `null` or empty-list values, `status` or server-owned metadata in the manifest, positional (`i:`) list
 * items, list items that match no or several key entries. The only defaulting assumed is `protocol: TCP` in
 * port keys (`k:{"containerPort":80,"protocol":"TCP"}` for a manifest port without protocol).
 */
export function ownsExactly(live: KubeObject | undefined, manager: string, desired: KubeObject): boolean {
  if (!live || !isPlainObject(desired)) return false;
  if (live.apiVersion !== desired.apiVersion || live.kind !== desired.kind) return false;
  const entries = applyEntries(live).filter((e) => e.manager === manager);
  if (entries.length !== 1) return false;
  const entry = entries[0] as ManagedFieldsEntry;
  if (entry.apiVersion !== undefined && entry.apiVersion !== desired.apiVersion) return false;

  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status') return false;
    body[k] = v;
  }
  if (body.metadata !== undefined) {
    if (!isPlainObject(body.metadata)) return false;
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body.metadata)) {
      if (IDENTITY_METADATA.has(k)) {
        if (typeof v !== 'string') return false;
        continue;
      }
      meta[k] = v;
    }
    if (Object.keys(meta).length === 0) delete body.metadata;
    else body.metadata = meta;
  }
  return coversExactly(decodeFieldsV1(entry.fieldsV1), body);
}

/** Does the field-set node describe exactly the fields set by `value`? */
function coversExactly(node: FieldsNode, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (node.children.length === 0) {
    // A leaf owns the whole value (scalar, atomic map/list, or an empty map like `resources: {}`).
    return !(Array.isArray(value) && value.length === 0);
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (node.children.length !== keys.length) return false;
    return node.children.every(
      (c) =>
        c.segment.kind === 'field' &&
        Object.prototype.hasOwnProperty.call(value, c.segment.name) &&
        coversExactly(c.node, value[c.segment.name]),
    );
  }
  if (Array.isArray(value)) {
    if (node.children.length !== value.length) return false;
    const used = new Set<number>();
    for (const child of node.children) {
      if (child.segment.kind !== 'key' && child.segment.kind !== 'value') return false;
      const seg = child.segment;
      const matches = value
        .map((item, i) => ({ item, i }))
        .filter(({ item, i }) => (seg.kind === 'key' ? keyMatchesManifestItem(seg.key, item) : segmentMatchesItem(seg, item, i)));
      if (matches.length !== 1) return false;
      const { item, i } = matches[0] as { item: unknown; i: number };
      if (used.has(i)) return false;
      used.add(i);
      if (seg.kind === 'value') {
        if (child.node.children.length !== 0) return false;
      } else if (!coversExactly(child.node, item)) return false;
    }
    return used.size === value.length;
  }
  return false; // a scalar where the set lists children
}

/** A `k:` key against a manifest list item, allowing the one server default that is part of keys: protocol TCP. */
function keyMatchesManifestItem(key: Record<string, unknown>, item: unknown): boolean {
  if (!isPlainObject(item)) return false;
  return Object.entries(key).every(([k, v]) => {
    if (Object.prototype.hasOwnProperty.call(item, k)) return jsonEqual(item[k], v);
    return k === 'protocol' && v === 'TCP';
  });
}
