// Request body parsing with the recorded strict-decoding errors.
import { parseDocument } from 'yaml';
import { errors } from './errors';

export interface ParsedBody {
  value: any;
  /** Keys that appeared twice (JSON or YAML), for fieldValidation Warn/Strict. */
  duplicates: string[];
  /** 1-based line of the first duplicate (YAML). */
  duplicateLine?: number;
}

function findDuplicates(text: string): { keys: string[]; line?: number } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const dup = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (!dup.length) return { keys: [] };
  const keys = dup.map((e) => {
    const at = text.slice(e.pos[0]);
    const m = /^\s*"?([^":\n]+)"?\s*:/.exec(at);
    return m ? m[1] : '';
  });
  return { keys, line: dup[0].linePos?.[0]?.line };
}

export function parseJsonBody(text: string): ParsedBody {
  let value: any;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // application/json bodies may also be YAML (kubectl never does that, but client-node can)
    try {
      value = parseYaml(text).value;
    } catch {
      throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  const duplicates = text.length < 1_000_000 && /"[^"]+"\s*:[\s\S]*"[^"]+"\s*:/.test(text) ? findDuplicates(text).keys : [];
  return { value, duplicates };
}

export function parseYaml(text: string): ParsedBody {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) throw errors.badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message}`);
  const value = doc.toJS({ maxAliasCount: 100 });
  const d = findDuplicates(text);
  return { value, duplicates: d.keys, duplicateLine: d.line };
}

/** The strict-decoding error of an apply (YAML) body with duplicate keys. */
export function yamlDuplicateError(b: ParsedBody) {
  return errors.badRequest(
    `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${b.duplicateLine ?? 0}: key "${b.duplicates[0]}" already set in map`,
  );
}
