// kubectl-style DiffEntry paths (the format SSA conflict messages use, without the leading dot):
//   field access       spec.replicas
//   odd map keys       metadata.labels["app.kubernetes.io/name"]   (anything but [A-Za-z0-9_-] → JSON-quoted)
//   list-map items     spec.template.spec.containers[name="app"].image
//                      spec.ports[port=80,protocol="TCP"].targetPort   (numbers bare, strings JSON-quoted,
//                      key fields in schema order, defaulted protocol included)
//   set items          metadata.finalizers[="kubernetes"]
//   other list items   spec.template.spec.containers[name="app"].args[0]   (index in the object shown)

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function fieldSegment(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function literal(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function keySegment(parent: string, key: ReadonlyArray<[string, unknown]>): string {
  return `${parent}[${key.map(([k, v]) => `${k}=${literal(v)}`).join(',')}]`;
}

export function setSegment(parent: string, value: unknown): string {
  return `${parent}[=${literal(value)}]`;
}

export function indexSegment(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
