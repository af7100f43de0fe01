// Builders for check reports, as the engine produces them.
import { summarize } from '../../../src/core/engine/summary';
import type { CheckReport, DiffEntry, FieldPath, ObjectRef, SourceLocation, SourceRange, VerdictKind, VerdictResult } from '../../../src/core/types';

export const ROOT = '/ws';

export function range(line: number, endLine = line + 5): SourceRange {
  return { start: { line, character: 0, offset: line * 10 }, end: { line: endLine, character: 0, offset: endLine * 10 } };
}

export function source(file: string, docIndex = 0, line = docIndex * 10, fields: Record<string, SourceRange> = {}): SourceLocation {
  return {
    file,
    docIndex,
    range: range(line),
    fieldRange: (path: FieldPath) => {
      const r = fields[path.join('.')];
      return r ? { key: { start: r.start, end: r.start }, value: r } : undefined;
    },
  };
}

export function ref(kind: string, name: string, namespace?: string, apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1'): ObjectRef {
  return { apiVersion, kind, name, ...(namespace ? { namespace } : {}) };
}

export function result(verdict: VerdictKind, r: ObjectRef, src?: SourceLocation, diff: DiffEntry[] = [], reason: string = verdict): VerdictResult {
  return { ref: r, verdict, reason, diff, source: src };
}

export function report(resources: VerdictResult[], context = 'kind-dev'): CheckReport {
  return { context, cluster: 'https://127.0.0.1:6443', resources, problems: [], summary: summarize(resources) };
}

export const imageDrift: DiffEntry = {
  path: 'spec.template.spec.containers[name="app"].image',
  desiredPath: ['spec', 'template', 'spec', 'containers', 0, 'image'],
  change: 'changed',
  desired: 'nginx:1.25',
  live: 'nginx:1.26',
  owner: { manager: 'kubectl-edit', operation: 'Update', time: '2026-11-24T18:00:00Z' },
};

/** A typical workspace: apps/web (drift), apps/db (converged), a top-level file, an orphan. */
export function sampleReport(): CheckReport {
  return report([
    result('diverged', ref('Deployment', 'web', 'shop'), source(`${ROOT}/apps/web/deploy.yaml`, 0, 0, { 'spec.template.spec.containers.0.image': range(20, 20) }), [imageDrift], 'image nginx:1.25 → nginx:1.26 by kubectl-edit'),
    result('missing', ref('Service', 'web', 'shop'), source(`${ROOT}/apps/web/deploy.yaml`, 1, 30), [], 'not in cluster'),
    result('converged', ref('ConfigMap', 'db-config', 'shop'), source(`${ROOT}/apps/db/config.yaml`), [], 'live matches the manifest'),
    result('converged', ref('Namespace', 'shop'), source(`${ROOT}/namespace.yaml`), [], 'live matches the manifest'),
    result('orphaned', ref('ConfigMap', 'old-config', 'shop'), undefined, [], 'in cluster, in no manifest'),
  ]);
}
