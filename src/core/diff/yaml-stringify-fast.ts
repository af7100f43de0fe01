// A fast YAML rendering of plain JSON data, for the unified diffs: the same text as
// `stringify(value, { sortMapEntries: true, lineWidth: 0, singleQuote: true })` of the `yaml` package, for data
// whose every key and string is a plain scalar there (names, images, quantities, labels...). Anything else
// (quoted or multi-line strings, floats in exponent form...) returns undefined and the caller uses `yaml` itself.
// test/unit/diff/yaml-stringify-fast.test.ts checks it against `yaml` on every fixture and on generated data.

/** Strings the YAML 1.2 core schema would read as something else (numbers, booleans, null). */
const NOT_A_STRING = [
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^(?:~|[Nn]ull|NULL)$/,
];

/** Conservatively plain: a safe first character, no indicator sequences (`: `, ` #`), no trailing space or colon. */
const PLAIN = /^[A-Za-z0-9_/$(][\w./:@=+,()%~!*&?"'`{}[\]|<>$^;\\#-]*(?: [\w./:@=+,()%~!*&?"'`{}[\]|<>$^;\\-][\w./:@=+,()%~!*&?"'`{}[\]|<>$^;\\#-]*)*$/;

function plain(s: string): string | undefined {
  if (!PLAIN.test(s) || s.endsWith(':') || s.includes(': ')) return undefined;
  for (const re of NOT_A_STRING) if (re.test(s)) return undefined;
  return s;
}

/** A string value: plain, or single-quoted when plain would read as a number, boolean or null (`'3'`, `'0.5'`). */
function stringValue(s: string): string | undefined {
  if (s === '') return "''";
  if (!PLAIN.test(s) || s.endsWith(':') || s.includes(': ')) return undefined;
  for (const re of NOT_A_STRING) if (re.test(s)) return `'${s}'`;
  return s;
}

/** Multi-line text yaml writes as a literal block (`|` or `|-`): printable ASCII, no leading or trailing blanks. */
const LITERAL = /^[\x21-\x7e][\x20-\x7e\n]*[\x21-\x7e]\n?$/;

/** The lines of a literal block scalar, the header first, or undefined. */
function literalBlock(s: string, indent: string): string[] | undefined {
  if (!s.includes('\n') || !LITERAL.test(s) || /[ \n]\n$/.test(s)) return undefined;
  const chomp = s.endsWith('\n') ? '' : '-';
  const body = chomp ? s : s.slice(0, -1);
  return [`|${chomp}`, ...`${indent}${body.replace(/\n+/g, `$&${indent}`)}`.split('\n')];
}

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return stringValue(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v) || Object.is(v, -0)) return undefined;
      return Number.isInteger(v) ? (Math.abs(v) < 1e15 ? String(v) : undefined) : /e/i.test(String(v)) ? undefined : String(v);
    default:
      return undefined;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lines of a non-empty collection at `indent`; the first line is prefixed by the caller. */
function block(v: unknown, indent: string, out: string[], seen: Set<object>): boolean {
  // yaml writes an object met twice as an anchor and an alias.
  if (seen.has(v as object)) return false;
  seen.add(v as object);
  if (Array.isArray(v)) {
    for (const item of v) if (!value(item, `${indent}  `, out, `${indent}- `, seen)) return false;
    return true;
  }
  const keys = Object.keys(v as object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    const key = plain(k);
    if (key === undefined) return false;
    const item = (v as Record<string, unknown>)[k];
    if (item === undefined) continue;
    if (!value(item, indent, out, `${indent}${key}:`, seen, true)) return false;
  }
  return true;
}

/** Renders `v` after `prefix` ("key:" or "- "): scalars and empty collections inline, others as nested blocks. */
function value(v: unknown, indent: string, out: string[], prefix: string, seen: Set<object>, afterKey = false): boolean {
  const sep = afterKey ? ' ' : '';
  if (Array.isArray(v) || isMap(v)) {
    const empty = Array.isArray(v) ? v.length === 0 : Object.values(v).every((x) => x === undefined);
    if (empty) {
      out.push(`${prefix}${sep}${Array.isArray(v) ? '[]' : '{}'}`);
      return true;
    }
    if (afterKey) {
      out.push(prefix);
      return block(v, `${indent}  `, out, seen);
    }
    // A collection as a list item: its first line follows the dash, the rest are indented under it.
    const nested: string[] = [];
    if (!block(v, '', nested, seen)) return false;
    out.push(`${prefix}${nested[0]}`);
    for (let i = 1; i < nested.length; i++) out.push(nested[i] ? `${indent}${nested[i]}` : ''); // blank lines of literal blocks stay empty
    return true;
  }
  if (typeof v === 'string' && v.includes('\n')) {
    const lines = literalBlock(v, afterKey ? `${indent}  ` : indent);
    if (!lines) return false;
    out.push(`${prefix}${sep}${lines[0]}`, ...lines.slice(1));
    return true;
  }
  const s = scalar(v);
  if (s === undefined) return false;
  out.push(`${prefix}${sep}${s}`);
  return true;
}

/** The YAML text of `v` (ending in a newline), or undefined when it holds something this renderer leaves to `yaml`. */
export function fastYaml(v: unknown): string | undefined {
  if (!isMap(v)) return undefined;
  const out: string[] = [];
  if (Object.values(v).every((x) => x === undefined)) return '{}\n';
  return block(v, '', out, new Set()) ? `${out.join('\n')}\n` : undefined;
}
