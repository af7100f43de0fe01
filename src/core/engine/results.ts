// Small constructors for verdict results.
import type { KubeObject, ManifestProblem, ObjectRef, ResourceInfo, VerdictResult } from '../types';

/** Identity of a manifest object, with the namespace defaulted for namespaced kinds. */
export function objectRef(obj: KubeObject, info?: ResourceInfo, defaultNamespace?: string): ObjectRef {
  const namespaced = info ? info.namespaced : obj.metadata?.namespace !== undefined;
  const namespace = namespaced ? obj.metadata?.namespace ?? defaultNamespace : undefined;
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace ? { namespace } : {}), name: obj.metadata?.name ?? '' };
}

/** A broken manifest (parse error, missing name…) as an `invalid` result, so it is counted and shown. */
export function invalidFromProblem(p: ManifestProblem): VerdictResult {
  return {
    ref: { apiVersion: '', kind: '', name: '' },
    verdict: 'invalid',
    reason: p.message,
    diff: [],
    source: p.range
      ? { file: p.file, docIndex: 0, range: p.range, fieldRange: () => undefined }
      : { file: p.file, docIndex: 0, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } }, fieldRange: () => undefined },
  };
}

export function displayRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
