// Parses the multi-document YAML a renderer prints into objects (and, for Helm, each one's template file).
// Objects are read like every manifest (YAML 1.1 as kubectl, Lists flattened); documents only for comments.
import { parseAllDocuments } from 'yaml';
import { parseManifestText } from '../manifests/parse';
import type { KubeObject } from '../types';

export interface RenderedDocument {
  object: KubeObject;
  /** Helm's `# Source: chart/templates/x.yaml` comment, when present. */
  template?: string;
}

export function parseRenderedYaml(text: string, label = 'rendered output'): RenderedDocument[] {
  const parsed = parseManifestText(label, text);
  const broken = parsed.problems.find((p) => p.severity === 'error');
  if (broken) throw new Error(`unreadable output: ${broken.message}`);
  const templates = text.includes('Source:') ? sourceComments(text) : [];
  return parsed.objects.map(({ object, source }) => {
    const template = templates[source.docIndex];
    return template ? { object, template } : { object };
  });
}

/** The `# Source:` comment at the top of each document, by document index. */
function sourceComments(text: string): Array<string | undefined> {
  return parseAllDocuments(text, { uniqueKeys: false }).map((doc) => {
    const comments = `${doc.commentBefore ?? ''}\n${(doc.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
    return /^\s*Source:\s*(\S.*)$/m.exec(comments)?.[1].trim();
  });
}
