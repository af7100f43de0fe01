// runControllers / scale: compared with the GETs recorded after kube-controller-manager reacted.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate, resetControllerState, runControllers, runHpaController } from '../../k8s-server/semantics';
import type { TypeContext } from '../../k8s-server/semantics';
import { exchange, haveRecordings } from './fixtures';
import { masked } from './sequences';

const d = haveRecordings ? describe : describe.skip;
const deployment: TypeContext = { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true };

/** Masks values the controllers derive from things we cannot reproduce (ReplicaSet pod-template hash). */
function maskHash(s: string): string {
  return s.replace(/ReplicaSet \\"[a-z0-9-]+\\"/g, 'ReplicaSet \\"RS\\"').replace(/"time":"[^"]+"/g, '"time":"T"').replace(/"(lastUpdateTime|lastTransitionTime|lastProbeTime)":"[^"]+"/g, '"$1":"T"');
}

d('runControllers', () => {
  beforeEach(() => resetControllerState());

  it('Deployment: revision annotation + status by kube-controller-manager (01/03-get-after-create)', () => {
    const created = exchange('01-ssa-create-deployment', '02-ssa-apply-create').response.body;
    const want = exchange('01-ssa-create-deployment', '03-get-after-create').response.body;
    const got = runControllers(created, deployment, want.metadata.managedFields[1].time);
    expect(maskHash(masked(got, false))).toBe(maskHash(masked(want, false)));
  });

  it('Deployment: a template change bumps the revision', () => {
    const created = exchange('01-ssa-create-deployment', '02-ssa-apply-create').response.body;
    const first = runControllers(created, deployment, '2026-01-01T00:00:00Z');
    const edited = structuredClone(first);
    edited.spec.template.spec.containers[0].image = 'nginx:1.25.4';
    edited.metadata.generation = 2;
    const second = runControllers(edited, deployment, '2026-01-01T00:00:01Z');
    expect(second.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(second.status.observedGeneration).toBe(2);
    expect(runControllers(second, deployment, '2026-01-01T00:00:02Z').metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('Job: selector/labels + suspended status (03/22-get-job-minimal)', () => {
    const created = exchange('03-quantities-and-defaults', '21-ssa-create-job-minimal').response.body;
    const want = exchange('03-quantities-and-defaults', '22-get-job-minimal').response.body;
    const got = runControllers(created, { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true }, want.status.conditions[0].lastProbeTime);
    expect(masked(got, false)).toBe(masked(want, false));
  });

  it('CRD: names accepted + Established by kube-apiserver (05/02-get-crd-established)', () => {
    const created = exchange('05-crd', '01-ssa-create-crd').response.body;
    const want = exchange('05-crd', '02-get-crd-established').response.body;
    const got = runControllers(created, { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', namespaced: false }, want.status.conditions[0].lastTransitionTime);
    expect(masked(got, false)).toBe(masked(want, false));
  });

  it('Deployment: a kubectl edit starts a rolling update (surge 1 of 2, old pods never available) (01/10)', () => {
    const created = exchange('01-ssa-create-deployment', '02-ssa-apply-create').response.body;
    const first = runControllers(created, deployment, '2026-11-24T19:06:08Z');
    const edited = exchange('01-ssa-create-deployment', '09-patch-image-by-kubectl-edit').response.body;
    const want = exchange('01-ssa-create-deployment', '10-get-after-kubectl-edit').response.body;
    const input = { ...edited, metadata: { ...edited.metadata, uid: first.metadata.uid, managedFields: edited.metadata.managedFields }, status: first.status };
    const got = runControllers(input, deployment, '2026-11-24T19:06:10Z');
    expect(got.status.replicas).toBe(3);
    expect(maskHash(masked(got, false))).toBe(maskHash(masked(want, false)));
  });

  for (const [create, get, type] of [
    ['01-ssa-create-deployment-quantities', '02-get-deployment-quantities', deployment],
    ['26-ssa-create-statefulset-minimal', '27-get-statefulset-minimal', { ...deployment, kind: 'StatefulSet', resource: 'statefulsets' }],
    ['29-ssa-create-daemonset-minimal', '30-get-daemonset-minimal', { ...deployment, kind: 'DaemonSet', resource: 'daemonsets' }],
    ['35-ssa-create-pdb-minimal', '36-get-pdb-minimal', { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', namespaced: true }],
  ] as Array<[string, string, TypeContext]>) {
    it(`${type.kind}: status after create (03/${get})`, () => {
      const created = exchange('03-quantities-and-defaults', create).response.body;
      const want = exchange('03-quantities-and-defaults', get).response.body;
      const got = runControllers(created, type, want.metadata.managedFields[1].time);
      const hashes = (x: string) => maskHash(x).replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}\b/g, '-HASH');
      expect(hashes(masked(got, false))).toBe(hashes(masked(want, false)));
    });
  }

  it('objects without a controller are returned unchanged', () => {
    const cm = exchange('06-errors', '03-post-create-configmap').response.body;
    expect(runControllers(cm, { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true }, 'x')).toBe(cm);
  });
});

d('HPA controller (no metrics API)', () => {
  it('scales the Deployment to minReplicas via /scale and reports FailedGetResourceMetric (09/03 + 09/04)', () => {
    const hpa = exchange('09-hpa-and-status', '02-ssa-create-hpa').response.body;
    const dep = exchange('09-hpa-and-status', '06-get-deployment-status-subresource').response.body;
    const wantHpa = exchange('09-hpa-and-status', '03-get-hpa').response.body;
    const wantDep = exchange('09-hpa-and-status', '04-get-deployment-scaled-by-hpa').response.body;
    const live = { ...dep, spec: { ...dep.spec, replicas: 1 }, metadata: { ...dep.metadata, managedFields: dep.metadata.managedFields.filter((e: any) => e.subresource !== 'scale') } };
    const hpaType: TypeContext = { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', namespaced: true };
    const r = runHpaController(hpa, hpaType, live, deployment, wantHpa.status.lastScaleTime);
    expect(maskHash(masked(r.hpa, false))).toBe(maskHash(masked(wantHpa, false)));
    expect(r.target.spec.replicas).toBe(2);
    expect(r.target.metadata.managedFields).toEqual(wantDep.metadata.managedFields);
  });
});

d('scale subresource update', () => {
  it('rec-scaler takes spec.replicas from kube-controller-manager; entry has no time (09/11 → 12)', () => {
    const live = exchange('09-hpa-and-status', '04-get-deployment-scaled-by-hpa').response.body;
    const want = exchange('09-hpa-and-status', '12-get-deployment-after-scale').response.body;
    const next = { ...live, spec: { ...live.spec, replicas: 4 } };
    const r = applyUpdate({ live, next, manager: 'rec-scaler', operation: 'Update', now: '2026-11-24T19:07:00Z', type: deployment, subresource: 'scale' });
    if (!('object' in r)) throw new Error(JSON.stringify(r.error));
    expect(r.object.metadata.managedFields).toEqual(want.metadata.managedFields);
    expect(r.object.spec).toEqual(want.spec);
  });
});
