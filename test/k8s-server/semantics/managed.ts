// metadata.managedFields ⇄ per-manager field sets.
import { FieldSet, fromFieldsV1, toFieldsV1 } from './fieldset';

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** k8s BuildManagerIdentifier: manager, operation, subresource, and apiVersion for Update entries only. */
export function entryId(e: { manager: string; operation: string; apiVersion?: string; subresource?: string }): string {
  return JSON.stringify([e.manager, e.operation, e.subresource ?? '', e.operation === 'Apply' ? '' : e.apiVersion ?? '']);
}

export function parseManagedFields(mf: unknown): ManagerEntry[] {
  if (!Array.isArray(mf)) return [];
  return mf
    .filter((e) => e && typeof e === 'object')
    .map((e: any) => ({
      manager: String(e.manager ?? ''),
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(e.apiVersion ?? ''),
      time: typeof e.time === 'string' ? e.time : undefined,
      subresource: e.subresource || undefined,
      set: fromFieldsV1(e.fieldsV1),
    }));
}

/** k8s sortEncodedManagedFields: Apply before Update, then by time in seconds (none = 0), manager, apiVersion, subresource. */
export function encodeManagedFields(entries: ManagerEntry[]): any[] {
  const live = entries.filter((e) => !e.set.isEmpty());
  const rank = (e: ManagerEntry) => (e.operation === 'Apply' ? 0 : 1);
  const sorted = live
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        rank(a.e) - rank(b.e) ||
        timeCmp(a.e.time, b.e.time) ||
        strCmp(a.e.manager, b.e.manager) ||
        strCmp(a.e.apiVersion, b.e.apiVersion) ||
        strCmp(a.e.subresource ?? '', b.e.subresource ?? '') ||
        a.i - b.i,
    )
    .map((x) => x.e);
  return sorted.map((e) => {
    const out: any = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = toFieldsV1(e.set);
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

function strCmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function timeCmp(a?: string, b?: string): number {
  if (a === b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  return a < b ? -1 : 1;
}

/** Conflict text of a manager, as printManager in k8s.io/apiserver's fieldmanager. */
export function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}
