import { describe, expect, it } from 'vitest';
import { buildDriftTree } from '../../../src/extension/views/drift-model';
import { liveDocumentName, liveDocumentText } from '../../../src/extension/views/live-document';
import { ref, ROOT, sampleReport } from './fixtures';

describe('group by kind / namespace', () => {
  it('groups resources by kind under the context, orphans apart, drift expanded', () => {
    const [ctx] = buildDriftTree([sampleReport()], { roots: [ROOT], groupBy: 'kind' });
    expect(ctx.children.map((n) => [n.label, n.description, n.expanded])).toEqual([
      ['ConfigMap', '1 converged', false],
      ['Deployment', '1 diverged', true],
      ['Namespace', '1 converged', false],
      ['Service', '1 missing', true],
      ['Only in cluster', '1 orphaned', true],
    ]);
    expect(ctx.children[1].children.map((n) => n.label)).toEqual(['Deployment shop/web']);
    expect(ctx.children[1].icon?.id).toBe('symbol-class');
  });

  it('groups by namespace, cluster-scoped objects in their own group', () => {
    const [ctx] = buildDriftTree([sampleReport()], { roots: [ROOT], groupBy: 'namespace' });
    expect(ctx.children.map((n) => n.label)).toEqual(['(cluster-scoped)', 'shop', 'Only in cluster']);
    expect(ctx.children[1].children.map((n) => n.label)).toEqual(['ConfigMap shop/db-config', 'Deployment shop/web', 'Service shop/web']);
  });

  it('keeps resource ids across groupings (selection survives a switch)', () => {
    const ids = (groupBy: 'folder' | 'kind') =>
      buildDriftTree([sampleReport()], { roots: [ROOT], groupBy })[0]
        .children.flatMap(function walk(n): string[] {
          return n.kind === 'resource' ? [n.id] : n.children.flatMap(walk);
        })
        .sort();
    expect(ids('kind')).toEqual(ids('folder'));
  });
});

describe('live document', () => {
  it('names the object and masks Secret values, without server bookkeeping', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop', resourceVersion: '7', managedFields: [{ manager: 'kubectl' }] },
      data: { password: Buffer.from('hunter2').toString('base64') },
    };
    const text = liveDocumentText(ref('Secret', 'db', 'shop'), 'prod', { live, note: '' });
    expect(text).toMatch(/^# Secret shop\/db — live in prod \(read-only\)/);
    expect(text).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(text).not.toMatch(/^\s*managedFields:/m);
    expect(text).not.toMatch(/resourceVersion:/);
    expect(liveDocumentName(ref('Secret', 'db', 'shop'))).toBe('Secret shop-db (live).yaml');
  });

  it('says why there is no live object', () => {
    expect(liveDocumentText(ref('ConfigMap', 'x', 'shop'), 'prod', { note: 'not in the cluster' })).toContain('# not in the cluster');
  });
});
