// When and how long to wait before retrying an API request: exponential backoff with full jitter,
// Retry-After honoured (capped), everything inside one time budget. Pure, so it is tested with fake clocks.
import type { KubeApiError } from './http';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
  /** Wall-clock budget of one logical request, all attempts and waits included. */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
  budgetMs: 60_000,
};

/** Statuses worth another try: throttling and transient server/proxy errors. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Transport failures worth another try (status 0 errors carry the socket error code as reason). A refused
 * connection or a TLS error is not transient: it fails at once. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'InvalidResponse']);

/**
 * Reads (GET) and dry-run PATCHes persist nothing, so repeating them is safe. Writes are never
 * retried: a lost answer does not mean the write did not happen.
 */
export function isIdempotent(method: string, query: Record<string, unknown> | undefined): boolean {
  if (method === 'GET') return true;
  return method === 'PATCH' && query?.dryRun === 'All';
}

export function isRetryableError(e: KubeApiError): boolean {
  if (e.status === 0) return RETRYABLE_CODES.has(e.reason);
  return RETRYABLE_STATUSES.has(e.status);
}

/** Milliseconds to wait before attempt `attempt + 1` (attempt is 1-based: the one that just failed). */
export function retryDelayMs(e: KubeApiError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  // Like client-go: a Retry-After on 429 (throttling) or 503 (starting, overloaded) says when to come back.
  if ((e.status === 429 || e.status === 503) && e.retryAfterSeconds !== undefined && e.retryAfterSeconds >= 0) {
    return Math.min(e.retryAfterSeconds * 1000, policy.maxRetryAfterMs);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(done, ms);
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RetryRun<T> {
  /** One attempt; `remainingMs` is what is left of the budget (use it to shorten the attempt's timeout). */
  attempt(remainingMs: number, attempt: number): Promise<T>;
  /** Whether this error may be retried (e.g. idempotent request and a transient error). */
  retryable(error: unknown): error is KubeApiError;
  signal?: AbortSignal;
}

/**
 * Runs attempts until one succeeds, an error is not retryable, attempts run out, or the next wait would
 * not fit in the budget. The last error is rethrown as it is, so callers see the real reason.
 */
export async function withRetry<T>(run: RetryRun<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, clock: RetryClock = realClock): Promise<T> {
  const deadline = clock.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run.attempt(Math.max(1, deadline - clock.now()), attempt);
    } catch (err) {
      if (attempt >= policy.maxAttempts || run.signal?.aborted || !run.retryable(err)) throw err;
      const wait = retryDelayMs(err, attempt, policy, clock.random);
      // Leave the next attempt some time of its own; otherwise give up now with the real error.
      if (clock.now() + wait + MIN_ATTEMPT_MS > deadline) throw err;
      await clock.sleep(wait, run.signal);
    }
  }
}

/** The shortest time worth starting another attempt with. */
const MIN_ATTEMPT_MS = 50;
