// Custom resources: structural-schema defaults and validation (422 with causes) from the CRD's openAPIV3Schema.
import { SchemaNode, fieldOf } from './schema';
import { Json, isObj } from './typed';

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Applies `default`s of the structural schema in place (nested objects and list items included). */
export function crdDefaults(o: Json, node: SchemaNode): void {
  if (node.kind === 'list' && Array.isArray(o)) {
    for (const x of o) crdDefaults(x, node.elem!);
    return;
  }
  if (!isObj(o) || node.kind !== 'struct') return;
  for (const k of Object.keys(node.props ?? {})) {
    if (k === 'metadata' && node.fields?.get('metadata')?.name) continue;
    const child = fieldOf(node, k)!;
    if (o[k] === undefined && child.default !== undefined) o[k] = clone(child.default);
    if (o[k] !== undefined) crdDefaults(o[k], child);
  }
}

export interface CrdCause {
  reason: string;
  message: string;
  field: string;
}

function typeOk(v: Json, t: string | undefined): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObj(v);
    default:
      return true;
  }
}

function goFmt(v: Json): string {
  return typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) || isObj(v) ? JSON.stringify(v) : String(v);
}

/** OpenAPI validation of a custom resource (the subset kube-apiserver reports most often). */
export function validateCustomResource(o: Json, node: SchemaNode, path = '', causes: CrdCause[] = []): CrdCause[] {
  const s = node.raw;
  if (!s || o === undefined) return causes;
  if (o === null) return causes;
  if (s.type && !node.intOrString && !typeOk(o, s.type)) {
    causes.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${Array.isArray(o) ? 'array' : typeof o === 'object' ? 'object' : typeof o === 'number' ? (Number.isInteger(o) ? 'integer' : 'number') : typeof o}": ${path} in body must be of type ${s.type}: "${Array.isArray(o) ? 'array' : typeof o === 'object' ? 'object' : typeof o === 'number' ? (Number.isInteger(o) ? 'integer' : 'number') : typeof o}"`, field: path });
    return causes;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e: Json) => JSON.stringify(e) === JSON.stringify(o)))
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${goFmt(o)}: supported values: ${s.enum.map(goFmt).join(', ')}`, field: path });
  if (typeof o === 'number') {
    if (typeof s.minimum === 'number' && o < s.minimum)
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${o}: ${path} in body should be greater than or equal to ${s.minimum}`, field: path });
    if (typeof s.maximum === 'number' && o > s.maximum)
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${o}: ${path} in body should be less than or equal to ${s.maximum}`, field: path });
  }
  if (typeof o === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern).test(o))
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(o)}: ${path} in body should match '${s.pattern}'`, field: path });
  if (isObj(o) && node.kind === 'struct') {
    for (const r of Array.isArray(s.required) ? s.required : [])
      if (o[r] === undefined) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: path ? `${path}.${r}` : r });
    for (const k of Object.keys(o)) {
      const child = fieldOf(node, k);
      if (child && child.raw) validateCustomResource(o[k], child, path ? `${path}.${k}` : k, causes);
    }
  }
  if (Array.isArray(o) && node.kind === 'list') o.forEach((x, i) => validateCustomResource(x, node.elem!, `${path}[${i}]`, causes));
  return causes;
}
