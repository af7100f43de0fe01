// Small constructors for verdict results.
import type { KubeObject, ManifestProblem, ObjectRef, ResourceInfo, VerdictResult } from '../types';

/** Identity of a manifest object, with the namespace defaulted for namespaced kinds. */
export function objectRef(obj: KubeObject, info?: ResourceInfo, defaultNamespace?: string): ObjectRef {
  const namespaced = info ? info.namespaced : obj.metadata?.namespace !== undefined;
  const namespace = namespaced ? obj.metadata?.namespace ?? defaultNamespace : undefined;
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace ? { namespace } : {}), name: obj.metadata?.name ?? '' };
}

/**
 * Broken manifests (parse errors, missing names…) as `invalid` results, so they are counted and shown:
 * one per file and kind of problem (a syntax error often yields several parser messages).
 */
export function invalidFromProblems(problems: readonly ManifestProblem[]): VerdictResult[] {
  const groups = new Map<string, ManifestProblem[]>();
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    const key = `${p.file}\0${p.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((ps) => {
    const r = invalidFromProblem(ps[0]);
    return ps.length > 1 ? { ...r, reason: `${r.reason} (+${ps.length - 1} more)` } : r;
  });
}

function invalidFromProblem(p: ManifestProblem): VerdictResult {
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
