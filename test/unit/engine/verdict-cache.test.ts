import { describe, expect, it } from 'vitest';
import { objectHash, VerdictCache } from '../../../src/core/engine/verdict-cache';
import type { KubeObject, VerdictResult } from '../../../src/core/types';

const object = (name: string, data = 'v'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'a', name }, data: { x: data } });
const verdict = (name: string, reason: string): VerdictResult => ({
  ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name },
  verdict: 'diverged',
  reason,
  diff: [],
});

describe('VerdictCache', () => {
  it('keeps one entry per manifest object however many live versions it sees, and still hits unchanged pairs', () => {
    const cache = new VerdictCache();
    const names = Array.from({ length: 200 }, (_, i) => `cm-${i}`);
    const hashes = names.map((n) => objectHash(object(n)));
    // A busy cluster: every object gets 250 new live versions (50,000 verdicts computed in all).
    for (let version = 1; version <= 250; version++) {
      names.forEach((name, i) => {
        const key = VerdictCache.key(hashes[i], String(version * 1000 + i), 'flux');
        expect(cache.get(key)).toBeUndefined();
        cache.set(key, verdict(name, `at ${version}`));
      });
      expect(cache.size).toBe(names.length);
    }
    // Nothing changed since: every pair is a hit, with the verdict of the newest version.
    const hitsBefore = cache.hits;
    names.forEach((name, i) => {
      expect(cache.get(VerdictCache.key(hashes[i], String(250_000 + i), 'flux'))?.reason).toBe('at 250');
      expect(cache.has(VerdictCache.key(hashes[i], String(249_000 + i), 'flux'))).toBe(false);
    });
    expect(cache.hits - hitsBefore).toBe(names.length);
  });

  it('keeps separate entries per field manager and for an absent live object', () => {
    const cache = new VerdictCache();
    const h = objectHash(object('web'));
    cache.set(VerdictCache.key(h, '7', 'flux'), verdict('web', 'flux'));
    cache.set(VerdictCache.key(h, '7', 'flux|dry-run'), verdict('web', 'forced'));
    cache.set(VerdictCache.key(h, undefined, 'argocd'), verdict('web', 'absent'));
    expect(cache.size).toBe(3);
    expect(cache.get(VerdictCache.key(h, '7', 'flux'))?.reason).toBe('flux');
    expect(cache.get(VerdictCache.key(h, '7', 'flux|dry-run'))?.reason).toBe('forced');
    expect(cache.get(VerdictCache.key(h, undefined, 'argocd'))?.reason).toBe('absent');
  });

  it('drops the least recently used entries beyond its size (old manifest contents after edits)', () => {
    const cache = new VerdictCache(100);
    const current = Array.from({ length: 50 }, (_, i) => VerdictCache.key(objectHash(object(`keep-${i}`)), '1', 'm'));
    current.forEach((k, i) => cache.set(k, verdict(`keep-${i}`, 'kept')));
    // One object edited 1,000 times (each save is a new manifest hash), while the others are checked again each time.
    for (let edit = 0; edit < 1000; edit++) {
      cache.set(VerdictCache.key(objectHash(object('edited', `rev ${edit}`)), '1', 'm'), verdict('edited', `rev ${edit}`));
      for (const k of current) expect(cache.get(k)?.reason).toBe('kept');
      expect(cache.size).toBeLessThanOrEqual(100);
    }
    expect(cache.get(VerdictCache.key(objectHash(object('edited', 'rev 999')), '1', 'm'))?.reason).toBe('rev 999');
    expect(cache.has(VerdictCache.key(objectHash(object('edited', 'rev 0')), '1', 'm'))).toBe(false);
  });

  it('stores a copy without the source, so later changes to the result do not leak in', () => {
    const cache = new VerdictCache();
    const r = { ...verdict('web', 'first'), source: { file: '/x.yaml' } } as unknown as VerdictResult;
    cache.set('k', r);
    r.reason = 'changed';
    expect(cache.get('k')).toEqual(verdict('web', 'first'));
  });
});
