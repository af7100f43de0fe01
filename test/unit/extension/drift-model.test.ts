import { describe, expect, it } from 'vitest';
import { buildDriftTree, flattenTree, folderLabel, resourceLabel, shortReason, treeSignature, type DriftNode } from '../../../src/extension/views/drift-model';
import { imageDrift, report, result, ref, ROOT, sampleReport, source } from './fixtures';

const labels = (nodes: readonly DriftNode[]) => nodes.map((n) => n.label);

describe('buildDriftTree', () => {
  it('groups context → folder → file → resource, with orphans under their own node', () => {
    const [ctx] = buildDriftTree([sampleReport()], { roots: [ROOT] });
    expect(ctx.kind).toBe('context');
    expect(ctx.label).toBe('kind-dev');
    expect(labels(ctx.children)).toEqual(['apps/db', 'apps/web', 'namespace.yaml', 'Only in cluster']);
    const web = ctx.children[1];
    expect(web.kind).toBe('folder');
    expect(labels(web.children)).toEqual(['deploy.yaml']);
    expect(labels(web.children[0].children)).toEqual(['Deployment shop/web', 'Service shop/web']);
    const orphans = ctx.children[3];
    expect(orphans.kind).toBe('orphans');
    expect(labels(orphans.children)).toEqual(['ConfigMap shop/old-config']);
    expect(orphans.children[0].open).toBeUndefined();
  });

  it('rolls counts up on folders, files and the context', () => {
    const [ctx] = buildDriftTree([sampleReport()], { roots: [ROOT] });
    expect(ctx.description).toBe('1 diverged, 1 missing, 1 orphaned');
    const [db, web] = ctx.children;
    expect(db.description).toBe('1 converged');
    expect(db.verdict).toBe('converged');
    expect(web.description).toBe('1 diverged, 1 missing');
    expect(web.verdict).toBe('diverged');
    expect(web.counts?.total).toBe(2);
    expect(web.children[0].description).toBe('1 diverged, 1 missing');
  });

  it('gives each verdict its icon and colour, and the short reason as description', () => {
    const nodes = flattenTree(buildDriftTree([sampleReport()], { roots: [ROOT] })).filter((n) => n.kind === 'resource');
    const byLabel = Object.fromEntries(nodes.map((n) => [n.label, n]));
    expect(byLabel['Deployment shop/web'].icon).toEqual({ id: 'diff', color: 'editorWarning.foreground' });
    expect(byLabel['Deployment shop/web'].description).toBe('image nginx:1.25 → nginx:1.26 by kubectl-edit');
    expect(byLabel['Service shop/web'].icon?.id).toBe('diff-added');
    expect(byLabel['ConfigMap shop/db-config'].icon).toEqual({ id: 'pass', color: 'testing.iconPassed' });
    expect(byLabel['ConfigMap shop/db-config'].description).toBe('converged');
    expect(byLabel['ConfigMap shop/old-config'].icon?.id).toBe('diff-removed');
    expect(byLabel['Namespace shop'].contextValue).toBe('resource.converged.inFile');
    expect(byLabel['Deployment shop/web'].ariaLabel).toBe('Deployment shop/web, diverged: image nginx:1.25 → nginx:1.26 by kubectl-edit');
    expect(byLabel['Namespace shop'].ariaLabel).toBe('Namespace shop, converged');
    expect(byLabel['ConfigMap shop/old-config'].contextValue).toBe('resource.orphaned');
  });

  it('opens resources at their exact range and fields at the field range', () => {
    const nodes = flattenTree(buildDriftTree([sampleReport()], { roots: [ROOT] }));
    const deploy = nodes.find((n) => n.label === 'Deployment shop/web')!;
    expect(deploy.open).toEqual({ file: `${ROOT}/apps/web/deploy.yaml`, range: deploy.result!.source!.range });
    expect(deploy.expanded).toBe(false);
    const [field] = deploy.children;
    expect(field.kind).toBe('field');
    expect(field.label).toBe(imageDrift.path);
    expect(field.open?.range.start.line).toBe(20);
    expect(field.description).toContain('nginx:1.25 → nginx:1.26 by kubectl-edit');
  });

  it('writes a markdown tooltip with the diff table and where the object is', () => {
    const nodes = flattenTree(buildDriftTree([sampleReport()], { roots: [ROOT], now: Date.parse('2026-11-24T20:00:00Z') }));
    const tip = nodes.find((n) => n.label === 'Deployment shop/web')!.tooltip!;
    expect(tip).toContain('**Deployment shop/web** — diverged');
    expect(tip).toContain('| field | manifest | cluster | changed by |');
    expect(tip).toContain('`nginx:1.25` | `nginx:1.26` | kubectl\\-edit \\(Update\\), 2h ago');
    expect(tip).toContain('`apps/web/deploy.yaml` line 1');
  });

  it('never shows masked values', () => {
    const secret = result('diverged', ref('Secret', 's', 'shop'), source(`${ROOT}/s.yaml`), [
      { path: 'data.password', change: 'changed', desired: '***', live: '***', masked: true },
    ], 'data.password changed (value hidden)');
    const tip = flattenTree(buildDriftTree([report([secret])], { roots: [ROOT] })).find((n) => n.kind === 'resource')!.tooltip!;
    expect(tip).toContain('(hidden)');
  });

  it('keeps only resources needing attention with "only drift", dropping emptied groups', () => {
    const [ctx] = buildDriftTree([sampleReport()], { roots: [ROOT], onlyDrift: true });
    expect(labels(ctx.children)).toEqual(['apps/web', 'Only in cluster']);
    expect(ctx.description).toBe('1 diverged, 1 missing, 1 orphaned');
  });

  it('says so when every resource is converged and only drift is shown', () => {
    const all = report([result('converged', ref('ConfigMap', 'a', 'x'), source(`${ROOT}/a.yaml`))]);
    const [ctx] = buildDriftTree([all], { roots: [ROOT], onlyDrift: true });
    expect(labels(ctx.children)).toEqual(['All 1 resources converged']);
    expect(ctx.children[0].kind).toBe('info');
  });

  it('labels invalid manifests and keeps their ids unique', () => {
    const bad = [
      result('invalid', { apiVersion: '', kind: '', name: '' }, source(`${ROOT}/bad.yaml`, 0, 0), [], 'yaml: bad indentation'),
      result('invalid', { apiVersion: '', kind: '', name: '' }, source(`${ROOT}/bad.yaml`, 0, 3), [], 'duplicate key'),
    ];
    const nodes = flattenTree(buildDriftTree([report(bad)], { roots: [ROOT] })).filter((n) => n.kind === 'resource');
    expect(nodes.map((n) => n.label)).toEqual(['Invalid manifest', 'Invalid manifest']);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(2);
    expect(nodes[0].icon?.id).toBe('error');
  });

  it('has ids that are stable across rebuilds and unique', () => {
    const a = flattenTree(buildDriftTree([sampleReport()], { roots: [ROOT] })).map((n) => n.id);
    const b = flattenTree(buildDriftTree([sampleReport()], { roots: [ROOT] })).map((n) => n.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });
});

describe('folderLabel', () => {
  it('is relative to the only root, undefined at its top', () => {
    expect(folderLabel('/ws/a/b/x.yaml', ['/ws'])).toBe('a/b');
    expect(folderLabel('/ws/x.yaml', ['/ws'])).toBeUndefined();
  });
  it('is prefixed with the root name in multi-root workspaces', () => {
    expect(folderLabel('/one/a/x.yaml', ['/one', '/two'])).toBe('one/a');
    expect(folderLabel('/two/x.yaml', ['/one', '/two'])).toBe('two');
  });
  it('is the absolute folder outside the roots, and not fooled by a shared prefix', () => {
    expect(folderLabel('/wsx/x.yaml', ['/ws'])).toBe('/wsx');
  });
});

describe('labels', () => {
  it('shortens long reasons', () => {
    const r = result('diverged', ref('ConfigMap', 'a'), undefined, [], 'x'.repeat(200));
    expect(shortReason(r)).toHaveLength(80);
    expect(resourceLabel(r)).toBe('ConfigMap a');
  });
});

describe('field nodes', () => {
  it('open the object when the manifest lacks the field (removed), and say who owns it', () => {
    const removed = { path: 'metadata.labels.team', change: 'removed' as const, live: 'core', owner: { manager: 'kubectl-label' } };
    const r = result('diverged', ref('ConfigMap', 'a', 'x'), source(`${ROOT}/a.yaml`, 0, 4), [removed], 'labels.team "core" only in cluster');
    const [field] = flattenTree(buildDriftTree([report([r])], { roots: [ROOT] })).filter((n) => n.kind === 'field');
    expect(field.open?.range).toEqual(r.source!.range);
    expect(field.icon?.id).toBe('diff-removed');
    expect(field.description).toBe('team core only in cluster by kubectl-label');
  });
  it('are only listed under diverged resources', () => {
    const r = result('missing', ref('ConfigMap', 'a', 'x'), source(`${ROOT}/a.yaml`), [imageDrift]);
    const node = flattenTree(buildDriftTree([report([r])], { roots: [ROOT] })).find((n) => n.kind === 'resource')!;
    expect(node.children).toEqual([]);
    expect(node.expanded).toBeUndefined();
  });
});

describe('rendering and Restricted Mode in the tree', () => {
  const overlay = `${ROOT}/apps/overlays/prod`;
  const renderedResult = (ns: string, root: string) => ({
    ...result('converged', ref('Deployment', 'web', ns), source(`${ROOT}/apps/base/deploy.yaml`), [], 'live matches the manifest'),
    rendered: {
      tool: 'kustomize' as const,
      root,
      note: `rendered from ${root.slice(ROOT.length + 1)}`,
      patches: [source(`${root}/patch.yaml`)],
      owner: { ref: ref('Kustomization', 'apps', 'flux-system', 'kustomize.toolkit.fluxcd.io/v1'), file: `${ROOT}/clusters/prod/apps.yaml` },
    },
  });
  it('says where a rendered object comes from, and keeps two overlays of one base apart', () => {
    const rep = report([renderedResult('prod', overlay), renderedResult('staging', `${ROOT}/apps/overlays/staging`)]);
    const nodes = flattenTree(buildDriftTree([rep], { roots: [ROOT] })).filter((n) => n.kind === 'resource');
    expect(nodes.map((n) => n.description)).toEqual(['converged · rendered from apps/overlays/prod', 'converged · rendered from apps/overlays/staging']);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(2);
    expect(nodes[0].tooltip).toContain('rendered from apps/overlays/prod (kustomize) · applied by Kustomization flux\\-system/apps in `clusters/prod/apps.yaml` · patched by `apps/overlays/prod/patch.yaml`');
    expect(nodes[0].ariaLabel).toBe('Deployment prod/web, converged, rendered from apps/overlays/prod');
  });
  it('lists a kustomization that was not rendered under its file, with the reason', () => {
    const rep = report([]);
    rep.problems.push({ file: `${overlay}/kustomization.yaml`, range: source('x').range, severity: 'warning', rule: 'not-rendered', message: 'kustomization apps/overlays/prod: not rendered (workspace not trusted)' });
    const [ctx] = buildDriftTree([rep], { roots: [ROOT] });
    const nodes = flattenTree([ctx]);
    const file = nodes.find((n) => n.kind === 'file')!;
    expect(file.label).toBe('kustomization.yaml');
    expect(file.description).toBe('not rendered: workspace not trusted');
    const row = nodes.find((n) => n.contextValue === 'notRendered')!;
    expect(row.label).toBe('kustomization apps/overlays/prod');
    expect(row.description).toBe('not rendered: workspace not trusted');
    expect(row.open?.file).toBe(`${overlay}/kustomization.yaml`);
    expect(nodes.some((n) => n.label === 'No resources')).toBe(false);
    const [, byKind] = [0, buildDriftTree([rep], { roots: [ROOT], groupBy: 'kind' })[0]];
    expect(byKind.children.map((n) => n.description)).toEqual(['not rendered: workspace not trusted']);
  });
  it('puts the Restricted Mode row first, clicking it manages workspace trust', () => {
    const tree = buildDriftTree([sampleReport()], { roots: [ROOT], restricted: { label: 'Restricted Mode', description: 'plain manifests only · click to trust', tooltip: 't', statusLine: 's' } });
    expect(tree[0]).toMatchObject({ kind: 'info', label: 'Restricted Mode', command: { command: 'workbench.trust.manage' }, icon: { id: 'shield' } });
    expect(tree[1].kind).toBe('context');
    expect(buildDriftTree([sampleReport()], { roots: [ROOT] })[0].kind).toBe('context');
  });
});

describe('treeSignature (a re-check that changed nothing is not drawn again)', () => {
  it('is the same for two checks with the same verdicts, and differs when anything shown or acted on changes', () => {
    const a = buildDriftTree([sampleReport()], { roots: [ROOT] });
    const b = buildDriftTree([sampleReport()], { roots: [ROOT] });
    expect(a).not.toBe(b);
    expect(treeSignature(a)).toBe(treeSignature(b));

    const relabelled = buildDriftTree([sampleReport()], { roots: [ROOT] });
    const node = flattenTree(relabelled).find((n) => n.kind === 'resource')!;
    node.description = `PR #3 · ${node.description}`;
    expect(treeSignature(relabelled)).not.toBe(treeSignature(a));

    const newer = sampleReport();
    newer.resources[0] = { ...newer.resources[0], liveResourceVersion: 'changed-live' };
    expect(treeSignature(buildDriftTree([newer], { roots: [ROOT] }))).not.toBe(treeSignature(a));

    const moved = sampleReport();
    const first = moved.resources.find((r) => r.source)!;
    first.source = source(first.source!.file, first.source!.docIndex, 40);
    expect(treeSignature(buildDriftTree([moved], { roots: [ROOT] }))).not.toBe(treeSignature(a));
  });
});
