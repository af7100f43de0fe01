// JSON merge patch (RFC 7386). Returns a new value; `live` is not modified.
import { Json, isObj } from './typed';

export function mergePatch(live: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
