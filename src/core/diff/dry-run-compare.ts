// Authoritative comparison: the server-side apply dry-run result (what the object would become) against
// the live object. Both come from the server, so defaults and canonical forms already agree; what is
// left to ignore is server bookkeeping (managedFields, resourceVersion, generation, ...), `status` and
// the last-applied annotation. Every differing leaf is reported; `removed` = apply would delete it.
import type { DiffEntry, FieldPath, KubeObject } from '../types';
import { isEmptyValue, isPlainObject, Normalizer, stripNoise } from '../normalize/normalizer';
import type { HintNode, TypeHints } from '../normalize/type-hints';
import { fieldSegment, indexSegment, keySegment, setSegment } from './path';
import { maskSecretDiff } from './secret-mask';

export interface DryRunCompareOptions {
  hints?: TypeHints;
  /** Compare `status` too (off by default). */
  compareStatus?: boolean;
}

/** Where the walk is in the desired manifest (for `desiredPath`), undefined when the manifest lacks it. */
type Cursor = { v: unknown; p: FieldPath } | undefined;

interface Ctx {
  n: Normalizer;
  out: DiffEntry[];
  secret: boolean;
  desired?: KubeObject;
}

export function compareDryRun(
  dryRun: KubeObject,
  live: KubeObject,
  desired?: KubeObject,
  opts: DryRunCompareOptions = {},
): DiffEntry[] {
  const n = new Normalizer(dryRun, opts.hints);
  const ctx: Ctx = { n, out: [], secret: dryRun.kind === 'Secret', desired };
  const after = stripNoise(dryRun, opts) as Record<string, unknown>;
  const before = stripNoise(live, opts) as Record<string, unknown>;
  delete after.apiVersion;
  delete after.kind;
  delete before.apiVersion;
  delete before.kind;
  walk(ctx, before, after, n.root, '', desired ? { v: desired, p: [] } : undefined);
  return maskSecretDiff(ctx.out, dryRun);
}

function descend(ctx: Ctx, cursor: Cursor, key: string, path: string): Cursor {
  if (!cursor || !isPlainObject(cursor.v)) {
    // Secret data.<k> may come from the manifest's stringData.<k>.
    if (ctx.secret && path === 'data' && cursor === undefined && ctx.desired) {
      return secretKeyCursor(ctx.desired, key);
    }
    return undefined;
  }
  if (ctx.secret && path === 'data' && ctx.desired) return secretKeyCursor(ctx.desired, key);
  const v = cursor.v[key];
  if (v === undefined || v === null) return undefined;
  return { v, p: [...cursor.p, key] };
}

function secretKeyCursor(desired: KubeObject, key: string): Cursor {
  const sd = desired.stringData;
  if (isPlainObject(sd) && sd[key] !== undefined && sd[key] !== null) return { v: sd[key], p: ['stringData', key] };
  const d = desired.data;
  if (isPlainObject(d) && d[key] !== undefined && d[key] !== null) return { v: d[key], p: ['data', key] };
  return undefined;
}

function itemCursor(ctx: Ctx, cursor: Cursor, node: HintNode | undefined, item: unknown, index: number): Cursor {
  if (!cursor || !Array.isArray(cursor.v)) return undefined;
  const list = cursor.v;
  let i = -1;
  const kind = ctx.n.listKind(node);
  if (kind === 'map') {
    const keys = node!.listKeys!;
    i = ctx.n.findByKey(list, keys, ctx.n.listItemKey(item, keys));
  } else if (kind === 'set') {
    i = list.findIndex((x) => ctx.n.scalarsEqual(x, item, node?.item));
  } else {
    i = index < list.length ? index : -1;
  }
  return i < 0 ? undefined : { v: list[i], p: [...cursor.p, i] };
}

function push(ctx: Ctx, entry: DiffEntry, cursor: Cursor): void {
  if (cursor) entry.desiredPath = cursor.p;
  ctx.out.push(entry);
}

function itemSegment(ctx: Ctx, node: HintNode | undefined, path: string, item: unknown, index: number): string {
  const kind = ctx.n.listKind(node);
  if (kind === 'map') {
    const key = ctx.n.listItemKey(item, node!.listKeys!);
    if (key.length) return keySegment(path, key);
  }
  if (kind === 'set') return setSegment(path, item);
  return indexSegment(path, index);
}

/** Reports every leaf of a subtree present on one side only. */
function emitLeaves(
  ctx: Ctx,
  change: 'added' | 'removed',
  value: unknown,
  node: HintNode | undefined,
  path: string,
  cursor: Cursor,
): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) {
      emitLeaves(ctx, change, v, ctx.n.child(node, k), fieldSegment(path, k), descend(ctx, cursor, k, path));
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => {
      const seg = itemSegment(ctx, node, path, item, i);
      emitLeaves(ctx, change, item, node?.item, seg, itemCursor(ctx, cursor, node, item, i));
    });
    return;
  }
  if (value === null || value === undefined) return;
  push(ctx, change === 'added' ? { path, change, desired: value } : { path, change, live: value }, cursor);
}

function walk(ctx: Ctx, l: unknown, r: unknown, node: HintNode | undefined, path: string, cursor: Cursor): void {
  const { n } = ctx;
  const lEmpty = isEmptyValue(l);
  const rEmpty = isEmptyValue(r);
  if (lEmpty && rEmpty) return;
  if (lEmpty) return emitLeaves(ctx, 'added', r, node, path, cursor);
  if (rEmpty) return emitLeaves(ctx, 'removed', l, node, path, cursor);

  if (isPlainObject(l) && isPlainObject(r)) {
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      walk(ctx, l[k], r[k], n.child(node, k), fieldSegment(path, k), descend(ctx, cursor, k, path));
    }
    return;
  }

  if (Array.isArray(l) && Array.isArray(r)) {
    const kind = n.listKind(node);
    const itemNode = node?.item;
    if (kind === 'map') {
      const keys = node!.listKeys!;
      const rMatched = new Set<number>();
      l.forEach((item, i) => {
        const key = n.listItemKey(item, keys);
        const j = key.length ? n.findByKey(r, keys, key) : i < r.length ? i : -1;
        const seg = key.length ? keySegment(path, key) : indexSegment(path, i);
        if (j < 0) emitLeaves(ctx, 'removed', item, itemNode, seg, itemCursor(ctx, cursor, node, item, i));
        else {
          rMatched.add(j);
          walk(ctx, item, r[j], itemNode, seg, itemCursor(ctx, cursor, node, r[j], j));
        }
      });
      r.forEach((item, j) => {
        if (rMatched.has(j)) return;
        emitLeaves(ctx, 'added', item, itemNode, itemSegment(ctx, node, path, item, j), itemCursor(ctx, cursor, node, item, j));
      });
      return;
    }
    if (kind === 'set') {
      for (const item of l) {
        if (!n.setIncludes(r, item, itemNode)) {
          push(ctx, { path: setSegment(path, item), change: 'removed', live: item }, undefined);
        }
      }
      r.forEach((item, j) => {
        if (!n.setIncludes(l, item, itemNode)) {
          push(ctx, { path: setSegment(path, item), change: 'added', desired: item }, itemCursor(ctx, cursor, node, item, j));
        }
      });
      return;
    }
    const len = Math.max(l.length, r.length);
    for (let i = 0; i < len; i++) {
      walk(ctx, l[i], r[i], itemNode, indexSegment(path, i), itemCursor(ctx, cursor, node, r[i] ?? l[i], i));
    }
    return;
  }

  if (isPlainObject(l) || isPlainObject(r) || Array.isArray(l) || Array.isArray(r)) {
    push(ctx, { path, change: 'changed', desired: r, live: l }, cursor);
    return;
  }
  if (!n.scalarsEqual(r, l, node)) push(ctx, { path, change: 'changed', desired: r, live: l }, cursor);
}
