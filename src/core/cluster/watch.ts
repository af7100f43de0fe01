// Keeping live objects of one resource type current, like client-go's reflector: LIST, then WATCH from the
// LIST's resourceVersion (with bookmarks), reconnect from the last resourceVersion seen when the stream ends or
// breaks, LIST again when the server answers 410 Gone (history compacted), back off boundedly on errors.
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log';
import type { KubeObject, ResourceInfo } from '../types';
import { resourcePath, type ClusterClient } from './client';
import { KubeApiError } from './http';
import { asApiError } from './live-cache';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ResourceWatchOptions {
  client: ClusterClient;
  info: ResourceInfo;
  /** One namespace, or all (and cluster-scoped kinds) when undefined. */
  namespace?: string;
  /** A change to one object. */
  onEvent(type: WatchEventType, obj: KubeObject): void;
  /** The complete current list (at start and after 410 Gone): the caller replaces what it knew of this type. */
  onRelist(items: KubeObject[]): void;
  log?: Logger;
  /** Reconnect delays after errors: doubling from `initialMs` up to `maxMs` (defaults 200 ms, 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Server-side timeout of one watch request (default 300 s, with jitter), after which it reconnects. */
  timeoutSeconds?: number;
}

export interface ResourceWatch {
  /** Resolves once the first LIST is done and the stream is open (or failed once). */
  readonly ready: Promise<void>;
  /** The last resourceVersion seen. */
  readonly resourceVersion: string;
  /**
   * True while a stream is open (or reconnecting after a normal end, which resumes without a gap); false before the
   * first stream and after any failure until a stream is open again: then changes may be missed.
   */
  readonly healthy: boolean;
  /** Streams opened so far, and LISTs made (for tests and logs). */
  readonly stats: { streams: number; lists: number; events: number };
  stop(): void;
}

export function watchResource(opts: ResourceWatchOptions): ResourceWatch {
  const abort = new AbortController();
  const backoff = opts.backoff ?? { initialMs: 200, maxMs: 30_000 };
  const stats = { streams: 0, lists: 0, events: 0 };
  let resourceVersion = '';
  let healthy = false;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const what = `${opts.info.resource}${opts.info.group ? `.${opts.info.group}` : ''}${opts.namespace ? ` in ${opts.namespace}` : ''}`;

  const relist = async () => {
    stats.lists++;
    const res = await opts.client.list(opts.info, { namespace: opts.namespace, signal: abort.signal });
    resourceVersion = res.resourceVersion;
    opts.onRelist(res.items);
  };

  /** One watch request, read to its end. Throws 410 as a KubeApiError. */
  const streamOnce = async (): Promise<void> => {
    const timeout = opts.timeoutSeconds ?? Math.round(300 * (1 + Math.random() * 0.2));
    const res = await opts.client.http.stream({
      method: 'GET',
      path: resourcePath(opts.info, opts.namespace),
      query: { watch: 1, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: timeout },
      signal: abort.signal,
    });
    stats.streams++;
    healthy = true;
    markReady();
    await readLines(res, (line) => {
      const ev = JSON.parse(line) as { type: string; object: KubeObject & { code?: number; message?: string; reason?: string } };
      if (ev.type === 'ERROR') {
        const st = ev.object;
        throw new KubeApiError(st.message ?? 'watch error', st.code ?? 500, st.reason ?? 'WatchError');
      }
      const rv = ev.object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (ev.type === 'BOOKMARK') return;
      stats.events++;
      const apiVersion = opts.info.group ? `${opts.info.group}/${opts.info.version}` : opts.info.version;
      opts.onEvent(ev.type as WatchEventType, { ...ev.object, apiVersion, kind: opts.info.kind });
    });
  };

  const run = async () => {
    let delay = backoff.initialMs;
    let needList = true;
    while (!abort.signal.aborted) {
      try {
        if (needList) await relist();
        needList = false;
        await streamOnce();
        delay = backoff.initialMs; // the stream ended normally (timeout, server closed): reconnect at once
      } catch (err) {
        if (abort.signal.aborted) break;
        healthy = false;
        const e = asApiError(err);
        if (e.status === 410) {
          opts.log?.info(`watch ${what}: resourceVersion ${resourceVersion} is too old (410 Gone), listing again`);
          needList = true;
          continue;
        }
        markReady();
        opts.log?.warn(`watch ${what} failed (${e.status ? `HTTP ${e.status}` : 'transport'}: ${e.message}); retrying in ${delay} ms`);
        await sleep(delay, abort.signal);
        delay = Math.min(backoff.maxMs, delay * 2);
      }
    }
  };
  void run();

  return {
    ready,
    get resourceVersion() {
      return resourceVersion;
    },
    get healthy() {
      return healthy;
    },
    stats,
    stop() {
      abort.abort();
      markReady();
    },
  };
}

/** Calls `onLine` for each complete line; resolves when the stream ends, rejects when it breaks or onLine throws. */
function readLines(res: IncomingMessage, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      res.destroy();
      reject(err);
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while (!failed && (nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        try {
          onLine(line);
        } catch (err) {
          fail(err);
        }
      }
    });
    res.on('end', () => (failed ? undefined : resolve()));
    res.on('aborted', () => fail(new KubeApiError('watch stream cut', 0, 'StreamCut')));
    res.on('error', fail);
    res.on('close', () => (failed || res.complete ? undefined : fail(new KubeApiError('watch stream closed early', 0, 'StreamCut'))));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes when the wait ends: a watch that reconnects for days must not collect one per wait.
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
