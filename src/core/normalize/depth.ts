// How deeply a value is nested, measured without recursion (a value from the cluster is parsed from JSON,
// which has no depth limit here; comparing, cloning or printing thousands of levels overflows the stack).

/** Objects nested deeper than this are not compared or shown: real Kubernetes objects stay below ~100 levels, manifests
 * below ~500 (the parser refuses deeper), and printing a diff (yaml) overflows the stack near ~950 levels. */
export const MAX_OBJECT_DEPTH = 600;

/** True when `value` has maps/lists nested more than `limit` levels deep. Stops at the first such path. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  // Two parallel stacks (no tuple per node): this runs on every live object before it is compared.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (typeof child === 'object' && child !== null) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

export class NestedTooDeepError extends Error {
  override readonly name = 'NestedTooDeepError';
  constructor(what: string) {
    super(`${what} is nested more than ${MAX_OBJECT_DEPTH} levels deep; it is not compared or shown`);
  }
}
