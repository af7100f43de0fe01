import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDryRun } from '../../../src/core/diff/dry-run-compare';
import type { KubeObject } from '../../../src/core/types';
import { EXCHANGES, K8S, requestObject, responseObject, yamlFile } from './fixtures';

const D = '01-ssa-create-deployment';
const Q = '03-quantities-and-defaults';
const brief = (entries: ReturnType<typeof compareDryRun>) => entries.map((e) => [e.path, e.change, e.live, e.desired]);

describe('compareDryRun: same-manifest dry-runs are converged', () => {
  const pairs: Array<[string, string]> = [
    [`${D}/04-ssa-dryrun-same-manifest.json`, `${D}/03-get-after-create.json`],
    [`${D}/05-ssa-apply-same-manifest-real.json`, `${D}/03-get-after-create.json`],
    [`${Q}/03-ssa-dryrun-deployment-quantities-same-manifest.json`, `${Q}/02-get-deployment-quantities.json`],
    [`${Q}/07-ssa-dryrun-deployment-pullpolicy-ports-same-manifest.json`, `${Q}/06-get-deployment-pullpolicy-ports.json`],
    // only managedFields differ (README: a drift engine comparing managedFields would see a false difference)
    [`${Q}/10-ssa-dryrun-deployment-nulls-and-empties-same-manifest.json`, `${Q}/09-get-deployment-nulls-and-empties.json`],
    [`${Q}/23-ssa-dryrun-job-minimal-same-manifest.json`, `${Q}/22-get-job-minimal.json`],
    [`${Q}/28-ssa-dryrun-statefulset-minimal-same-manifest.json`, `${Q}/27-get-statefulset-minimal.json`],
    ['02-client-side-apply/07-raw-ssa-dryrun-configmap-gitops-test.json', '02-client-side-apply/05-kubectl-apply-configmap-v2.http-02-patch.json'],
    ['02-client-side-apply/09-raw-ssa-dryrun-service-gitops-test.json', '02-client-side-apply/04-get-service.json'],
    ['02-client-side-apply/14-raw-ssa-dryrun-service-after-drift.json', '02-client-side-apply/13-get-service-after-patch.json'],
    ['04-secret/03-ssa-dryrun-same-stringdata.json', '04-secret/02-get-secret.json'],
    ['04-secret/05-ssa-dryrun-same-values-as-data-base64.json', '04-secret/02-get-secret.json'],
    ['05-crd/10-ssa-dryrun-cr-same-manifest.json', '05-crd/09-get-cr.json'],
    ['05-crd/19-ssa-dryrun-cr-same-manifest-after-status.json', '05-crd/18-get-cr-after-status.json'],
    ['05-crd/20-ssa-cr-with-status-in-manifest-ignored.json', '05-crd/18-get-cr-after-status.json'],
    ['09-hpa-and-status/09-ssa-dryrun-manifest-without-replicas.json', '09-hpa-and-status/04-get-deployment-scaled-by-hpa.json'],
    ['09-hpa-and-status/10-ssa-dryrun-hpa-same-manifest.json', '09-hpa-and-status/03-get-hpa.json'],
  ];
  it.each(pairs)('%s', (dry, live) => {
    expect(compareDryRun(responseObject(dry), responseObject(live), requestObject(dry))).toEqual([]);
  });

  it('CR status is compared only when asked', () => {
    const dry = responseObject('05-crd/19-ssa-dryrun-cr-same-manifest-after-status.json');
    const live = responseObject('05-crd/09-get-cr.json');
    expect(compareDryRun(dry, live)).toEqual([]);
    expect(compareDryRun(dry, live, undefined, { compareStatus: true }).map((e) => e.path).sort()).toEqual([
      'status.observedGeneration',
      'status.phase',
    ]);
  });
});

describe('compareDryRun: dry-runs with changes give exactly the described changes', () => {
  const live = () => responseObject(`${D}/03-get-after-create.json`);

  it('06 replicas 2 → 3', () => {
    const dry = `${D}/06-ssa-dryrun-replicas-changed.json`;
    expect(compareDryRun(responseObject(dry), live(), requestObject(dry))).toEqual([
      { path: 'spec.replicas', change: 'changed', live: 2, desired: 3, desiredPath: ['spec', 'replicas'] },
    ]);
  });

  it('07 label team removed (apply would delete it)', () => {
    const dry = `${D}/07-ssa-dryrun-label-removed.json`;
    expect(compareDryRun(responseObject(dry), live(), requestObject(dry))).toEqual([
      { path: 'metadata.labels.team', change: 'removed', live: 'platform' },
    ]);
  });

  it('08 env FEATURE_X removed, matched by merge key', () => {
    const dry = `${D}/08-ssa-dryrun-env-removed.json`;
    expect(brief(compareDryRun(responseObject(dry), live(), requestObject(dry)))).toEqual([
      ['spec.template.spec.containers[name="app"].env[name="FEATURE_X"].name', 'removed', 'FEATURE_X', undefined],
      ['spec.template.spec.containers[name="app"].env[name="FEATURE_X"].value', 'removed', 'on', undefined],
    ]);
  });

  it('11 image back from the kubectl-edit value, desiredPath into the manifest', () => {
    const dry = `${D}/11-ssa-dryrun-original-force.json`;
    const d = compareDryRun(responseObject(dry), responseObject(`${D}/10-get-after-kubectl-edit.json`), yamlFile(`${EXCHANGES}/${D}/manifest.yaml`));
    expect(d).toEqual([
      {
        path: 'spec.template.spec.containers[name="app"].image',
        change: 'changed',
        live: 'nginx:1.25.4',
        desired: 'nginx:1.25.3',
        desiredPath: ['spec', 'template', 'spec', 'containers', 0, 'image'],
      },
    ]);
  });

  it('14 foreign annotation kept: only the image differs', () => {
    const dry = `${D}/14-ssa-dryrun-original-force-keeps-foreign-annotation.json`;
    const d = compareDryRun(responseObject(dry), responseObject(`${D}/13-merge-patch-annotation-by-other-manager.json`));
    expect(brief(d)).toEqual([['spec.template.spec.containers[name="app"].image', 'changed', 'nginx:1.25.4', 'nginx:1.25.3']]);
  });

  it('16 label removed but co-owned: the label stays, only the (kubectl-edit) image differs', () => {
    const dry = `${D}/16-ssa-dryrun-label-removed-but-shared.json`;
    const d = compareDryRun(responseObject(dry), responseObject(`${D}/15-ssa-apply-with-same-value-by-second-applier.json`), requestObject(dry));
    expect(brief(d)).toEqual([['spec.template.spec.containers[name="app"].image', 'changed', 'nginx:1.25.4', 'nginx:1.25.3']]);
  });

  it('Secret 04 changed stringData: only data.password, masked, desiredPath to stringData', () => {
    const dry = '04-secret/04-ssa-dryrun-changed-stringdata.json';
    expect(compareDryRun(responseObject(dry), responseObject('04-secret/02-get-secret.json'), requestObject(dry))).toEqual([
      {
        path: 'data.password',
        change: 'changed',
        live: '*** (before)',
        desired: '*** (after)',
        masked: true,
        desiredPath: ['stringData', 'password'],
      },
    ]);
  });

  it('Secret 06 data and stringData overlap: stringData wins, only data.password', () => {
    const dry = '04-secret/06-ssa-dryrun-stringdata-and-data-overlap.json';
    const d = compareDryRun(responseObject(dry), responseObject('04-secret/02-get-secret.json'), requestObject(dry));
    expect(d.map((e) => [e.path, e.change, e.desiredPath])).toEqual([['data.password', 'changed', ['stringData', 'password']]]);
  });

  it('CR 11 replicas 2 → 3 and color blue → red', () => {
    const dry = '05-crd/11-ssa-dryrun-cr-changed.json';
    const d = compareDryRun(responseObject(dry), responseObject('05-crd/09-get-cr.json'), requestObject(dry));
    expect(brief(d).sort()).toEqual([
      ['spec.color', 'changed', 'blue', 'red'],
      ['spec.replicas', 'changed', 2, 3],
    ]);
  });

  it('HPA 08 force: replicas 2 → 1', () => {
    const dry = '09-hpa-and-status/08-ssa-dryrun-manifest-with-replicas-force.json';
    const d = compareDryRun(responseObject(dry), responseObject('09-hpa-and-status/04-get-deployment-scaled-by-hpa.json'));
    expect(brief(d)).toEqual([['spec.replicas', 'changed', 2, 1]]);
  });
});

describe('compareDryRun: synthetic', () => {
  const base = (): KubeObject => responseObject(`${D}/03-get-after-create.json`);
  it('a reordered container list is not a change; a new container is added leaf by leaf', () => {
    const live = base() as any;
    const dry = base() as any;
    const c0 = dry.spec.template.spec.containers[0];
    dry.spec.template.spec.containers = [{ ...c0, name: 'side', ports: undefined, env: undefined }, c0];
    live.spec.template.spec.containers = [c0];
    const d = compareDryRun(dry, live);
    expect(d.every((e) => e.change === 'added' && e.path.startsWith('spec.template.spec.containers[name="side"].'))).toBe(true);
    expect(d.map((e) => e.path)).toContain('spec.template.spec.containers[name="side"].image');
    const swapped = base() as any;
    swapped.spec.template.spec.containers = [...dry.spec.template.spec.containers].reverse();
    expect(compareDryRun(dry, swapped)).toEqual([]);
  });

  it('ignores server bookkeeping and last-applied', () => {
    const live = base();
    const dry = base() as any;
    dry.metadata.generation = 9;
    dry.metadata.resourceVersion = '999';
    dry.metadata.managedFields = [];
    dry.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{}';
    dry.status = { replicas: 7 };
    expect(compareDryRun(dry, live)).toEqual([]);
  });

  it('quantities compare by value', () => {
    const live = base() as any;
    const dry = base() as any;
    dry.spec.template.spec.containers[0].resources.limits.memory = '1024Mi';
    expect(compareDryRun(dry, live)).toEqual([]);
  });
});

// kubectl diff --server-side as oracle: no diff exactly where kubectl's exit code was 0.
describe('compareDryRun agrees with recorded kubectl diff exit codes', () => {
  const root = join(K8S, 'kubectl-diff');
  const cases = readdirSync(root).filter((c) => /^\d\d-/.test(c)).sort();
  const load = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
  it.each(cases)('%s', (c) => {
    const exit = Number(readFileSync(join(root, c, 'server-side.exit-code.txt'), 'utf8').trim());
    const http = readdirSync(join(root, c, 'http')).filter((f) => f.startsWith('server-side-')).sort();
    const get = load(join(root, c, 'http', http[0]!));
    const patches = http.filter((f) => f.includes('-patch')).map((f) => load(join(root, c, 'http', f)));
    const patch = patches[patches.length - 1];
    if (get.response.status !== 200 || !patch || patch.response.status >= 300 || patch.response.status === 201) {
      // object missing (new object → kubectl exit 1) or error (exit 2): not a compare case
      expect(exit).not.toBe(0);
      return;
    }
    const desired = yamlFile(join(root, c, 'manifest.yaml'));
    const d = compareDryRun(patch.response.body, get.response.body, desired);
    expect(d.length === 0 ? 0 : 1, JSON.stringify(d)).toBe(exit);
  });
});

// The same oracle for the offline diff (manifest vs live GET), where the object exists.
describe('offlineDiff agrees with recorded kubectl diff exit codes', async () => {
  const { offlineDiff } = await import('../../../src/core/diff/offline');
  const root = join(K8S, 'kubectl-diff');
  const cases = readdirSync(root).filter((c) => /^\d\d-/.test(c)).sort();
  it.each(cases)('%s', (c) => {
    const exit = Number(readFileSync(join(root, c, 'server-side.exit-code.txt'), 'utf8').trim());
    const get = JSON.parse(readFileSync(join(root, c, 'http', 'server-side-01-get.json'), 'utf8'));
    if (get.response.status !== 200) return expect(exit).not.toBe(0);
    const d = offlineDiff(yamlFile(join(root, c, 'manifest.yaml')), get.response.body);
    expect(d.length === 0 ? 0 : 1, JSON.stringify(d)).toBe(exit);
  });
});

// kubectl diff (client-side) sends a strategic-merge dry-run PATCH: its result against the GET must agree too.
describe('compareDryRun agrees with plain kubectl diff exit codes', () => {
  const root = join(K8S, 'kubectl-diff');
  const cases = readdirSync(root).filter((c) => /^\d\d-/.test(c)).sort();
  it.each(cases)('%s', (c) => {
    const exit = Number(readFileSync(join(root, c, 'plain.exit-code.txt'), 'utf8').trim());
    const http = readdirSync(join(root, c, 'http')).filter((f) => f.startsWith('plain-')).sort();
    const get = JSON.parse(readFileSync(join(root, c, 'http', http[0]!), 'utf8'));
    const patch = http.filter((f) => f.includes('-patch')).map((f) => JSON.parse(readFileSync(join(root, c, 'http', f), 'utf8')))[0];
    if (get.response.status !== 200) return expect(exit).not.toBe(0);
    if (!patch) return expect(exit).toBe(0); // empty 3-way patch: kubectl sends nothing
    const d = compareDryRun(patch.response.body, get.response.body);
    expect(d.length === 0 ? 0 : 1, JSON.stringify(d)).toBe(exit);
  });
});
