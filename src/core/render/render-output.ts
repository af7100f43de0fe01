// Parses the multi-document YAML a renderer prints into objects (and, for Helm, each one's template file).
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types';

export interface RenderedDocument {
  object: KubeObject;
  /** Helm's `# Source: chart/templates/x.yaml` comment, when present. */
  template?: string;
}

export function parseRenderedYaml(text: string): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    if (doc.errors.length > 0) throw new Error(`unreadable output: ${doc.errors[0].message.split('\n')[0]}`);
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const object = value as KubeObject;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') continue;
    object.metadata ??= {};
    const comments = `${doc.commentBefore ?? ''}\n${(doc.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
    const template = /^\s*Source:\s*(\S.*)$/m.exec(comments)?.[1].trim();
    out.push(template ? { object, template } : { object });
  }
  return out;
}
