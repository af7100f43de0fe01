import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { fastYaml } from '../../../src/core/diff/yaml-stringify-fast';
import { EXCHANGES } from './fixtures';

const reference = (v: unknown) => stringify(v, { sortMapEntries: true, lineWidth: 0, singleQuote: true });

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** Every object value inside `v` (the object itself, its metadata, spec, containers...). */
function subObjects(v: unknown, out: unknown[] = []): unknown[] {
  if (v && typeof v === 'object') {
    if (!Array.isArray(v)) out.push(v);
    for (const x of Object.values(v)) subObjects(x, out);
  }
  return out;
}

/** Same text as `yaml`, or undefined; returns whether the fast path rendered it. */
function check(v: unknown): boolean {
  const fast = fastYaml(v);
  if (fast !== undefined) expect(fast).toBe(reference(v));
  return fast !== undefined;
}

describe('fastYaml', () => {
  it('renders every recorded API object and every fixture manifest like yaml, or leaves it to yaml', () => {
    const objects: unknown[] = [];
    for (const f of files(EXCHANGES, /\.json$/)) {
      objects.push(...subObjects(JSON.parse(readFileSync(f, 'utf8'))));
    }
    for (const f of [...files('test/fixtures', /\.ya?ml$/), ...files('samples', /\.ya?ml$/)].filter((f) => !f.includes('/templates/'))) {
      for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) if (!('empty' in doc) && doc.errors.length === 0) objects.push(...subObjects(doc.toJS()));
    }
    let fast = 0;
    for (const o of objects) if (check(o)) fast++;
    expect(objects.length).toBeGreaterThan(1000);
    expect(fast / objects.length).toBeGreaterThan(0.5); // most Kubernetes data takes the fast path
  });

  it('renders generated data like yaml: nesting, empty collections, lists of lists, tricky strings and numbers', () => {
    const strings = ['a', 'nginx:1.25', '500m', '0.5', '1e3', '8080', 'true', 'True', 'yes', 'null', '~', '', ' a', 'a ', 'a: b', 'a:', 'a #b', '#a', '-a', '- a', '.5', '.inf', 'x y', 'x  y', 'a\nb', "it's", '"q"', '@x', '/path/to', 'a=b,c', '0x1F', '0o17', '+1', '-1', '1.0', 'f(x)', '{a}', '[a]', '*a', '&a', '!a', '%a', '|', '>', '?', ':a', 'a:b', 'ü', 'a\tb', 'a%b', '25%', 'a#b', 'a #b', 'a{b}', 'x[0]', 'a"b', 'a\\b', 'a|b', 'a>b', 'a?b', 'a~', 'a!b', 'a*', 'x&y', '$HOME', '${VAR}', 'a;b', '^a', '(a)', 'a, b', 'a ,b', '`a`', "it's 3", 'a: ', 'a - b', '--x', 'a --b', 'http://x:80/p?q=1#f', 'index=3\nmode=prod\n', 'a\nb', 'a\n\nb\n', 'a\n\n', 'a \nb\n', ' a\nb\n', 'a\n b\n  c', 'x: y\n#z\n', 'a\n\n\nb', '\n', 'a\nb ', "it's\n\"q\"\n"];
    const numbers = [0, 1, -1, 0.5, -0.25, 1e21, 1e-7, 123456789012345678, -0, NaN, Infinity, 3.14];
    for (const s of strings) for (const v of [{ k: s }, { [s]: 1 }, { l: [s, { m: s }] }, { n: { [s]: [s] } }]) check(v);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const gen = (depth: number): unknown => {
      const k = rand(depth > 3 ? 4 : 7);
      if (k === 0) return strings[rand(strings.length)];
      if (k === 1) return numbers[rand(numbers.length)];
      if (k === 2) return [true, false, null][rand(3)];
      if (k === 3) return strings[rand(8)];
      if (k === 4) return Array.from({ length: rand(3) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, () => [strings[rand(depth > 1 ? strings.length : 12)] + (rand(2) ? 'k' : ''), gen(depth + 1)]));
    };
    const fast: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = { root: gen(0), other: gen(1) };
      if (check(v)) fast.push(fastYaml(v)!);
    }
    expect(fast.length).toBeGreaterThan(500);
    // The fast path covered quoted scalars, literal blocks (also inside lists) and blank lines in them.
    expect(fast.filter((t) => t.includes("'")).length).toBeGreaterThan(20);
    expect(fast.filter((t) => t.includes('|-\n')).length).toBeGreaterThan(20);
    expect(fast.filter((t) => /- [^\n]*\|\n/.test(t)).length).toBeGreaterThan(5);
    expect(fast.filter((t) => t.includes('\n\n')).length).toBeGreaterThan(5);
  });

  it('leaves top-level non-objects to yaml and renders an empty object', () => {
    expect(fastYaml([1])).toBeUndefined();
    expect(fastYaml('a')).toBeUndefined();
    expect(fastYaml({})).toBe(reference({}));
    expect(fastYaml({ a: undefined })).toBe(reference({ a: undefined }));
    const shared = { app: 'web' };
    expect(reference({ a: shared, b: shared })).toContain('*a1'); // yaml aliases an object met twice
    expect(fastYaml({ a: shared, b: shared })).toBeUndefined();
  });
});
