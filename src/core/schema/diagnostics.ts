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
 * Returns diagnostics sorted by file, line, column.
 */
export function validateDesiredObjects(
  validator: SchemaValidator,
  objects: readonly DesiredObject[],
  opts: ValidateOptions = {},
): ValidationDiagnostic[] {
  for (const o of objects) {
    if (o.object?.apiVersion === 'apiextensions.k8s.io/v1' && o.object.kind === 'CustomResourceDefinition') {
      validator.addCustomResourceDefinition(o.object);
    }
  }
  const out: ValidationDiagnostic[] = [];
  for (const o of objects) for (const f of validator.validate(o.object, opts)) out.push(diagnosticOfFinding(o, f));
  return sortDiagnostics(out);
}

export function sortDiagnostics(list: ValidationDiagnostic[]): ValidationDiagnostic[] {
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
