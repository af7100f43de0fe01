// What the editor shows for a manifest's text: schema findings and parse problems on exact field ranges, with the
// quick fix where one is obvious, and the schema of the field under the cursor. Pure: no vscode import.
import { formatPath, type SchemaFinding } from '../../core/schema/ajv-findings';
import { findApiDeprecation } from '../../core/schema/deprecations';
import { addWorkspaceCustomResourceDefinitions, locateFinding } from '../../core/schema/diagnostics';
import { closestMatch } from '../../core/schema/suggest';
import type { SchemaValidator } from '../../core/schema/validator';
import type { JsonSchema } from '../../core/schema/openapi-to-json-schema';
import { parseManifestText } from '../../core/manifests';
import type { DesiredObject, FieldPath, ParsedFile, SourceRange, VerdictResult } from '../../core/types';

export interface QuickFix {
  title: string;
  /** Text to replace (the apiVersion value, the unknown key). */
  range: SourceRange;
  newText: string;
}

export interface EditorFinding {
  range: SourceRange;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Stable rule id (`unknown-field`, `yaml-syntax`…). */
  rule: string;
  /** Field path, e.g. `spec.replicas` (empty for the whole object or file). */
  path: string;
  fix?: QuickFix;
  /** Range of the object the finding is in (to mark its verdict `invalid`). */
  objectRange?: SourceRange;
}

/** Parses `text` and validates every object in it; never throws. */
export function findingsOfText(file: string, text: string, validator: SchemaValidator): EditorFinding[] {
  return findingsOfParsed(parseManifestText(file, text), validator);
}

export function findingsOfParsed(parsed: ParsedFile, validator: SchemaValidator): EditorFinding[] {
  const out: EditorFinding[] = [];
  const emptyRange: SourceRange = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };
  for (const p of parsed.problems) out.push({ range: p.range ?? emptyRange, severity: p.severity, message: p.message, rule: p.rule, path: '' });
  addWorkspaceCustomResourceDefinitions(validator, parsed.objects);
  const noSchema = new Set<string>();
  for (const o of parsed.objects) {
    let findings: SchemaFinding[];
    try {
      findings = validator.validate(o.object);
    } catch {
      continue;
    }
    for (const f of findings) {
      if (f.rule === 'no-schema') {
        const key = `${o.object.apiVersion}\u0000${o.object.kind}`;
        if (noSchema.has(key)) continue;
        noSchema.add(key);
      }
      out.push({ range: locateFinding(o, f.path), severity: f.severity, message: f.message, rule: f.rule, path: formatPath(f.path), fix: quickFixFor(o, f, validator), objectRange: o.source.range });
    }
  }
  return out;
}

/** The obvious fix: a deprecated/removed apiVersion → its replacement; an unknown field → the nearest valid name. */
export function quickFixFor(o: DesiredObject, f: SchemaFinding, validator: SchemaValidator): QuickFix | undefined {
  const { apiVersion, kind } = o.object;
  if (f.rule === 'deprecated-api-version' || f.rule === 'removed-api-version') {
    const replacement = findApiDeprecation(apiVersion, kind)?.replacement;
    const value = o.source.fieldRange(['apiVersion'])?.value;
    if (!replacement || !value || !/^[a-z0-9.-]+(\/[a-z0-9]+)?$/.test(replacement)) return undefined;
    return { title: `Change apiVersion to ${replacement}`, range: value, newText: replacement };
  }
  if (f.rule === 'unknown-field' && f.path.length > 0) {
    const name = f.path[f.path.length - 1];
    if (typeof name !== 'string') return undefined;
    const parent = validator.fieldSchema(apiVersion, kind, f.path.slice(0, -1));
    const props = parent?.properties && typeof parent.properties === 'object' ? Object.keys(parent.properties as object) : [];
    const nearest = closestMatch(name, props);
    const key = o.source.fieldRange(f.path)?.key;
    if (!nearest || !key) return undefined;
    return { title: `Change "${name}" to "${nearest}"`, range: key, newText: nearest };
  }
  return undefined;
}

export interface FieldHover {
  /** `spec.template.spec.containers[0].image` */
  path: string;
  /** Range of the key under the cursor. */
  range: SourceRange;
  schema: JsonSchema;
}

/** The field whose key is at `offset` (or whose scalar value is), and its schema; undefined elsewhere. */
export function fieldAt(objects: readonly DesiredObject[], offset: number, validator: SchemaValidator): FieldHover | undefined {
  const o = objects.find((x) => x.source.range.start.offset <= offset && offset <= x.source.range.end.offset);
  if (!o || typeof o.object.apiVersion !== 'string' || typeof o.object.kind !== 'string') return undefined;
  const found = pathAt(o, offset);
  if (!found) return undefined;
  const schema = validator.fieldSchema(o.object.apiVersion, o.object.kind, found.path);
  if (!schema) return undefined;
  return { path: formatPath(found.path), range: found.range, schema };
}

/** Descends the object along the fields whose source range holds `offset`. */
function pathAt(o: DesiredObject, offset: number): { path: FieldPath; range: SourceRange } | undefined {
  const within = (r: SourceRange | undefined) => !!r && r.start.offset <= offset && offset <= r.end.offset;
  let value: unknown = o.object;
  const path: Array<string | number> = [];
  let best: { path: FieldPath; range: SourceRange } | undefined;
  for (let depth = 0; depth < 64; depth++) {
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : value && typeof value === 'object' ? Object.keys(value) : [];
    let next: { key: string | number; range: SourceRange } | undefined;
    for (const k of keys) {
      const r = o.source.fieldRange([...path, k]);
      if (!r) continue;
      const span = { start: (r.key ?? r.value).start, end: r.value.end };
      if (!within(span)) continue;
      next = { key: k, range: r.key ?? r.value };
      break;
    }
    if (!next) return best;
    path.push(next.key);
    value = (value as Record<string | number, unknown>)[next.key];
    if (typeof next.key === 'string') best = { path: [...path], range: next.range };
  }
  return best;
}

/** Markdown for a field's hover: path, type, description (the schema's words). */
export function hoverMarkdown(h: FieldHover): string {
  const type = schemaType(h.schema);
  const lines = [`**${h.path}**${type ? ` — \`${type}\`` : ''}`];
  if (typeof h.schema.description === 'string' && h.schema.description) lines.push('', h.schema.description);
  if (Array.isArray(h.schema.enum)) lines.push('', `One of: ${h.schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  return lines.join('\n');
}

function schemaType(s: JsonSchema): string | undefined {
  if (s['x-kubernetes-int-or-string'] === true) return 'integer or string';
  if (typeof s.format === 'string' && s.format === 'quantity') return 'quantity';
  if (typeof s.type === 'string') return s.type === 'array' && s.items && typeof (s.items as JsonSchema).type === 'string' ? `${(s.items as JsonSchema).type as string}[]` : s.type;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return undefined;
}

/** Error findings inside an object (what makes its verdict `invalid`). */
export function objectErrors(findings: readonly EditorFinding[], objectRange: SourceRange): EditorFinding[] {
  return findings.filter((f) => f.severity === 'error' && f.objectRange && f.objectRange.start.offset === objectRange.start.offset);
}

/** apiVersions of checked manifests (not orphans, not broken) that no schema the validator has covers. */
export function apiVersionsToLearn(validator: SchemaValidator, results: readonly VerdictResult[]): string[] {
  const out = new Set<string>();
  for (const r of results) {
    if (!r.source || !r.ref.kind || !r.ref.apiVersion || r.verdict === 'orphaned') continue;
    if (!validator.hasSchema(r.ref.apiVersion, r.ref.kind)) out.add(r.ref.apiVersion);
  }
  return [...out].sort();
}

/** Files to validate first: those defining CRDs, so that the custom resources of the others find their schema. */
export function crdFilesFirst(files: readonly string[], results: readonly VerdictResult[]): string[] {
  const crd = new Set(results.filter((r) => r.source && r.ref.kind === 'CustomResourceDefinition').map((r) => r.source!.file));
  return [...files.filter((f) => crd.has(f)), ...files.filter((f) => !crd.has(f))];
}
