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
