// Per-kind structural hints (quantities, int-or-string, list merge keys) as a trie walked alongside
// an object. Data comes from type-hints.generated.json (scripts/gen-type-hints.ts, recorded OpenAPI v3).
import generated from './type-hints.generated.json';

export interface TypeHintSet {
  quantity?: string[];
  intOrString?: string[];
  mapLists?: Record<string, string[]>;
  setLists?: string[];
  atomicMaps?: string[];
}

export interface HintNode {
  fields?: Map<string, HintNode>;
  /** Values of a free-form map (`*`). */
  anyValue?: HintNode;
  /** List items (`[]`). */
  item?: HintNode;
  quantity?: boolean;
  intOrString?: boolean;
  /** Keys of a list of maps (`x-kubernetes-list-map-keys` / patch merge key). */
  listKeys?: string[];
  setList?: boolean;
  atomicMap?: boolean;
}

/** Common to every kind: metadata is not in the generated file. */
const COMMON_HINTS: TypeHintSet = {
  mapLists: { 'metadata.ownerReferences': ['uid'] },
  setLists: ['metadata.finalizers'],
};

export class TypeHints {
  readonly root: HintNode = {};

  /** `known` = the kind's schema was available; unknown lists are then atomic, else treated by index. */
  constructor(
    set: TypeHintSet | undefined,
    readonly known: boolean,
  ) {
    for (const s of [COMMON_HINTS, set ?? {}]) {
      for (const p of s.quantity ?? []) this.node(p).quantity = true;
      for (const p of s.intOrString ?? []) this.node(p).intOrString = true;
      for (const [p, keys] of Object.entries(s.mapLists ?? {})) this.node(p).listKeys = keys;
      for (const p of s.setLists ?? []) this.node(p).setList = true;
      for (const p of s.atomicMaps ?? []) this.node(p).atomicMap = true;
    }
  }

  private node(path: string): HintNode {
    let n = this.root;
    for (const raw of path.split('.')) {
      let seg = raw;
      let items = 0;
      while (seg.endsWith('[]')) {
        seg = seg.slice(0, -2);
        items++;
      }
      if (seg === '*') n = n.anyValue ??= {};
      else {
        n.fields ??= new Map();
        let c = n.fields.get(seg);
        if (!c) n.fields.set(seg, (c = {}));
        n = c;
      }
      for (let i = 0; i < items; i++) n = n.item ??= {};
    }
    return n;
  }
}

/** Child hint node for a map key: a named field first, else the free-form map's value node. */
export function childHint(node: HintNode | undefined, key: string): HintNode | undefined {
  if (!node) return undefined;
  return node.fields?.get(key) ?? node.anyValue;
}

export function itemHint(node: HintNode | undefined): HintNode | undefined {
  return node?.item;
}

const ALL = generated as Record<string, TypeHintSet>;
const cache = new Map<string, TypeHints>();

/** Hints for `apiVersion` + `kind` (e.g. `apps/v1`, `Deployment`); an empty, `known: false` set for CRs. */
export function hintsFor(apiVersion: string | undefined, kind: string | undefined): TypeHints {
  const key = `${apiVersion ?? ''}/${kind ?? ''}`;
  let h = cache.get(key);
  if (!h) {
    const set = ALL[key];
    h = new TypeHints(set, set !== undefined);
    cache.set(key, h);
  }
  return h;
}

/** The list of generated kinds, `apiVersion/Kind`. */
export function knownKinds(): string[] {
  return Object.keys(ALL);
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}

/**
 * Hints from a structural (CRD) schema: list-map keys, sets, int-or-string, atomic maps. No quantities:
 * custom resources keep quantities as written.
 */
export function hintSetFromSchema(schema: unknown): TypeHintSet {
  const set: Required<TypeHintSet> = { quantity: [], intOrString: [], mapLists: {}, setLists: [], atomicMaps: [] };
  const visit = (s: JsonSchema | undefined, path: string, depth: number): void => {
    if (!s || typeof s !== 'object' || depth > 64) return;
    if (s['x-kubernetes-int-or-string']) {
      if (path) set.intOrString.push(path);
      return;
    }
    if (s['x-kubernetes-map-type'] === 'atomic' && path) set.atomicMaps.push(path);
    if (s.type === 'array') {
      const keys = s['x-kubernetes-list-map-keys'];
      if (s['x-kubernetes-list-type'] === 'map' && keys?.length) set.mapLists[path] = keys;
      else if (s['x-kubernetes-list-type'] === 'set') set.setLists.push(path);
      visit(s.items, `${path}[]`, depth + 1);
      return;
    }
    for (const [k, child] of Object.entries(s.properties ?? {})) {
      if (!path && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      visit(child, path ? `${path}.${k}` : k, depth + 1);
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      visit(s.additionalProperties, path ? `${path}.*` : '*', depth + 1);
    }
  };
  visit(schema as JsonSchema, '', 0);
  return set;
}

/** Hints for every served version of a CustomResourceDefinition, keyed `group/version/Kind`. */
export function hintsFromCrd(crd: object): Record<string, TypeHints> {
  const spec = ((crd as { spec?: unknown }).spec ?? {}) as {
    group?: string;
    names?: { kind?: string };
    versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: unknown } }>;
  };
  const out: Record<string, TypeHints> = {};
  for (const v of spec.versions ?? []) {
    if (!spec.group || !spec.names?.kind || !v.name || !v.schema?.openAPIV3Schema) continue;
    out[`${spec.group}/${v.name}/${spec.names.kind}`] = new TypeHints(hintSetFromSchema(v.schema.openAPIV3Schema), true);
  }
  return out;
}

/** Makes `hintsFor` (and so the diffs) use a CRD's schema for its custom resources. */
export function registerCrdHints(crd: object): void {
  for (const [key, hints] of Object.entries(hintsFromCrd(crd))) cache.set(key, hints);
}
