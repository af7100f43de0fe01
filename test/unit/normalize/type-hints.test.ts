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

describe('CRD hints', async () => {
  const { hintsFromCrd, registerCrdHints } = await import('../../../src/core/normalize/type-hints');
  const { offlineDiff } = await import('../../../src/core/diff/offline');
  const { compareDryRun } = await import('../../../src/core/diff/dry-run-compare');
  const { requestObject, responseObject, yamlFile } = await import('../diff/fixtures');
  const crd = yamlFile(join(K8S, 'exchanges', '05-crd', 'crd.yaml'));

  it('reads list-map keys, sets and int-or-string from the structural schema', () => {
    const h = hintsFromCrd(crd)['rec.example.com/v1/Widget']!;
    const spec = childHint(h.root, 'spec');
    expect(childHint(spec, 'ports')?.listKeys).toEqual(['name']);
    expect(childHint(spec, 'tags')?.setList).toBe(true);
    expect(childHint(spec, 'cpu')?.intOrString).toBe(true);
    expect(childHint(spec, 'cpu')?.quantity).toBeUndefined();
  });

  it('with registered CRD hints the recorded CR is still converged, and ports match by name', () => {
    registerCrdHints(crd);
    expect(hintsFor('rec.example.com/v1', 'Widget').known).toBe(true);
    const desired = requestObject('05-crd/08-ssa-create-cr.json') as any;
    const live = responseObject('05-crd/09-get-cr.json') as any;
    expect(offlineDiff(desired, live)).toEqual([]);
    expect(compareDryRun(responseObject('05-crd/10-ssa-dryrun-cr-same-manifest.json'), live)).toEqual([]);
    desired.spec.ports[0].port = 81;
    expect(offlineDiff(desired, live).map((e) => e.path)).toEqual(['spec.ports[name="http"].port']);
  });
});
