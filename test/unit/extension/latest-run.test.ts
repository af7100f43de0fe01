import { describe, expect, it } from 'vitest';
import { LatestRun, untilAborted } from '../../../src/extension/latest-run';

describe('LatestRun', () => {
  it('aborts the previous run when a new one starts', () => {
    const runs = new LatestRun();
    const a = runs.start();
    expect(a.id).toBe(1);
    expect(a.isCurrent()).toBe(true);
    const b = runs.start();
    expect(a.signal.aborted).toBe(true);
    expect(a.isCurrent()).toBe(false);
    expect(b.signal.aborted).toBe(false);
    expect(b.isCurrent()).toBe(true);
  });
  it('cancels one run, or all on dispose', () => {
    const runs = new LatestRun();
    const a = runs.start();
    a.cancel();
    expect(a.signal.aborted).toBe(true);
    expect(a.isCurrent()).toBe(true);
    const b = runs.start();
    runs.cancelAll();
    expect(b.signal.aborted).toBe(true);
  });
});

describe('untilAborted', () => {
  it('settles with the work when not aborted', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('boom')), new AbortController().signal)).rejects.toThrow('boom');
  });
  it('rejects at once on abort, without waiting for the work', async () => {
    const ac = new AbortController();
    const never = new Promise<number>(() => undefined);
    const raced = untilAborted(never, ac.signal);
    ac.abort();
    await expect(raced).rejects.toMatchObject({ name: 'AbortError' });
    await expect(untilAborted(never, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
