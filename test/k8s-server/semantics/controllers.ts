// What kube-controller-manager and the registry do right after a write, as far as the recordings show:
// Deployment revision annotation + status, Job selector/labels + status, Namespace finalizer/phase/label.
// Status writes get their own `Update` managedFields entry with `subresource: status`.
import { createHash } from 'node:crypto';
import { encodeManagedFields, entryId, parseManagedFields } from './managed';
import { TypeContext, kindInfo, stripMeta } from './pipeline';
import { generateJobSelector } from './defaults';
import { orderKeys } from './normalize';
import { compare, deepEqual, isObj, topLevel, Json } from './typed';

const KCM = 'kube-controller-manager';
const revisions = new Map<string, { template: string; revision: number }>();

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

function deploymentController(o: Json, now: string): void {
  const uid = o.metadata?.uid ?? `${o.metadata?.namespace}/${o.metadata?.name}`;
  const template = JSON.stringify(o.spec?.template ?? {});
  let rev = revisions.get(uid);
  const annotated = Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  if (!rev) rev = { template, revision: annotated || 1 };
  else if (rev.template !== template) rev = { template, revision: rev.revision + 1 };
  revisions.set(uid, rev);
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': String(rev.revision) };
  const replicas = o.spec?.replicas ?? 1;
  const hash = createHash('sha256').update(template).digest('hex').slice(0, 10).replace(/[aeiou]/g, 'b');
  const prev = o.status?.conditions;
  const status: Json = { observedGeneration: o.metadata.generation ?? 1 };
  if (replicas > 0) {
    status.replicas = replicas;
    status.updatedReplicas = replicas;
    status.unavailableReplicas = replicas;
  }
  status.conditions = [
    replicas > 0
      ? condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now, prev, true)
      : condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, prev, true),
    condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${o.metadata.name}-${hash}" is progressing.`, now, prev, true),
  ];
  o.status = status;
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

/** Object state after the controllers reacted to a write (to be stored). Pure: returns a new object. */
export function runControllers(obj: any, type: TypeContext, now: string): any {
  if (!isObj(obj)) return obj;
  const key = `${type.group}/${type.kind}`;
  if (!['apps/Deployment', 'batch/Job', '/Namespace', 'apiextensions.k8s.io/CustomResourceDefinition'].includes(key)) return obj;
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
  const id = entryId({ manager, operation: 'Update', subresource: 'status' });
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
