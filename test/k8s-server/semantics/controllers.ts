// What kube-controller-manager and the registry do right after a write, as far as the recordings show:
// Deployment revision annotation + status, Job selector/labels + status, Namespace finalizer/phase/label.
// Status writes get their own `Update` managedFields entry with `subresource: status`.
import { encodeManagedFields, entryId, parseManagedFields } from './managed';
import { TypeContext, kindInfo, stripMeta } from './pipeline';
import { generateJobSelector } from './defaults';
import { orderKeys } from './normalize';
import { compare, deepEqual, isObj, topLevel, Json } from './typed';
import { applyUpdate } from './update';

const KCM = 'kube-controller-manager';

interface ReplicaSetModel {
  hash: string;
  revision: number;
  replicas: number;
}
/** ReplicaSets of each Deployment (by uid): the test server has no ReplicaSet objects, only this model. */
const replicaSets = new Map<string, ReplicaSetModel[]>();

/** Pod-template hash as k8s prints it: FNV-32a of the template, decimal, "safe-encoded". */
export function templateHash(template: Json): string {
  const text = JSON.stringify(template ?? {});
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return String(h)
    .split('')
    .map((c) => alphabet[c.charCodeAt(0) % alphabet.length])
    .join('');
}

function intOrPercent(v: Json, total: number, roundUp: boolean, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return dflt;
}

function condition(type: string, status: string, reason: string, message: string, now: string, prev: Json, withUpdate: boolean): Json {
  const old = Array.isArray(prev) ? prev.find((c: Json) => c?.type === type) : undefined;
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : now;
  const c: Json = { type, status };
  if (withUpdate) c.lastUpdateTime = old && old.status === status && old.reason === reason && old.message === message ? old.lastUpdateTime : now;
  c.lastTransitionTime = lastTransitionTime;
  c.reason = reason;
  c.message = message;
  return c;
}

/**
 * Deployment controller without kubelets (no pod ever becomes available): ReplicaSets per template, rolling-update
 * surge, revision annotation, status and conditions as kube-controller-manager v1.28 writes them.
 */
function deploymentController(o: Json, now: string): void {
  const key = o.metadata?.uid ?? `${o.metadata?.namespace}/${o.metadata?.name}`;
  const replicas: number = o.spec?.replicas ?? 1;
  const hash = templateHash(o.spec?.template);
  const sets = replicaSets.get(key) ?? [];
  let current = sets.find((r) => r.hash === hash);
  const maxRevision = sets.reduce((m, r) => Math.max(m, r.revision), Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
  if (!current) {
    current = { hash, revision: sets.length ? maxRevision + 1 : maxRevision || 1, replicas: 0 };
    sets.push(current);
  } else if (current.revision !== maxRevision && sets.length > 1 && sets.some((r) => r !== current && r.replicas > 0)) {
    current.revision = maxRevision + 1; // rollback to an older template
  }
  const old = sets.filter((r) => r !== current);
  const oldTotal = old.reduce((n, r) => n + r.replicas, 0);
  const strategy = o.spec?.strategy ?? {};
  if (strategy.type === 'Recreate' || oldTotal === 0) {
    for (const r of old) r.replicas = 0;
    current.replicas = replicas;
  } else {
    const surge = intOrPercent(strategy.rollingUpdate?.maxSurge, replicas, true, 1);
    current.replicas = Math.min(replicas, Math.max(current.replicas, replicas + surge - oldTotal));
  }
  replicaSets.set(key, sets);
  const maxUnavailableRaw = intOrPercent(strategy.rollingUpdate?.maxUnavailable, replicas, false, 0);
  const maxUnavailable = strategy.type === 'Recreate' ? 0 : maxUnavailableRaw === 0 && intOrPercent(strategy.rollingUpdate?.maxSurge, replicas, true, 1) === 0 ? 1 : maxUnavailableRaw;
  const total = sets.reduce((n, r) => n + r.replicas, 0);
  const available = 0;
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': String(current.revision) };
  const rsName = `${o.metadata.name}-${hash}`;
  const prev = o.status?.conditions;
  const status: Json = { observedGeneration: o.metadata.generation ?? 1 };
  if (total > 0) status.replicas = total;
  if (current.replicas > 0) status.updatedReplicas = current.replicas;
  if (total - available > 0) status.unavailableReplicas = total - available;
  const availableOk = available >= replicas - maxUnavailable;
  const complete = current.replicas === replicas && total === replicas && available === replicas;
  status.conditions = [
    availableOk
      ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, prev, true)
      : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now, prev, true),
    complete
      ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, now, prev, true)
      : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now, prev, true),
  ];
  o.status = status;
}

function statefulSetController(o: Json): void {
  const rev = `${o.metadata.name}-${templateHash(o.spec?.template)}`;
  const st: Json = isObj(o.status) ? { ...o.status } : {};
  const out: Json = { observedGeneration: o.metadata.generation ?? 1, replicas: st.replicas ?? 0 };
  if (st.readyReplicas) out.readyReplicas = st.readyReplicas;
  out.currentRevision = st.currentRevision && st.replicas > 0 ? st.currentRevision : rev;
  out.updateRevision = rev;
  out.collisionCount = st.collisionCount ?? 0;
  out.availableReplicas = st.availableReplicas ?? 0;
  o.status = out;
}

function daemonSetController(o: Json): void {
  o.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, ...(o.status ?? {}), observedGeneration: o.metadata.generation ?? 1 };
}

function pdbController(o: Json, now: string): void {
  const st: Json = isObj(o.status) ? { ...o.status } : {};
  const expected = 0;
  const minAvailable = o.spec?.minAvailable;
  const desired = typeof minAvailable === 'number' ? minAvailable : typeof minAvailable === 'string' && minAvailable.endsWith('%') ? Math.ceil((Number(minAvailable.slice(0, -1)) * expected) / 100) : 0;
  const prevCond = Array.isArray(st.conditions) ? st.conditions.find((c: Json) => c?.type === 'DisruptionAllowed') : undefined;
  const gen = o.metadata.generation ?? 1;
  o.status = {
    observedGeneration: gen,
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: desired,
    expectedPods: expected,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: 'False',
        observedGeneration: gen,
        lastTransitionTime: prevCond?.status === 'False' ? prevCond.lastTransitionTime : now,
        reason: 'InsufficientPods',
        message: '',
      },
    ],
  };
}

function jobController(o: Json, now: string): void {
  generateJobSelector(o);
  const st: Json = isObj(o.status) ? { ...o.status } : {};
  if (o.spec?.suspend === true) {
    st.conditions = [condition('Suspended', 'True', 'JobSuspended', 'Job suspended', now, st.conditions, false)].map((c) => ({ type: c.type, status: c.status, lastProbeTime: now, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
  } else if (st.startTime === undefined) st.startTime = now;
  st.uncountedTerminatedPods = st.uncountedTerminatedPods ?? {};
  st.ready = st.ready ?? 0;
  if (o.spec?.suspend !== true) st.active = st.active ?? 1;
  o.status = st;
}

function namespaceController(o: Json): void {
  o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
  o.spec = { ...(o.spec ?? {}) };
  if (!Array.isArray(o.spec.finalizers)) o.spec.finalizers = ['kubernetes'];
  o.status = { ...(o.status ?? {}), phase: o.status?.phase ?? 'Active' };
}

const CONTROLLED = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job', 'policy/PodDisruptionBudget', '/Namespace', 'apiextensions.k8s.io/CustomResourceDefinition'];

/** Object state after the controllers reacted to a write (to be stored). Pure: returns a new object. */
export function runControllers(obj: any, type: TypeContext, now: string): any {
  if (!isObj(obj)) return obj;
  const key = `${type.group}/${type.kind}`;
  if (!CONTROLLED.includes(key)) return obj;
  if (obj.metadata?.deletionTimestamp) return obj;
  // controllers replace metadata maps and status wholesale; only Jobs edit nested spec fields
  const next: Json = key === 'batch/Job' ? structuredClone(obj) : { ...obj, metadata: { ...obj.metadata } };
  if (key === '/Namespace') {
    namespaceController(next);
    return next;
  }
  if (key === 'apiextensions.k8s.io/CustomResourceDefinition') {
    crdController(next, now);
    return recordStatusWrite(obj, next, type, now, 'kube-apiserver');
  }
  if (key === 'batch/Job') jobController(next, now);
  else if (key === 'apps/StatefulSet') statefulSetController(next);
  else if (key === 'apps/DaemonSet') daemonSetController(next);
  else if (key === 'policy/PodDisruptionBudget') pdbController(next, now);
  else deploymentController(next, now);
  return recordStatusWrite(obj, next, type, now, KCM);
}

/** The apiextensions controllers accept the names and mark the CRD Established. */
function crdController(o: Json, now: string): void {
  const st: Json = isObj(o.status) ? { ...o.status } : {};
  const prev = st.conditions;
  st.conditions = [
    condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now, prev, false),
    condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now, prev, false),
  ];
  st.acceptedNames = structuredClone(o.spec?.names ?? {});
  o.status = st;
}

function recordStatusWrite(before: Json, after: Json, type: TypeContext, now: string, manager: string): Json {
  const info = kindInfo(type);
  const part = (o: Json) => {
    const s = stripMeta(o);
    return { metadata: s.metadata, status: s.status };
  };
  const cmp = compare(part(before), part(after), info.node);
  const changed = topLevel(cmp.modified.union(cmp.added), ['status', 'metadata'], true);
  if (changed.isEmpty() && deepEqual(before, after)) return after;
  const entries = parseManagedFields(before.metadata?.managedFields);
  const id = entryId({ manager, operation: 'Update', apiVersion: info.apiVersion, subresource: 'status' });
  let mine = entries.find((e) => entryId(e) === id);
  for (const e of entries) if (e !== mine) e.set = e.set.difference(changed).difference(cmp.removed);
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion: info.apiVersion, subresource: 'status', set: changed };
    entries.push(mine);
  } else mine.set = mine.set.difference(cmp.removed).union(changed);
  if (!changed.isEmpty()) mine.time = now;
  after.metadata.managedFields = encodeManagedFields(entries);
  return orderKeys(after, info.node);
}

/**
 * Registry steps of a create that need the uid the HTTP side assigns (Job selector and labels).
 * Call after assigning metadata.uid and before responding; returns a new, correctly ordered object.
 */
export function prepareForCreate(obj: any, type: TypeContext): any {
  if (!isObj(obj) || type.group !== 'batch' || type.kind !== 'Job') return obj;
  const next: Json = structuredClone(obj);
  generateJobSelector(next);
  return orderKeys(next, kindInfo(type).node);
}

/** Forgets the controllers' private state (the ReplicaSet model), e.g. when a test server is reset. */
export function resetControllerState(): void {
  replicaSets.clear();
}

const HPA_METRICS_ERROR = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

function hpaMetricMessage(hpa: Json): string {
  const metrics: Json[] = Array.isArray(hpa.spec?.metrics) && hpa.spec.metrics.length ? hpa.spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }];
  const m = metrics[0];
  if (m?.type === 'Resource' || m?.type === 'ContainerResource') {
    const name = m.resource?.name ?? m.containerResource?.name ?? 'cpu';
    const kind = m.resource?.target?.type === 'Utilization' || m.containerResource?.target?.type === 'Utilization' ? 'utilization' : 'usage';
    return `the HPA was unable to compute the replica count: failed to get ${name} ${kind}: unable to get metrics for resource ${name}: ${HPA_METRICS_ERROR}`;
  }
  return `the HPA was unable to compute the replica count: unable to get metric: ${HPA_METRICS_ERROR}`;
}

/**
 * One sync of the HorizontalPodAutoscaler controller without a metrics API (as recorded in 09-hpa-and-status):
 * the target is scaled into [minReplicas, maxReplicas] through its `scale` subresource (an Update entry of
 * kube-controller-manager without time), and the HPA status reports FailedGetResourceMetric.
 * `target` is the scale target object (e.g. a Deployment) or undefined when it does not exist.
 */
export function runHpaController(hpa: any, hpaType: TypeContext, target: any | undefined, targetType: TypeContext | undefined, now: string): { hpa: any; target?: any } {
  const next: Json = { ...hpa, metadata: { ...hpa.metadata } };
  const prev = hpa.status?.conditions;
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas ?? min;
  let scaledTarget: any;
  const st: Json = isObj(hpa.status) ? { ...hpa.status } : {};
  if (!target || !targetType) {
    st.conditions = [condition('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${hpa.spec?.scaleTargetRef?.kind?.toLowerCase()}s "${hpa.spec?.scaleTargetRef?.name}" not found`, now, prev, false)];
    next.status = st;
    return { hpa: recordStatusWrite(hpa, next, hpaType, now, KCM) };
  }
  const current = target.spec?.replicas ?? 1;
  const desired = Math.min(max, Math.max(min, current));
  if (desired !== current) {
    const r = applyUpdate({ live: target, next: { ...target, spec: { ...target.spec, replicas: desired } }, manager: KCM, operation: 'Update', now, type: targetType, subresource: 'scale' });
    if ('object' in r) scaledTarget = r.object;
    st.lastScaleTime = now;
  }
  const out: Json = {};
  if (st.observedGeneration !== undefined) out.observedGeneration = st.observedGeneration;
  if (st.lastScaleTime !== undefined) out.lastScaleTime = st.lastScaleTime;
  out.currentReplicas = desired;
  out.desiredReplicas = desired;
  out.currentMetrics = null;
  out.conditions = [
    condition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", now, prev, false),
    condition('ScalingActive', 'False', 'FailedGetResourceMetric', hpaMetricMessage(hpa), now, prev, false),
  ];
  next.status = out;
  return { hpa: recordStatusWrite(hpa, next, hpaType, now, KCM), ...(scaledTarget ? { target: scaledTarget } : {}) };
}
