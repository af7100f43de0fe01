// Normalisation of recorded vs. served bodies for the replay test: values a test server cannot (and need not)
// reproduce — uids, timestamps, resourceVersions, continue tokens, allocated IPs/ports, random name suffixes.

import { createHash } from 'node:crypto';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const RV_IN_TEXT = /(resourceVersion\\*"?:\\*")\d+/g;
const TOO_OLD = /too old resource version: \d+ \(\d+\)/;

function normString(s: string): string {
  let out = s.replace(/hash=[0-9A-F]{64,}/g, 'hash=<hash>').replace(UUID, '<uid>').replace(TIME, '<time>').replace(RV_IN_TEXT, '$1<rv>');
  if (TOO_OLD.test(out)) out = out.replace(/\(\d+\)/, '(<oldest>)');
  out = out.replace(/^kube-api-access-[a-z0-9]{5}$/, 'kube-api-access-<rand>');
  // pod-template / controller-revision hashes computed by Go (FNV of the Go struct encoding)
  out = out.replace(/(ReplicaSet \\?")([a-z0-9.-]+)-[a-z0-9]{6,10}(\\?")/g, '$1$2-<hash>$3');
  return out;
}

const IP_KEYS = new Set(['clusterIP', 'clusterIPs']);

/** Secret values never appear in test output: they are replaced by a short digest (comparisons still work). */
function digest(v: unknown): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
}

function redactSecret(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...o };
  for (const k of ['data', 'stringData']) {
    const m = out[k];
    if (m && typeof m === 'object') out[k] = Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([key, val]) => [key, digest(val)]));
  }
  const md = out.metadata as any;
  const lac = md?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (lac) out.metadata = { ...md, annotations: { ...md.annotations, 'kubectl.kubernetes.io/last-applied-configuration': digest(lac) } };
  return out;
}

export function normalizeBody(v: unknown, key?: string): unknown {
  if (typeof v === 'string') {
    if (key === 'resourceVersion') return '<rv>';
    if (key === 'continue') return '<continue>';
    if (IP_KEYS.has(key ?? '') && v !== 'None') return '<ip>';
    if (key === 'token' && v.length > 8) return '<token>';
    if ((key === 'currentRevision' || key === 'updateRevision') && /-[a-z0-9]{6,10}$/.test(v)) return v.replace(/-[a-z0-9]{6,10}$/, '-<hash>');
    return normString(v);
  }
  if (typeof v === 'number') {
    if (key === 'nodePort') return '<nodeport>';
    return v;
  }
  if (Array.isArray(v)) {
    if (key === 'clusterIPs') return v.map((x) => (x === 'None' ? x : '<ip>'));
    return v.map((x) => normalizeBody(x));
  }
  if (v && typeof v === 'object') {
    let o = v as Record<string, unknown>;
    if (o.kind === 'Secret') o = redactSecret(o);
    if (o.kind === 'SecretList' && Array.isArray(o.items)) o = { ...o, items: o.items.map((i) => redactSecret(i)) };
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) out[normString(k)] = normalizeBody(val, k);
    return out;
  }
  return v;
}

/** A watch stream: events in order, BOOKMARK runs collapsed to one (their count depends on timing). */
export function normalizeStreamLines(text: string): unknown[] {
  const events: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let ev: any;
    try {
      ev = JSON.parse(line);
    } catch {
      events.push({ unparsable: line.slice(0, 80) });
      continue;
    }
    if (ev.type === 'BOOKMARK' && (events.at(-1) as any)?.type === 'BOOKMARK') continue;
    events.push(normalizeBody(ev));
  }
  return events;
}

/** Paths where two JSON values differ ("a.b[2].c: want X got Y"), order of object keys ignored. */
export function diffPaths(want: unknown, got: unknown, path = '', out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  if (want === got) return out;
  const show = (x: unknown) => {
    const s = JSON.stringify(x);
    return s === undefined ? 'undefined' : s.length > 120 ? s.slice(0, 117) + '...' : s;
  };
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) out.push(`${path || '.'}: length want ${want.length} got ${got.length}`);
    for (let i = 0; i < Math.min(want.length, got.length); i++) diffPaths(want[i], got[i], `${path}[${i}]`, out, max);
    return out;
  }
  if (want && got && typeof want === 'object' && typeof got === 'object' && !Array.isArray(want) && !Array.isArray(got)) {
    const w = want as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of new Set([...Object.keys(w), ...Object.keys(g)])) {
      if (!(k in g)) out.push(`${path}.${k}: missing (want ${show(w[k])})`);
      else if (!(k in w)) out.push(`${path}.${k}: unexpected ${show(g[k])}`);
      else diffPaths(w[k], g[k], `${path}.${k}`, out, max);
      if (out.length >= max) break;
    }
    return out;
  }
  out.push(`${path || '.'}: want ${show(want)} got ${show(got)}`);
  return out;
}
