// A few of the API server's semantic validations that the OpenAPI schemas cannot express
// (k8s.io/apimachinery validation + apps/core validation): name syntax, label syntax, non-negative replicas,
// workload selector vs template labels, container image required. Pure functions.
import type { KubeObject } from '../types';
import type { SchemaFinding } from './ajv-findings';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels (≤ 63 characters). */
const LABEL_NAMED_KINDS = new Set(['v1/Namespace', 'v1/Service']);
/** Kinds whose names only have to be valid path segments (RBAC allows `system:...`). */
const PATH_SEGMENT_NAMED_KINDS = new Set([
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
]);

/** Workloads with `spec.selector` + `spec.template`. */
const SELECTOR_WORKLOADS = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet']);
const REPLICA_KINDS = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'v1/ReplicationController']);

type Path = Array<string | number>;
type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function groupKind(obj: KubeObject): string {
  const i = obj.apiVersion.indexOf('/');
  return i < 0 ? `v1/${obj.kind}` : `${obj.apiVersion.slice(0, i)}/${obj.kind}`;
}

function invalid(path: Path, rule: SchemaFinding['rule'], message: string): SchemaFinding {
  return { path, rule, message, severity: 'error' };
}

export function checkName(obj: KubeObject): SchemaFinding[] {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || !name) return [];
  const gk = groupKind(obj);
  const path = ['metadata', 'name'];
  if (PATH_SEGMENT_NAMED_KINDS.has(gk)) {
    return name === '.' || name === '..' || /[/%]/.test(name)
      ? [invalid(path, 'invalid-name', `invalid name "${name}": may not be '.' or '..' and may not contain '/' or '%'`)]
      : [];
  }
  if (LABEL_NAMED_KINDS.has(gk)) {
    return name.length > 63 || !DNS1123_LABEL.test(name)
      ? [invalid(path, 'invalid-name', `invalid name "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', start and end with an alphanumeric character, at most 63 characters`)]
      : [];
  }
  return name.length > 253 || !DNS1123_SUBDOMAIN.test(name)
    ? [invalid(path, 'invalid-name', `invalid name "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`)]
    : [];
}

function checkNamespace(obj: KubeObject): SchemaFinding[] {
  const ns = obj.metadata?.namespace;
  if (typeof ns !== 'string' || !ns) return [];
  return ns.length > 63 || !DNS1123_LABEL.test(ns)
    ? [invalid(['metadata', 'namespace'], 'invalid-name', `invalid namespace "${ns}": must be a lowercase RFC 1123 label`)]
    : [];
}

function validLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Label keys and values at `path` (metadata.labels, template labels, matchLabels). */
export function checkLabels(labels: unknown, path: Path): SchemaFinding[] {
  if (!isObj(labels)) return [];
  const out: SchemaFinding[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (!validLabelKey(k)) out.push(invalid([...path, k], 'invalid-label', `invalid label key "${k}": must be a qualified name ([prefix/]name, name ≤ 63 alphanumeric, '-', '_' or '.')`));
    if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
      out.push(invalid([...path, k], 'invalid-label', `invalid label value "${v}": at most 63 characters, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`));
    }
  }
  return out;
}

/** Pod specs inside an object, with their paths. */
function podSpecs(obj: KubeObject): Array<{ spec: Obj; path: Path }> {
  const gk = groupKind(obj);
  const spec = obj.spec;
  if (!isObj(spec)) return [];
  if (gk === 'v1/Pod') return [{ spec, path: ['spec'] }];
  if (gk === 'batch/CronJob') {
    const jt = spec.jobTemplate;
    const tpl = isObj(jt) && isObj(jt.spec) && isObj(jt.spec.template) ? jt.spec.template : undefined;
    return tpl && isObj(tpl.spec) ? [{ spec: tpl.spec, path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] }] : [];
  }
  const tpl = spec.template;
  return isObj(tpl) && isObj(tpl.spec) ? [{ spec: tpl.spec, path: ['spec', 'template', 'spec'] }] : [];
}

function checkContainers(obj: KubeObject): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  for (const { spec, path } of podSpecs(obj)) {
    for (const field of ['containers', 'initContainers'] as const) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        if (!isObj(c)) return;
        if (c.image === undefined || c.image === null || c.image === '') {
          out.push(invalid([...path, field, i, 'image'], 'required', 'missing required field "image"'));
        }
        if (typeof c.name === 'string' && (c.name.length > 63 || !DNS1123_LABEL.test(c.name))) {
          out.push(invalid([...path, field, i, 'name'], 'invalid-name', `invalid container name "${c.name}": must be a lowercase RFC 1123 label`));
        }
      });
    }
  }
  return out;
}

function checkWorkload(obj: KubeObject): SchemaFinding[] {
  const gk = groupKind(obj);
  const spec = obj.spec;
  if (!isObj(spec)) return [];
  const out: SchemaFinding[] = [];
  if (REPLICA_KINDS.has(gk) && typeof spec.replicas === 'number' && spec.replicas < 0) {
    out.push(invalid(['spec', 'replicas'], 'constraint', `invalid value ${spec.replicas}: must be greater than or equal to 0`));
  }
  if (SELECTOR_WORKLOADS.has(gk) && isObj(spec.selector) && isObj(spec.template)) {
    const matchLabels = isObj(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
    const meta = isObj(spec.template.metadata) ? spec.template.metadata : {};
    const labels = isObj(meta.labels) ? meta.labels : {};
    const mismatch = Object.entries(matchLabels).some(([k, v]) => labels[k] !== v);
    if (mismatch) {
      out.push(invalid(['spec', 'template', 'metadata', 'labels'], 'selector-mismatch', '`selector` does not match template `labels`'));
    }
  }
  return out;
}

/** All semantic checks for one object (nulls already removed). */
export function semanticFindings(obj: KubeObject): SchemaFinding[] {
  const out = [...checkName(obj), ...checkNamespace(obj), ...checkLabels(obj.metadata?.labels, ['metadata', 'labels'])];
  const spec = obj.spec;
  if (isObj(spec)) {
    if (isObj(spec.selector)) out.push(...checkLabels(spec.selector.matchLabels, ['spec', 'selector', 'matchLabels']));
    if (isObj(spec.template) && isObj(spec.template.metadata)) {
      out.push(...checkLabels(spec.template.metadata.labels, ['spec', 'template', 'metadata', 'labels']));
    }
  }
  out.push(...checkWorkload(obj), ...checkContainers(obj));
  return out;
}
