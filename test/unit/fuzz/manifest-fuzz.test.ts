// Fuzz: random and mutated manifests through the parser, the normaliser and the diff. No crash, no
// hang (every case is timed), and a few invariants that must hold for any input.
import { describe, expect, it } from 'vitest';
import { compareDryRun, offlineDiff, offlineMerged, unifiedDiff } from '../../../src/core/diff';
import { parseManifestText } from '../../../src/core/manifests';
import { canonicalQuantity, parseQuantity, quantitiesEqual, secretAsStored } from '../../../src/core/normalize';
import type { KubeObject } from '../../../src/core/types';
import { fixtureTexts, int, mutateObject, mutateText, nested, pick, randomValue, seeded } from './fuzz-support';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CASE_BUDGET_MS = 1_000;
const texts = fixtureTexts();
const objects: KubeObject[] = texts.flatMap(({ file, text }) => parseManifestText(file, text).objects.map((d) => d.object));

function timed<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  let out: T;
  try {
    out = f();
  } catch (e) {
    throw new Error(`${label}: threw ${(e as Error).stack}`);
  }
  const ms = performance.now() - t0;
  if (ms > CASE_BUDGET_MS) throw new Error(`${label}: took ${Math.round(ms)} ms`);
  return out;
}

describe(`fuzz (FUZZ_SEED=${SEED})`, () => {
  it('has seeds to mutate', () => {
    expect(texts.length).toBeGreaterThan(10);
    expect(objects.length).toBeGreaterThan(20);
  });

  it('parseManifestText: 600 mutated fixture texts never throw; every problem has a message and an in-file range', () => {
    const r = seeded(SEED);
    for (let i = 0; i < 600; i++) {
      const { file, text } = pick(r, texts);
      const mutated = mutateText(r, text);
      const parsed = timed(`case ${i} (${file})`, () => parseManifestText(file, mutated));
      for (const p of parsed.problems) {
        expect(p.message, `case ${i}`).toBeTruthy();
        if (p.range) expect(p.range.end.offset, `case ${i}`).toBeLessThanOrEqual(mutated.length);
      }
      for (const d of parsed.objects) {
        expect(typeof d.object.apiVersion).toBe('string');
        expect(typeof d.object.kind).toBe('string');
        expect(d.source.range.end.offset).toBeLessThanOrEqual(mutated.length);
      }
    }
  });

  it('parseManifestText: random bytes and random YAML-looking text', () => {
    const r = seeded(SEED + 1);
    for (let i = 0; i < 200; i++) {
      const text = `apiVersion: v1\nkind: ConfigMap\n` + Array.from({ length: int(r, 300) }, () => String.fromCharCode(int(r, 128))).join('');
      timed(`random text ${i}`, () => parseManifestText('/w/r.yaml', text));
    }
  });

  it('normaliser: quantities of random strings and numbers never throw and agree with themselves', () => {
    const r = seeded(SEED + 2);
    const parts = ['', '0', '1', '5', '.', '5', 'e', 'E', '+', '-', 'm', 'k', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'M', 'G', 'n', 'u', '9999999999999999999', ' ', 'x'];
    for (let i = 0; i < 2000; i++) {
      const q = r() < 0.2 ? randomValue(r, 0) : Array.from({ length: 1 + int(r, 5) }, () => pick(r, parts)).join('');
      timed(`quantity ${JSON.stringify(q)}`, () => {
        const parsed = parseQuantity(q);
        if (parsed) {
          expect(quantitiesEqual(q, q), JSON.stringify(q)).toBe(true);
          expect(quantitiesEqual(canonicalQuantity(q), q), JSON.stringify(q)).toBe(true);
        }
      });
    }
  });

  it('diff: 500 mutated pairs through offlineDiff, offlineMerged, compareDryRun and unifiedDiff', () => {
    const r = seeded(SEED + 3);
    for (let i = 0; i < 500; i++) {
      const base = pick(r, objects);
      const desired = r() < 0.5 ? base : mutateObject(r, base);
      const live = mutateObject(r, desired);
      const dryRun = r() < 0.5 ? mutateObject(r, live) : offlineMergedSafe(desired, live);
      const label = `case ${i} ${base.kind}/${base.metadata.name}`;
      timed(label, () => {
        expect(Array.isArray(offlineDiff(desired, live))).toBe(true);
        expect(Array.isArray(compareDryRun(dryRun, live, desired))).toBe(true);
        expect(typeof unifiedDiff(live, dryRun, 'x')).toBe('string');
        expect(typeof unifiedDiff(undefined, desired, 'x')).toBe('string');
      });
    }
  });

  it('diff invariants: an object compared with itself has no difference', () => {
    for (const fixture of objects) {
      const live = secretAsStored(fixture); // as a live object is: a Secret's stringData is stored as data
      expect(compareDryRun(live, structuredClone(live), fixture), `${fixture.kind}/${fixture.metadata.name}`).toEqual([]);
    }
    const r = seeded(SEED + 4);
    for (let i = 0; i < 300; i++) {
      const obj = secretAsStored(mutateObject(r, pick(r, objects)));
      if (obj.kind === 'Secret' && Object.values(obj.data ?? {}).some((v) => typeof v !== 'string')) continue; // the server rejects those
      const label = `case ${i} ${obj.kind}/${obj.metadata.name}`;
      timed(label, () => expect(unifiedDiff(obj, structuredClone(obj), 'x'), label).toBe(''));
    }
  });

  // The parser refuses nesting beyond a few hundred levels (yaml-too-deep), so 500 is the deepest a manifest gets.
  // Lists matched by merge key go through an index (20,000 items: test/unit/reliability/large-lists.test.ts).
  it('deep objects (500 levels) and long lists (2,000 items) through the diff, in bounded time', () => {
    for (const asArray of [false, true]) {
      const desired = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: { x: nested(500, asArray) } } as unknown as KubeObject;
      const live = { ...desired, data: { x: nested(500, !asArray) } } as unknown as KubeObject;
      timed(`deep ${asArray}`, () => {
        offlineDiff(desired, live);
        compareDryRun(live, desired, desired);
      });
    }
    const containers = (tag: string) => Array.from({ length: 2_000 }, (_, i) => ({ name: `c${i}`, image: `img:${tag}`, ports: [{ containerPort: 80 }] }));
    const dep = (tag: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'big', namespace: 'x' }, spec: { template: { spec: { containers: containers(tag) } } } }) as unknown as KubeObject;
    const t0 = performance.now();
    const diff = offlineDiff(dep('1'), dep('2'));
    expect(diff).toHaveLength(2_000);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

function offlineMergedSafe(desired: KubeObject, live: KubeObject): KubeObject {
  return timed('offlineMerged', () => offlineMerged(desired, live));
}

describe('regressions found by this fuzz test', () => {
  it('a quantity far below a nano rounds to 1n at once (was minutes for 1e-99999999, a RangeError for 5e-1e20)', () => {
    for (const q of ['1e-99999999', '5e-99999999999999999995', '-3e-12345678']) {
      const t0 = performance.now();
      expect(quantitiesEqual(q, q.startsWith('-') ? '-1n' : '1n'), q).toBe(true);
      expect(performance.now() - t0).toBeLessThan(200);
    }
    expect(quantitiesEqual('1e-10', '1n')).toBe(true);
    expect(quantitiesEqual('15e-10', '2n')).toBe(true);
    expect(canonicalQuantity('0.0000000001')).toBe('1n');
  });

  it('a Secret whose data is not a map (a manifest being typed) is diffed and masked without a crash', () => {
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' }, data: { token: 'c2VjcmV0LXZhbHVl' } } as unknown as KubeObject;
    for (const data of [1, 'abc', ['x'], null]) {
      const desired = { ...live, data } as unknown as KubeObject;
      const merged = offlineMerged(desired, live);
      const text = unifiedDiff(live, merged, 'x') + unifiedDiff(merged, live, 'x') + JSON.stringify(offlineDiff(desired, live));
      expect(text).not.toContain('c2VjcmV0LXZhbHVl');
      expect(text).not.toContain('secret-value');
    }
  });
});
