// Key order of serialised objects: built-in types follow Go struct order for the envelope and metadata;
// custom resources come back with all keys sorted (as the real server does).

const METADATA_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];
const MANAGED_FIELDS_ORDER = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'];

function ordered(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Returns a copy of a top-level object with canonical key order. */
export function canonicalOrder(obj: any, customResource: boolean): any {
  if (customResource) return sortKeysDeep(obj);
  const top = ordered(obj, ['kind', 'apiVersion', 'metadata']);
  if (top.metadata && typeof top.metadata === 'object') {
    const md = ordered(top.metadata as Record<string, unknown>, METADATA_ORDER);
    if (Array.isArray(md.managedFields)) md.managedFields = md.managedFields.map((e: any) => ordered(e, MANAGED_FIELDS_ORDER));
    top.metadata = md;
  }
  return top;
}
