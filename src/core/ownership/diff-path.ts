// Parsing of the kubectl-style `DiffEntry.path` strings and their resolution to index paths inside an object.
//
// Accepted syntax (a superset of what the diff engine emits, see `src/core/diff/path.ts`, and of the API server's
// conflict paths):
//   field names separated by dots          spec.template.spec.containers
//   optional leading dot                   .spec.replicas (API server conflict messages)
//   list item by merge key(s), JSON values [name="app"]   [containerPort=80,protocol="TCP"]   [port=80,protocol="TCP"]
//   list item by position                  [0]
//   set item by value (JSON)               [="a"]
//   map key that contains dots or brackets ["deployment.kubernetes.io/revision"]  (JSON string in brackets)
// Unquoted dotted keys (`metadata.annotations.deployment.kubernetes.io/revision`) are accepted too: resolution against
// an object tries joining consecutive names with dots when the single name is not a key of the map.

import type { FieldPath } from '../types';
import { isPlainObject, jsonEqual } from './json-equal';

export type DiffPathSegment =
  /** `quoted`: written as `["..."]`, so it is exactly one key (never joined with its neighbours). */
  | { kind: 'field'; name: string; quoted?: boolean }
  | { kind: 'key'; key: Record<string, unknown> }
  | { kind: 'value'; value: unknown }
  | { kind: 'index'; index: number };

/** Parses a diff path. Returns undefined when the text is not valid path syntax. */
export function parseDiffPath(path: string): DiffPathSegment[] | undefined {
  const out: DiffPathSegment[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '[') {
      const end = findBracketEnd(path, i);
      if (end < 0) return undefined;
      const seg = parseBracket(path.slice(i + 1, end));
      if (!seg) return undefined;
      out.push(seg);
      i = end + 1;
      if (path[i] === '.') {
        i++;
        if (i >= path.length) return undefined;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    if (j === i) return undefined;
    out.push({ kind: 'field', name: path.slice(i, j) });
    i = j;
    if (path[i] === '.') {
      i++;
      if (i >= path.length) return undefined;
    }
  }
  return out;
}

/** Index of the `]` closing the bracket opened at `open`, skipping JSON strings. */
function findBracketEnd(s: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return i;
  }
  return -1;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseBracket(body: string): DiffPathSegment | undefined {
  const trimmed = body.trim();
  if (/^\d+$/.test(trimmed)) return { kind: 'index', index: Number(trimmed) };
  if (trimmed.startsWith('=')) {
    const v = parseJson(trimmed.slice(1));
    return v.ok ? { kind: 'value', value: v.value } : undefined;
  }
  if (trimmed.startsWith('"')) {
    const v = parseJson(trimmed);
    return v.ok && typeof v.value === 'string' ? { kind: 'field', name: v.value, quoted: true } : undefined;
  }
  // key list: name=json(,name=json)*
  const key: Record<string, unknown> = {};
  let i = 0;
  while (i < trimmed.length) {
    const eq = trimmed.indexOf('=', i);
    if (eq < 0) return undefined;
    const name = trimmed.slice(i, eq).trim();
    if (!name) return undefined;
    let j = eq + 1;
    while (trimmed[j] === ' ') j++;
    if (trimmed[j] === '"') {
      j++;
      while (j < trimmed.length && trimmed[j] !== '"') j += trimmed[j] === '\\' ? 2 : 1;
      j++;
    } else {
      while (j < trimmed.length && trimmed[j] !== ',') j++;
    }
    const v = parseJson(trimmed.slice(eq + 1, j).trim());
    if (!v.ok) return undefined;
    key[name] = v.value;
    while (trimmed[j] === ' ') j++;
    if (j < trimmed.length && trimmed[j] !== ',') return undefined;
    i = j + 1;
  }
  return Object.keys(key).length > 0 ? { kind: 'key', key } : undefined;
}

/**
 * Formats segments in the canonical syntax of `src/core/diff/path.ts`: plain names for `[A-Za-z0-9_-]+`, any other key
 * as `["..."]`. With `quoteOddKeys: false`, names are written as they are, like the API server's conflict messages.
 */
export function formatDiffPath(segments: readonly DiffPathSegment[], opts: { quoteOddKeys?: boolean } = {}): string {
  const quote = opts.quoteOddKeys ?? true;
  let out = '';
  for (const s of segments) {
    switch (s.kind) {
      case 'field':
        if (!quote || /^[A-Za-z0-9_-]+$/.test(s.name)) out += out === '' ? s.name : `.${s.name}`;
        else out += `[${JSON.stringify(s.name)}]`;
        break;
      case 'key':
        out += `[${Object.entries(s.key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
        break;
      case 'value':
        out += `[=${JSON.stringify(s.value)}]`;
        break;
      case 'index':
        out += `[${s.index}]`;
        break;
    }
  }
  return out;
}

/**
 * Finds the index of the list item a segment addresses; key and value segments must match exactly one item. When no
 * item has all the key fields, an item that matches every key field it has (at least one) is accepted if unique: a
 * manifest may omit a defaulted key field (`ports[containerPort=80,protocol="TCP"]` for a port without `protocol`).
 */
function findItem(list: unknown[], seg: DiffPathSegment): number | undefined {
  if (seg.kind === 'index') return seg.index < list.length ? seg.index : undefined;
  if (seg.kind === 'value') return unique(list.flatMap((item, i) => (jsonEqual(item, seg.value) ? [i] : [])));
  if (seg.kind !== 'key') return undefined;
  const entries = Object.entries(seg.key);
  const strict = list.flatMap((item, i) =>
    isPlainObject(item) && entries.every(([k, v]) => jsonEqual(item[k], v)) ? [i] : [],
  );
  if (strict.length > 0) return unique(strict);
  const lenient = list.flatMap((item, i) =>
    isPlainObject(item) &&
    entries.some(([k]) => k in item) &&
    entries.every(([k, v]) => !(k in item) || jsonEqual(item[k], v))
      ? [i]
      : [],
  );
  return unique(lenient);
}

function unique(matches: number[]): number | undefined {
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Resolves parsed segments inside `obj` to a FieldPath with list indices as in `obj`. Returns undefined when some
 * step does not exist in `obj` (with `loose`, missing map fields at the end are still appended by name, see
 * `resolvePathLoose`).
 */
export function resolveSegments(obj: unknown, segments: readonly DiffPathSegment[]): FieldPath | undefined {
  return resolveFrom(obj, segments, 0, false);
}

/**
 * Like `resolveSegments`, but once the object runs out of fields the remaining field names are appended as written
 * (dotted names kept separate). Used to match JSON pointers against fields that exist on one side only. List steps
 * still need the object.
 */
export function resolvePathLoose(obj: unknown, segments: readonly DiffPathSegment[]): FieldPath | undefined {
  return resolveFrom(obj, segments, 0, true);
}

function resolveFrom(
  value: unknown,
  segments: readonly DiffPathSegment[],
  i: number,
  loose: boolean,
): (string | number)[] | undefined {
  if (i >= segments.length) return [];
  const seg = segments[i] as DiffPathSegment;
  if (seg.kind === 'field') {
    if (!isPlainObject(value)) {
      if (loose && value === undefined) return appendNames(segments, i);
      return undefined;
    }
    // Try the name alone, then joined with following unquoted names (dotted map keys).
    let name = seg.name;
    let j = i;
    for (;;) {
      if (Object.prototype.hasOwnProperty.call(value, name)) {
        const rest = resolveFrom(value[name], segments, j + 1, loose);
        if (rest) return [name, ...rest];
      }
      const next = segments[j + 1];
      if (seg.quoted || !next || next.kind !== 'field' || next.quoted) break;
      name = `${name}.${next.name}`;
      j++;
    }
    if (loose && !Object.prototype.hasOwnProperty.call(value, seg.name)) return appendNames(segments, i);
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const index = findItem(value, seg);
  if (index === undefined) return undefined;
  const rest = resolveFrom(value[index], segments, i + 1, loose);
  return rest ? [index, ...rest] : undefined;
}

function appendNames(segments: readonly DiffPathSegment[], from: number): (string | number)[] | undefined {
  const out: string[] = [];
  for (let k = from; k < segments.length; k++) {
    const s = segments[k] as DiffPathSegment;
    if (s.kind !== 'field') return undefined;
    out.push(s.name);
  }
  return out;
}

/** Parses and resolves a diff path inside `obj`; undefined if unparsable or absent. */
export function resolvePath(obj: unknown, diffPath: string): FieldPath | undefined {
  const segments = parseDiffPath(diffPath);
  return segments ? resolveSegments(obj, segments) : undefined;
}
