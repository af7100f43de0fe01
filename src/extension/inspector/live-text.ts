// The live object as the inspector shows it: Secret values masked, server bookkeeping (managedFields,
// resourceVersion, uid, status...) left out, keys in the manifest's order so the diff lines up. Pure.
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
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

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** Gives `live` the layout of `desired` where both have a node: flow or block collections, scalar quoting. */
function copyStyle(live: unknown, desired: unknown): void {
  if (isMap(live) && isMap(desired)) {
    live.flow = desired.flow;
    for (const pair of live.items as Pair[]) {
      const match = (desired.items as Pair[]).find((p) => keyOf(p) === keyOf(pair));
      if (match) copyStyle(pair.value, match.value);
    }
  } else if (isSeq(live) && isSeq(desired)) {
    live.flow = desired.flow;
    live.items.forEach((item, i) => copyStyle(item, desired.items[i]));
  } else if (isScalar(live) && isScalar(desired) && typeof live.value === 'string' && typeof desired.value === 'string') {
    live.type = desired.type;
  }
}

/**
 * YAML of the live object for the inspector's left side: keys in the manifest's order and, given the manifest's
 * text, its layout (flow `{…}`/`[…]` collections, quoting), so that only real differences show in the diff.
 */
export function liveText(live: KubeObject, desired?: KubeObject, desiredText?: string): string {
  const doc = new Document(orderLike(presentableLive(live), desired));
  if (desiredText !== undefined) {
    try {
      const layout = parseDocument(desiredText, { version: '1.1' });
      if (!layout.errors.length) copyStyle(doc.contents as Node, layout.contents as Node);
    } catch {
      // the layout is only cosmetic
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
