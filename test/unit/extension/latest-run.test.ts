import { describe, expect, it } from 'vitest';
import { LatestRun } from '../../../src/extension/latest-run';

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
