// The fast parser (js-yaml with the `yaml` library's YAML 1.1 scalars) must give exactly what the Document API
// gives: the same objects, documents, object ranges and problems, on every fixture and on thousands of mutations
// of them. Where it cannot be sure it must step aside (the slow path then decides).
import { describe, expect, it } from 'vitest';
import { fastFieldOffsets, fastNodeTree } from '../../../src/core/manifests/fast-field-ranges';
import { fastParseDocuments } from '../../../src/core/manifests/fast-yaml';
import { LineIndex } from '../../../src/core/manifests/line-index';
import { PARSE_OPTIONS, parseManifestText } from '../../../src/core/manifests/parse';
import type { ParsedFile } from '../../../src/core/types';
import { fixtureTexts, int, mutateText, seeded } from '../fuzz/fuzz-support';

/** Every path into a value: keys of maps, indices of lists, down to the leaves. */
function allPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v] as [number, unknown])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    out.push(...allPaths(v, [...prefix, k]));
  }
  return out;
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const OPTIONS = { version: '1.1', merge: true } as const;

/** Everything a caller sees of a parse except the lazily computed field ranges. */
function observable(p: ParsedFile): string {
  return JSON.stringify({
    objects: p.objects.map((o) => ({ object: o.object, docIndex: o.source.docIndex, listIndex: o.source.listIndex, range: o.source.range })),
    problems: p.problems,
  });
}

function expectSameAsSlow(file: string, text: string): void {
  const fast = parseManifestText(file, text);
  const slow = parseManifestText(file, text, { fast: false });
  expect(observable(fast), JSON.stringify(text)).toBe(observable(slow));
}

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
const CASES = [
  'data:\n  a:   # c\n',
  'data:\n  a:\n# c\n',
  'data:\n  a:   \n',
  'data:\n  a:\t\n  b: 1\n',
  'data:\n  a: |\n    line\n    # not a comment\n  # a comment\n',
  'data:\n  a: >-\n    folded\n    more\n\n\n',
  'data:\n  a: "q # x"  # c\n',
  "data:\n  a: 'it''s'\n",
  'data:\n  a: plain\n    continued\n  # c\n',
  'data: {a: 1, b: [1, 2]}   # c\n',
  'data: []\n---\n',
  'data:\n  on: yes\n  off: no\n  y: n\n  o: 012\n  h: 0x1F\n  f: 1.5e3\n  i: .inf\n  t: 2001-12-14\n  s: 1:20\n  u: 1_000\n  z: ~\n  e:\n',
  'data:\n  a: -1\n  b: +1\n  c: 0b101\n  d: 1.0\n  e: -.5\n  f: 0o17\n  g: 08\n  h: 1e3\n  i: .NaN\n',
  'data:\n  a: e-0\n  b: E5\n  c: 1e-0\n  d: .5e3\n  e: 1.e2\n  f: -2E+1\n',
  'spec:\n  list:\n  - a\n  - b: c\n    d: e\n  -   f\n',
  'spec:\n  list:\n    - a\n    -\n',
  'x: !!str 12\n',
  'x: &a 1\ny: *a\n',
  'data:\r\n  a: b\r\n  c: |\r\n    d\r\n',
  'data:\n  "null": x\n',
  'data:\n  ~: x\n',
  'data:\n  a: "multi\n    line"\n',
  'data:\n  a: b\n...\n---\n' + HEAD + 'data: {}\n',
  'spec: {replicas: 2}\n# end\n',
  'spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        args: ["--x", "--y"]\n        # trailing\n',
];

describe('fast manifest parsing', () => {
  it('a source serialises and copies as a plain location: never the file text (a Secret manifest holds values)', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: not-in-any-report-42\n';
    const [fast] = parseManifestText('/repo/secret.yaml', text).objects;
    const [slow] = parseManifestText('/repo/secret.yaml', text, { fast: false }).objects;
    const plain = { file: '/repo/secret.yaml', docIndex: 0, range: slow.source.range };
    expect(JSON.parse(JSON.stringify(fast.source))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect(Object.keys(fast.source).sort()).toEqual(['docIndex', 'file', 'range']);
    expect(JSON.stringify({ ...fast.source })).not.toContain('not-in-any-report-42');
    expect(fast.source.fieldRange(['stringData', 'password'])).toEqual(slow.source.fieldRange(['stringData', 'password']));
  });

  it('reads plain manifests the fast way', () => {
    const text = `${HEAD}data:\n  a: "1"\n---\n${HEAD.replace('name: x', 'name: w')}data: {b: on}\n`;
    const docs = fastParseDocuments(text, OPTIONS);
    expect(docs?.map((d) => d.value)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, data: { b: true } },
    ]);
    expect(docs!.map((d) => text.slice(d.start, d.end))).toEqual([`${HEAD}data:\n  a: "1"`, `${HEAD.replace('name: x', 'name: w')}data: {b: on}`]);
  });

  it('steps aside for anchors, aliases, merge keys, tags, null keys, a BOM and errors', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: {<<: {b: 1}}\n', 'a: !!int "1"\n', '~: 1\n', '\ufeffa: 1\n', 'a: [\n', 'a: 1\na: 2\n', '? [a]\n: b\n']) {
      expect(fastParseDocuments(text, OPTIONS), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('gives what the Document API gives on tricky cases, at the start, middle and end of a stream', () => {
    for (const c of CASES) {
      expectSameAsSlow('/repo/x.yaml', HEAD + c);
      expectSameAsSlow('/repo/x.yaml', `---\n${HEAD}${c}---\n# next\n${HEAD.replace('name: x', 'name: z')}`);
    }
  });

  it('gives what the Document API gives on every fixture', () => {
    const texts = fixtureTexts();
    expect(texts.length).toBeGreaterThan(20);
    for (const { file, text } of texts) expectSameAsSlow(file, text);
  });

  it('gives what the Document API gives on 1,500 mutated fixtures', () => {
    const r = seeded(SEED);
    const texts = fixtureTexts();
    let fast = 0;
    for (let i = 0; i < 1500; i++) {
      const { file, text } = texts[int(r, texts.length)];
      const mutated = mutateText(r, text);
      if (fastParseDocuments(mutated, OPTIONS)) fast++;
      expectSameAsSlow(file, mutated);
    }
    // Most mutations still parse; the fast path must have taken a good share of them to have been tested at all.
    expect(fast).toBeGreaterThan(250);
  }, 60_000);

  it('reads `e-0` and `E5` as strings (go-yaml needs a digit first), `1e3` as a number', () => {
    const [o] = parseManifestText('/x.yaml', `${HEAD.replace('name: x', 'name: x\n  namespace: e-0')}data:\n  a: E5\n  b: 1e3\n`).objects;
    expect(o.object.metadata.namespace).toBe('e-0');
    expect(o.object.data).toEqual({ a: 'E5', b: 1000 });
  });

  it('gives the field ranges of every path of every fixture object as the Document API does', () => {
    const texts = [...fixtureTexts(), ...CASES.map((c, i) => ({ file: `/case-${i}.yaml`, text: `${HEAD}${c}---\n${HEAD}${c}---\n${HEAD}${c}` }))];
    let compared = 0;
    for (const { file, text } of texts) {
      const fast = parseManifestText(file, text).objects;
      const slow = parseManifestText(file, text, { fast: false }).objects;
      // Ask the last objects first: the first few are parsed alone, the rest with the whole text.
      for (let i = fast.length - 1; i >= 0; i--) {
        for (const path of allPaths(fast[i].object)) {
          expect(fast[i].source.fieldRange(path), `${file} ${path.join('.')}`).toEqual(slow[i].source.fieldRange(path));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('computes field ranges on demand, as the Document API does', () => {
    const text = `${HEAD}data:\n  a: "1"   # c\n  b: |\n    x\n`;
    const [fast] = parseManifestText('/x.yaml', text).objects;
    const [slow] = parseManifestText('/x.yaml', text, { fast: false }).objects;
    for (const path of [['data', 'a'], ['data', 'b'], ['metadata', 'name'], ['data'], ['nope']]) {
      expect(fast.source.fieldRange(path)).toEqual(slow.source.fieldRange(path));
    }
    expect(fast.source.fieldRange(['data', 'a'])?.value.start.line).toBe(5);
  });

  /**
   * The js-yaml node tree behind fast field ranges, compared with the Document API directly (fieldRange would hide
   * a tree that gave up): every path of every fast object, plus paths that do not exist, on fixtures and mutations.
   */
  it('finds field offsets without the Document API exactly where the Document API does', () => {
    const r = seeded(SEED + 1);
    const fixtures = [...fixtureTexts(), ...CASES.map((c, i) => ({ file: `/case-${i}.yaml`, text: `${HEAD}${c}---\n${HEAD}${c}` }))];
    const texts = [...fixtures, ...Array.from({ length: 1500 }, () => {
      const { file, text } = fixtures[int(r, fixtures.length)];
      return { file, text: mutateText(r, text) };
    })];
    let trees = 0;
    let gaveUp = 0;
    let compared = 0;
    for (const { file, text } of texts) {
      const docs = fastParseDocuments(text, PARSE_OPTIONS);
      if (!docs) continue;
      const fast = parseManifestText(file, text).objects;
      const slow = parseManifestText(file, text, { fast: false }).objects;
      if (fast.length !== slow.length) continue; // the slow path decided; compared by the tests above
      const lines = new LineIndex(text);
      for (let i = 0; i < fast.length; i++) {
        const start = fast[i].source.range.start.offset;
        const doc = docs.find((d) => d.start === start);
        const tree = doc && fastNodeTree(text, doc.start, doc.end, PARSE_OPTIONS);
        if (!tree) {
          gaveUp++;
          continue;
        }
        trees++;
        for (const path of [[], ...allPaths(fast[i].object), ['nope'], ['metadata', 'name', 'x'], ['metadata', 0]]) {
          const offsets = fastFieldOffsets(tree, path);
          const ranges = offsets && { key: offsets.key && lines.range(...offsets.key), value: lines.range(...offsets.value) };
          expect(ranges, `${JSON.stringify(text)} ${path.join('.')}`).toEqual(slow[i].source.fieldRange(path));
          compared++;
        }
      }
    }
    // The tree steps aside rarely (the Document API then decides); it must have been compared on most objects.
    expect(trees).toBeGreaterThan(300);
    expect(gaveUp).toBeLessThan(trees / 20);
    expect(compared).toBeGreaterThan(4000);
  }, 60_000);
});
