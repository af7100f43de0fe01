// A kind's schema as one self-contained draft-07 document (every `$ref` local, under `definitions`), for
// consumers that get no other schema: the editor webview's monaco-yaml. Pure.
import type { JsonSchema } from './openapi-to-json-schema';

const DEFS_MARK = '#/$defs/';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Copies `root`, pulling in the definitions it reaches through `$ref`s (`<schema $id>#/$defs/<name>`, or
 * `#/$defs/<name>` relative to the schema it appears in) from `defsById`. Unresolvable refs become `{}` (anything).
 * Quantities (`format: quantity`) get their syntax as a `pattern`, since formats are not checked everywhere.
 */
export function standaloneSchema(
  root: JsonSchema,
  defsById: ReadonlyMap<string, Record<string, JsonSchema>>,
  opts: { rootId?: string; quantityPattern?: string } = {},
): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const pending: Array<{ id: string; name: string }> = [];

  const copy = (node: unknown, id: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((n) => copy(n, id));
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const at = v.indexOf(DEFS_MARK);
        const refId = at > 0 ? v.slice(0, at) : id;
        const name = at >= 0 ? v.slice(at + DEFS_MARK.length) : undefined;
        if (name === undefined || !refId || !defsById.get(refId)?.[name]) return { ...(node.description ? { description: node.description } : {}) };
        if (!(name in definitions)) {
          definitions[name] = {};
          pending.push({ id: refId, name });
        }
        out.$ref = `#/definitions/${name}`;
      } else out[k] = typeof v === 'object' ? copy(v, id) : v;
    }
    if (out.format === 'quantity' && out.pattern === undefined && opts.quantityPattern) {
      out.pattern = opts.quantityPattern;
      // Shown by yaml-language-server instead of the regular expression.
      out.patternErrorMessage = 'not a Kubernetes quantity (like 500m, 0.5, 2Gi or 1e3)';
    }
    return out;
  };

  const top = copy(root, opts.rootId) as JsonSchema;
  for (let next = pending.shift(); next; next = pending.shift()) {
    definitions[next.name] = copy(defsById.get(next.id)![next.name], next.id) as JsonSchema;
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...top, ...(Object.keys(definitions).length ? { definitions } : {}) };
}
