// What the operators change before/after building: Argo CD image overrides, Flux post-build variables, the wrapper.
import { describe, expect, it } from 'vitest';
import { argoImage } from '../../../src/core/gitops/argo';
import { substitutePostBuild } from '../../../src/core/gitops/post-build';
import { wrapperKustomization } from '../../../src/core/render/kustomize-overrides';

describe('argoImage', () => {
  it('reads `[name=]image[:tag|@digest]`', () => {
    expect(argoImage('nginx:1.27')).toEqual({ name: 'nginx', newTag: '1.27' });
    expect(argoImage('registry:5000/team/web:2.0')).toEqual({ name: 'registry:5000/team/web', newTag: '2.0' });
    expect(argoImage('web=ghcr.io/example/web:1.4.2')).toEqual({ name: 'web', newName: 'ghcr.io/example/web', newTag: '1.4.2' });
    expect(argoImage('nginx@sha256:abc')).toEqual({ name: 'nginx', digest: 'sha256:abc' });
    expect(argoImage('registry:5000/web')).toEqual({ name: 'registry:5000/web' });
  });
});

describe('substitutePostBuild', () => {
  const cm = (data: Record<string, string>, annotations?: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', ...(annotations ? { annotations } : {}) },
    data,
  });

  it('replaces variables with values, defaults, or nothing', () => {
    const out = substitutePostBuild(cm({ a: '${A}', b: '${B:=dflt}', c: '${C:-other}', d: 'pre-${MISSING}-post', e: '$NOT_BRACED' }), { substitute: { A: 'one' }, fromCluster: false });
    expect(out.data).toEqual({ a: 'one', b: 'dflt', c: 'other', d: 'pre--post', e: '$NOT_BRACED' });
  });

  it('keeps variables the cluster may define, and objects that opt out', () => {
    expect(substitutePostBuild(cm({ a: '${A}' }), { substitute: {}, fromCluster: true }).data).toEqual({ a: '${A}' });
    const optOut = cm({ a: '${A}' }, { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' });
    expect(substitutePostBuild(optOut, { substitute: { A: 'one' }, fromCluster: false })).toBe(optOut);
  });

  it('types follow the text, as with Flux: a number stays a number', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replicas: '${R}' } };
    expect(substitutePostBuild(deploy, { substitute: { R: '3' }, fromCluster: false }).spec).toEqual({ replicas: 3 });
  });
});

describe('wrapperKustomization', () => {
  it('points at the real kustomization with relative paths and adds the overrides', () => {
    expect(
      wrapperKustomization('/repo/apps/prod', { namespace: 'shop', namePrefix: 'p-', components: ['/repo/components/x'], images: [{ name: 'a', newTag: '2' }] }, '/tmp/w1'),
    ).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../repo/apps/prod'],
      namespace: 'shop',
      namePrefix: 'p-',
      images: [{ name: 'a', newTag: '2' }],
      components: ['../../repo/components/x'],
    });
  });
});
