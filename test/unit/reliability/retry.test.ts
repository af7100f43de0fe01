// The retry policy with a fake clock: which errors are retried, how long it waits, and the budget.
import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/core/cluster/http';
import { DEFAULT_RETRY_POLICY, isIdempotent, isRetryableError, retryDelayMs, withRetry, type RetryClock, type RetryPolicy } from '../../../src/core/cluster/retry';

function fakeClock(random = 0.5): RetryClock & { waits: number[]; t: number } {
  const c = {
    t: 0,
    waits: [] as number[],
    now: () => c.t,
    random: () => random,
    sleep: async (ms: number) => {
      c.waits.push(ms);
      c.t += ms;
    },
  };
  return c;
}

const err = (status: number, reason = 'x', retryAfterSeconds?: number) => new KubeApiError(`HTTP ${status}`, status, reason, undefined, retryAfterSeconds);

async function run(errors: KubeApiError[], policy: RetryPolicy = DEFAULT_RETRY_POLICY, clock = fakeClock(), costMs = 0) {
  let calls = 0;
  const remaining: number[] = [];
  const result = await withRetry(
    {
      attempt: async (rem) => {
        remaining.push(rem);
        clock.t += costMs;
        const e = errors[calls++];
        if (e) throw e;
        return 'ok';
      },
      retryable: (e): e is KubeApiError => e instanceof KubeApiError && isRetryableError(e),
    },
    policy,
    clock,
  ).catch((e: unknown) => e);
  return { result, calls, waits: clock.waits, remaining };
}

describe('retry policy', () => {
  it('retries only GETs and dry-run PATCHes', () => {
    expect(isIdempotent('GET', undefined)).toBe(true);
    expect(isIdempotent('PATCH', { dryRun: 'All', fieldManager: 'x' })).toBe(true);
    expect(isIdempotent('PATCH', { fieldManager: 'x' })).toBe(false);
    expect(isIdempotent('POST', { dryRun: 'All' })).toBe(false);
    expect(isIdempotent('PUT', undefined)).toBe(false);
    expect(isIdempotent('DELETE', undefined)).toBe(false);
  });

  it('retries 429, 500, 502, 503, 504, resets, timeouts and cut bodies; not other 4xx, refused connections or TLS errors', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryableError(err(s)), String(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 410, 415, 422, 501]) expect(isRetryableError(err(s)), String(s)).toBe(false);
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'InvalidResponse']) expect(isRetryableError(err(0, code)), code).toBe(true);
    for (const code of ['ECONNREFUSED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ABORT_ERR']) expect(isRetryableError(err(0, code)), code).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(err(503), n, p, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(retryDelayMs(err(503), 3, p, () => 0)).toBe(0);
  });

  it('honours Retry-After on 429 and 503, capped by maxRetryAfterMs', () => {
    expect(retryDelayMs(err(429, 'TooManyRequests', 2), 1, DEFAULT_RETRY_POLICY)).toBe(2000);
    expect(retryDelayMs(err(429, 'TooManyRequests', 0), 1, DEFAULT_RETRY_POLICY)).toBe(0);
    expect(retryDelayMs(err(429, 'TooManyRequests', 3600), 1, DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
    expect(retryDelayMs(err(503, 'ServiceUnavailable', 3), 1, DEFAULT_RETRY_POLICY)).toBe(3000);
    expect(retryDelayMs(err(500, 'InternalError', 3), 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(0); // only 429/503 say when
  });

  it('succeeds after transient errors, waiting between attempts', async () => {
    const r = await run([err(429, 'TooManyRequests', 1), err(503), err(0, 'ECONNRESET')]);
    expect(r.result).toBe('ok');
    expect(r.calls).toBe(4);
    expect(r.waits).toEqual([1000, 250, 500]);
  });

  it('stops at maxAttempts and rethrows the last error as it is', async () => {
    const last = err(500, 'InternalError');
    const r = await run([err(500), err(500), err(500), err(500), last, err(500)]);
    expect(r.calls).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(r.result).toBe(last);
  });

  it('does not retry a 403, a 404 or a 422', async () => {
    for (const s of [403, 404, 422]) {
      const r = await run([err(s)]);
      expect(r.calls).toBe(1);
      expect((r.result as KubeApiError).status).toBe(s);
    }
  });

  it('never waits beyond the budget: a Retry-After longer than what is left fails now', async () => {
    const p = { ...DEFAULT_RETRY_POLICY, budgetMs: 5_000 };
    const r = await run([err(429, 'TooManyRequests', 10)], p);
    expect(r.calls).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('shortens each attempt to what is left of the budget, so the whole request is bounded', async () => {
    const p = { ...DEFAULT_RETRY_POLICY, budgetMs: 1_000, maxAttempts: 100 };
    const clock = fakeClock();
    const r = await run(Array(100).fill(err(0, 'ETIMEDOUT')), p, clock, 300);
    expect((r.result as KubeApiError).reason).toBe('ETIMEDOUT');
    expect(clock.t).toBeLessThanOrEqual(1_000 + 300);
    for (let i = 1; i < r.remaining.length; i++) expect(r.remaining[i]).toBeLessThan(r.remaining[i - 1]);
  });

  it('stops when the caller aborts', async () => {
    const ac = new AbortController();
    let calls = 0;
    const out = await withRetry(
      {
        attempt: async () => {
          calls++;
          ac.abort();
          throw err(503);
        },
        retryable: (e): e is KubeApiError => e instanceof KubeApiError,
        signal: ac.signal,
      },
      DEFAULT_RETRY_POLICY,
      fakeClock(),
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((out as KubeApiError).status).toBe(503);
  });
});
