// WATCH: chunked stream of {"type","object"} JSON lines, bookmarks, timeouts, 410 for too-old resourceVersions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './errors';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import type { ObjectStore, StoreEvent, StoredObject } from './store';

export interface WatchRequest {
  bucket: string;
  namespace?: string;
  kind: string;
  apiVersion: string;
  query: Record<string, string>;
  /** Multiplies timeoutSeconds and the bookmark interval (tests use < 1 to run fast). */
  timeScale: number;
}

const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_INTERVAL_MS = 1000;

export function serveWatch(store: ObjectStore, w: WatchRequest, req: IncomingMessage, res: ServerResponse, onClose: (fn: () => void) => void): void {
  const labels = parseLabelSelector(w.query.labelSelector);
  const fields = parseFieldSelector(w.query.fieldSelector);
  const matches = (s: StoredObject) =>
    (!w.namespace || s.namespace === w.namespace) &&
    (!labels.length || matchesLabels(labels, s.obj.metadata?.labels)) &&
    (!fields.length || matchesFields(fields, s.obj));

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const send = (type: string, objectJson: string) => res.write(`{"type":"${type}","object":${objectJson}}\n`);
  const filtered = !!(w.namespace || labels.length || fields.length);
  /** Sends an event; with selectors, objects entering/leaving the selection become ADDED/DELETED like the real server. */
  const deliver = (ev: StoreEvent) => {
    if (ev.bucket !== w.bucket) return;
    if (!filtered) return void send(ev.type, ev.stored.json);
    const now = matches(ev.stored);
    if (ev.type !== 'MODIFIED') {
      if (now) send(ev.type, ev.stored.json);
      return;
    }
    const before = ev.prev ? matches(ev.prev) : false;
    if (now && before) send('MODIFIED', ev.stored.json);
    else if (now) send('ADDED', ev.stored.json);
    else if (before) send('DELETED', ev.stored.json);
  };

  const rvParam = w.query.resourceVersion;
  if (rvParam && rvParam !== '0') {
    const since = Number(rvParam);
    if (!Number.isFinite(since) || since < store.oldestWatchableRv) {
      const st = errors.expired(`too old resource version: ${rvParam} (${store.oldestWatchableRv})`).toStatus();
      send('ERROR', JSON.stringify(st));
      res.end();
      return;
    }
    for (const ev of store.eventsSince(since)) deliver(ev);
  } else {
    for (const s of store.list(w.bucket, w.namespace)) if (matches(s)) send('ADDED', s.json);
  }

  const unsubscribe = store.subscribe(deliver);
  const timers: NodeJS.Timeout[] = [];
  if (w.query.allowWatchBookmarks === 'true' || w.query.allowWatchBookmarks === '1') {
    const t = setInterval(() => {
      const bm = { kind: w.kind, apiVersion: w.apiVersion, metadata: { resourceVersion: String(store.resourceVersion), creationTimestamp: null } };
      send('BOOKMARK', JSON.stringify(bm));
    }, Math.max(10, BOOKMARK_INTERVAL_MS * w.timeScale));
    timers.push(t);
  }
  const timeoutS = w.query.timeoutSeconds ? Number(w.query.timeoutSeconds) : DEFAULT_TIMEOUT_S;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearInterval(t);
    clearTimeout(endTimer);
    if (!res.writableEnded) res.end();
  };
  const endTimer = setTimeout(close, Math.max(1, timeoutS * 1000 * w.timeScale));
  req.on('close', close);
  res.on('close', close);
  onClose(close);
}
