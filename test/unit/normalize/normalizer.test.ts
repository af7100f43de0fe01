import { describe, expect, it } from 'vitest';
import {
  base64Equal,
  isEffectivelyEmpty,
  Normalizer,
  secretAsStored,
  stringDataEqualsData,
  stripNoise,
} from '../../../src/core/normalize/normalizer';
import { childHint } from '../../../src/core/normalize/type-hints';
import { responseObject } from '../diff/fixtures';

describe('Normalizer', () => {
  const n = new Normalizer({ apiVersion: 'apps/v1', kind: 'Deployment' });
  const containers = ['spec', 'template', 'spec', 'containers'].reduce((h, k) => childHint(h, k), n.root as any);
  const ports = childHint(containers.item, 'ports')!;

  it('defaults the protocol list key to TCP', () => {
    expect(n.listItemKey({ containerPort: 80 }, ports.listKeys!)).toEqual([['containerPort', 80], ['protocol', 'TCP']]);
    const live = [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80, protocol: 'TCP' }];
    expect(n.findByKey(live, ports.listKeys!, n.listItemKey({ containerPort: 80 }, ports.listKeys!))).toBe(1);
    expect(n.findByKey(live, ports.listKeys!, n.listItemKey({ containerPort: 53 }, ports.listKeys!))).toBe(-1);
  });

  it('compares quantity leaves by value only where the schema says quantity', () => {
    const cpu = childHint(childHint(childHint(containers.item, 'resources'), 'limits'), 'cpu');
    expect(n.scalarsEqual(0.5, '500m', cpu)).toBe(true);
    expect(n.normalizeValue('1024Mi', cpu)).toBe('1Gi');
    expect(n.scalarsEqual('0.5', '500m', childHint(containers.item, 'image'))).toBe(false);
    const maxSurge = ['spec', 'strategy', 'rollingUpdate', 'maxSurge'].reduce((h, k) => childHint(h, k), n.root as any);
    expect(maxSurge.intOrString).toBe(true);
    expect(n.scalarsEqual('1', 1, maxSurge)).toBe(false);
  });

  it('list kinds', () => {
    expect(n.listKind(containers)).toBe('map');
    expect(n.listKind(childHint(containers.item, 'args'))).toBe('atomic');
    expect(new Normalizer({ apiVersion: 'x.io/v1', kind: 'Thing' }).listKind(undefined)).toBe('unknown');
  });
});

describe('emptiness, base64, secrets, noise', () => {
  it('effectively empty', () => {
    expect(isEffectivelyEmpty({ a: null, b: {}, c: { d: [] } })).toBe(true);
    expect(isEffectivelyEmpty({ a: 0 })).toBe(false);
  });

  it('base64 by bytes and stringData against data', () => {
    expect(base64Equal('YWJj', 'YWJj\n')).toBe(true);
    expect(base64Equal('YWJj', 'YWJk')).toBe(false);
    expect(stringDataEqualsData('abc', 'YWJj')).toBe(true);
    expect(stringDataEqualsData('abd', 'YWJj')).toBe(false);
  });

  it('secretAsStored folds stringData into data; stringData wins', () => {
    const s = secretAsStored({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'eA==', b: 'eQ==' },
      stringData: { b: 'z' },
    });
    expect(s.data).toEqual({ a: 'eA==', b: 'eg==' });
    expect(s.stringData).toBeUndefined();
  });

  it('stripNoise drops server metadata, last-applied and status', () => {
    const live = responseObject('02-client-side-apply/03-get-configmap.json');
    const s = stripNoise(live);
    expect(Object.keys(s.metadata).sort()).toEqual(['labels', 'name', 'namespace']);
    expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();
    expect(s.data).toEqual(live.data);
    expect(live.metadata.managedFields).toBeDefined(); // input untouched
  });
});

describe('server annotations', () => {
  it('stripNoise drops the DaemonSet template generation annotation (bumped by dry-runs of template changes)', () => {
    const ds = responseObject('03-quantities-and-defaults/30-get-daemonset-minimal.json');
    expect(ds.metadata.annotations?.['deprecated.daemonset.template.generation']).toBeDefined();
    expect(stripNoise(ds).metadata.annotations?.['deprecated.daemonset.template.generation']).toBeUndefined();
  });
});
