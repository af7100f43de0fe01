// Schema-aware walks over plain JSON objects, following structured-merge-diff (sigs.k8s.io/structured-merge-diff/v4):
// field sets of applied configurations, merge, compare and removal of field paths.
import { FieldSet, fieldPE, keyPE, valuePE, indexPE } from './fieldset';
import { SchemaNode, fieldOf, untypedNode } from './schema';

export type Json = any;

export function isObj(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Path element of a list item (keyed by list-map keys, by value for sets, by index for atomic lists). */
export function itemPE(list: SchemaNode, item: Json, index: number): string {
  if (list.listType === 'map' && list.keys && list.keys.length && isObj(item)) {
    const k: Record<string, unknown> = {};
    for (const name of list.keys) {
      if (item[name] !== undefined && item[name] !== null) k[name] = item[name];
      else if (list.keyDefaults && list.keyDefaults[name] !== undefined) k[name] = list.keyDefaults[name];
    }
    return keyPE(k);
  }
  if (list.listType === 'set') return valuePE(item);
  return indexPE(index);
}

// ---------- validation + field set of an applied configuration ----------

export interface TypedErrors {
  errors: string[];
}

function goValue(v: Json): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  if (isObj(v)) return `map[string]interface {}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goValue(v[k])}`).join(', ')}}`;
  return String(v);
}

function checkScalar(node: SchemaNode, v: Json, path: string, errs: string[]): void {
  if (v === null || node.quantity || node.intOrString || node.kind === 'untyped') return;
  const got = `&value.valueUnstructured{Value:${goValue(v)}}`;
  switch (node.scalarType) {
    case 'string':
      if (typeof v !== 'string') errs.push(`${path}: expected string, got ${got}`);
      break;
    case 'integer':
    case 'number':
      if (typeof v !== 'number') errs.push(`${path}: expected numeric (int or float), got ${got}`);
      break;
    case 'boolean':
      if (typeof v !== 'boolean') errs.push(`${path}: expected boolean, got ${got}`);
      break;
  }
}

/**
 * structured-merge-diff `ToFieldSet` of an applied configuration, collecting schema errors on the way
 * (`.spec.x: field not declared in schema`, `.data.a: expected string, got ...`).
 */
export function appliedFieldSet(obj: Json, node: SchemaNode, errs: string[]): FieldSet {
  const set = new FieldSet();
  walkSet(obj, node, [], '', set, errs);
  return set;
}

function walkSet(v: Json, node: SchemaNode, path: string[], human: string, set: FieldSet, errs: string[]): void {
  if (v === null || v === undefined) {
    if (path.length) set.insert(path);
    return;
  }
  switch (node.kind) {
    case 'scalar':
      if (typeof v === 'object') {
        errs.push(`${human}: expected ${node.scalarType === 'string' ? 'string' : node.scalarType}, got ${goValue(v)}`);
        return;
      }
      checkScalar(node, v, human, errs);
      set.insert(path);
      return;
    case 'list': {
      if (!Array.isArray(v)) {
        errs.push(`${human}: expected list, got ${goValue(v)}`);
        return;
      }
      if (node.listType === 'atomic') {
        set.insert(path);
        return;
      }
      v.forEach((item, i) => {
        const pe = itemPE(node, item, i);
        const p = [...path, pe];
        set.insert(p);
        if (isObj(item)) walkChildren(item, node.elem!, p, `${human}[${i}]`, set, errs, false);
        else checkScalar(node.elem!, item, `${human}[${i}]`, errs);
      });
      return;
    }
    case 'struct':
    case 'map':
    case 'untyped': {
      if (!isObj(v)) {
        if (node.kind === 'untyped') {
          set.insert(path);
          return;
        }
        errs.push(`${human}: expected map, got ${goValue(v)}`);
        return;
      }
      if (node.atomic) {
        set.insert(path);
        return;
      }
      walkChildren(v, node, path, human, set, errs, true);
      return;
    }
  }
}

function walkChildren(v: Record<string, Json>, node: SchemaNode, path: string[], human: string, set: FieldSet, errs: string[], top: boolean): void {
  void top;
  let unknownReported = false;
  for (const k of Object.keys(v)) {
    const child = fieldOf(node, k);
    const h = `${human}.${k}`;
    if (!child) {
      if (!unknownReported) errs.push(`${h}: field not declared in schema`);
      unknownReported = true;
      continue;
    }
    const val = v[k];
    const p = [...path, fieldPE(k)];
    if (val === null || (isObj(val) && (Object.keys(val).length === 0 || child.kind === 'untyped'))) {
      set.insert(p);
      if (val === null) continue;
    }
    walkSet(val, child, p, h, set, errs);
  }
}

// ---------- merge (apply) ----------

/** structured-merge-diff merge of an applied configuration into the live object. */
export function merge(lhs: Json, rhs: Json, node: SchemaNode): Json {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  if (node.kind === 'scalar') return rhs;
  if (node.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : null;
    const r = Array.isArray(rhs) ? rhs : null;
    if (node.listType === 'atomic' || ((!l || !l.length) && (!r || !r.length))) return rhs;
    if (!r) return lhs;
    if (!l) return rhs;
    return mergeList(l, r, node);
  }
  const l = isObj(lhs) ? lhs : null;
  const r = isObj(rhs) ? rhs : null;
  const lEmpty = !l || Object.keys(l).length === 0;
  const rEmpty = !r || Object.keys(r).length === 0;
  if (node.atomic || (lEmpty && rEmpty)) return rhs;
  if (!r) return lhs;
  if (!l) return rhs;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(l)) out[k] = k in r ? merge(l[k], r[k], fieldOf(node, k) ?? untypedNode) : l[k];
  for (const k of Object.keys(r)) if (!(k in l)) out[k] = r[k];
  return out;
}

function mergeList(lhs: Json[], rhs: Json[], node: SchemaNode): Json[] {
  const elem = node.elem!;
  const lPE = lhs.map((x, i) => itemPE(node, x, i));
  const rPE = rhs.map((x, i) => itemPE(node, x, i));
  const lMap = new Map<string, Json>();
  lPE.forEach((pe, i) => lMap.has(pe) || lMap.set(pe, lhs[i]));
  const rMap = new Map<string, Json>();
  rPE.forEach((pe, i) => rMap.has(pe) || rMap.set(pe, rhs[i]));
  const shared = rPE.filter((pe) => lMap.has(pe));
  let sharedIdx = 0;
  let nextShared: string | undefined = shared[sharedIdx++];
  const merged = new Set<string>();
  const out: Json[] = [];
  const item = (pe: string) => {
    const l = lMap.get(pe);
    const r = rMap.get(pe);
    return l === undefined ? r : r === undefined ? l : merge(l, r, elem);
  };
  let lI = 0;
  let rI = 0;
  while (lI < lPE.length || rI < rPE.length) {
    if (lI < lPE.length && rI < rPE.length) {
      const pe = lPE[lI];
      if (pe === rPE[rI]) {
        merged.add(pe);
        out.push(item(pe));
        lI++;
        rI++;
        nextShared = shared[sharedIdx++];
        continue;
      }
      if (rMap.has(pe) && nextShared !== undefined && nextShared !== pe) {
        lI++;
        continue;
      }
    }
    if (lI < lPE.length) {
      const pe = lPE[lI];
      if (!rMap.has(pe)) {
        out.push(lhs[lI]);
        lI++;
        continue;
      } else if (merged.has(pe)) {
        lI++;
        continue;
      }
    }
    if (rI < rPE.length) {
      const pe = rPE[rI];
      merged.add(pe);
      out.push(item(pe));
      rI++;
      if (nextShared !== undefined && nextShared === pe) nextShared = shared[sharedIdx++];
    }
  }
  return out;
}

// ---------- compare ----------

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** structured-merge-diff `Compare`: paths added, modified (leaves) and removed between two objects. */
export function compare(lhs: Json, rhs: Json, node: SchemaNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  cmpWalk(lhs, rhs, node, [], c);
  return c;
}

function cmpLeaf(lhs: Json, rhs: Json, path: string[], c: Comparison): void {
  if (!path.length) return;
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
}

function cmpWalk(lhs: Json, rhs: Json, node: SchemaNode, path: string[], c: Comparison): void {
  if (node.kind === 'scalar') return cmpLeaf(lhs, rhs, path, c);
  if (node.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : null;
    const r = Array.isArray(rhs) ? rhs : null;
    if (node.listType === 'atomic' || ((!l || !l.length) && (!r || !r.length))) return cmpLeaf(lhs, rhs, path, c);
    const lm = new Map<string, Json>();
    (l ?? []).forEach((x, i) => lm.set(itemPE(node, x, i), x));
    const rm = new Map<string, Json>();
    (r ?? []).forEach((x, i) => rm.set(itemPE(node, x, i), x));
    for (const [pe, x] of lm) cmpItem(x, rm.get(pe), node.elem!, [...path, pe], c);
    for (const [pe, x] of rm) if (!lm.has(pe)) cmpItem(undefined, x, node.elem!, [...path, pe], c);
    return;
  }
  const l = isObj(lhs) ? lhs : null;
  const r = isObj(rhs) ? rhs : null;
  const lEmpty = !l || Object.keys(l).length === 0;
  const rEmpty = !r || Object.keys(r).length === 0;
  if (node.atomic || (lEmpty && rEmpty) || (node.kind === 'untyped' && (!l || !r) && !(l || r))) return cmpLeaf(lhs, rhs, path, c);
  if (node.kind === 'untyped' && ((l === null && lhs !== undefined) || (r === null && rhs !== undefined))) return cmpLeaf(lhs, rhs, path, c);
  for (const k of Object.keys(l ?? {})) cmpItem(l![k], r ? r[k] : undefined, fieldOf(node, k) ?? untypedNode, [...path, fieldPE(k)], c);
  for (const k of Object.keys(r ?? {})) if (!l || !(k in l)) cmpItem(undefined, r![k], fieldOf(node, k) ?? untypedNode, [...path, fieldPE(k)], c);
}

function cmpItem(lhs: Json, rhs: Json, node: SchemaNode, path: string[], c: Comparison): void {
  cmpWalk(lhs, rhs, node, path, c);
  if (lhs === undefined && rhs !== undefined) c.added.insert(path);
  else if (rhs === undefined && lhs !== undefined) c.removed.insert(path);
}

// ---------- removal (apply prune) ----------

/**
 * Removes from `obj` the paths of `remove` unless `keep` holds the path or something below it
 * (then only the removable children are removed). Returns a new object (unchanged subtrees are shared).
 */
export function removePaths(obj: Json, remove: FieldSet, keep: FieldSet, node: SchemaNode, protect?: readonly string[]): Json {
  if (remove.isEmpty()) return obj;
  if (node.kind === 'list' && Array.isArray(obj)) {
    const out: Json[] = [];
    obj.forEach((item, i) => {
      const pe = itemPE(node, item, i);
      if (remove.members.has(pe) && !keepHas(keep, pe)) return;
      const sub = remove.children.get(pe);
      // the key fields of a list item that stays are never removed
      out.push(sub ? removePaths(item, sub, keep.children.get(pe) ?? new FieldSet(), node.elem!, node.listType === 'map' ? node.keys : undefined) : item);
    });
    return out;
  }
  if (!isObj(obj)) return obj;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(obj)) {
    const pe = fieldPE(k);
    if (remove.members.has(pe) && !keepHas(keep, pe) && !protect?.includes(k)) continue;
    const sub = remove.children.get(pe);
    out[k] = sub ? removePaths(obj[k], sub, keep.children.get(pe) ?? new FieldSet(), fieldOf(node, k) ?? untypedNode) : obj[k];
  }
  return out;
}

function keepHas(keep: FieldSet, pe: string): boolean {
  if (keep.members.has(pe)) return true;
  const c = keep.children.get(pe);
  return !!c && !c.isEmpty();
}

// ---------- equality ----------

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!(k in b) || !deepEqual(a[k], b[k])) return false;
  return true;
}

/** Sub-set of `set` restricted to a top-level field (`f:status`) — or everything but it. */
export function topLevel(set: FieldSet, fields: string[], keepThem: boolean): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) if (fields.includes(m.slice(2)) === keepThem) out.members.add(m);
  for (const [k, c] of set.children) if (fields.includes(k.slice(2)) === keepThem) out.children.set(k, c.clone());
  return out;
}
