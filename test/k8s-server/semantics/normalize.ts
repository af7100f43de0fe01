// The "Go round trip" a built-in object goes through when the API server decodes and re-encodes it:
// nulls vanish, empty lists and empty maps with `omitempty` vanish, empty structs stay, quantities become canonical,
// undeclared fields are dropped. Custom resources keep empty lists/maps and are not canonicalised.
import { tryCanonicalQuantity } from './quantity';
import { SchemaNode, fieldOf } from './schema';
import { Json, isObj } from './typed';

export function normalize(v: Json, node: SchemaNode, crd: boolean): Json {
  switch (node.kind) {
    case 'scalar':
      if (node.quantity && !crd && (typeof v === 'string' || typeof v === 'number')) return tryCanonicalQuantity(v);
      return v;
    case 'untyped':
      return v;
    case 'list':
      if (!Array.isArray(v)) return v;
      return v.map((x) => (x === null ? x : normalize(x, node.elem!, crd)));
    default: {
      if (!isObj(v)) return v;
      const out: Record<string, Json> = {};
      for (const k of Object.keys(v)) {
        const val = v[k];
        if (val === null || val === undefined) continue;
        const child = fieldOf(node, k);
        if (!child) continue;
        const childCrd = crd && !child.name; // metadata of a custom resource is a Go ObjectMeta
        const n = normalize(val, child, childCrd);
        if (!childCrd) {
          if (Array.isArray(n) && n.length === 0) continue;
          if (child.kind === 'map' && isObj(n) && Object.keys(n).length === 0) continue;
        }
        out[k] = n;
      }
      if (!crd && node.name && ALWAYS_EMITTED[node.name]) for (const k of ALWAYS_EMITTED[node.name]) if (!(k in out)) out[k] = null;
      return out;
    }
  }
}

const api = 'io.k8s.api.';
/** Fields Go always serialises (non-pointer metav1.Time, slices without omitempty): present as null when unset. */
const ALWAYS_EMITTED: Record<string, string[]> = {
  [api + 'apps.v1.DeploymentCondition']: ['lastUpdateTime', 'lastTransitionTime'],
  [api + 'apps.v1.ReplicaSetCondition']: ['lastTransitionTime'],
  [api + 'apps.v1.StatefulSetCondition']: ['lastTransitionTime'],
  [api + 'apps.v1.DaemonSetCondition']: ['lastTransitionTime'],
  [api + 'batch.v1.JobCondition']: ['lastProbeTime', 'lastTransitionTime'],
  [api + 'core.v1.PodCondition']: ['lastProbeTime', 'lastTransitionTime'],
  [api + 'core.v1.NamespaceCondition']: ['lastTransitionTime'],
  [api + 'core.v1.PersistentVolumeClaimCondition']: ['lastProbeTime', 'lastTransitionTime'],
  [api + 'core.v1.NodeCondition']: ['lastHeartbeatTime', 'lastTransitionTime'],
  [api + 'autoscaling.v2.HorizontalPodAutoscalerCondition']: ['lastTransitionTime'],
  [api + 'autoscaling.v2.HorizontalPodAutoscalerStatus']: ['currentMetrics'],
  [api + 'batch.v1.CronJobSpec']: [],
};

/** Dotted paths of fields not declared in the schema (for fieldValidation Warn/Strict on non-apply writes). */
export function unknownFields(v: Json, node: SchemaNode, prefix = '', out: string[] = []): string[] {
  if (node.kind === 'list' && Array.isArray(v)) {
    v.forEach((x, i) => unknownFields(x, node.elem!, `${prefix}[${i}]`, out));
    return out;
  }
  if ((node.kind === 'struct' || node.kind === 'map') && isObj(v)) {
    for (const k of Object.keys(v)) {
      const child = fieldOf(node, k);
      const p = prefix ? `${prefix}.${k}` : k;
      if (!child) out.push(p);
      else unknownFields(v[k], child, p, out);
    }
  }
  return out;
}

/** Re-orders keys: Go struct order for built-ins, alphabetical for custom resources. Returns a new object. */
export function orderKeys(v: Json, node: SchemaNode | undefined, sortAll = false): Json {
  if (Array.isArray(v)) return v.map((x) => orderKeys(x, node?.kind === 'list' ? node.elem : undefined, sortAll));
  if (!isObj(v)) return v;
  const sort = sortAll || !!node?.sortKeys;
  const out: Record<string, Json> = {};
  let keys: string[];
  if (sort || node?.kind === 'map') keys = Object.keys(v).sort();
  else if (node?.kind === 'struct' && node.order) {
    keys = node.order.filter((k) => k in v);
    if (keys.length !== Object.keys(v).length) for (const k of Object.keys(v)) if (!keys.includes(k)) keys.push(k);
  } else keys = Object.keys(v);
  for (const k of keys) {
    const child = node ? (node.kind === 'struct' || node.kind === 'map' ? fieldOf(node, k) : undefined) : undefined;
    out[k] = orderKeys(v[k], child, sort && !(child && child.name));
  }
  return out;
}

/** Canonical quantities only (nulls and empties kept: an applied configuration still needs them). */
export function canonicalQuantities(v: Json, node: SchemaNode): Json {
  if (v === null || v === undefined) return v;
  switch (node.kind) {
    case 'scalar':
      return node.quantity && (typeof v === 'string' || typeof v === 'number') ? tryCanonicalQuantity(v) : v;
    case 'untyped':
      return v;
    case 'list':
      return Array.isArray(v) ? v.map((x) => canonicalQuantities(x, node.elem!)) : v;
    default: {
      if (!isObj(v)) return v;
      const out: Record<string, Json> = {};
      for (const k of Object.keys(v)) {
        const child = fieldOf(node, k);
        out[k] = child ? canonicalQuantities(v[k], child) : v[k];
      }
      return out;
    }
  }
}

function jsonKind(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function goType(node: SchemaNode): string {
  const t = node.scalarType;
  if (t === 'string') return 'string';
  if (t === 'boolean') return 'bool';
  if (t === 'integer') return node.raw?.format === 'int64' ? 'int64' : 'int32';
  if (t === 'number') return 'float64';
  return 'string';
}

/** First error encoding/json would report decoding a typed body (`json: cannot unmarshal number into Go struct field ...`). */
export function goDecodeError(v: Json, node: SchemaNode, path: string): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (node.kind) {
    case 'scalar': {
      if (node.quantity || node.intOrString) return typeof v === 'object' ? `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type string` : undefined;
      const ok =
        node.scalarType === 'string' ? typeof v === 'string' : node.scalarType === 'boolean' ? typeof v === 'boolean' : typeof v === 'number';
      return ok ? undefined : `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type ${goType(node)}`;
    }
    case 'list':
      if (!Array.isArray(v)) return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type []`;
      for (const x of v) {
        const e = goDecodeError(x, node.elem!, path);
        if (e) return e;
      }
      return undefined;
    case 'untyped':
      return undefined;
    default:
      if (!isObj(v)) return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type object`;
      for (const k of Object.keys(v)) {
        const child = fieldOf(node, k);
        if (!child) continue;
        const e = goDecodeError(v[k], child, node.kind === 'map' ? path : `${path}.${k}`);
        if (e) return e;
      }
      return undefined;
  }
}
