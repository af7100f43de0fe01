// Strategic merge patch (kubectl's default patch type): maps merge, lists with a patch merge key merge by key,
// primitive lists with strategy `merge` are unioned, other lists are replaced; `$patch`, `$retainKeys`,
// `$deleteFromPrimitiveList/<f>` and `$setElementOrder/<f>` directives are honoured.
import { SchemaNode, builtinRoot, crdRoot, fieldOf, untypedNode } from './schema';
import { TypeContext } from './pipeline';
import { Json, deepEqual, isObj } from './typed';

function rootOf(type: TypeContext): SchemaNode {
  if (type.crd) return crdRoot(type.crd, type.version);
  return builtinRoot(type.group, type.version, type.kind) ?? untypedNode;
}

export function strategicMergePatch(live: Json, patch: Json, type: TypeContext): Json {
  return smp(live, patch, rootOf(type));
}

function mergeKeyOf(node: SchemaNode | undefined): string | undefined {
  if (!node || node.kind !== 'list') return undefined;
  if (node.listType === 'map' && node.keys?.length) return node.keys[0];
  return undefined;
}

function smp(live: Json, patch: Json, node: SchemaNode): Json {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObj(live) ? { ...live } : {};
  const retain = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = out[f].filter((x: Json) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    const child = fieldOf(node, k) ?? untypedNode;
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v) && child.kind === 'list') {
      out[k] = mergeList(Array.isArray(out[k]) ? out[k] : [], v, child);
      continue;
    }
    if (isObj(v) && !child.atomic) {
      const r = smp(out[k], v, child);
      if (r === undefined) delete out[k];
      else out[k] = r;
      continue;
    }
    out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(live: Json[], patch: Json[], node: SchemaNode): Json[] {
  const key = mergeKeyOf(node);
  if (node.listType === 'set') {
    const out = [...live];
    for (const x of patch) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  }
  if (!key) {
    if (patch.length === 1 && isObj(patch[0]) && patch[0].$patch === 'replace') return [];
    return patch.filter((x) => !(isObj(x) && x.$patch));
  }
  const out = [...live];
  for (const item of patch) {
    if (!isObj(item)) continue;
    if (item.$patch === 'replace') return patch.filter((x) => !(isObj(x) && x.$patch));
    const i = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = smp(out[i], item, node.elem!);
    else out.push(smp(undefined, item, node.elem!));
  }
  return out;
}
