import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypeHints } from '../../../scripts/gen-type-hints';
import { childHint, hintsFor, itemHint } from '../../../src/core/normalize/type-hints';
import { K8S } from '../diff/fixtures';

const GENERATED = join(__dirname, '../../../src/core/normalize/type-hints.generated.json');

describe('type-hints.generated.json', () => {
  const gen = generateTypeHints(join(K8S, 'openapi', 'v3')) as Record<string, any>;

  it('is up to date with the generator and the recorded OpenAPI', () => {
    expect(JSON.parse(readFileSync(GENERATED, 'utf8'))).toEqual(gen);
  });

  it('is small', () => {
    expect(readFileSync(GENERATED, 'utf8').length).toBeLessThan(100_000);
  });

  it('has the well-known merge keys', () => {
    const d = gen['apps/v1/Deployment'];
    const pod = 'spec.template.spec';
    expect(d.mapLists[`${pod}.containers`]).toEqual(['name']);
    expect(d.mapLists[`${pod}.containers[].ports`]).toEqual(['containerPort', 'protocol']);
    expect(d.mapLists[`${pod}.containers[].env`]).toEqual(['name']);
    expect(d.mapLists[`${pod}.containers[].volumeMounts`]).toEqual(['mountPath']);
    expect(d.mapLists[`${pod}.volumes`]).toEqual(['name']);
    expect(d.quantity).toContain(`${pod}.containers[].resources.limits.*`);
    expect(d.intOrString).toContain('spec.strategy.rollingUpdate.maxSurge');
    expect(gen['v1/Service'].mapLists['spec.ports']).toEqual(['port', 'protocol']);
    expect(gen['v1/Service'].intOrString).toEqual(['spec.ports[].targetPort']);
    expect(gen['v1/Pod'].mapLists['spec.containers']).toEqual(['name']);
    expect(gen['batch/v1/CronJob'].mapLists['spec.jobTemplate.spec.template.spec.containers']).toEqual(['name']);
    expect(gen['apps/v1/StatefulSet'].quantity).toContain('spec.volumeClaimTemplates[].spec.resources.requests.*');
  });
});

describe('hintsFor', () => {
  it('walks the trie by field, map value and list item', () => {
    const h = hintsFor('apps/v1', 'Deployment');
    expect(h.known).toBe(true);
    let n = h.root;
    for (const k of ['spec', 'template', 'spec', 'containers']) n = childHint(n, k)!;
    expect(n.listKeys).toEqual(['name']);
    const cpu = childHint(childHint(childHint(itemHint(n), 'resources'), 'limits'), 'cpu');
    expect(cpu?.quantity).toBe(true);
    expect(childHint(childHint(h.root, 'metadata'), 'finalizers')?.setList).toBe(true);
  });
  it('custom resources are unknown (no canonicalisation)', () => {
    const h = hintsFor('rec.example.com/v1', 'Widget');
    expect(h.known).toBe(false);
    expect(childHint(h.root, 'spec')).toBeUndefined();
  });
});
