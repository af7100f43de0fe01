// Turns ajv errors into SchemaFindings: object paths, stable rule ids, kubectl-like messages.
import type { ErrorObject } from 'ajv';
import { closestMatch } from './suggest';

export type SchemaRule =
  | 'type'
  | 'required'
  | 'enum'
  | 'format'
  | 'int-or-string'
  | 'quantity'
  | 'unknown-field'
  | 'constraint'
  | 'missing-name'
  | 'invalid-name'
  | 'invalid-label'
  | 'selector-mismatch'
  | 'missing-kind'
  | 'namespace-on-cluster-scoped'
  | 'deprecated-api-version'
  | 'removed-api-version'
  | 'no-schema';

export interface SchemaFinding {
  /** Path inside the object (numbers index arrays as in the manifest). Empty for the whole object. */
  path: Array<string | number>;
  message: string;
  rule: SchemaRule;
  severity: 'error' | 'warning' | 'info';
}

/** `/spec/containers/0/image` → ['spec', 'containers', 0, 'image'], numbers where the data is an array. */
export function pointerToPath(pointer: string, data: unknown): Array<string | number> {
  if (!pointer) return [];
  const out: Array<string | number> = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** `['spec','containers',0,'image']` → `spec.containers[0].image` (keys with dots are quoted: `labels["a.b/c"]`). */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeNames(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list.map(String).join(' or ');
}

const FORMAT_MESSAGES: Record<string, string> = {
  int32: 'must be a 32-bit integer',
  int64: 'must be a 64-bit integer',
  byte: 'must be base64-encoded data',
  'date-time': 'must be an RFC 3339 date-time',
  date: 'must be a date (YYYY-MM-DD)',
};

function shortValueOf(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Secret values (`data`, `stringData` of a core/v1 Secret) are never echoed in messages. */
function isSecretValuePath(data: unknown, path: ReadonlyArray<string | number>): boolean {
  const d = data as { apiVersion?: unknown; kind?: unknown } | null;
  return !!d && d.kind === 'Secret' && d.apiVersion === 'v1' && (path[0] === 'data' || path[0] === 'stringData');
}

function findingOf(e: ErrorObject, data: unknown): SchemaFinding {
  const base = pointerToPath(e.instancePath, data);
  const shortValue = (v: unknown) => (isSecretValuePath(data, base) ? '(value hidden)' : shortValueOf(v));
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const error = (path: Array<string | number>, rule: SchemaRule, message: string): SchemaFinding => ({
    path,
    rule,
    message,
    severity: 'error',
  });
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      const props = parent.properties && typeof parent.properties === 'object' ? Object.keys(parent.properties) : [];
      const hint = closestMatch(field, props);
      return error([...base, field], 'unknown-field', `unknown field "${field}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    case 'required': {
      const field = String((e.params as { missingProperty: string }).missingProperty);
      return error([...base, field], 'required', `missing required field "${field}"`);
    }
    case 'type': {
      if (parent['x-kubernetes-int-or-string'] === true) {
        return error(base, 'int-or-string', `must be an integer or a string, got ${describeType(e.data)}`);
      }
      if (parent.format === 'quantity') {
        return error(base, 'quantity', `must be a quantity (string or number, e.g. "500m", "1Gi"), got ${describeType(e.data)}`);
      }
      return error(base, 'type', `must be ${typeNames((e.params as { type: unknown }).type)}, got ${describeType(e.data)}`);
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues ?? [];
      const hint = typeof e.data === 'string' ? closestMatch(e.data, allowed.map(String)) : undefined;
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      return error(base, 'enum', `unsupported value ${shortValue(e.data)}: must be one of ${list}${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    case 'format': {
      const format = String((e.params as { format: string }).format);
      if (format === 'quantity') {
        return error(base, 'quantity', `invalid quantity ${shortValue(e.data)}: must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. "500m", "1.5", "128Mi", "1Gi")`);
      }
      return error(base, 'format', `invalid value ${shortValue(e.data)}: ${FORMAT_MESSAGES[format] ?? `must be a valid ${format}`}`);
    }
    default:
      return error(base, 'constraint', e.message ?? 'is invalid');
  }
}

/** Findings for the errors of one validation, without duplicates; `data` is the validated object. */
export function findingsFromAjvErrors(
  errors: ReadonlyArray<ErrorObject> | null | undefined,
  data: unknown,
  opts: { builtIn?: boolean } = {},
): SchemaFinding[] {
  if (!errors?.length) return [];
  const seen = new Set<string>();
  const out: SchemaFinding[] = [];
  for (const e of errors) {
    // oneOf/anyOf report their branches' errors too; the summary error is enough for CRDs.
    if (e.keyword === 'if') continue;
    // Built-in types: "" is Go's zero value, i.e. unset (defaulted, or "all" like a toleration's effect).
    if (opts.builtIn && e.keyword === 'enum' && e.data === '') continue;
    const f = findingOf(e, data);
    const key = `${f.rule}\u0000${f.path.join('\u0000')}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
