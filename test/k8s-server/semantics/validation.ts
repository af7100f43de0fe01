// The few validation rules a drift engine meets in practice (422 Invalid with causes), as recorded.
import { validateCustomResource } from './crd';
import { KindInfo, SemanticsError, TypeContext } from './pipeline';
import { Json, deepEqual, isObj } from './typed';

function goLabels(m: Json): string {
  const keys = Object.keys(isObj(m) ? m : {});
  return `map[string]string{${keys.sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

function goSelector(s: Json): string {
  const ml = isObj(s?.matchLabels) ? goLabels(s.matchLabels) : 'map[string]string(nil)';
  const me = Array.isArray(s?.matchExpressions) ? `[]v1.LabelSelectorRequirement{...}` : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

function groupKind(type: TypeContext): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

export function invalid(type: TypeContext, name: string, causes: Array<{ reason: string; message: string; field: string }>): SemanticsError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const msg = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return {
    code: 422,
    reason: 'Invalid',
    message: `${groupKind(type)} ${JSON.stringify(name)} is invalid: ${msg}`,
    causes,
  };
}

function selectorMatches(sel: Json, labels: Json): boolean {
  if (!isObj(sel)) return true;
  const l = isObj(labels) ? labels : {};
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {})) if (l[k] !== v) return false;
  return true;
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MSG_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function nameCause(name: unknown, type: TypeContext): { reason: string; message: string; field: string } | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const [re, msg] = type.group === '' && type.kind === 'Service' ? [LABEL_1035, MSG_1035] : type.group === '' && type.kind === 'Namespace' ? [LABEL_1123, MSG_1123] : [SUBDOMAIN, MSG_SUBDOMAIN];
  if (re.test(name) && name.length <= 253) return undefined;
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(name)}: ${msg}`, field: 'metadata.name' };
}

/** Returns a 422 error for an invalid result object, or undefined. `live` is the stripped live object (updates). */
export function validateWrite(body: Json, live: Json | undefined, info: KindInfo, type: TypeContext, raw: Json): SemanticsError | undefined {
  const name = raw?.metadata?.name ?? '';
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  const nc = live ? undefined : nameCause(name, type);
  if (nc) causes.push(nc);
  if (info.crd) {
    causes.push(...validateCustomResource(body, info.node));
    return causes.length ? invalid(type, name, causes) : undefined;
  }
  const workload = type.group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(type.kind);
  if (workload) {
    const spec = body.spec ?? {};
    if (typeof spec.replicas === 'number' && spec.replicas < 0)
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' });
    if (live && live.spec && !deepEqual(live.spec.selector, spec.selector))
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goSelector(spec.selector)}: field is immutable`, field: 'spec.selector' });
    else if (!selectorMatches(spec.selector, spec.template?.metadata?.labels))
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goLabels(spec.template?.metadata?.labels)}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
  }
  const podSpec = workload || (type.group === 'batch' && type.kind === 'Job') ? body.spec?.template?.spec : type.group === '' && type.kind === 'Pod' ? body.spec : undefined;
  const prefix = type.kind === 'Pod' ? 'spec' : 'spec.template.spec';
  if (isObj(podSpec) && Array.isArray(podSpec.containers))
    podSpec.containers.forEach((c: Json, i: number) => {
      if (typeof c?.name === 'string' && !LABEL_1123.test(c.name))
        causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(c.name)}: ${MSG_1123}`, field: `${prefix}.containers[${i}].name` });
      if (!c?.image) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers[${i}].image` });
    });
  if (type.group === '' && type.kind === 'Secret' && live && live.type !== undefined && body.type !== live.type)
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(body.type)}: field is immutable`, field: 'type' });
  return causes.length ? invalid(type, name, causes) : undefined;
}
