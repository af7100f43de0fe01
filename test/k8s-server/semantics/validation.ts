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

/** Returns a 422 error for an invalid result object, or undefined. `live` is the stripped live object (updates). */
export function validateWrite(body: Json, live: Json | undefined, info: KindInfo, type: TypeContext, raw: Json): SemanticsError | undefined {
  const name = raw?.metadata?.name ?? '';
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  if (info.crd) {
    const c = validateCustomResource(body, info.node);
    return c.length ? invalid(type, name, c) : undefined;
  }
  const workload = type.group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(type.kind);
  if (workload) {
    const spec = body.spec ?? {};
    if (live && live.spec && !deepEqual(live.spec.selector, spec.selector))
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goSelector(spec.selector)}: field is immutable`, field: 'spec.selector' });
    else if (!selectorMatches(spec.selector, spec.template?.metadata?.labels))
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goLabels(spec.template?.metadata?.labels)}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
  }
  const podSpec = workload || (type.group === 'batch' && type.kind === 'Job') ? body.spec?.template?.spec : type.group === '' && type.kind === 'Pod' ? body.spec : undefined;
  const prefix = type.kind === 'Pod' ? 'spec' : 'spec.template.spec';
  if (isObj(podSpec) && Array.isArray(podSpec.containers))
    podSpec.containers.forEach((c: Json, i: number) => {
      if (!c?.image) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers[${i}].image` });
    });
  if (type.group === '' && type.kind === 'Secret' && live && live.type !== undefined && body.type !== live.type)
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(body.type)}: field is immutable`, field: 'type' });
  return causes.length ? invalid(type, name, causes) : undefined;
}
