// Converts Kubernetes OpenAPI v3 schemas (built-in definitions or CRD structural schemas) into strict
// draft-07 JSON Schemas for ajv. Pure functions, no I/O.
//
// Kubernetes semantics kept:
// - objects with `properties` and no `additionalProperties` / `x-kubernetes-preserve-unknown-fields` reject unknown
//   fields (`additionalProperties: false`), like `fieldValidation=Strict`;
// - `x-kubernetes-int-or-string` / `format: int-or-string` → `type: [integer, string]` (+ the annotation);
// - Quantity → `type: [string, number]` with `format: quantity`;
// - `nullable` is dropped: the validator removes `null` values before validating (the server treats them as absent);
// - CRD mode (`structural`): `type: object` without properties is pruned by the server, so it accepts no fields unless
//   `x-kubernetes-preserve-unknown-fields`; `x-kubernetes-embedded-resource` allows apiVersion/kind/metadata.

export type JsonSchema = { [key: string]: unknown };

export const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Formats the validator checks; other formats are dropped (the server ignores unknown ones). */
export const CHECKED_FORMATS = new Set(['int32', 'int64', 'double', 'float', 'byte', 'date-time', 'date', 'quantity']);

/** Annotation keywords kept in the output (for the editor and the diff engine). */
export const ANNOTATION_KEYWORDS = [
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-group-version-kind',
] as const;

const COPIED_KEYWORDS = [
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

export interface ConvertOptions {
  /** Prefix of `$ref`s in the source (`#/components/schemas/`); rewritten to `#/$defs/`. */
  refPrefix?: string;
  /** CRD structural-schema semantics (pruning of unspecified fields). */
  structural?: boolean;
  /** Keep descriptions (default true). */
  descriptions?: boolean;
  /** Schema used for `metadata` of embedded resources (CRD mode). */
  objectMetaSchema?: JsonSchema;
}

interface Ctx extends ConvertOptions {
  /** Inside allOf/anyOf/oneOf/not: value validations only, never add `additionalProperties: false`. */
  valueValidation: boolean;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isTrivialDefault(v: unknown): boolean {
  return v === '' || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
}

function rewriteRef(ref: string, ctx: Ctx): string {
  const prefix = ctx.refPrefix ?? '#/components/schemas/';
  return ref.startsWith(prefix) ? '#/$defs/' + ref.slice(prefix.length) : ref;
}

/** A schema that is `allOf: [{$ref}]` plus annotations only. */
function singleRefOfAllOf(node: Record<string, unknown>): string | undefined {
  const allOf = node.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 1 || !isObject(allOf[0])) return undefined;
  const only = allOf[0];
  return typeof only.$ref === 'string' && Object.keys(only).length === 1 ? only.$ref : undefined;
}

function convertNode(node: unknown, ctx: Ctx): JsonSchema {
  if (!isObject(node)) return {};
  const out: JsonSchema = {};
  if (ctx.descriptions !== false && typeof node.description === 'string') out.description = node.description;

  const ref = typeof node.$ref === 'string' ? node.$ref : singleRefOfAllOf(node);
  if (ref) {
    out.$ref = rewriteRef(ref, ctx);
    if (node.default !== undefined && !isTrivialDefault(node.default)) out.default = node.default;
    return out;
  }

  const intOrString = node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string';
  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;

  if (intOrString) {
    out.type = ['integer', 'string'];
    out['x-kubernetes-int-or-string'] = true;
  } else if (typeof node.type === 'string') {
    out.type = node.type;
  }
  if (typeof node.format === 'string' && CHECKED_FORMATS.has(node.format) && !intOrString) out.format = node.format;
  for (const k of COPIED_KEYWORDS) if (node[k] !== undefined) out[k] = node[k];
  if (Array.isArray(out.enum)) out.enum = [...new Set(out.enum)]; // 1.28 lists some values twice
  // OpenAPI 3.0 boolean exclusive bounds → draft-07 numbers.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  for (const k of ANNOTATION_KEYWORDS) {
    if (k === 'x-kubernetes-int-or-string') continue;
    if (node[k] !== undefined) out[k] = node[k];
  }
  if (node.default !== undefined && !isTrivialDefault(node.default)) out.default = node.default;

  const child: Ctx = ctx.valueValidation ? ctx : { ...ctx };
  let properties: Record<string, JsonSchema> | undefined;
  if (isObject(node.properties)) {
    properties = {};
    for (const [name, sub] of Object.entries(node.properties)) properties[name] = convertNode(sub, child);
  }
  if (embedded) {
    properties = { ...(properties ?? {}) };
    properties.apiVersion ??= { type: 'string' };
    properties.kind ??= { type: 'string' };
    properties.metadata ??= ctx.objectMetaSchema ?? { type: 'object' };
  }
  if (properties) out.properties = properties;
  if (Array.isArray(node.required) && node.required.length) out.required = node.required;

  if (isObject(node.additionalProperties)) out.additionalProperties = convertNode(node.additionalProperties, child);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (!preserveUnknown && !ctx.valueValidation) {
    const isObjectType = node.type === 'object' || properties !== undefined;
    if (properties !== undefined) out.additionalProperties = false;
    else if (ctx.structural && isObjectType && !embedded) out.additionalProperties = false;
  }

  if (isObject(node.items)) out.items = convertNode(node.items, child);

  const inValue: Ctx = { ...ctx, valueValidation: true };
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[k];
    if (!Array.isArray(list)) continue;
    // int-or-string is usually spelled `anyOf: [{type: integer}, {type: string}]` next to the extension.
    if (intOrString && list.every((s) => isObject(s) && (s.type === 'integer' || s.type === 'string'))) continue;
    out[k] = list.map((s) => convertNode(s, inValue));
  }
  if (isObject(node.not)) out.not = convertNode(node.not, inValue);
  return out;
}

/** One built-in definition of an OpenAPI v3 document (`components.schemas[name]`). */
export function convertOpenApiDefinition(name: string, def: unknown, refPrefix = '#/components/schemas/'): JsonSchema {
  const description = isObject(def) && typeof def.description === 'string' ? def.description : undefined;
  if (name === QUANTITY_DEF) {
    return { ...(description ? { description } : {}), type: ['string', 'number'], format: 'quantity' };
  }
  if (name === INT_OR_STRING_DEF) {
    return { ...(description ? { description } : {}), type: ['integer', 'string'], 'x-kubernetes-int-or-string': true };
  }
  return convertNode(def, { refPrefix, valueValidation: false });
}

/** A CRD version's `schema.openAPIV3Schema`, with structural-schema semantics. */
export function convertStructuralSchema(schema: unknown, opts: Omit<ConvertOptions, 'structural'> = {}): JsonSchema {
  return convertNode(schema, { ...opts, structural: true, valueValidation: false });
}
