import { describe, expect, it } from 'vitest';
import {
  decodeFieldsV1,
  formatFieldsPath,
  matchLivePath,
  ownedLeaves,
  ownedPaths,
  parseFieldsV1Token,
} from '../../../src/core/ownership/fields-v1';
import { liveFixture } from './fixtures';

describe('parseFieldsV1Token', () => {
  it('decodes every element kind', () => {
    expect(parseFieldsV1Token('f:deployment.kubernetes.io/revision')).toEqual({
      kind: 'field',
      name: 'deployment.kubernetes.io/revision',
    });
    expect(parseFieldsV1Token('k:{"containerPort":80,"protocol":"TCP"}')).toEqual({
      kind: 'key',
      key: { containerPort: 80, protocol: 'TCP' },
    });
    expect(parseFieldsV1Token('v:"a"')).toEqual({ kind: 'value', value: 'a' });
    expect(parseFieldsV1Token('v:3')).toEqual({ kind: 'value', value: 3 });
    expect(parseFieldsV1Token('i:2')).toEqual({ kind: 'index', index: 2 });
  });
  it('rejects malformed tokens', () => {
    expect(parseFieldsV1Token('k:{bad')).toBeUndefined();
    expect(parseFieldsV1Token('k:"x"')).toBeUndefined();
    expect(parseFieldsV1Token('i:-1')).toBeUndefined();
    expect(parseFieldsV1Token('x:y')).toBeUndefined();
  });
});

describe('decodeFieldsV1 / ownedPaths', () => {
  const live = liveFixture('deploy-after-ssa-create');
  const [applier, controller] = live.metadata.managedFields!;

  it('lists the applier leaves with formatted paths', () => {
    const leaves = ownedLeaves(applier!).map(formatFieldsPath);
    expect(leaves).toContain('metadata.labels.team');
    expect(leaves).toContain('spec.replicas');
    expect(leaves).toContain('spec.selector');
    expect(leaves).toContain('spec.template.spec.containers[name="app"].image');
    expect(leaves).toContain('spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"].containerPort');
    expect(leaves).toContain('spec.template.spec.containers[name="app"].env[name="LOG_LEVEL"].value');
    expect(leaves).not.toContain('spec.template.spec.containers[name="app"]');
    expect(leaves).toHaveLength(16);
  });

  it('marks `.` members as non-leaf members', () => {
    const members = ownedPaths(controller!);
    const annotations = members.find((m) => formatFieldsPath(m.segments) === 'metadata.annotations');
    expect(annotations).toEqual(expect.objectContaining({ leaf: false }));
    const item = ownedPaths(applier!).find((m) => formatFieldsPath(m.segments) === 'spec.template.spec.containers[name="app"]');
    expect(item?.leaf).toBe(false);
  });

  it('formats set items and positions', () => {
    const node = decodeFieldsV1({ 'f:spec': { 'f:tags': { 'v:"a"': {} }, 'f:args': { 'i:1': {} } } });
    expect(ownedLeaves(node).map(formatFieldsPath)).toEqual(['spec.tags[="a"]', 'spec.args[1]']);
  });

  it('tolerates garbage', () => {
    expect(ownedPaths({ fieldsV1: undefined })).toEqual([]);
    expect(ownedPaths({ fieldsV1: { 'zz:1': {}, 'f:a': 'not-an-object' } }).map((p) => formatFieldsPath(p.segments))).toEqual(['a']);
  });
});

describe('matchLivePath', () => {
  const live = liveFixture('deploy-after-ssa-create');
  const applier = decodeFieldsV1(live.metadata.managedFields![0]!.fieldsV1);
  const controller = decodeFieldsV1(live.metadata.managedFields![1]!.fieldsV1);
  const c = ['spec', 'template', 'spec', 'containers', 0];

  it('resolves k: keys against the live list items', () => {
    expect(matchLivePath(applier, live, [...c, 'image'])).toBe('exact');
    expect(matchLivePath(applier, live, [...c, 'env', 1, 'value'])).toBe('exact'); // FEATURE_X is the 2nd item live
    expect(matchLivePath(applier, live, [...c, 'ports', 0, 'containerPort'])).toBe('exact');
    expect(matchLivePath(applier, live, [...c, 'ports', 0, 'protocol'])).toBeUndefined(); // defaulted, not applied
    expect(matchLivePath(applier, live, [...c, 'imagePullPolicy'])).toBeUndefined();
    expect(matchLivePath(applier, live, [...c, 'env', 5, 'value'])).toBeUndefined();
  });

  it('distinguishes exact, atomic and descendants', () => {
    expect(matchLivePath(applier, live, c)).toBe('exact'); // `.` marker on the item
    expect(matchLivePath(applier, live, ['spec', 'selector', 'matchLabels', 'app'])).toBe('atomic');
    expect(matchLivePath(applier, live, ['spec', 'template'])).toBe('descendants');
    expect(matchLivePath(applier, live, ['metadata', 'labels'])).toBe('descendants');
    expect(matchLivePath(controller, live, ['metadata', 'annotations'])).toBe('exact');
    expect(matchLivePath(controller, live, ['status', 'conditions', 1, 'reason'])).toBe('exact');
    expect(matchLivePath(controller, live, ['spec'])).toBeUndefined();
  });

  it('matches set items by value and positional items by index', () => {
    const widget = liveFixture('widget-after-status');
    const set = decodeFieldsV1(widget.metadata.managedFields![0]!.fieldsV1);
    expect(matchLivePath(set, widget, ['spec', 'tags', 1])).toBe('exact');
    expect(matchLivePath(set, widget, ['spec', 'settings', 'custom', 'nested', 0])).toBe('atomic');
    const positional = decodeFieldsV1({ 'f:spec': { 'f:tags': { 'i:0': {} } } });
    expect(matchLivePath(positional, widget, ['spec', 'tags', 0])).toBe('exact');
    expect(matchLivePath(positional, widget, ['spec', 'tags', 1])).toBeUndefined();
  });
});
