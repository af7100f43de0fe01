// At most N async calls in flight; the rest wait in order. Lets the engine send a dry-run the moment an object
// needs one while it goes on deciding other objects locally.
export type Slots = <T>(fn: () => Promise<T>) => Promise<T>;

export function slots(limit: number): Slots {
  let busy = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  };
  return async (fn) => {
    if (busy >= limit) await new Promise<void>((r) => waiting.push(r));
    else busy++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
