// Raw JSON requests to the API server with client-node's authentication (token, client cert, exec,
// OIDC, auth providers) on one keep-alive connection pool. Objects stay plain JSON: no typed models
// that could drop fields we need to compare.
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import http from 'node:http';
import https from 'node:https';
import { DEFAULT_RETRY_POLICY, isIdempotent, isRetryableError, withRetry, type RetryPolicy } from './retry';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Per attempt; default: the client's (30 s, or `CONVERGE_REQUEST_TIMEOUT_MS`). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeHttpDefaults {
  /** Upper bound of one attempt, connection and TLS handshake included. */
  timeoutMs: number;
  /** Caps even the requests that ask for a longer timeout (set from `CONVERGE_REQUEST_TIMEOUT_MS`). */
  maxTimeoutMs?: number;
  /** Larger answers are cut and fail (memory stays bounded whatever a server sends). Default 512 MiB. */
  maxResponseBytes?: number;
  userAgent: string;
  /** Retries of idempotent requests (GET, dry-run PATCH). */
  retry?: RetryPolicy;
}

/**
 * Defaults, overridable from the environment: `CONVERGE_REQUEST_TIMEOUT_MS` (per attempt, also caps longer per-request timeouts) and
 * `CONVERGE_RETRY_BUDGET_MS` (all attempts of one request, waits included; 0 disables retries).
 */
export function httpDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env): KubeHttpDefaults {
  const num = (v: string | undefined) => (v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : undefined);
  const fromEnv = num(env.CONVERGE_REQUEST_TIMEOUT_MS) || undefined;
  const budgetMs = num(env.CONVERGE_RETRY_BUDGET_MS);
  const retry: RetryPolicy =
    budgetMs === undefined ? DEFAULT_RETRY_POLICY : budgetMs === 0 ? { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } : { ...DEFAULT_RETRY_POLICY, budgetMs };
  return { timeoutMs: fromEnv ?? 30_000, maxTimeoutMs: fromEnv, userAgent: 'converge', retry };
}

export interface KubeResponse<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

/** An error answered by the API server (a Status body) or by the transport. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 for transport errors (unreachable, TLS, timeout). */
    readonly status: number,
    readonly reason: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface AuthState {
  headers: Record<string, string>;
  /** The keep-alive pool of requests (LIST, GET, dry-run). */
  agent: https.Agent | http.Agent;
  /** Watches hold their connection for minutes: their own sockets, so that they never starve the request pool. */
  streamAgent: https.Agent | http.Agent;
  at: number;
}

/** Sockets of the request pool (watches have their own, one each). */
export const REQUEST_SOCKETS = 16;

const AUTH_REFRESH_MS = 60_000;

export class KubeHttp {
  private auth?: Promise<AuthState>;
  private readonly base: URL;
  requestCount = 0;

  constructor(
    private readonly kc: KubeConfig,
    private readonly defaults: KubeHttpDefaults = httpDefaultsFromEnv(),
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeApiError('kubeconfig has no current cluster', 0, 'NoCluster');
    this.base = new URL(cluster.server);
  }

  get server(): string {
    return this.base.href.replace(/\/$/, '');
  }

  /**
   * One API call. GETs and dry-run PATCHes are retried on 429 (after Retry-After, capped), 5xx gateway
   * and server errors, resets and timeouts, with jittered exponential backoff inside a time budget;
   * other requests and other 4xx fail at once. Errors never carry a header or a request body.
   */
  async request<T = unknown>(req: KubeRequest): Promise<KubeResponse<T>> {
    const policy = this.defaults.retry ?? DEFAULT_RETRY_POLICY;
    const retryable = isIdempotent(req.method, req.query) ? isRetryableError : () => false;
    return withRetry<KubeResponse<T>>(
      {
        attempt: (remainingMs) => this.attempt<T>(req, Math.min(this.timeoutOf(req), remainingMs)),
        retryable: (err): err is KubeApiError => err instanceof KubeApiError && retryable(err),
        signal: req.signal,
      },
      policy,
    );
  }

  private timeoutOf(req: KubeRequest): number {
    return Math.min(req.timeoutMs ?? this.defaults.timeoutMs, this.defaults.maxTimeoutMs ?? Infinity);
  }

  private async attempt<T>(req: KubeRequest, timeoutMs: number): Promise<KubeResponse<T>> {
    const auth = await this.authStateWithin(timeoutMs);
    const url = new URL(this.base.pathname.replace(/\/$/, '') + req.path, this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const payload =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      ...auth.headers,
      Accept: req.accept ?? 'application/json',
      'User-Agent': this.defaults.userAgent,
    };
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    this.requestCount++;
    try {
      const res = await this.send(url, req, headers, payload, auth.agent, timeoutMs);
      if (res.status === 401) this.auth = undefined; // credentials may have rotated (exec/OIDC)
      if (res.status >= 400) throw toApiError(res, req);
      if (res.status !== 204 && expectsJson(req) && typeof res.body === 'string') throw invalidResponse(res, req);
      return res as KubeResponse<T>;
    } catch (err) {
      throw withoutCredentials(err, auth.headers);
    }
  }

  /** Opens a streaming GET (watch). The caller reads and destroys the response. */
  async stream(req: KubeRequest): Promise<http.IncomingMessage> {
    const timeoutMs = this.timeoutOf(req);
    const auth = await this.authStateWithin(timeoutMs);
    const url = new URL(this.base.pathname.replace(/\/$/, '') + req.path, this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const r = lib.request(
        url,
        { method: 'GET', headers: { ...auth.headers, Accept: 'application/json', 'User-Agent': this.defaults.userAgent }, agent: auth.streamAgent, signal: req.signal },
        (res) => {
          if ((res.statusCode ?? 0) >= 400) {
            readBody(res, this.defaults.maxResponseBytes).then((text) => reject(toApiError({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text, res.headers) }, req)), reject);
            return;
          }
          clearTimeout(timer);
          resolve(res);
        },
      );
      // Bounds the wait for the response headers only; the stream itself may stay open for long.
      const timer = setTimeout(() => r.destroy(timeoutError(timeoutMs)), timeoutMs);
      r.on('error', (err) => {
        clearTimeout(timer);
        reject(withoutCredentials(transportError(err, url, req), auth.headers));
      });
      r.end();
    });
  }

  close(): void {
    void this.auth
      ?.then((a) => {
        a.agent.destroy();
        a.streamAgent.destroy();
      })
      .catch(() => undefined);
    this.auth = undefined;
  }

  /** Credentials, bounded in time too: an exec plugin waiting for a browser login must not hang the check. */
  private authStateWithin(timeoutMs: number): Promise<AuthState> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KubeApiError(`no credentials within ${timeoutMs} ms (is the exec plugin or auth provider waiting for input?)`, 0, 'AuthTimeout')),
        timeoutMs,
      );
    });
    return Promise.race([this.authState(), timeout]).finally(() => clearTimeout(timer));
  }

  private authState(): Promise<AuthState> {
    const current = this.auth;
    if (current) {
      return current.then((s) => (Date.now() - s.at > AUTH_REFRESH_MS ? this.refreshAuth(s) : s));
    }
    this.auth = this.refreshAuth();
    this.auth.catch(() => (this.auth = undefined));
    return this.auth;
  }

  private async refreshAuth(keep?: Pick<AuthState, 'agent' | 'streamAgent'>): Promise<AuthState> {
    const opts: https.RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new KubeApiError(`authentication failed: ${(err as Error).message}`, 401, 'AuthProvider');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
    const template = opts.agent as https.Agent | undefined;
    let agent: http.Agent;
    let streamAgent: http.Agent;
    if (this.kc.getCurrentCluster()?.proxyUrl && template) {
      // A cluster reached through its `proxy-url` (HTTP CONNECT or SOCKS): client-node's agent is the proxy's, with
      // the cluster's TLS settings. It becomes ours (pooled like ours); watches get a second one of their own.
      agent = keep?.agent ?? pooled(template, true, REQUEST_SOCKETS);
      streamAgent = keep?.streamAgent ?? (await this.proxyAgent());
    } else {
      const tls = template ? pickTls((template as unknown as { options: https.AgentOptions }).options) : {};
      const newAgent = (keepAlive: boolean, maxSockets: number) =>
        this.base.protocol === 'https:' ? new https.Agent({ keepAlive, maxSockets, ...tls }) : new http.Agent({ keepAlive, maxSockets });
      agent = keep?.agent ?? newAgent(true, REQUEST_SOCKETS);
      streamAgent = keep?.streamAgent ?? newAgent(false, Infinity);
    }
    if (template && template !== agent) template.destroy();
    const state = { headers, agent, streamAgent, at: Date.now() };
    this.auth = Promise.resolve(state);
    return state;
  }

  /** Another proxy agent from client-node (one per call), for watch streams: never pooled. */
  private async proxyAgent(): Promise<http.Agent> {
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    return pooled(opts.agent as http.Agent, false, Infinity);
  }

  private send(
    url: URL,
    req: KubeRequest,
    headers: Record<string, string>,
    payload: string | undefined,
    agent: http.Agent,
    timeoutMs: number,
  ): Promise<KubeResponse> {
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(transportError(err, url, req));
      };
      const r = lib.request(url, { method: req.method, headers, agent, signal: req.signal }, (res) => {
        readBody(res, this.defaults.maxResponseBytes).then((text) => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text, res.headers) });
        }, fail);
      });
      // A wall-clock bound on the whole exchange (connect, TLS, headers, body), not an idle timeout:
      // a server that trickles bytes cannot hold a request forever.
      timer = setTimeout(() => r.destroy(timeoutError(timeoutMs)), timeoutMs);
      r.on('error', fail);
      r.end(payload);
    });
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
}

/** Sets an agent's pooling after construction (what the constructor would have set from `keepAlive`, `maxSockets`). */
function pooled(agent: http.Agent, keepAlive: boolean, maxSockets: number): http.Agent {
  (agent as http.Agent & { keepAlive: boolean }).keepAlive = keepAlive;
  agent.maxSockets = maxSockets;
  return agent;
}

function pickTls(o: https.AgentOptions | undefined): https.AgentOptions {
  if (!o) return {};
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = o;
  const out: https.AgentOptions = { ca, cert, key, pfx, passphrase, servername };
  if (rejectUnauthorized !== undefined) out.rejectUnauthorized = rejectUnauthorized;
  return out;
}

function readBody(res: http.IncomingMessage, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        chunks.length = 0;
        res.destroy(Object.assign(new Error(`answer larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, not read`), { code: 'ResponseTooLarge' }));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => (res.complete ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(cutShort())));
    res.on('aborted', () => reject(cutShort()));
    res.on('error', reject);
  });
}

const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

function cutShort(): Error {
  return Object.assign(new Error('connection closed before the whole response was received'), { code: 'ECONNRESET' });
}

function parseBody(text: string, headers: http.IncomingHttpHeaders): unknown {
  const type = String(headers['content-type'] ?? '');
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function toApiError(res: KubeResponse, req: KubeRequest): KubeApiError {
  const body = res.body as { kind?: string; message?: string; reason?: string; details?: unknown } | string;
  const retry = Number(res.headers['retry-after']);
  const retryAfter = Number.isFinite(retry) ? retry : undefined;
  if (body && typeof body === 'object' && body.kind === 'Status') {
    return new KubeApiError(body.message ?? `HTTP ${res.status}`, res.status, body.reason ?? String(res.status), body.details, retryAfter);
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return new KubeApiError(`${req.method} ${req.path}: HTTP ${res.status}${text ? `: ${text}` : ''}`, res.status, reasonFor(res.status), undefined, retryAfter);
}

function reasonFor(status: number): string {
  return { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 429: 'TooManyRequests' }[status] ?? 'InternalError';
}

function transportError(err: Error & { code?: string }, url: URL, req: KubeRequest): KubeApiError {
  const what = err.code === 'ECONNREFUSED' ? 'connection refused' : err.code === 'ETIMEDOUT' ? err.message : err.message;
  return new KubeApiError(`cannot reach ${url.origin} (${req.method} ${req.path}): ${what}`, 0, err.code ?? 'TransportError');
}

function expectsJson(req: KubeRequest): boolean {
  return (req.accept ?? 'application/json').includes('json');
}

/** A 2xx answer that is not JSON (a cut body, a proxy's page): never treated as an empty result. */
function invalidResponse(res: KubeResponse, req: KubeRequest): KubeApiError {
  const type = String(res.headers['content-type'] ?? 'no content type');
  return new KubeApiError(`${req.method} ${req.path}: HTTP ${res.status} answer is not valid JSON (${type})`, 0, 'InvalidResponse');
}

/** Removes credential header values (bearer tokens, basic auth) from an error's message, whatever echoed them. */
function withoutCredentials(err: unknown, headers: Record<string, string>): unknown {
  if (!(err instanceof KubeApiError)) return err;
  const secrets = Object.values(headers)
    .flatMap((v) => [v, v.replace(/^(Bearer|Basic)\s+/i, '')])
    .filter((v) => v.length >= 8);
  let message = err.message;
  for (const v of secrets) message = message.split(v).join('***');
  if (message === err.message) return err;
  return new KubeApiError(message, err.status, err.reason, err.details, err.retryAfterSeconds);
}
