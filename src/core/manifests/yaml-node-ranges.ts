// Exact source ranges of YAML AST nodes, and lookup of a field's key/value nodes by path.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { FieldPath } from '../types';

export type AnyNode = Node;

/** Resolves an alias to the node its anchor is on; other nodes are returned as they are. */
export function resolveAlias(node: unknown, doc: Document.Parsed): Node | undefined {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 8; hops++) current = current.resolve(doc);
  return isAlias(current) ? undefined : (current as Node | undefined) ?? undefined;
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

function trimEnd(text: string, start: number, end: number): number {
  let result = end;
  while (result > start && WHITESPACE.has(text[result - 1])) result--;
  return result;
}

/** End offset of a node's value, without trailing newlines or comments of block collections. */
export function nodeEnd(node: Node, text: string): number {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  if (isCollection(node) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as unknown;
    if (isPair(last)) {
      const valueNode = last.value as Node | null;
      if (valueNode?.range) return nodeEnd(valueNode, text);
      const keyNode = last.key as Node | null;
      if (keyNode?.range) return nodeEnd(keyNode, text);
    } else if ((last as Node | null)?.range) {
      return nodeEnd(last as Node, text);
    }
  }
  return trimEnd(text, start, valueEnd);
}

export function nodeOffsets(node: Node, text: string): [number, number] {
  const start = node.range?.[0] ?? 0;
  return [start, nodeEnd(node, text)];
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.source === '<<' && key.type === 'PLAIN'));
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function findPair(map: YAMLMap, name: string, doc: Document.Parsed, depth = 0): Pair | undefined {
  let mergeSources: unknown[] = [];
  for (const item of map.items) {
    if (isMergeKey(item.key)) {
      const value = resolveAlias(item.value, doc);
      mergeSources = isSeq(value) ? value.items : [value];
      continue;
    }
    if (keyText(item.key) === name) return item as Pair;
  }
  if (depth > 16) return undefined;
  for (const source of mergeSources) {
    const resolved = resolveAlias(source, doc);
    if (isMap(resolved)) {
      const found = findPair(resolved, name, doc, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The key node (for map fields) and value node of the field at `path` under `root`.
 * Aliases resolve to the anchored node; `<<` merge keys are followed when the field is not set directly.
 */
export function findFieldNodes(
  root: Node,
  path: FieldPath,
  doc: Document.Parsed,
): { key?: Node; value: Node } | undefined {
  let current: Node | undefined = root;
  let found: { key?: Node; value: Node } | undefined = { value: root };
  for (const segment of path) {
    current = resolveAlias(current, doc);
    if (isMap(current)) {
      const pair = findPair(current, String(segment), doc);
      if (!pair) return undefined;
      const key = pair.key as Node;
      const value = (pair.value as Node | null) ?? key;
      found = { key, value };
      current = value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined || item === null) return undefined;
      found = { value: item };
      current = item;
    } else {
      return undefined;
    }
  }
  if (!found) return undefined;
  const value = resolveAlias(found.value, doc) ?? found.value;
  return { key: found.key, value };
}
