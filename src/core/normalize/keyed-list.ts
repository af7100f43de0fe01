// Finding list-map items by their merge key (containers by `name`, ports by `containerPort`+`protocol`) and
// set-list members in O(1) instead of scanning the list for every item: a 20,000-item list took seconds.
/** Key values of a list-map item, `[field, value]` for each key field present (defaults filled in by the caller). */
export type ListItemKey = Array<[string, unknown]>;

/** A string that equal keys (same fields, strictly equal primitive values) share; undefined when not a primitive key. */
function signature(key: ListItemKey): string | undefined {
  let out = '';
  for (const [k, v] of key) {
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'bigint') return undefined;
    out += `${JSON.stringify(k)}\u0000${typeof v}\u0000${String(v)}\u0001`;
  }
  return out;
}

/**
 * The items of one list by key. `find(key)` returns the first item whose key fields equal `key`'s (fields
 * missing from `key` do not constrain), like a linear scan would; `add` indexes an item appended later.
 */
export class KeyedList {
  private readonly first = new Map<string, number>();

  constructor(
    private readonly list: readonly unknown[],
    private readonly keys: readonly string[],
    private readonly keyOf: (item: unknown) => ListItemKey,
  ) {
    list.forEach((item, i) => this.add(item, i));
  }

  add(item: unknown, index: number): void {
    const sig = signature(this.keyOf(item));
    if (sig !== undefined && !this.first.has(sig)) this.first.set(sig, index);
  }

  find(key: ListItemKey): number {
    if (key.length === 0) return -1;
    // A key naming every key field matches only items with exactly those values: one lookup.
    if (key.length === this.keys.length) {
      const sig = signature(key);
      if (sig !== undefined) return this.first.get(sig) ?? -1;
    }
    return this.list.findIndex((item) => {
      const other = new Map(this.keyOf(item));
      return key.every(([k, v]) => other.get(k) === v);
    });
  }
}

/** Whether `v` is in `members` by `===` (Set lookup), for primitives other than NaN; undefined: compare one by one. */
export function strictlyIn(members: ReadonlySet<unknown>, v: unknown): boolean | undefined {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function' || Number.isNaN(v)) return undefined;
  return members.has(v);
}
