import { describe, expect, it } from 'vitest';
import { formatDiffPath, parseDiffPath, resolvePath, resolvePathLoose } from '../../../src/core/ownership/diff-path';
import { liveFixture } from './fixtures';

describe('parseDiffPath', () => {
  it('parses fields, merge keys, sets, indices and quoted keys', () => {
    expect(parseDiffPath('spec.template.spec.containers[name="app"].image')).toEqual([
      { kind: 'field', name: 'spec' },
      { kind: 'field', name: 'template' },
      { kind: 'field', name: 'spec' },
      { kind: 'field', name: 'containers' },
      { kind: 'key', key: { name: 'app' } },
      { kind: 'field', name: 'image' },
    ]);
    expect(parseDiffPath('spec.ports[port=80,protocol="TCP"].targetPort')?.[2]).toEqual({
      kind: 'key',
      key: { port: 80, protocol: 'TCP' },
    });
    expect(parseDiffPath('metadata.finalizers[="kubernetes"]')?.[2]).toEqual({ kind: 'value', value: 'kubernetes' });
    expect(parseDiffPath('spec.args[0]')?.[2]).toEqual({ kind: 'index', index: 0 });
    expect(parseDiffPath('metadata.labels["app.kubernetes.io/name"]')?.[2]).toEqual({
      kind: 'field',
      name: 'app.kubernetes.io/name',
      quoted: true,
    });
    expect(parseDiffPath('.spec.replicas')).toEqual([
      { kind: 'field', name: 'spec' },
      { kind: 'field', name: 'replicas' },
    ]);
    expect(parseDiffPath('x[name="a]b",n=1]')?.[1]).toEqual({ kind: 'key', key: { name: 'a]b', n: 1 } });
  });

  it('rejects broken syntax', () => {
    for (const bad of ['spec..x', 'spec.', 'a[name="x"', 'a[=nope]', 'a[name=]', '']) {
      if (bad === '') expect(parseDiffPath(bad)).toEqual([]);
      else expect(parseDiffPath(bad), bad).toBeUndefined();
    }
  });

  it('round-trips through formatDiffPath', () => {
    for (const p of [
      'spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"].containerPort',
      'metadata.annotations["deployment.kubernetes.io/revision"]',
      'spec.tags[="a"]',
      'spec.args[3]',
      '["weird key"].x',
    ]) {
      expect(formatDiffPath(parseDiffPath(p)!)).toBe(p);
    }
  });
});

describe('resolvePath', () => {
  const live = liveFixture('deploy-after-kubectl-edit');

  it('resolves merge keys to live list indices', () => {
    expect(resolvePath(live, 'spec.template.spec.containers[name="app"].env[name="FEATURE_X"].value')).toEqual([
      'spec', 'template', 'spec', 'containers', 0, 'env', 1, 'value',
    ]);
    expect(resolvePath(live, 'spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"]')).toEqual([
      'spec', 'template', 'spec', 'containers', 0, 'ports', 0,
    ]);
  });

  it('resolves quoted and unquoted dotted keys', () => {
    const expected = ['metadata', 'annotations', 'deployment.kubernetes.io/revision'];
    expect(resolvePath(live, 'metadata.annotations["deployment.kubernetes.io/revision"]')).toEqual(expected);
    expect(resolvePath(live, 'metadata.annotations.deployment.kubernetes.io/revision')).toEqual(expected);
  });

  it('is undefined for absent fields and items', () => {
    expect(resolvePath(live, 'spec.template.spec.containers[name="sidecar"].image')).toBeUndefined();
    expect(resolvePath(live, 'spec.paused')).toBeUndefined();
    expect(resolvePath(live, 'spec.replicas.x')).toBeUndefined();
    expect(resolvePath(live, 'spec.template.spec.containers[7]')).toBeUndefined();
  });

  it('loose resolution appends missing trailing fields by name', () => {
    expect(resolvePathLoose(live, parseDiffPath('spec.paused')!)).toEqual(['spec', 'paused']);
    expect(resolvePathLoose(live, parseDiffPath('metadata.annotations["example.com/x"]')!)).toEqual([
      'metadata', 'annotations', 'example.com/x',
    ]);
    expect(resolvePathLoose(live, parseDiffPath('spec.template.spec.containers[name="x"].image')!)).toBeUndefined();
  });
});

describe('resolvePath in manifests', () => {
  it('accepts list items that omit a defaulted key field, if unambiguous', () => {
    const manifest = { spec: { ports: [{ containerPort: 80 }, { containerPort: 443 }] } };
    expect(resolvePath(manifest, 'spec.ports[containerPort=443,protocol="TCP"]')).toEqual(['spec', 'ports', 1]);
    expect(resolvePath(manifest, 'spec.ports[containerPort=8080,protocol="TCP"]')).toBeUndefined();
    const ambiguous = { spec: { ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }] } };
    expect(resolvePath(ambiguous, 'spec.ports[containerPort=80,protocol="TCP"]')).toEqual(['spec', 'ports', 0]);
    const twice = { spec: { ports: [{ containerPort: 80 }, { containerPort: 80 }] } };
    expect(resolvePath(twice, 'spec.ports[containerPort=80,protocol="TCP"]')).toBeUndefined();
  });
});
