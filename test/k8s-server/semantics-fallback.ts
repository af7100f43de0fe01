// TEMPORARY pass-through implementation of the semantics contract (test/k8s-server/semantics/index.ts),
// used only until the semantics module exists. No defaults, no real managedFields, no conflicts.
export interface TypeContext {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  crd?: unknown;
}
export interface SemanticsError {
  code: number;
  reason: string;
  message: string;
  causes?: Array<{ reason: string; message: string; field?: string }>;
}
export interface Warning {
  text: string;
}
export type SemanticsResult = { object: any; warnings?: Warning[] } | { error: SemanticsError };

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export function mergePatch(live: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: any = live && typeof live === 'object' && !Array.isArray(live) ? clone(live) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(live: any, patch: any, _type: TypeContext): any {
  return mergePatch(live, patch);
}

export function jsonPatch(live: any, ops: any[]): any {
  const doc = clone(live);
  for (const op of ops) {
    const parts = String(op.path).split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let cur = doc;
    for (const p of parts) cur = cur[p];
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(cur) && op.op === 'add') cur.splice(last === '-' ? cur.length : Number(last), 0, op.value);
      else cur[last] = op.value;
    } else if (op.op === 'remove') {
      if (Array.isArray(cur)) cur.splice(Number(last), 1);
      else delete cur[last];
    }
  }
  return doc;
}

function entry(manager: string, operation: string, type: TypeContext, now: string, subresource?: string) {
  const e: any = { manager, operation, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, time: now, fieldsType: 'FieldsV1', fieldsV1: {} };
  if (subresource) e.subresource = subresource;
  return e;
}

function withEntry(obj: any, e: any): any {
  const mf = (obj.metadata.managedFields ?? []).filter(
    (x: any) => !(x.manager === e.manager && x.operation === e.operation && (x.subresource ?? '') === (e.subresource ?? '')),
  );
  obj.metadata.managedFields = [...mf, e];
  return obj;
}

export function serverSideApply(a: { live?: any; patch: any; manager: string; force: boolean; now: string; type: TypeContext; subresource?: string }): SemanticsResult {
  const obj = mergePatch(a.live ?? {}, a.patch);
  obj.metadata = obj.metadata ?? {};
  return { object: withEntry(obj, entry(a.manager, 'Apply', a.type, a.now, a.subresource)) };
}

export function applyUpdate(a: {
  live?: any;
  next: any;
  manager: string;
  operation: 'Update';
  now: string;
  type: TypeContext;
  subresource?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}): SemanticsResult {
  const obj = clone(a.next);
  obj.metadata = obj.metadata ?? {};
  return { object: withEntry(obj, entry(a.manager, 'Update', a.type, a.now, a.subresource)) };
}

export function runControllers(obj: any, _type: TypeContext, _now: string): any {
  return obj;
}
