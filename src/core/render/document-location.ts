// A SourceLocation for a whole YAML document that is not a Kubernetes object (kustomization files, Helm templates).
import { parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { LineIndex } from '../manifests/line-index';
import { findFieldNodes, nodeOffsets } from '../manifests/yaml-node-ranges';
import type { FieldPath, SourceLocation } from '../types';

export interface ParsedDocument {
  /** The document as plain JSON (undefined when it is not valid YAML). */
  value: unknown;
  location: SourceLocation;
  /** First syntax error, if any. */
  error?: string;
}

/** Parses the first YAML document of `text`; field ranges address that document. */
export function parseYamlDocument(file: string, text: string): ParsedDocument {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false }) as Document.Parsed;
  const root = doc.contents as Node | null;
  const error = doc.errors[0]?.message.split('\n')[0];
  const location: SourceLocation = {
    file,
    docIndex: 0,
    range: root ? lines.range(...nodeOffsets(root, text)) : lines.range(0, 0),
    fieldRange(path: FieldPath) {
      if (!root) return undefined;
      const nodes = findFieldNodes(root, path, doc);
      if (!nodes) return undefined;
      return {
        key: nodes.key ? lines.range(...nodeOffsets(nodes.key, text)) : undefined,
        value: lines.range(...nodeOffsets(nodes.value, text)),
      };
    },
  };
  let value: unknown;
  if (!error) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      value = undefined;
    }
  }
  return { value, location, error };
}

/** A location for a whole file that cannot be parsed as YAML (a Helm template): its full range, no fields. */
export function wholeFileLocation(file: string, text: string): SourceLocation {
  const lines = new LineIndex(text);
  return { file, docIndex: 0, range: lines.range(0, text.trimEnd().length), fieldRange: () => undefined };
}

/** The location of one entry of a document (e.g. `patches[1]`), as a location of its own. */
export function entryLocation(parent: SourceLocation, at: FieldPath): SourceLocation {
  const range = parent.fieldRange(at);
  return {
    file: parent.file,
    docIndex: parent.docIndex,
    range: range?.value ?? parent.range,
    fieldRange: (path) => parent.fieldRange([...at, ...path]),
  };
}
