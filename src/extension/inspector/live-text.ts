// The live object as the inspector shows it: Secret values masked, server bookkeeping (managedFields,
// resourceVersion, uid, status...) left out, keys in the manifest's order so the diff lines up. Pure.
import { stringify } from 'yaml';
import { redactSecret } from '../../core/diff/secret-mask';
import { isPlainObject, LAST_APPLIED_ANNOTATION } from '../../core/normalize/normalizer';
import type { KubeObject } from '../../core/types';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];

/** `value` with its keys in the order of `like` (keys `like` lacks follow in their own order), recursively. */
export function orderLike(value: unknown, like: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => orderLike(v, Array.isArray(like) ? like[i] : undefined));
  if (!isPlainObject(value)) return value;
  const template = isPlainObject(like) ? like : {};
  const keys = [...Object.keys(template).filter((k) => k in value), ...Object.keys(value).filter((k) => !(k in template))];
  return Object.fromEntries(keys.map((k) => [k, orderLike(value[k], template[k])]));
}

/** The live object without what the server keeps for itself, Secret values masked. */
export function presentableLive(live: KubeObject): KubeObject {
  const copy = redactSecret(structuredClone(live));
  const meta = copy.metadata as Record<string, unknown> | undefined;
  if (meta) {
    for (const k of SERVER_METADATA) delete meta[k];
    const ann = meta.annotations;
    if (isPlainObject(ann)) {
      delete ann[LAST_APPLIED_ANNOTATION];
      if (Object.keys(ann).length === 0) delete meta.annotations;
    }
  }
  delete (copy as Record<string, unknown>).status;
  return copy;
}

/** YAML of the live object for the inspector's left side. */
export function liveText(live: KubeObject, desired?: KubeObject): string {
  return stringify(orderLike(presentableLive(live), desired), { lineWidth: 0 });
}
