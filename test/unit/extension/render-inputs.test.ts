import { describe, expect, it } from 'vitest';
import { isRenderInput } from '../../../src/extension/checks/render-inputs';
import { ref, result, source } from './fixtures';

describe('isRenderInput', () => {
  const files = new Set(['/ws/deploy/base/kustomization.yaml', '/ws/charts/web/Chart.yaml']);
  const has = (p: string) => files.has(p);
  it('is true for files in or below a kustomization or chart folder', () => {
    expect(isRenderInput('/ws/deploy/base/config.yaml', ['/ws'], [], has)).toBe(true);
    expect(isRenderInput('/ws/charts/web/templates/deploy.yaml', ['/ws'], [], has)).toBe(true);
    expect(isRenderInput('/ws/apps/web/deploy.yaml', ['/ws'], [], has)).toBe(false);
    expect(isRenderInput('/elsewhere/x.yaml', ['/ws'], [], has)).toBe(false);
  });
  it('is true for a rendered object\'s source or patch anywhere', () => {
    const rendered = { ...result('converged', ref('ConfigMap', 'a', 'prod'), source('/ws/shared/a.yaml')), rendered: { tool: 'kustomize' as const, root: '/ws/o', note: 'rendered from o', patches: [source('/ws/patches/p.yaml')] } };
    expect(isRenderInput('/ws/shared/a.yaml', ['/ws'], [rendered], has)).toBe(true);
    expect(isRenderInput('/ws/patches/p.yaml', ['/ws'], [rendered], has)).toBe(true);
    expect(isRenderInput('/ws/patches/q.yaml', ['/ws'], [rendered], has)).toBe(false);
  });
});
