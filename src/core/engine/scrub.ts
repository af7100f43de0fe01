// Keeps Secret values out of any text we print (errors from the server can echo values back).
import type { KubeObject } from '../types';

/** Every value of a Secret, as written and base64-decoded/encoded, longest first. */
export function secretValues(obj: KubeObject | undefined): string[] {
  if (!obj || obj.kind !== 'Secret') return [];
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 3) out.add(s);
  };
  for (const v of Object.values((obj.data as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string') continue;
    add(v);
    add(Buffer.from(v, 'base64').toString('utf8'));
  }
  for (const v of Object.values((obj.stringData as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string') continue;
    add(v);
    add(Buffer.from(v, 'utf8').toString('base64'));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrubSecretValues(text: string, ...objects: Array<KubeObject | undefined>): string {
  let out = text.replace(/(Invalid value: )"(?:[^"\\]|\\.)*"/g, '$1"***"');
  for (const obj of objects) for (const v of secretValues(obj)) out = out.split(v).join('***');
  return out;
}
