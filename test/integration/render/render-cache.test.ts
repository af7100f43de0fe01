// Re-checks after a save: unchanged kustomizations and charts come from the cache, changed ones render again.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests } from '../../../src/core/manifests/load-workspace';
import { RenderCache } from '../../../src/core/render/render-cache';
import { kubeTool } from '../../support/kube-tools';

const repo = mkdtempSync(join(tmpdir(), 'converge-render-cache-'));
cpSync(resolve(__dirname, '../../../samples/flux-repo'), repo, { recursive: true });
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('render cache', () => {
  it('renders only what changed', async () => {
    const cache = new RenderCache();
    const render = { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true, cache };
    const load = () => loadWorkspaceManifests([repo], { render });
    const statuses = (ws: Awaited<ReturnType<typeof load>>) => ws.gitops!.renders.map((r) => `${r.dir.slice(repo.length + 1)} ${r.status}`);

    const first = await load();
    expect(statuses(first).every((s) => s.endsWith(' rendered'))).toBe(true);

    const second = await load();
    expect(statuses(second).every((s) => s.endsWith(' cached'))).toBe(true);
    expect(second.objects.map((d) => d.object)).toEqual(first.objects.map((d) => d.object));

    writeFileSync(join(repo, 'apps/overlays/prod/web-replicas.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n');
    writeFileSync(join(repo, 'charts/cache/values-prod.yaml'), 'maxMemory: 1gb\n');
    const third = await load();
    expect(statuses(third)).toEqual([
      'apps/overlays/prod rendered',
      'charts/cache rendered',
      'apps/overlays/staging cached',
      'charts/cache rendered', // values-prod.yaml is in the chart folder: any change there renders the chart again
      'clusters/prod/flux-system cached',
      'clusters/staging/flux-system cached',
    ]);
    const web = third.objects.find((d) => d.object.kind === 'Deployment' && d.object.metadata.name === 'web' && d.object.metadata.namespace === 'shop')!;
    expect((web.object.spec as any).replicas).toBe(4);
  });
});
