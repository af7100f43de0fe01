// Fault injection: which configured fault hits a request, and what it does to the response
// (latency, an error status, a reset connection, a body cut after some bytes).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from './errors';

export interface Fault {
  /** HTTP method (GET, PATCH, ...). */
  method?: string;
  /** Request path must start with this. */
  pathPrefix?: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete. */
  verb?: string;
  /** Resource type, e.g. "configmaps" or "deployments". */
  resource?: string;
  /** Answer with this status (429 carries Retry-After). Without it the request is served, after `latencyMs`/with `cutAfterBytes`. */
  status?: number;
  retryAfterSeconds?: number;
  message?: string;
  /** Wait this long before handling (or failing) the request. */
  latencyMs?: number;
  /** Destroy the connection without an answer (a connection reset). */
  reset?: boolean;
  /** Serve the request but destroy the connection after this many bytes of the body (a LIST or WATCH cut mid-object). */
  cutAfterBytes?: number;
  /** Answer 200 with this body instead (e.g. `'{}'`: valid JSON that is not what was asked for, like a misbehaving proxy). */
  body?: string;
  /** Fraction of matching requests hit (0..1), from a deterministic sequence (see `seed`). Default 1. */
  rate?: number;
  seed?: number;
  /** How many requests it applies to (default: unlimited). */
  times?: number;
}

export interface FaultTarget {
  method: string;
  path: string;
  /** Verb and resource, computed only when a fault asks for them. */
  resource(): { verb: string; resource: string } | undefined;
}

const draws = new WeakMap<Fault, () => number>();

/** The first fault that applies to this request; consumes one of its `times`. */
export function pickFault(faults: Fault[], t: FaultTarget): Fault | undefined {
  for (const f of faults) {
    if ((f.times ?? 1) <= 0) continue;
    if (f.method && f.method !== t.method) continue;
    if (f.pathPrefix && !t.path.startsWith(f.pathPrefix)) continue;
    if (f.verb || f.resource) {
      const r = t.resource();
      if (!r || (f.verb && f.verb !== r.verb) || (f.resource && f.resource !== r.resource)) continue;
    }
    if (f.rate !== undefined && drawFor(f)() >= f.rate) continue;
    if (f.times !== undefined) f.times--;
    return f;
  }
  return undefined;
}

/**
 * Applies the fault: waits, then throws the ApiError to answer with, or resets the connection (returns
 * true: the request is done), or arranges for the body to be cut (returns false: serve it).
 */
export async function injectFault(f: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
  if (f.reset) {
    req.socket.destroy();
    return true;
  }
  if (f.status === 429) throw errors.tooManyRequests(f.retryAfterSeconds ?? 1);
  if (f.status) throw new ApiError(f.status, f.status >= 500 ? reasonOf(f.status) : undefined, f.message ?? `injected fault ${f.status}`);
  if (f.body !== undefined) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(f.body) }).end(f.body);
    return true;
  }
  if (f.cutAfterBytes !== undefined) cutAfter(res, f.cutAfterBytes);
  return false;
}

function reasonOf(status: number): string {
  return status === 503 ? 'ServiceUnavailable' : status === 504 ? 'Timeout' : 'InternalError';
}

/** Lets `limit` body bytes through, then destroys the socket (headers are sent as usual). */
function cutAfter(res: ServerResponse, limit: number): void {
  let sent = 0;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const pass = (chunk: unknown): boolean => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return true;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    const room = limit - sent;
    if (buf.length <= room) {
      sent += buf.length;
      write(buf);
      return true;
    }
    if (room > 0) write(buf.subarray(0, room));
    sent = limit;
    // Give the partial bytes a moment to leave, then cut like a dropped connection.
    setImmediate(() => res.socket?.destroy());
    return false;
  };
  res.write = ((chunk: unknown) => pass(chunk)) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (pass(chunk)) end();
    return res;
  }) as typeof res.end;
}

function drawFor(f: Fault): () => number {
  let next = draws.get(f);
  if (!next) {
    // mulberry32: small, seeded, good enough to spread faults over requests reproducibly
    let a = (f.seed ?? 1) >>> 0;
    next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    draws.set(f, next);
  }
  return next;
}
