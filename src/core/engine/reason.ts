// One-line reasons for verdicts, e.g. "replicas 3 → 5 by kubectl-scale, 2h ago".
import type { DiffEntry } from '../types';

export function formatReason(diff: readonly DiffEntry[], now = Date.now()): string {
  if (diff.length === 0) return 'live matches the manifest';
  const first = describeEntry(diff[0], now);
  return diff.length === 1 ? first : `${first}; ${diff.length - 1} more field${diff.length > 2 ? 's' : ''}`;
}

export function describeEntry(e: DiffEntry, now = Date.now()): string {
  const name = shortPath(e.path);
  const who = e.owner ? ` by ${e.owner.manager}${e.owner.time ? `, ${timeAgo(e.owner.time, now)}` : ''}` : '';
  if (e.masked) return `${name} changed (value hidden)${who}`;
  switch (e.change) {
    case 'changed':
      return `${name} ${formatValue(e.desired)} → ${formatValue(e.live)}${who}`;
    case 'added':
      return `${name} ${formatValue(e.desired)} not in cluster`;
    case 'removed':
      return `${name} ${formatValue(e.live)} only in cluster${who}`;
  }
}

/** The last path segment, with its list item when it is a field of one: enough to recognise the field. */
export function shortPath(path: string): string {
  const parts = splitPath(path);
  const last = parts[parts.length - 1] ?? path;
  const prev = parts[parts.length - 2];
  if (prev && (prev.endsWith(']') || /^\d+$/.test(last))) return `${prev}.${last}`;
  return last;
}

/** Splits at dots outside brackets and quotes. */
function splitPath(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0) {
      out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  out.push(path.slice(start));
  return out;
}

export function formatValue(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export function timeAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
