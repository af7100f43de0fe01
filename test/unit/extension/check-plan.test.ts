import { describe, expect, it } from 'vitest';
import type { GitOpsUnit } from '../../../src/core/gitops/types';
import type { RenderRecord } from '../../../src/core/render/types';
import type { RenderedFrom } from '../../../src/core/types';
import { combineReports, contextsOfProblem, dropOrphansDefinedElsewhere, mergeByContext, ownPart, ownsObject, planChecks, rendersUnit, targetOfFile } from '../../../src/extension/checks/check-plan';
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
    const config = { clusters: [{ path: 'x/**', context: 'prod' }] };
    expect(planChecks([{ root: '/ws', config, files: [] }], 'dev')).toEqual([
      { key: '/ws\u0000dev', root: '/ws', context: 'dev', paths: ['/ws'], mapping: { config, defaultContext: 'dev', contexts: ['dev'] } },
    ]);
  });
});

describe('ownsObject / ownPart: each object under the context of the file that decides its cluster', () => {
  // A Flux-style repo: clusters/prod/apps.yaml and clusters/staging/apps.yaml apply apps/overlays/{prod,staging},
  // both built on apps/base; apps/overlays/dev is built by no Flux object; misc/ holds plain files.
  const config = { clusters: [{ path: 'clusters/prod', context: 'prod' }, { path: 'clusters/staging', context: 'staging' }] };
  const files = [
    '/ws/clusters/prod/apps.yaml',
    '/ws/clusters/staging/apps.yaml',
    '/ws/apps/base/kustomization.yaml',
    '/ws/apps/base/deploy.yaml',
    '/ws/apps/overlays/prod/kustomization.yaml',
    '/ws/apps/overlays/prod/patch.yaml',
    '/ws/apps/overlays/staging/kustomization.yaml',
    '/ws/apps/overlays/dev/kustomization.yaml',
    '/ws/misc/plain.yaml',
  ];
  const plan = planChecks([{ root: '/ws', config, files }], 'dev');
  const [dev, prod, staging] = plan;
  const byFlux = (cluster: string): RenderedFrom => ({
    tool: 'kustomize',
    root: `/ws/apps/overlays/${cluster}`,
    note: `rendered from apps/overlays/${cluster}`,
    owner: { ref: ref('Kustomization', 'apps', 'flux-system', 'kustomize.toolkit.fluxcd.io/v1'), file: `/ws/clusters/${cluster}/apps.yaml` },
  });
  const base = source('/ws/apps/base/deploy.yaml');
  const rendered = (cluster: string, from: RenderedFrom = byFlux(cluster)) => ({ source: base, rendered: from });
  const renderedResult = (cluster: string) => ({ ...result('converged', ref('Deployment', 'web', cluster), base), rendered: byFlux(cluster) });
  const devOverlay: RenderedFrom = { tool: 'kustomize', root: '/ws/apps/overlays/dev', note: 'rendered from apps/overlays/dev' };

  it('plans the contexts in order, each target knowing the mapping', () => {
    expect(plan.map((t) => t.context)).toEqual(['dev', 'prod', 'staging']);
    expect(prod.mapping).toEqual({ config, defaultContext: 'dev', contexts: ['dev', 'prod', 'staging'] });
    expect(planChecks([{ root: '/b', config: {} }], 'dev')[0].mapping).toBeUndefined();
  });

  it('gives a base object rendered by each cluster’s overlay to that cluster only, never to the default context', () => {
    for (const [cluster, target] of [['prod', prod], ['staging', staging]] as const) {
      expect(plan.filter((t) => ownsObject(t, rendered(cluster)))).toEqual([target]);
    }
  });

  it('keeps a plain file of an unmapped folder and an overlay no Flux object applies in the default context', () => {
    expect(plan.filter((t) => ownsObject(t, { source: source('/ws/misc/plain.yaml') }))).toEqual([dev]);
    expect(plan.filter((t) => ownsObject(t, rendered('dev', devOverlay)))).toEqual([dev]);
    expect(plan.filter((t) => ownsObject(t, { source: source('/ws/clusters/prod/apps.yaml') }))).toEqual([prod]);
  });

  it('follows a rendered operator object to the file that decides its cluster (a HelmRelease in a base)', () => {
    const helm: RenderedFrom = { ...byFlux('dev'), tool: 'helm', owner: { ref: ref('HelmRelease', 'cache', 'apps'), file: '/ws/apps/base/release.yaml', clusterFile: '/ws/clusters/staging/apps.yaml' } };
    expect(plan.filter((t) => ownsObject(t, rendered('x', helm)))).toEqual([staging]);
  });

  it('gives what maps to a context no target checks to the root’s first target', () => {
    const [onlyProd] = planChecks([{ root: '/ws', config, files: ['/ws/clusters/prod/apps.yaml'] }], 'dev');
    expect(onlyProd.context).toBe('prod');
    expect(ownsObject(onlyProd, { source: source('/ws/misc/plain.yaml') })).toBe(true);
    expect(ownsObject(onlyProd, rendered('staging'))).toBe(true);
  });

  it('reduces a session’s report to its target’s objects and problems; orphans stay; unmapped roots are untouched', () => {
    const orphan = result('orphaned', ref('ConfigMap', 'old', 'prod'));
    const plain = result('diverged', ref('ConfigMap', 'plain', 'default'), source('/ws/misc/plain.yaml'));
    const read = {
      ...report([renderedResult('prod'), renderedResult('staging'), plain, orphan], 'dev'),
      problems: [
        { file: '/ws/clusters/prod/apps.yaml', severity: 'warning' as const, message: 'p', rule: 'not-rendered' },
        { file: '/ws/apps/overlays/dev/kustomization.yaml', severity: 'error' as const, message: 'd', rule: 'render-error' },
      ],
    };
    const mine = ownPart(dev, read);
    expect(mine.resources.map((r) => r.ref.name)).toEqual(['plain', 'old']);
    expect(mine.problems.map((p) => p.message)).toEqual(['d']);
    expect(mine.summary).toMatchObject({ total: 2, diverged: 1, orphaned: 1 });
    const theirs = ownPart(prod, read);
    expect(theirs.resources.map((r) => `${r.ref.name}/${r.ref.namespace}`)).toEqual(['web/prod', 'old/prod']);
    expect(theirs.problems.map((p) => p.message)).toEqual(['p']);
    const unmapped = planChecks([{ root: '/ws', config: {} }], 'dev')[0];
    expect(ownPart(unmapped, read)).toBe(read);
  });

  it('renders a Flux / Argo CD unit only in the check of its cluster (a rendered owner by its cluster file)', () => {
    const unit = (file: string, clusterFile?: string) => ({ owner: { ref: ref('Kustomization', 'apps', 'flux-system'), source: source(file), clusterFile } });
    expect(plan.filter((t) => rendersUnit(t, unit('/ws/clusters/prod/apps.yaml')))).toEqual([prod]);
    expect(plan.filter((t) => rendersUnit(t, unit('/ws/apps/base/release.yaml', '/ws/clusters/staging/apps.yaml')))).toEqual([staging]);
    expect(plan.filter((t) => rendersUnit(t, unit('/ws/infra/apps.yaml')))).toEqual([dev]);
    expect(rendersUnit(planChecks([{ root: '/ws', config: {} }], 'dev')[0], unit('/ws/clusters/prod/apps.yaml'))).toBe(true);
  });

  it('places a problem of a folder a Flux object renders under that object’s cluster(s), others by their file', () => {
    const unitOf = (file: string, clusterFile?: string) => ({ owner: { ref: ref('Kustomization', 'apps', 'flux-system'), source: source(file), clusterFile } }) as unknown as GitOpsUnit;
    const record = (dir: string, unit?: GitOpsUnit): RenderRecord => ({ tool: 'kustomize', dir, unit, status: 'not-rendered', objects: 0, ms: 0 });
    const renders = [
      record('/ws/apps/overlays/prod', unitOf('/ws/clusters/prod/apps.yaml')),
      record('/ws/apps/overlays/common', unitOf('/ws/clusters/prod/common.yaml')),
      record('/ws/apps/overlays/common', unitOf('/ws/apps/base/release.yaml', '/ws/clusters/staging/apps.yaml')),
      record('/ws/apps/overlays/dev'),
    ];
    const of = (file: string) => contextsOfProblem(prod.mapping!, '/ws', file, renders);
    expect(of('/ws/apps/overlays/prod/kustomization.yaml')).toEqual(['prod']);
    expect(of('/ws/apps/overlays/common/kustomization.yaml')).toEqual(['prod', 'staging']);
    expect(of('/ws/apps/overlays/dev/kustomization.yaml')).toEqual(['dev']);
    expect(of('/ws/apps/overlays/prod-old/kustomization.yaml')).toEqual(['dev']);
    expect(of('/ws/clusters/staging/apps.yaml')).toEqual(['staging']);
    const problem = { file: '/ws/apps/overlays/prod/kustomization.yaml', severity: 'warning' as const, message: 'not rendered', rule: 'not-rendered' };
    const read = { ...report([], 'dev'), problems: [problem] };
    expect(plan.map((t) => ownPart(t, read, renders).problems.length)).toEqual([0, 1, 0]);
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
