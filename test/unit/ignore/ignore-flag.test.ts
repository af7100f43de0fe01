import { describe, expect, it } from 'vitest';
import { parseIgnoreFlag, parseIgnoreManagerFlag } from '../../../src/core/ignore/ignore-rules';

describe('parseIgnoreFlag', () => {
  it('parses selectors and pointers', () => {
    expect(parseIgnoreFlag('apps/Deployment:/spec/replicas')).toEqual({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] });
    expect(parseIgnoreFlag('Deployment/web:/spec/replicas')).toEqual({ kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] });
    expect(parseIgnoreFlag('apps/Deployment/prod/web:/spec/replicas')).toEqual({
      group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web', jsonPointers: ['/spec/replicas'],
    });
    expect(parseIgnoreFlag('core/ConfigMap:/data/a~1b')).toEqual({ group: '', kind: 'ConfigMap', jsonPointers: ['/data/a~1b'] });
    expect(parseIgnoreFlag('/ConfigMap:/data')).toEqual({ group: '', kind: 'ConfigMap', jsonPointers: ['/data'] });
    expect(parseIgnoreFlag('*:/metadata/labels')).toEqual({ jsonPointers: ['/metadata/labels'] });
    expect(parseIgnoreFlag(':/metadata/labels')).toEqual({ jsonPointers: ['/metadata/labels'] });
    expect(parseIgnoreFlag('networking.k8s.io/Ingress:/spec/rules/0/host')).toEqual({
      group: 'networking.k8s.io', kind: 'Ingress', jsonPointers: ['/spec/rules/0/host'],
    });
    expect(parseIgnoreFlag('Deployment:manager=kube-controller-manager')).toEqual({ kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] });
  });

  it('accepts the flag itself in front', () => {
    expect(parseIgnoreFlag('--ignore=apps/Deployment:/spec/replicas')).toEqual(parseIgnoreFlag('apps/Deployment:/spec/replicas'));
    expect(parseIgnoreFlag('--ignore apps/Deployment:/spec/replicas')).toEqual(parseIgnoreFlag('apps/Deployment:/spec/replicas'));
    expect(parseIgnoreFlag('--ignore-manager kube-controller-manager')).toEqual({ managedFieldsManagers: ['kube-controller-manager'] });
    expect(parseIgnoreFlag('--ignore-manager=apps/Deployment:kube-controller-manager')).toEqual({
      group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'],
    });
  });

  it('rejects malformed rules with readable errors', () => {
    expect(() => parseIgnoreFlag('Deployment/web')).toThrow(/expected '<selector>:<json-pointer>'/);
    expect(() => parseIgnoreFlag('Deployment:spec/replicas')).toThrow(/not a JSON pointer/);
    expect(() => parseIgnoreFlag('Deployment:')).toThrow(/not a JSON pointer/);
    expect(() => parseIgnoreFlag('apps/v1/x:/spec')).toThrow(/invalid object selector/);
    expect(() => parseIgnoreFlag('Deployment/a/b/c:/spec')).toThrow(/invalid object selector/);
    expect(() => parseIgnoreFlag('Deployment:manager=')).toThrow(/empty manager/);
    expect(() => parseIgnoreManagerFlag('  ')).toThrow(/expected/);
  });
});

describe('parseIgnoreManagerFlag', () => {
  it('takes a manager, optionally after a selector; names with colons stay whole', () => {
    expect(parseIgnoreManagerFlag('kube-controller-manager')).toEqual({ managedFieldsManagers: ['kube-controller-manager'] });
    expect(parseIgnoreManagerFlag('Deployment/web:kube-controller-manager')).toEqual({
      kind: 'Deployment', name: 'web', managedFieldsManagers: ['kube-controller-manager'],
    });
    expect(parseIgnoreManagerFlag('system:serviceaccount:x')).toEqual({ managedFieldsManagers: ['system:serviceaccount:x'] });
  });
});
