import { describe, expect, it } from 'vitest';
import {
  canonicalQuantity,
  compareQuantities,
  parseQuantity,
  quantitiesEqual,
} from '../../../src/core/normalize/quantity';
import { requestObject, responseObject } from '../diff/fixtures';

// README "Notes": quantity canonicalisation table of the recorded v1.28 server.
const CANONICAL: Array<[unknown, string]> = [
  [0.5, '500m'], [1.5, '1500m'], ['2.5', '2500m'], ['0.1', '100m'], ['1000m', '1'], [0.001, '1m'],
  ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['2048Ki', '2Mi'], ['1000M', '1G'],
  [129e6, '129M'], [1e3, '1k'], ['100m', '100m'], ['250m', '250m'], ['1100m', '1100m'], ['1', '1'],
  [1, '1'], [2, '2'], ['1G', '1G'], ['500M', '500M'], ['1Gi', '1Gi'], ['2000Mi', '2000Mi'], ['1Ti', '1Ti'],
  ['128974848', '128974848'], [1073741824, '1073741824'],
];

describe('canonicalQuantity', () => {
  it.each(CANONICAL)('%s → %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it('keeps exponent and small binary forms like the server', () => {
    expect(canonicalQuantity('129e6')).toBe('129e6');
    expect(canonicalQuantity('1e3')).toBe('1e3');
    expect(canonicalQuantity('0.5Ki')).toBe('512');
    expect(canonicalQuantity('1Ki')).toBe('1Ki');
    expect(canonicalQuantity('0')).toBe('0');
    expect(canonicalQuantity('0.0000000001')).toBe('1n');
    expect(canonicalQuantity('-0.5')).toBe('-500m');
  });

  it('matches every quantity of the recorded SSA create against the recorded GET', () => {
    const sent = requestObject('03-quantities-and-defaults/01-ssa-create-deployment-quantities.json');
    const got = responseObject('03-quantities-and-defaults/02-get-deployment-quantities.json');
    type C = { name: string; resources: Record<string, Record<string, unknown>> };
    const sentC = (sent as any).spec.template.spec.containers as C[];
    const gotC = (got as any).spec.template.spec.containers as C[];
    let n = 0;
    for (const c of sentC) {
      const live = gotC.find((g) => g.name === c.name)!;
      for (const kind of ['limits', 'requests']) {
        for (const [res, q] of Object.entries(c.resources[kind] ?? {})) {
          expect(canonicalQuantity(q), `${c.name} ${kind} ${res}`).toBe(live.resources[kind]![res]);
          expect(quantitiesEqual(q, live.resources[kind]![res])).toBe(true);
          n++;
        }
      }
    }
    expect(n).toBe(26);
  });

  it('matches the JSON-number POST (0.5 → 500m, 1073741824 stays)', () => {
    const sent = requestObject('03-quantities-and-defaults/04-post-create-deployment-quantities-json.json') as any;
    const got = responseObject('03-quantities-and-defaults/04-post-create-deployment-quantities-json.json') as any;
    const s = sent.spec.template.spec.containers[0].resources;
    const g = got.spec.template.spec.containers[0].resources;
    for (const kind of Object.keys(s)) for (const r of Object.keys(s[kind])) expect(canonicalQuantity(s[kind][r])).toBe(g[kind][r]);
  });
});

describe('quantitiesEqual / parse', () => {
  it('compares by exact value', () => {
    expect(quantitiesEqual('0.1', '100m')).toBe(true);
    expect(quantitiesEqual('1Gi', '1024Mi')).toBe(true);
    expect(quantitiesEqual('1Gi', '1073741824')).toBe(true);
    expect(quantitiesEqual('1Gi', 1073741824)).toBe(true);
    expect(quantitiesEqual(0.5, '500m')).toBe(true);
    expect(quantitiesEqual('1G', '1Gi')).toBe(false);
    expect(quantitiesEqual('100m', '101m')).toBe(false);
    expect(quantitiesEqual('1e3', '1k')).toBe(true);
    expect(quantitiesEqual('abc', 'abc')).toBe(false);
  });
  it('orders values', () => {
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('500m', 0.5)).toBe(0);
    expect(compareQuantities('1m', '1n')).toBe(1);
  });
  it('rejects non-quantities', () => {
    for (const bad of ['', 'abc', '1.2.3', '1Qi', '--1', 'e3', null, {}, true]) expect(parseQuantity(bad)).toBeUndefined();
  });
});
