// Per-kind defaulting of built-in types as kube-apiserver v1.28 does it (SetDefaults_* plus the registry's
// PrepareForCreate/allocation steps seen in the recordings). Works in place on an already normalised object.
import { Json, isObj } from './typed';

type Obj = Record<string, Json>;

function obj(parent: Obj, key: string): Obj {
  if (!isObj(parent[key])) parent[key] = {};
  return parent[key];
}
function dflt(o: Obj, key: string, value: Json): void {
  if (o[key] === undefined) o[key] = value;
}

export function imagePullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Json): void {
  if (!isObj(p)) return;
  dflt(p, 'timeoutSeconds', 1);
  dflt(p, 'periodSeconds', 10);
  dflt(p, 'successThreshold', 1);
  dflt(p, 'failureThreshold', 3);
  if (isObj(p.httpGet)) dflt(p.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(c: Json): void {
  if (!isObj(c)) return;
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) dflt(p, 'protocol', 'TCP');
  if (Array.isArray(c.env))
    for (const e of c.env) if (isObj(e) && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) dflt(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  dflt(c, 'resources', {});
  dflt(c, 'terminationMessagePath', '/dev/termination-log');
  dflt(c, 'terminationMessagePolicy', 'File');
  dflt(c, 'imagePullPolicy', imagePullPolicyFor(c.image));
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

function defaultVolume(v: Json): void {
  if (!isObj(v)) return;
  for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) if (isObj(v[k])) dflt(v[k], 'defaultMode', 420);
  if (isObj(v.hostPath)) dflt(v.hostPath, 'type', '');
}

export function defaultPodSpec(spec: Json): void {
  if (!isObj(spec)) return;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) if (Array.isArray(spec[list])) spec[list].forEach(defaultContainer);
  if (Array.isArray(spec.volumes)) spec.volumes.forEach(defaultVolume);
  dflt(spec, 'restartPolicy', 'Always');
  dflt(spec, 'terminationGracePeriodSeconds', 30);
  dflt(spec, 'dnsPolicy', 'ClusterFirst');
  dflt(spec, 'securityContext', {});
  dflt(spec, 'schedulerName', 'default-scheduler');
}

function defaultTemplate(spec: Obj, key = 'template'): void {
  const t = obj(spec, key);
  const md = obj(t, 'metadata');
  md.creationTimestamp = null;
  defaultPodSpec(obj(t, 'spec'));
}

function defaultDeployment(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'replicas', 1);
  defaultTemplate(spec);
  const strategy = obj(spec, 'strategy');
  dflt(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    dflt(ru, 'maxUnavailable', '25%');
    dflt(ru, 'maxSurge', '25%');
  }
  dflt(spec, 'revisionHistoryLimit', 10);
  dflt(spec, 'progressDeadlineSeconds', 600);
  dflt(o, 'status', {});
}

function defaultStatefulSet(o: Obj, create: boolean): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'replicas', 1);
  defaultTemplate(spec);
  if (Array.isArray(spec.volumeClaimTemplates)) {
    spec.volumeClaimTemplates = spec.volumeClaimTemplates.map((pvc: Json) => {
      if (!isObj(pvc)) return pvc;
      const out: Obj = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', ...pvc };
      defaultPVC(out);
      obj(out, 'metadata').creationTimestamp = null;
      return out;
    });
  }
  dflt(spec, 'podManagementPolicy', 'OrderedReady');
  const us = obj(spec, 'updateStrategy');
  dflt(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') dflt(obj(us, 'rollingUpdate'), 'partition', 0);
  dflt(spec, 'revisionHistoryLimit', 10);
  const ret = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  dflt(ret, 'whenDeleted', 'Retain');
  dflt(ret, 'whenScaled', 'Retain');
  if (create || !isObj(o.status)) {
    const st = obj(o, 'status');
    dflt(st, 'replicas', 0);
    dflt(st, 'availableReplicas', 0);
  }
}

function defaultPVC(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'volumeMode', 'Filesystem');
  const st = obj(o, 'status');
  dflt(st, 'phase', 'Pending');
}

function defaultDaemonSet(o: Obj, create: boolean): void {
  const spec = obj(o, 'spec');
  defaultTemplate(spec);
  const us = obj(spec, 'updateStrategy');
  dflt(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = obj(us, 'rollingUpdate');
    dflt(ru, 'maxUnavailable', 1);
    dflt(ru, 'maxSurge', 0);
  }
  dflt(spec, 'revisionHistoryLimit', 10);
  if (create) {
    const md = obj(o, 'metadata');
    const ann = obj(md, 'annotations');
    dflt(ann, 'deprecated.daemonset.template.generation', '1');
  }
  if (create || !isObj(o.status)) {
    const st = obj(o, 'status');
    dflt(st, 'currentNumberScheduled', 0);
    dflt(st, 'numberMisscheduled', 0);
    dflt(st, 'desiredNumberScheduled', 0);
    dflt(st, 'numberReady', 0);
  }
}

function defaultJobSpec(spec: Obj, inCronJob: boolean): void {
  defaultTemplate(spec);
  if (inCronJob) return;
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  dflt(spec, 'parallelism', 1);
  dflt(spec, 'backoffLimit', 6);
  dflt(spec, 'completionMode', 'NonIndexed');
  dflt(spec, 'suspend', false);
}

function defaultJob(o: Obj): void {
  defaultJobSpec(obj(o, 'spec'), false);
  dflt(o, 'status', {});
}

function defaultCronJob(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'concurrencyPolicy', 'Allow');
  dflt(spec, 'suspend', false);
  const jt = obj(spec, 'jobTemplate');
  obj(jt, 'metadata').creationTimestamp = null;
  defaultJobSpec(obj(jt, 'spec'), true);
  dflt(spec, 'successfulJobsHistoryLimit', 3);
  dflt(spec, 'failedJobsHistoryLimit', 1);
  dflt(o, 'status', {});
}

function defaultService(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'type', 'ClusterIP');
  if (Array.isArray(spec.ports))
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      dflt(p, 'protocol', 'TCP');
      if (spec.type !== 'ExternalName') dflt(p, 'targetPort', p.port);
    }
  dflt(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = obj(obj(spec, 'sessionAffinityConfig'), 'clientIP');
    dflt(cfg, 'timeoutSeconds', 10800);
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') dflt(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') dflt(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type !== 'ExternalName') dflt(spec, 'internalTrafficPolicy', 'Cluster');
  const st = obj(o, 'status');
  dflt(st, 'loadBalancer', {});
}

let nextIp = 10;
const usedNodePorts = new Set<number>();

/** Server allocations for Services (clusterIP(s), IP families, nodePorts): not owned by the writer. */
export function allocateService(o: Obj): void {
  const spec = obj(o, 'spec');
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    const n = nextIp++;
    spec.clusterIP = `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }
  dflt(spec, 'clusterIPs', [spec.clusterIP]);
  dflt(spec, 'ipFamilies', ['IPv4']);
  dflt(spec, 'ipFamilyPolicy', 'SingleStack');
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObj(p) || p.nodePort !== undefined) continue;
      let port: number;
      do port = 30000 + Math.floor(Math.random() * 2768);
      while (usedNodePorts.has(port));
      usedNodePorts.add(port);
      p.nodePort = port;
    }
  }
}

function defaultNetworkPolicy(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'podSelector', {});
  for (const dir of ['ingress', 'egress'])
    if (Array.isArray(spec[dir]))
      for (const r of spec[dir]) if (isObj(r) && Array.isArray(r.ports)) for (const p of r.ports) if (isObj(p)) dflt(p, 'protocol', 'TCP');
  if (spec.policyTypes === undefined) spec.policyTypes = spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

function defaultPod(o: Obj): void {
  defaultPodSpec(obj(o, 'spec'));
  const spec = o.spec;
  dflt(spec, 'enableServiceLinks', true);
  dflt(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  dflt(spec, 'priority', 0);
}

let podVolSeq = 0;
function randSuffix(): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  let n = Date.now() + podVolSeq++ * 7919;
  for (let i = 0; i < 5; i++) {
    s += chars[(n + Math.floor(Math.random() * 1000)) % chars.length];
    n = Math.floor(n / 7);
  }
  return s;
}

/** ServiceAccount + DefaultTolerationSeconds admission for Pods (create only). */
export function admitPod(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'serviceAccountName', 'default');
  dflt(spec, 'serviceAccount', spec.serviceAccountName);
  if (spec.automountServiceAccountToken !== false) {
    const name = `kube-api-access-${randSuffix()}`;
    spec.volumes = [
      ...(Array.isArray(spec.volumes) ? spec.volumes : []),
      {
        name,
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
    ];
    for (const list of ['initContainers', 'containers'])
      if (Array.isArray(spec[list]))
        for (const c of spec[list]) {
          if (!isObj(c)) continue;
          c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
        }
  }
  const tol = Array.isArray(spec.tolerations) ? [...spec.tolerations] : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
    if (!tol.some((t: Json) => isObj(t) && t.key === key && (t.effect === 'NoExecute' || t.effect === undefined)))
      tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  spec.tolerations = tol;
  const st = obj(o, 'status');
  dflt(st, 'phase', 'Pending');
  dflt(st, 'qosClass', qosClass(spec));
}

function qosClass(spec: Obj): string {
  let any = false;
  let guaranteed = true;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    const r = isObj(c?.resources) ? c.resources : {};
    const req = isObj(r.requests) ? r.requests : {};
    const lim = isObj(r.limits) ? r.limits : {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const k of ['cpu', 'memory']) if (lim[k] === undefined || (req[k] !== undefined && req[k] !== lim[k])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultNamespace(o: Obj, name: string | undefined): void {
  if (typeof name !== 'string') return;
  const md = obj(o, 'metadata');
  obj(md, 'labels')['kubernetes.io/metadata.name'] = name;
}

/** Namespace PrepareForCreate: finalizers and phase (owned by nobody). */
function prepareNamespace(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'finalizers', ['kubernetes']);
  dflt(obj(o, 'status'), 'phase', 'Active');
}

function defaultSecret(o: Obj): void {
  dflt(o, 'type', 'Opaque');
}

/** Secret stringData is merged into data (base64) and never stored. */
export function convertStringData(o: Obj): void {
  if (!isObj(o.stringData)) {
    delete o.stringData;
    return;
  }
  const data: Obj = isObj(o.data) ? { ...o.data } : {};
  for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  delete o.stringData;
  o.data = data;
}

function defaultHpa(o: Obj): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'minReplicas', 1);
  dflt(o, 'status', { desiredReplicas: 0, currentMetrics: null });
}

function defaultCrd(o: Obj, create: boolean): void {
  const spec = obj(o, 'spec');
  const names = obj(spec, 'names');
  if (typeof names.kind === 'string') dflt(names, 'listKind', names.kind + 'List');
  if (typeof names.plural === 'string') dflt(names, 'singular', names.plural === names.plural.toLowerCase() ? names.kind?.toLowerCase() : undefined);
  if (names.singular === undefined) delete names.singular;
  dflt(obj(spec, 'conversion'), 'strategy', 'None');
  if (create || !isObj(o.status)) {
    const storage = (Array.isArray(spec.versions) ? spec.versions : []).find((v: Json) => v?.storage)?.name;
    o.status = { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: storage ? [storage] : [] };
  }
}

/** Applies the kind's defaults in place. `create` adds create-only fields (initial status, template generation). */
export function applyDefaults(o: Obj, group: string, kind: string, create: boolean, name?: string): void {
  switch (`${group}/${kind}`) {
    case 'apps/Deployment':
      return defaultDeployment(o);
    case 'apps/StatefulSet':
      return defaultStatefulSet(o, create);
    case 'apps/DaemonSet':
      return defaultDaemonSet(o, create);
    case 'apps/ReplicaSet': {
      const spec = obj(o, 'spec');
      dflt(spec, 'replicas', 1);
      defaultTemplate(spec);
      dflt(o, 'status', { replicas: 0 });
      return;
    }
    case 'batch/Job':
      return defaultJob(o);
    case 'batch/CronJob':
      return defaultCronJob(o);
    case '/Service':
      return defaultService(o);
    case '/Pod':
      return defaultPod(o);
    case '/PodTemplate':
      return defaultTemplate(o);
    case '/ReplicationController': {
      const spec = obj(o, 'spec');
      dflt(spec, 'replicas', 1);
      defaultTemplate(spec);
      return;
    }
    case '/PersistentVolumeClaim':
      return defaultPVC(o);
    case '/Namespace':
      return defaultNamespace(o, name);
    case '/Secret':
      return defaultSecret(o);
    case 'networking.k8s.io/NetworkPolicy':
      return defaultNetworkPolicy(o);
    case 'networking.k8s.io/Ingress':
      dflt(o, 'status', { loadBalancer: {} });
      return;
    case 'policy/PodDisruptionBudget':
      if (create || !isObj(o.status)) dflt(o, 'status', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
      return;
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return defaultCrd(o, create);
    case 'autoscaling/HorizontalPodAutoscaler':
      return defaultHpa(o);
  }
}

/** Registry steps after field management: allocations and admission (their fields are owned by nobody). */
export function applyAllocations(o: Obj, group: string, kind: string, create: boolean): void {
  if (group === '' && kind === 'Service') allocateService(o);
  if (group === '' && kind === 'Pod' && create) admitPod(o);
  if (group === '' && kind === 'Namespace') prepareNamespace(o);
}

/** Job selector and labels generated from the uid (PrepareForCreate; needs metadata.uid). In place. */
export function generateJobSelector(o: Obj): void {
  const uid = o.metadata?.uid;
  if (!uid) return;
  const spec = obj(o, 'spec');
  if (spec.manualSelector === true) return;
  const name = o.metadata.name;
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  if (!isObj(spec.selector)) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const t = obj(spec, 'template');
  const md = obj(t, 'metadata');
  md.labels = { ...labels, ...(isObj(md.labels) ? md.labels : {}) };
  const topMd = obj(o, 'metadata');
  if (!isObj(topMd.labels)) topMd.labels = { ...labels };
}
