// Validation findings placed in files: 1-based line/column from a manifest's source ranges.
import type { DesiredObject, FieldPath, ManifestProblem, SourceRange } from '../types';
import { formatPath, type SchemaFinding } from './ajv-findings';
import type { SchemaValidator, ValidateOptions } from './validator';

/** One finding at a place in a file (1-based line and column), as printed by `converge validate`. */
export interface ValidationDiagnostic {
  file: string;
  line: number;
  column: number;
  /** Field path like `spec.template.spec.containers[0].image` (empty for the whole object or file). */
  path: string;
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
}

/**
 * Range of the finding's field: the key when present, else the value; for a missing field the closest existing
 * parent; for the whole object its `kind` key, else the object.
 */
export function locateFinding(obj: DesiredObject, path: FieldPath): SourceRange {
  const { source } = obj;
  const target = path.length ? path : ['kind'];
  for (let n = target.length; n > 0; n--) {
    const r = source.fieldRange(target.slice(0, n));
    if (r) return r.key ?? r.value;
  }
  return source.range;
}

export function diagnosticOfFinding(obj: DesiredObject, f: SchemaFinding): ValidationDiagnostic {
  const start = locateFinding(obj, f.path).start;
  return {
    file: obj.source.file,
    line: start.line + 1,
    column: start.character + 1,
    path: formatPath(f.path),
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  };
}

export function diagnosticOfProblem(p: ManifestProblem): ValidationDiagnostic {
  return {
    file: p.file,
    line: (p.range?.start.line ?? 0) + 1,
    column: (p.range?.start.character ?? 0) + 1,
    path: '',
    severity: p.severity,
    rule: p.rule,
    message: p.message,
  };
}

/**
 * Validates manifests: CRDs among them are registered first, so their custom resources are checked too.
 * A kind without schema gets one `no-schema` info, on its first object. Returns diagnostics sorted by file, line, column.
 */
export function validateDesiredObjects(
  validator: SchemaValidator,
  objects: readonly DesiredObject[],
  opts: ValidateOptions = {},
): ValidationDiagnostic[] {
  addWorkspaceCustomResourceDefinitions(validator, objects);
  const out: ValidationDiagnostic[] = [];
  const reportedNoSchema = new Set<string>();
  for (const o of objects) {
    for (const f of validator.validate(o.object, opts)) {
      if (f.rule === 'no-schema') {
        // An unknown kind is reported once (on its first object), not once per object.
        const key = `${o.object.apiVersion}\u0000${o.object.kind}`;
        if (reportedNoSchema.has(key)) continue;
        reportedNoSchema.add(key);
      }
      out.push(diagnosticOfFinding(o, f));
    }
  }
  return sortDiagnostics(out);
}

/** Registers the CRDs among the manifests with the validator; returns the apiVersions they define. */
export function addWorkspaceCustomResourceDefinitions(validator: SchemaValidator, objects: readonly DesiredObject[]): string[] {
  const added: string[] = [];
  for (const o of objects) {
    if (o.object?.apiVersion === 'apiextensions.k8s.io/v1' && o.object.kind === 'CustomResourceDefinition') {
      added.push(...validator.addCustomResourceDefinition(o.object));
    }
  }
  return added;
}

export function sortDiagnostics(list: ValidationDiagnostic[]): ValidationDiagnostic[] {
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
