// Keeps Secret values out of free text we print: messages from the API server, admission webhooks or tools can
// echo a value back. Structured output (diffs, documents, PR texts) masks values by position instead.
//
// The rule: a value form of SCRUB_ANYWHERE_MIN (4) or more characters is replaced wherever it appears. A shorter
// one is replaced only where it is quoted as a whole ("ab", 'ab'), which is how the API server and Go's %q
// print values: masking every "a" or "on" in a message would make it unreadable, and an unquoted fragment of
// one to three characters cannot be told apart from the words around it. `Invalid value: "…"` is always masked.
import type { KubeObject } from '../types';

export const SCRUB_ANYWHERE_MIN = 4;

/** `s`, its JSON-escaped form and each line of it: the ways a message may quote a text value. */
function textForms(s: string, add: (f: string) => void): void {
  add(s);
  add(JSON.stringify(s).slice(1, -1));
  if (s.includes('\n')) for (const line of s.split(/\r?\n/)) add(line.trim());
}

/** Every form a Secret's values could be printed in (as written, base64 and decoded, escaped, per line), longest first. */
export function secretStrings(obj: KubeObject | undefined): string[] {
  if (!obj || obj.kind !== 'Secret') return [];
  const out = new Set<string>();
  const add = (s: string) => {
    if (s) out.add(s);
  };
  for (const v of Object.values((obj.data as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string') continue;
    add(v);
    const bytes = Buffer.from(v, 'base64');
    const text = bytes.toString('utf8');
    // Binary values have no text form (decoding would invent replacement characters).
    if (Buffer.from(text, 'utf8').equals(bytes)) textForms(text, add);
  }
  for (const v of Object.values((obj.stringData as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string') continue;
    textForms(v, add);
    add(Buffer.from(v, 'utf8').toString('base64'));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** The forms of 3+ characters (for callers that replace every occurrence of what they get). */
export function secretValues(obj: KubeObject | undefined): string[] {
  return secretStrings(obj).filter((s) => s.length >= 3);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function scrubSecretValues(text: string, ...objects: Array<KubeObject | undefined>): string {
  let out = text.replace(/(Invalid value: )"(?:[^"\\]|\\.)*"/g, '$1"***"');
  const forms = [...new Set(objects.flatMap(secretStrings))].sort((a, b) => b.length - a.length);
  for (const f of forms) {
    if (f.length >= SCRUB_ANYWHERE_MIN) out = out.split(f).join('***');
    else out = out.replace(new RegExp(`(["'])${escapeRegExp(f)}\\1`, 'g'), '$1***$1');
  }
  return out;
}
