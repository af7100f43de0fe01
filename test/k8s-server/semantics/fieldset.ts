// Field sets of structured-merge-diff: the trie behind managedFields' fieldsV1.
// A path element is kept in its serialised fieldsV1 form: `f:name`, `k:{"name":"app"}`, `v:"a"`, `i:0`.

export class FieldSet {
  /** Elements that are themselves in the set. */
  readonly members = new Set<string>();
  /** Sub-sets below an element. */
  readonly children = new Map<string, FieldSet>();

  isEmpty(): boolean {
    if (this.members.size) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  child(pe: string): FieldSet {
    let c = this.children.get(pe);
    if (!c) this.children.set(pe, (c = new FieldSet()));
    return c;
  }

  insert(path: readonly string[]): void {
    if (!path.length) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.child(path[i]);
    s.members.add(path[path.length - 1]);
  }

  has(path: readonly string[]): boolean {
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      s = s.children.get(path[i]);
      if (!s) return false;
    }
    return s.members.has(path[path.length - 1]);
  }

  /** True when the path or anything below it is in the set. */
  hasPrefix(path: readonly string[]): boolean {
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      s = s.children.get(path[i]);
      if (!s) return false;
    }
    const last = path[path.length - 1];
    if (s.members.has(last)) return true;
    const c = s.children.get(last);
    return !!c && !c.isEmpty();
  }

  union(o: FieldSet): FieldSet {
    const out = this.clone();
    out.addAll(o);
    return out;
  }

  addAll(o: FieldSet): void {
    for (const m of o.members) this.members.add(m);
    for (const [k, c] of o.children) this.child(k).addAll(c);
  }

  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      const d = oc ? c.difference(oc) : c.clone();
      if (!d.isEmpty()) out.children.set(k, d);
    }
    return out;
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      if (o.members.has(k)) continue;
      const oc = o.children.get(k);
      const d = oc ? c.recursiveDifference(oc) : c.clone();
      if (!d.isEmpty()) out.children.set(k, d);
    }
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (o.members.has(m)) out.members.add(m);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.isEmpty()) out.children.set(k, i);
    }
    return out;
  }

  equals(o: FieldSet): boolean {
    return this.difference(o).isEmpty() && o.difference(this).isEmpty();
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [k, c] of this.children) out.children.set(k, c.clone());
    return out;
  }

  /** Every member path, sorted like structured-merge-diff iterates. */
  paths(prefix: string[] = [], out: string[][] = []): string[][] {
    const keys = new Set<string>([...this.members, ...this.children.keys()]);
    for (const k of [...keys].sort(comparePathElements)) {
      const p = [...prefix, k];
      if (this.members.has(k)) out.push(p);
      const c = this.children.get(k);
      if (c) c.paths(p, out);
    }
    return out;
  }
}

export function fromFieldsV1(f: unknown): FieldSet {
  const s = new FieldSet();
  if (!f || typeof f !== 'object') return s;
  for (const [k, v] of Object.entries(f as Record<string, unknown>)) {
    if (k === '.') continue;
    const sub = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    const keys = Object.keys(sub);
    if (keys.length === 0 || '.' in sub) s.members.add(k);
    if (keys.some((x) => x !== '.')) s.children.set(k, fromFieldsV1(sub));
  }
  return s;
}

export function toFieldsV1(s: FieldSet): Record<string, unknown> {
  const subs = new Map<string, Record<string, unknown>>();
  for (const [k, c] of s.children) {
    const sub = toFieldsV1(c);
    for (const _ in sub) {
      subs.set(k, sub);
      break;
    }
  }
  const keys = s.members.size ? [...new Set<string>([...s.members, ...subs.keys()])] : [...subs.keys()];
  if (keys.length > 1) keys.sort(comparePathElements);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const sub = subs.get(k);
    if (sub) out[k] = s.members.has(k) ? { '.': {}, ...sub } : sub;
    else out[k] = {};
  }
  return out;
}

// ---------- path elements ----------

export function fieldPE(name: string): string {
  return 'f:' + name;
}

/** `k:{...}` with the key fields sorted by name (structured-merge-diff's FieldList order). */
export function keyPE(fields: Record<string, unknown>): string {
  const names = Object.keys(fields).sort();
  return 'k:{' + names.map((n) => JSON.stringify(n) + ':' + JSON.stringify(fields[n])).join(',') + '}';
}

export function valuePE(v: unknown): string {
  return 'v:' + JSON.stringify(v);
}

export function indexPE(i: number): string {
  return 'i:' + i;
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };
const parsedCache = new Map<string, unknown>();
function parsed(pe: string): unknown {
  let v = parsedCache.get(pe);
  if (v === undefined) {
    v = JSON.parse(pe.slice(2));
    if (parsedCache.size > 100_000) parsedCache.clear();
    parsedCache.set(pe, v);
  }
  return v;
}

export function comparePathElements(a: string, b: string): number {
  if (a === b) return 0;
  const ra = RANK[a[0]];
  const rb = RANK[b[0]];
  if (ra !== rb) return ra - rb;
  if (a[0] === 'f') return cmpStr(a.slice(2), b.slice(2));
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  if (a[0] === 'v') return compareValues(parsed(a), parsed(b));
  const ka = parsed(a) as Record<string, unknown>;
  const kb = parsed(b) as Record<string, unknown>;
  const na = Object.keys(ka);
  const nb = Object.keys(kb);
  for (let i = 0; ; i++) {
    if (i >= na.length && i >= nb.length) return 0;
    if (i >= na.length) return -1;
    if (i >= nb.length) return 1;
    const c = cmpStr(na[i], nb[i]) || compareValues(ka[na[i]], kb[nb[i]]);
    if (c) return c;
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function typeRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v && typeof v === 'object') return 4;
  return 5;
}

/** structured-merge-diff value.Compare: numbers < strings < bools < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  switch (ta) {
    case 0:
      return (a as number) - (b as number);
    case 1:
      return cmpStr(a as string, b as string);
    case 2:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        const c = compareValues(la[i], lb[i]);
        if (c) return c;
      }
      return la.length - lb.length;
    }
    case 4:
      return cmpStr(JSON.stringify(a), JSON.stringify(b));
    default:
      return 0;
  }
}

/** Human form used in conflict messages: `.spec.template.spec.containers[name="app"].image`. */
export function pathString(path: readonly string[]): string {
  let out = '';
  for (const pe of path) {
    const t = pe[0];
    if (t === 'f') out += '.' + pe.slice(2);
    else if (t === 'i') out += '[' + pe.slice(2) + ']';
    else if (t === 'v') out += '[=' + valueString(parsed(pe)) + ']';
    else {
      const k = parsed(pe) as Record<string, unknown>;
      out += '[' + Object.keys(k).map((n) => `${n}=${valueString(k[n])}`).join(',') + ']';
    }
  }
  return out;
}

function valueString(v: unknown): string {
  return JSON.stringify(v);
}
