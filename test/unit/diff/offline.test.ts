import { describe, expect, it } from 'vitest';
import { offlineDiff } from '../../../src/core/diff/offline';
import type { KubeObject } from '../../../src/core/types';
import { EXCHANGES, requestObject, responseObject, yamlFile } from './fixtures';

const Q = '03-quantities-and-defaults';

// SSA create (manifest = request body) → GET of the stored object. Every pair must be converged.
const CREATE_GET_PAIRS: Array<[string, string]> = [
  [`${Q}/01-ssa-create-deployment-quantities.json`, `${Q}/02-get-deployment-quantities.json`],
  [`${Q}/05-ssa-create-deployment-pullpolicy-ports.json`, `${Q}/06-get-deployment-pullpolicy-ports.json`],
  [`${Q}/08-ssa-create-deployment-nulls-and-empties.json`, `${Q}/09-get-deployment-nulls-and-empties.json`],
  [`${Q}/11-ssa-create-service-explicit-clusterip.json`, `${Q}/12-get-service-explicit-clusterip.json`],
  [`${Q}/13-ssa-create-service-minimal.json`, `${Q}/14-get-service-minimal.json`],
  [`${Q}/15-ssa-create-service-nodeport.json`, `${Q}/16-get-service-nodeport.json`],
  [`${Q}/17-ssa-create-service-headless.json`, `${Q}/18-get-service-headless.json`],
  [`${Q}/19-ssa-create-pod-minimal.json`, `${Q}/20-get-pod-minimal.json`],
  [`${Q}/21-ssa-create-job-minimal.json`, `${Q}/22-get-job-minimal.json`],
  [`${Q}/24-ssa-create-cronjob-minimal.json`, `${Q}/25-get-cronjob-minimal.json`],
  [`${Q}/26-ssa-create-statefulset-minimal.json`, `${Q}/27-get-statefulset-minimal.json`],
  [`${Q}/29-ssa-create-daemonset-minimal.json`, `${Q}/30-get-daemonset-minimal.json`],
  [`${Q}/31-ssa-create-networkpolicy-minimal.json`, `${Q}/32-get-networkpolicy-minimal.json`],
  [`${Q}/33-ssa-create-ingress-minimal.json`, `${Q}/34-get-ingress-minimal.json`],
  [`${Q}/35-ssa-create-pdb-minimal.json`, `${Q}/36-get-pdb-minimal.json`],
  [`${Q}/39-ssa-create-configmap-empty-data.json`, `${Q}/40-get-configmap-empty-data.json`],
  [`${Q}/04-post-create-deployment-quantities-json.json`, `${Q}/04-post-create-deployment-quantities-json.json`],
  ['01-ssa-create-deployment/02-ssa-apply-create.json', '01-ssa-create-deployment/03-get-after-create.json'],
  ['04-secret/01-ssa-create-secret-stringdata.json', '04-secret/02-get-secret.json'],
  ['04-secret/07-ssa-create-secret-basic-auth.json', '04-secret/07-ssa-create-secret-basic-auth.json'],
  ['05-crd/08-ssa-create-cr.json', '05-crd/09-get-cr.json'],
  ['05-crd/01-ssa-create-crd.json', '05-crd/02-get-crd-established.json'],
  ['09-hpa-and-status/02-ssa-create-hpa.json', '09-hpa-and-status/03-get-hpa.json'],
  ['02-client-side-apply/02-kubectl-apply-service.http-03-post.json', '02-client-side-apply/04-get-service.json'],
  ['02-client-side-apply/01-kubectl-apply-configmap.http-03-post.json', '02-client-side-apply/03-get-configmap.json'],
];

const liveAfterCreate = () => responseObject('01-ssa-create-deployment/03-get-after-create.json');
const manifest = () => yamlFile(`${EXCHANGES}/01-ssa-create-deployment/manifest.yaml`);

describe('offlineDiff: recorded manifest vs recorded GET is converged', () => {
  it.each(CREATE_GET_PAIRS)('%s', (sent, got) => {
    expect(offlineDiff(requestObject(sent), responseObject(got))).toEqual([]);
  });

  it('01 manifest.yaml vs GET after create', () => {
    expect(offlineDiff(manifest(), liveAfterCreate())).toEqual([]);
  });

  it('every same-manifest dry-run request vs the live GET', () => {
    const pairs: Array<[string, string]> = [
      ['01-ssa-create-deployment/04-ssa-dryrun-same-manifest.json', '01-ssa-create-deployment/03-get-after-create.json'],
      [`${Q}/03-ssa-dryrun-deployment-quantities-same-manifest.json`, `${Q}/02-get-deployment-quantities.json`],
      [`${Q}/07-ssa-dryrun-deployment-pullpolicy-ports-same-manifest.json`, `${Q}/06-get-deployment-pullpolicy-ports.json`],
      [`${Q}/10-ssa-dryrun-deployment-nulls-and-empties-same-manifest.json`, `${Q}/09-get-deployment-nulls-and-empties.json`],
      [`${Q}/23-ssa-dryrun-job-minimal-same-manifest.json`, `${Q}/22-get-job-minimal.json`],
      [`${Q}/28-ssa-dryrun-statefulset-minimal-same-manifest.json`, `${Q}/27-get-statefulset-minimal.json`],
      ['04-secret/03-ssa-dryrun-same-stringdata.json', '04-secret/02-get-secret.json'],
      ['04-secret/05-ssa-dryrun-same-values-as-data-base64.json', '04-secret/02-get-secret.json'],
      ['05-crd/10-ssa-dryrun-cr-same-manifest.json', '05-crd/09-get-cr.json'],
      ['05-crd/19-ssa-dryrun-cr-same-manifest-after-status.json', '05-crd/18-get-cr-after-status.json'],
      ['09-hpa-and-status/10-ssa-dryrun-hpa-same-manifest.json', '09-hpa-and-status/03-get-hpa.json'],
      ['09-hpa-and-status/09-ssa-dryrun-manifest-without-replicas.json', '09-hpa-and-status/04-get-deployment-scaled-by-hpa.json'],
    ];
    for (const [sent, got] of pairs) expect(offlineDiff(requestObject(sent), responseObject(got)), sent).toEqual([]);
  });
});

describe('offlineDiff: real changes', () => {
  it('kubectl edit of the image gives exactly the image change', () => {
    const live = responseObject('01-ssa-create-deployment/10-get-after-kubectl-edit.json');
    expect(offlineDiff(manifest(), live)).toEqual([
      {
        path: 'spec.template.spec.containers[name="app"].image',
        desiredPath: ['spec', 'template', 'spec', 'containers', 0, 'image'],
        change: 'changed',
        desired: 'nginx:1.25.3',
        live: 'nginx:1.25.4',
      },
    ]);
  });

  it('replicas changed in git', () => {
    const desired = requestObject('01-ssa-create-deployment/06-ssa-dryrun-replicas-changed.json');
    expect(offlineDiff(desired, liveAfterCreate())).toEqual([
      { path: 'spec.replicas', desiredPath: ['spec', 'replicas'], change: 'changed', desired: 3, live: 2 },
    ]);
  });

  it('replicas raised by the HPA while the manifest still says 1', () => {
    const desired = requestObject('09-hpa-and-status/08-ssa-dryrun-manifest-with-replicas-force.json');
    const d = offlineDiff(desired, responseObject('09-hpa-and-status/04-get-deployment-scaled-by-hpa.json'));
    expect(d.map((e) => [e.path, e.desired, e.live])).toEqual([['spec.replicas', 1, 2]]);
  });

  it('changed Secret stringData is reported on data, masked', () => {
    const desired = requestObject('04-secret/04-ssa-dryrun-changed-stringdata.json');
    const d = offlineDiff(desired, responseObject('04-secret/02-get-secret.json'));
    expect(d).toEqual([
      {
        path: 'data.password',
        desiredPath: ['stringData', 'password'],
        change: 'changed',
        desired: '*** (after)',
        live: '*** (before)',
        masked: true,
      },
    ]);
  });

  it('CR: changed replicas and explicit color', () => {
    const desired = requestObject('05-crd/11-ssa-dryrun-cr-changed.json');
    const d = offlineDiff(desired, responseObject('05-crd/09-get-cr.json'));
    expect(d.map((e) => [e.path, e.change, e.desired, e.live]).sort()).toEqual([
      ['spec.color', 'changed', 'red', 'blue'],
      ['spec.replicas', 'changed', 3, 2],
    ]);
  });

  it('CR quantities are compared as written (the server keeps "0.5")', () => {
    const desired = requestObject('05-crd/08-ssa-create-cr.json') as any;
    desired.spec.cpu = '500m';
    const d = offlineDiff(desired, responseObject('05-crd/09-get-cr.json'));
    expect(d.map((e) => e.path)).toEqual(['spec.cpu']);
  });
});

function deployment(containers: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'ns' },
    spec: { template: { spec: { containers, ...extra } } },
  };
}

describe('offlineDiff: merge keys, defaults, emptiness', () => {
  const live = deployment([
    { name: 'a', image: 'a:1', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }] },
    { name: 'b', image: 'b:1', args: ['x', 'y'], env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }] },
  ]);

  it('reordered containers, env and ports are equal', () => {
    const desired = deployment([
      { name: 'b', image: 'b:1', args: ['x', 'y'], env: [{ name: 'E2', value: '2' }, { name: 'E1', value: '1' }] },
      { name: 'a', image: 'a:1', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80 }] },
    ]);
    expect(offlineDiff(desired, live)).toEqual([]);
  });

  it('a container missing live is added with merge-key path and manifest index', () => {
    const desired = deployment([{ name: 'a', image: 'a:1' }, { name: 'c', image: 'c:1' }]);
    expect(offlineDiff(desired, live)).toEqual([
      {
        path: 'spec.template.spec.containers[name="c"]',
        desiredPath: ['spec', 'template', 'spec', 'containers', 1],
        change: 'added',
        desired: { name: 'c', image: 'c:1' },
      },
    ]);
  });

  it('port protocol is part of the key (UDP 80 is not TCP 80)', () => {
    const desired = deployment([{ name: 'a', ports: [{ containerPort: 80, protocol: 'UDP' }] }]);
    expect(offlineDiff(desired, live).map((e) => [e.path, e.change])).toEqual([
      ['spec.template.spec.containers[name="a"].ports[containerPort=80,protocol="UDP"]', 'added'],
    ]);
  });

  it('atomic lists: extra, missing and changed items', () => {
    expect(offlineDiff(deployment([{ name: 'b', args: ['x'] }]), live).map((e) => [e.path, e.change])).toEqual([
      ['spec.template.spec.containers[name="b"].args[1]', 'removed'],
    ]);
    expect(offlineDiff(deployment([{ name: 'b', args: ['x', 'z', 'w'] }]), live).map((e) => [e.path, e.change, e.desired])).toEqual([
      ['spec.template.spec.containers[name="b"].args[1]', 'changed', 'z'],
      ['spec.template.spec.containers[name="b"].args[2]', 'added', 'w'],
    ]);
  });

  it('null, {}, [], "" and false in the manifest equal absent live fields', () => {
    const desired = deployment([{ name: 'a', image: 'a:1', command: null, env: [], resources: {}, securityContext: {}, workingDir: '' }], {
      nodeSelector: null,
      tolerations: [],
      securityContext: {},
    });
    (desired.metadata as any).annotations = {};
    expect(offlineDiff(desired, live)).toEqual([]);
  });

  it('an empty atomic list in the manifest against live items is a change', () => {
    const d = offlineDiff(deployment([{ name: 'b', args: [] }]), live);
    expect(d.map((e) => [e.path, e.change])).toEqual([['spec.template.spec.containers[name="b"].args', 'changed']]);
  });

  it('quantities by value, normalized desired in the entry', () => {
    const l = deployment([{ name: 'a', resources: { limits: { cpu: '500m', memory: '1Gi' } } }]);
    expect(offlineDiff(deployment([{ name: 'a', resources: { limits: { cpu: 0.5, memory: '1024Mi' } } }]), l)).toEqual([]);
    const d = offlineDiff(deployment([{ name: 'a', resources: { limits: { cpu: 0.25, memory: '1024Mi' } } }]), l);
    expect(d.map((e) => [e.path, e.desired, e.live])).toEqual([['spec.template.spec.containers[name="a"].resources.limits.cpu', '250m', '500m']]);
  });

  it('int-or-string is compared as stored (80 vs "80" differ)', () => {
    const svc = (targetPort: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort }], selector: { app: 'x' } },
    });
    const liveSvc = svc(8080) as any;
    liveSvc.spec.ports[0].protocol = 'TCP';
    expect(offlineDiff(svc(8080), liveSvc)).toEqual([]);
    expect(offlineDiff(svc('8080'), liveSvc).map((e) => e.path)).toEqual(['spec.ports[port=80,protocol="TCP"].targetPort']);
  });

  it('Service selector is atomic: a live-only selector key is removed by apply', () => {
    const liveSvc = responseObject(`${Q}/14-get-service-minimal.json`) as any;
    const desired = requestObject(`${Q}/13-ssa-create-service-minimal.json`);
    liveSvc.spec.selector = { ...liveSvc.spec.selector, extra: 'yes' };
    expect(offlineDiff(desired, liveSvc).map((e) => [e.path, e.change])).toEqual([['spec.selector.extra', 'removed']]);
  });

  it('labels with odd keys are quoted; server metadata and status are ignored', () => {
    const desired = deployment([]);
    desired.metadata.labels = { 'app.kubernetes.io/name': 'x' };
    desired.metadata.resourceVersion = '1';
    (desired as any).status = { replicas: 3 };
    const d = offlineDiff(desired, deployment([]));
    expect(d.map((e) => e.path)).toEqual(['metadata.labels["app.kubernetes.io/name"]']);
    expect(offlineDiff(desired, deployment([]), { compareStatus: true }).map((e) => e.path)).toContain('status.replicas');
  });

  it('Pod tolerations added by admission are not drift', () => {
    const live = responseObject(`${Q}/20-get-pod-minimal.json`) as any;
    const desired = requestObject(`${Q}/19-ssa-create-pod-minimal.json`) as any;
    desired.spec.tolerations = [live.spec.tolerations[0]];
    expect(offlineDiff(desired, live)).toEqual([]);
  });
});
