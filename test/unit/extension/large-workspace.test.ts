// The view models stay fast on a large repository (10,000 objects in 2,000 files).
import { describe, expect, it } from 'vitest';
import { buildDecorations } from '../../../src/extension/views/decoration-model';
import { buildDriftTree, flattenTree } from '../../../src/extension/views/drift-model';
import type { VerdictResult } from '../../../src/core/types';
import { imageDrift, ref, report, result, ROOT, source } from './fixtures';

function largeReport() {
  const results: VerdictResult[] = [];
  for (let f = 0; f < 2000; f++) {
    const file = `${ROOT}/team-${f % 20}/app-${f}/manifests.yaml`;
    for (let d = 0; d < 5; d++) {
      const drift = (f + d) % 7 === 0;
      results.push(result(drift ? 'diverged' : 'converged', ref('ConfigMap', `cm-${f}-${d}`, `ns-${f % 20}`), source(file, d), drift ? [imageDrift] : []));
    }
  }
  return report(results);
}

describe('large workspace', () => {
  it('builds the tree and the decorations quickly', () => {
    const r = largeReport();
    const started = performance.now();
    const tree = buildDriftTree([r], { roots: [ROOT] });
    const decorations = buildDecorations(r, [ROOT]);
    const ms = performance.now() - started;
    expect(flattenTree(tree).filter((n) => n.kind === 'resource')).toHaveLength(10_000);
    expect(tree[0].children).toHaveLength(2000);
    expect(decorations.get(`${ROOT}/team-0`)?.badge).toBe('9+');
    expect(ms).toBeLessThan(1000);
  });
});
