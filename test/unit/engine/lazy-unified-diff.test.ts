import { describe, expect, it } from 'vitest';
import { copyResult, withLazyUnifiedDiff } from '../../../src/core/engine/unified-view';
import { VerdictCache } from '../../../src/core/engine/verdict-cache';
import type { VerdictResult } from '../../../src/core/types';

const base = (): VerdictResult => ({ ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'b' }, verdict: 'diverged', reason: 'data.x', diff: [] });

describe('lazy unified diff of a verdict', () => {
  it('is computed once, on first read, and serialised like a plain property', () => {
    let calls = 0;
    const r = withLazyUnifiedDiff(base(), () => {
      calls++;
      return '--- LIVE\n+++ MERGED\n';
    });
    expect(calls).toBe(0);
    expect(r.unifiedDiff).toBe('--- LIVE\n+++ MERGED\n');
    expect(r.unifiedDiff).toBe('--- LIVE\n+++ MERGED\n');
    expect(calls).toBe(1);
    expect(JSON.parse(JSON.stringify(r)).unifiedDiff).toBe('--- LIVE\n+++ MERGED\n');
  });

  it('reads as absent when the rendered texts are equal', () => {
    const r = withLazyUnifiedDiff(base(), () => '');
    expect(r.unifiedDiff).toBeUndefined();
    expect(r).toEqual(base());
  });

  it('stays lazy through copies and the verdict cache', () => {
    let calls = 0;
    const r = withLazyUnifiedDiff(base(), () => `diff ${++calls}`);
    const copy = copyResult(r, { operator: 'Flux applied abc' });
    const cache = new VerdictCache();
    cache.set('k', r);
    const cached = copyResult(cache.get('k') as VerdictResult, { source: undefined });
    expect(calls).toBe(0);
    expect(copy.operator).toBe('Flux applied abc');
    expect(r.operator).toBeUndefined();
    expect(cached.unifiedDiff).toBe('diff 1');
    expect(copy.unifiedDiff).toBe('diff 1');
    expect(calls).toBe(1);
    expect('source' in (cache.get('k') as object)).toBe(false);
  });
});
