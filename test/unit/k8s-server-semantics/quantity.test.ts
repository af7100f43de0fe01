import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from '../../k8s-server/semantics';

describe('canonicalQuantity (recorded kube-apiserver v1.28 spellings)', () => {
  const cases: Array<[unknown, string]> = [
    [0.5, '500m'], [1.5, '1500m'], ['2.5', '2500m'], ['0.1', '100m'], ['1000m', '1'], [0.001, '1m'],
    ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['2048Ki', '2Mi'], ['1000M', '1G'], [129e6, '129M'], [1e3, '1k'],
    ['100m', '100m'], ['250m', '250m'], ['1100m', '1100m'], ['1', '1'], [1, '1'], [2, '2'], ['1G', '1G'], ['500M', '500M'],
    ['1Gi', '1Gi'], ['2000Mi', '2000Mi'], ['1Ti', '1Ti'], ['128974848', '128974848'], [1073741824, '1073741824'],
    ['0', '0'], ['129e6', '129e6'], ['0.5Ki', '512'], ['-1', '-1'],
  ];
  for (const [input, want] of cases) it(`${JSON.stringify(input)} → ${want}`, () => expect(canonicalQuantity(input)).toBe(want));
  it('rejects garbage', () => expect(() => canonicalQuantity('abc')).toThrow());
});
