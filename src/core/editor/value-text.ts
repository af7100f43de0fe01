// How values are shown next to a field (one short line) and in a hover (YAML). Masked Secret values never reach
// this point as values: entries with `masked` are shown as dots.
import { stringify } from 'yaml';
import type { DiffEntry } from '../types';

export const SECRET_DOTS = '•••';
const PLAIN_STRING = /^[^\s'"#&*!|>%@`{}[\],][^#]*$/;
/** Strings that would read as numbers, booleans or null (YAML 1.1): shown quoted. */
const NOT_A_STRING = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/i;

/** One line: strings as written unless they need quotes or would read as another type, collections as compact JSON; cut at `max` characters. */
export function inlineValue(v: unknown, max = 60): string {
  let s: string;
  if (typeof v === 'string') s = PLAIN_STRING.test(v) && !NOT_A_STRING.test(v) && !v.includes('\n') && v.trim() === v ? v : JSON.stringify(v);
  else if (v === undefined) s = '(none)';
  else s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** YAML text of a value for a hover (no trailing newline). */
export function yamlValue(v: unknown): string {
  if (v === undefined) return '(not set)';
  return stringify(v, { lineWidth: 0 }).replace(/\n$/, '');
}

/** The last field name or list item of a kubectl-style path: `metadata.labels["a.b/c"]` → `["a.b/c"]`. */
export function lastSegment(path: string): string {
  const m = /(\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\]|[^.[\]]+)$/.exec(path);
  return m ? m[1] : path;
}

/** `anchored`: the entry's field is not in the manifest and the text goes on its parent. */
export function afterTextFor(entry: DiffEntry, max?: number, anchored = false): string {
  if (entry.change === 'added' && anchored) {
    return `not in the cluster: ${lastSegment(entry.path)}: ${entry.masked ? SECRET_DOTS : inlineValue(entry.desired, max)}`;
  }
  if (entry.masked) {
    if (entry.change === 'changed') return `live: ${SECRET_DOTS} (changed)`;
    if (entry.change === 'added') return 'live: (not set)';
    return `live only: ${lastSegment(entry.path)}: ${SECRET_DOTS}`;
  }
  if (entry.change === 'changed') return `live: ${inlineValue(entry.live, max)}`;
  if (entry.change === 'added') return 'live: (not set)';
  return `live only: ${lastSegment(entry.path)}: ${inlineValue(entry.live, max)}`;
}

export function summaryFor(entry: DiffEntry): string {
  const shown = (v: unknown) => (entry.masked ? SECRET_DOTS : inlineValue(v));
  if (entry.change === 'changed') return `${entry.path}: ${shown(entry.desired)} in the manifest, ${shown(entry.live)} in the cluster`;
  if (entry.change === 'added') return `${entry.path}: ${shown(entry.desired)} in the manifest, not set in the cluster`;
  return `${entry.path}: ${shown(entry.live)} only in the cluster (an apply would remove it)`;
}
