// Decoding of `metadata.managedFields[].fieldsV1` (server-side apply field sets).
//
// FieldsV1 is a trie encoded as nested JSON objects. Each key is one path element:
//   `f:<name>`  a field of a map/struct             (`f:spec`, `f:deployment.kubernetes.io/revision`)
//   `k:<json>`  a list item by its merge key(s)      (`k:{"name":"app"}`, `k:{"containerPort":80,"protocol":"TCP"}`)
//   `v:<json>`  an item of a set-like list by value  (`v:"a"`)
//   `i:<n>`     a list item by position              (`i:0`)
//   `.`         the node itself is a member of the set (its existence is owned), next to its children
// A key whose value is `{}` is a member with nothing below it: the manager owns that whole value (atomic fields such
// as `f:selector` are encoded like this).

import type { FieldPath, ManagedFieldsEntry } from '../types';
import { formatDiffPath } from './diff-path';
import { isPlainObject, jsonEqual } from './json-equal';

export type FieldsV1Segment =
  | { kind: 'field'; name: string }
  | { kind: 'key'; key: Record<string, unknown> }
  | { kind: 'value'; value: unknown }
  | { kind: 'index'; index: number };

export interface FieldsNode {
  /** `.` marker: this node's own path is in the set (with `children` listing further owned members). */
  marker: boolean;
  children: FieldsChild[];
}

export interface FieldsChild {
  /** The raw FieldsV1 key, e.g. `k:{"name":"app"}`. */
  token: string;
  segment: FieldsV1Segment;
  node: FieldsNode;
}

/** One member of a field set. `leaf`: nothing is listed below it, so the whole value at that path is owned. */
export interface OwnedPath {
  segments: FieldsV1Segment[];
  leaf: boolean;
}

/**
 * How a managed-fields set relates to one path of the live object:
 * - `exact`: the path itself is a member of the set;
 * - `atomic`: an ancestor of the path is a member with nothing listed below it (e.g. `f:selector` owns
 *   `spec.selector.matchLabels.app`);
 * - `descendants`: the path is not a member, but fields below it are (e.g. the manager owns some keys of a map).
 */
export type FieldsMatch = 'exact' | 'atomic' | 'descendants';

/** Parses one FieldsV1 key. Returns undefined for malformed keys (callers skip them). */
export function parseFieldsV1Token(token: string): FieldsV1Segment | undefined {
  const prefix = token.slice(0, 2);
  const rest = token.slice(2);
  try {
    switch (prefix) {
      case 'f:':
        return { kind: 'field', name: rest };
      case 'k:': {
        const key: unknown = JSON.parse(rest);
        return isPlainObject(key) ? { kind: 'key', key } : undefined;
      }
      case 'v:':
        return { kind: 'value', value: JSON.parse(rest) as unknown };
      case 'i:': {
        const index = Number(rest);
        return Number.isInteger(index) && index >= 0 ? { kind: 'index', index } : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** Decodes a FieldsV1 object into a trie. Unknown or malformed keys are ignored. */
export function decodeFieldsV1(fieldsV1: unknown): FieldsNode {
  const node: FieldsNode = { marker: false, children: [] };
  if (!isPlainObject(fieldsV1)) return node;
  for (const [token, value] of Object.entries(fieldsV1)) {
    if (token === '.') {
      node.marker = true;
      continue;
    }
    const segment = parseFieldsV1Token(token);
    if (segment) node.children.push({ token, segment, node: decodeFieldsV1(value) });
  }
  return node;
}

const decodedCache = new WeakMap<object, FieldsNode>();

/** `decodeFieldsV1(entry.fieldsV1)`, memoized per fieldsV1 object (treat the result as read-only). */
export function decodedFieldsOf(entry: ManagedFieldsEntry): FieldsNode {
  const raw = entry.fieldsV1;
  if (!isPlainObject(raw)) return decodeFieldsV1(raw);
  let node = decodedCache.get(raw);
  if (!node) {
    node = decodeFieldsV1(raw);
    decodedCache.set(raw, node);
  }
  return node;
}

/** Whether a node's own path is in the set: either marked with `.` or a leaf. */
export function isMember(node: FieldsNode): boolean {
  return node.marker || node.children.length === 0;
}

/** All members of a managed-fields entry's set, depth-first in the entry's key order. */
export function ownedPaths(entry: ManagedFieldsEntry | FieldsNode): OwnedPath[] {
  const root = 'children' in entry && 'marker' in entry ? entry : decodedFieldsOf(entry);
  const out: OwnedPath[] = [];
  const walk = (node: FieldsNode, prefix: FieldsV1Segment[]): void => {
    for (const child of node.children) {
      const segments = [...prefix, child.segment];
      if (isMember(child.node)) out.push({ segments, leaf: child.node.children.length === 0 });
      walk(child.node, segments);
    }
  };
  walk(root, []);
  return out;
}

/** Only the leaves of the set (members with nothing below them): the fields whose values the manager owns. */
export function ownedLeaves(entry: ManagedFieldsEntry | FieldsNode): FieldsV1Segment[][] {
  return ownedPaths(entry)
    .filter((p) => p.leaf)
    .map((p) => p.segments);
}

/**
 * How many leaves `ownedLeaves` would list, without listing them. (Give it a trie decoded for the occasion: the
 * memoized one of an entry lives as long as its live object.)
 */
export function ownedLeafCount(entry: ManagedFieldsEntry | FieldsNode): number {
  const count = (node: FieldsNode): number => {
    let n = 0;
    for (const child of node.children) n += child.node.children.length === 0 ? 1 : count(child.node);
    return n;
  };
  return count('children' in entry && 'marker' in entry ? entry : decodedFieldsOf(entry));
}

/** Does a FieldsV1 segment address this list item (`item` at `index` of a live list)? */
export function segmentMatchesItem(segment: FieldsV1Segment, item: unknown, index: number): boolean {
  switch (segment.kind) {
    case 'key':
      return (
        isPlainObject(item) && Object.entries(segment.key).every(([k, v]) => jsonEqual(item[k], v))
      );
    case 'value':
      return jsonEqual(segment.value, item);
    case 'index':
      return segment.index === index;
    default:
      return false;
  }
}

/** The child of `node` addressing path element `step` of the live value `value`, if any. */
function childFor(node: FieldsNode, value: unknown, step: string | number): FieldsChild | undefined {
  if (typeof step === 'number') {
    if (!Array.isArray(value) || step < 0 || step >= value.length) return undefined;
    const item: unknown = value[step];
    return node.children.find((c) => c.segment.kind !== 'field' && segmentMatchesItem(c.segment, item, step));
  }
  return node.children.find((c) => c.segment.kind === 'field' && c.segment.name === step);
}

/**
 * Matches a path of the live object (list items by their index in `live`) against a field set. List items are
 * resolved against the live object to find the `k:`/`v:`/`i:` element that addresses them.
 */
export function matchLivePath(root: FieldsNode, live: unknown, path: FieldPath): FieldsMatch | undefined {
  let node = root;
  let value: unknown = live;
  for (let i = 0; i < path.length; i++) {
    if (i > 0 && node.children.length === 0) return 'atomic';
    const step = path[i] as string | number;
    const child = childFor(node, value, step);
    if (!child) return undefined;
    node = child.node;
    value = stepInto(value, step);
  }
  if (path.length === 0) return node.children.length > 0 ? 'descendants' : undefined;
  return isMember(node) ? 'exact' : 'descendants';
}

/** The node of the set at a live path, if the path is spelled out in the set (no atomic shortcut). */
export function nodeAtLivePath(root: FieldsNode, live: unknown, path: FieldPath): FieldsNode | undefined {
  let node = root;
  let value: unknown = live;
  for (const step of path) {
    const child = childFor(node, value, step);
    if (!child) return undefined;
    node = child.node;
    value = stepInto(value, step);
  }
  return node;
}

function stepInto(value: unknown, step: string | number): unknown {
  if (typeof step === 'number') return Array.isArray(value) ? (value[step] as unknown) : undefined;
  return isPlainObject(value) ? value[step] : undefined;
}

/**
 * Formats FieldsV1 segments like the API server does in conflict messages, without the leading dot:
 * `spec.template.spec.containers[name="app"].image`, `spec.ports[port=80,protocol="TCP"]`, `spec.tags[="a"]`,
 * `spec.args[0]`.
 */
export function formatFieldsPath(segments: readonly FieldsV1Segment[]): string {
  return formatDiffPath(segments, { quoteOddKeys: false });
}
