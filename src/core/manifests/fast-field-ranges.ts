// Field ranges of a document the fast parser took, without the `yaml` Document API: the document is read again by
// js-yaml alone, with a listener that keeps the offsets of every node, given as the Document API's `nodeOffsets`
// would give them. Only for texts `fastParseDocuments` accepted (no anchors, aliases, merge keys, tags, complex
// keys, multi-line flow nodes); anything it does not recognise gives undefined and the caller asks the Document API.
import { load } from 'js-yaml';
import type { FieldPath } from '../types';
import { emptyValueEnd, fastSchema, skipBlankAndComments, trimEnd, type YamlOptions } from './fast-yaml';

/** A node's offsets (`nodeOffsets`), its map's keys and values or its list's items. */
export interface FastNode {
  start: number;
  end: number;
  /** A map's pairs: the key's text as the object has it, the key node, the value node. */
  pairs?: Array<{ name: string; key: FastNode; value: FastNode }>;
  items?: FastNode[];
}

interface Frame {
  open: number;
  children: Array<FastNode & { name?: string }>;
}

/**
 * The node tree of the one document of `text` whose root node spans `start`–`end` (offsets in `text`); undefined when it cannot be sure to match the Document API.
 */
export function fastNodeTree(text: string, start: number, end: number, options: YamlOptions): FastNode | undefined {
  // From the start of its line (same columns); offsets in `alone` are `base` less than in `text`.
  const base = text.lastIndexOf('\n', start - 1) + 1;
  const alone = text.slice(base, end);
  const stack: Frame[] = [{ open: 0, children: [] }];
  let unsure = false;
  const listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }) => {
    if (event === 'open') {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const { open, children } = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (!parent) {
      unsure = true;
      return;
    }
    if (state.kind === null) {
      // An empty value (`key:`); other empty nodes are js-yaml looking for another key or item.
      if (children.length === 0 && alone[open - 1] === ':') {
        const at = emptyValueEnd(alone, open);
        parent.children.push({ start: base + at, end: base + at });
      } else if (children.length > 0) unsure = true;
      return;
    }
    const nodeStart = skipBlankAndComments(alone, open);
    const first = alone[nodeStart];
    if (state.kind === 'scalar') {
      // A list item is read as a would-be key first: the item's node holds that same scalar's node.
      const wrapped = children.length === 1 && !children[0].pairs && !children[0].items && children[0].start === base + nodeStart;
      if (children.length > 0 && !wrapped) unsure = true;
      const name = typeof state.result === 'string' ? state.result : String(state.result);
      parent.children.push({ start: base + nodeStart, end: base + trimEnd(alone, state.position), name });
      return;
    }
    const flow = first === '[' || first === '{';
    const node: FastNode = { start: base + nodeStart, end: 0 };
    if (state.kind === 'mapping') {
      if (children.length % 2 !== 0) unsure = true;
      node.pairs = [];
      for (let i = 0; i + 1 < children.length; i += 2) {
        const key = children[i];
        if (key.name === undefined || key.pairs || key.items) unsure = true;
        node.pairs.push({ name: key.name ?? '', key, value: children[i + 1] });
      }
    } else if (state.kind === 'sequence') node.items = children;
    else unsure = true;
    const last = node.pairs?.length ? node.pairs[node.pairs.length - 1].value : node.items?.[node.items.length - 1];
    node.end = flow || !last ? base + trimEnd(alone, state.position) : last.end;
    parent.children.push(node);
  };
  try {
    load(alone, { schema: fastSchema(options), listener, json: false } as unknown as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  const root = stack[0].children;
  if (unsure || stack.length !== 1 || root.length !== 1 || root[0].start !== start || root[0].end !== end) return undefined;
  return root[0];
}

/** The key (map fields) and value offsets of the field at `path`, as `findFieldNodes` + `nodeOffsets` give them. */
export function fastFieldOffsets(root: FastNode, path: FieldPath): { key?: [number, number]; value: [number, number] } | undefined {
  let current = root;
  let key: FastNode | undefined;
  for (const segment of path) {
    if (current.pairs) {
      const name = String(segment);
      const pair = current.pairs.find((p) => p.name === name);
      if (!pair) return undefined;
      key = pair.key;
      current = pair.value;
    } else if (current.items && typeof segment === 'number') {
      const item = current.items[segment];
      if (!item) return undefined;
      key = undefined;
      current = item;
    } else return undefined;
  }
  return { key: key ? [key.start, key.end] : undefined, value: [current.start, current.end] };
}
