import { describe, expect, it } from 'vitest';
import { combineReports, dropOrphansDefinedElsewhere, mergeByContext, planChecks, targetOfFile } from '../../../src/extension/checks/check-plan';
import { ref, report, result, source } from './fixtures';

describe('planChecks', () => {
  it('checks a root whole against the selected context when .converge.yaml maps nothing', () => {
    expect(planChecks([{ root: '/ws', config: {} }], 'dev')).toEqual([{ key: '/ws\u0000dev', root: '/ws', context: 'dev', paths: ['/ws'] }]);
  });

  it('groups a root’s files by the context its clusters: mapping gives them; the rest use the selected one', () => {
    const config = { clusters: [{ path: 'clusters/prod/**', context: 'prod' }, { path: 'clusters/staging', context: 'staging' }] };
    const files = ['/ws/clusters/prod/a.yaml', '/ws/clusters/staging/b.yaml', '/ws/base/c.yaml', '/ws/clusters/prod/x/d.yaml'];
    const plan = planChecks([{ root: '/ws', config, files }], undefined);
    expect(plan.map((t) => [t.context, t.paths])).toEqual([
      [undefined, ['/ws/base/c.yaml']],
      ['prod', ['/ws/clusters/prod/a.yaml', '/ws/clusters/prod/x/d.yaml']],
      ['staging', ['/ws/clusters/staging/b.yaml']],
    ]);
    expect(targetOfFile(plan, '/ws/clusters/prod/x/d.yaml')?.context).toBe('prod');
    expect(targetOfFile(plan, '/ws/clusters/prod/new.yaml')).toBeUndefined();
  });

  it('plans each root of a multi-root workspace with its own .converge.yaml', () => {
    const plan = planChecks(
      [
        { root: '/a', config: { clusters: [{ path: '**', context: 'prod' }] }, files: ['/a/x.yaml'] },
        { root: '/b', config: {} },
      ],
      'dev',
    );
    expect(plan.map((t) => `${t.root}:${t.context}:${t.paths.join(',')}`)).toEqual(['/a:prod:/a/x.yaml', '/b:dev:/b']);
    expect(targetOfFile(plan, '/b/deep/new.yaml')?.root).toBe('/b');
  });

  it('keeps a mapped root without files as one target, so that "no manifests" shows', () => {
    expect(planChecks([{ root: '/ws', config: { clusters: [{ path: 'x/**', context: 'prod' }] }, files: [] }], 'dev')).toEqual([
      { key: '/ws\u0000dev', root: '/ws', context: 'dev', paths: ['/ws'] },
    ]);
  });
});

describe('mergeByContext / combineReports', () => {
  const a = report([result('converged', ref('ConfigMap', 'a', 'ns'), source('/a/a.yaml'))], 'prod');
  const b = report([result('diverged', ref('ConfigMap', 'b', 'ns'), source('/b/b.yaml'))], 'prod');
  const c = report([result('missing', ref('ConfigMap', 'c', 'ns'), source('/b/c.yaml'))], 'dev');

  it('gives one report per context, with the summary of all its resources', () => {
    const merged = mergeByContext([{ report: a }, { report: c }, { report: b }]);
    expect(merged.map((r) => [r.context, r.summary.total, r.summary.diverged])).toEqual([
      ['prod', 2, 1],
      ['dev', 1, 0],
    ]);
    expect(a.resources).toHaveLength(1);
  });

  it('names a report without context by its target', () => {
    const unnamed = { ...a, context: undefined };
    expect(mergeByContext([{ report: unnamed, context: 'typo' }])[0].context).toBe('typo');
  });

  it('combines all reports for the status bar', () => {
    const all = combineReports(mergeByContext([{ report: a }, { report: c }]))!;
    expect(all.summary).toMatchObject({ total: 2, converged: 1, missing: 1 });
    expect(combineReports([])).toBeUndefined();
  });
});

describe('dropOrphansDefinedElsewhere', () => {
  it('drops an orphan that another check of the same cluster defines, keeps real orphans and other clusters', () => {
    const web = result('diverged', ref('Deployment', 'web', 'shop'), source('/ws/apps/web.yaml'));
    const orphanWeb = result('orphaned', ref('Deployment', 'web', 'shop'));
    const orphanOld = result('orphaned', ref('ConfigMap', 'old', 'shop'));
    const restricted = report([web], 'restricted');
    const test = report([orphanWeb, orphanOld], 'test');
    const elsewhere = { ...report([orphanWeb], 'prod'), cluster: 'https://prod:6443' };
    const [, t, p] = dropOrphansDefinedElsewhere([restricted, test, elsewhere]);
    expect(t.resources.map((r) => r.ref.name)).toEqual(['old']);
    expect(t.summary.orphaned).toBe(1);
    expect(p.resources).toHaveLength(1);
  });
});

describe('uncertainOrphansWhereNotRendered', () => {
  it('turns orphans into unknown when a kustomization was not rendered, and leaves other reports alone', async () => {
    const { uncertainOrphansWhereNotRendered } = await import('../../../src/extension/checks/check-plan');
    const { report, result, ref } = await import('./fixtures');
    const orphan = result('orphaned', ref('ConfigMap', 'checkout-config', 'shop'), undefined, [], 'in cluster, in no manifest');
    const plain = report([orphan]);
    expect(uncertainOrphansWhereNotRendered([plain])[0]).toBe(plain);
    const restricted = report([orphan]);
    restricted.problems.push({ file: '/ws/deploy/kustomization.yaml', severity: 'warning', rule: 'not-rendered', message: 'kustomization deploy/overlays/e2e: not rendered (workspace not trusted)' });
    const [out] = uncertainOrphansWhereNotRendered([restricted]);
    expect(out.resources[0]).toMatchObject({ verdict: 'unknown', reason: 'only in the cluster, but kustomization deploy/overlays/e2e was not rendered: it may define it' });
    expect(out.summary).toMatchObject({ orphaned: 0, unknown: 1 });
  });
});
