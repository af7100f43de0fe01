// Deeply nested manifests: thousands of levels are one clear error, reasonable depths parse.
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../src/core/manifests';

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\n';

describe('nesting depth', () => {
  it.each([
    ['flow sequences', (n: number) => `${head}data: {x: ${'['.repeat(n)}${']'.repeat(n)}}\n`],
    ['compact block sequences', (n: number) => `${head}data:\n  x:\n    ${'- '.repeat(n)}leaf\n`],
    ['JSON maps', (n: number) => `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep"}, "data": ${'{"a": '.repeat(n)}1${'}'.repeat(n)}}`],
  ])('%s: 10,000 levels give one "nested too deeply" error, 200 levels parse', (_name, make) => {
    const deep = parseManifestText('/w/deep.yaml', make(10_000));
    expect(deep.objects).toEqual([]);
    expect(deep.problems).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'yaml-too-deep', message: 'Nested too deeply to parse (thousands of levels); the file is skipped' }),
    ]);
    const fine = parseManifestText('/w/ok.yaml', make(200));
    expect(fine.problems).toEqual([]);
    expect(fine.objects).toHaveLength(1);
  });
});
