// What the inspector webview is sent for one object: texts (Secret values masked), verdict and the kind's schema.
// Pure, no vscode import.
import { displayRef } from '../../core/engine/results';
import type { JsonSchema } from '../../core/schema';
import type { DesiredObject, KubeObject, VerdictResult } from '../../core/types';
import { liveText } from './live-text';
import { objectText, type ObjectText } from './object-text';
import { schemaUriOf, type InspectorDocument } from './protocol';
import { maskSecretText } from './secret-text';

export interface InspectorInput {
  desired: DesiredObject;
  /** Current text of the manifest file. */
  fileText: string;
  /** The file as shown to the user (workspace-relative). */
  displayFile: string;
  result?: Pick<VerdictResult, 'verdict' | 'reason'>;
  live?: KubeObject;
  liveNote?: string;
  schema?: JsonSchema;
  revision: number;
}

export interface BuiltInspectorDocument {
  document: InspectorDocument;
  /** The object's unmasked text in the file, to check and restore on apply. Never sent to the webview. */
  original: ObjectText;
}

export function buildInspectorDocument(input: InspectorInput): BuiltInspectorDocument {
  const { desired } = input;
  const original = objectText(input.fileText, desired.source.range);
  const masked = maskSecretText(original.text);
  const obj = desired.object;
  const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '(no name)' };
  const document: InspectorDocument = {
    title: displayRef(ref),
    source: `${input.displayFile}:${desired.source.range.start.line + 1}`,
    desiredText: masked.text.endsWith('\n') ? masked.text : masked.text + '\n',
    liveText: input.live ? liveText(input.live, obj, original.text) : undefined,
    liveNote: input.liveNote || undefined,
    verdict: input.result?.verdict,
    reason: input.result?.reason || undefined,
    schema: input.schema,
    schemaUri: schemaUriOf(obj.apiVersion, obj.kind),
    masked: masked.masked || input.live?.kind === 'Secret',
    revision: input.revision,
  };
  return { document, original };
}
