// Small readers for untyped custom resources (Flux, Argo CD) parsed from YAML or read from the cluster.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path of plain keys, or undefined. */
export function field(obj: unknown, ...keys: string[]): unknown {
  let current = obj;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function stringField(obj: unknown, ...keys: string[]): string | undefined {
  const value = field(obj, ...keys);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function recordField(obj: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  const value = field(obj, ...keys);
  return isRecord(value) ? value : undefined;
}

export function arrayField(obj: unknown, ...keys: string[]): unknown[] {
  const value = field(obj, ...keys);
  return Array.isArray(value) ? value : [];
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
