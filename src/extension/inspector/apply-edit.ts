// "Apply to manifest": checks an edit from the webview and turns it into the text that replaces the object's
// range in the file (Secret masks restored, list-item indentation put back). Pure, no vscode import.
import { parseAllDocuments } from 'yaml';
import { objectText, replacementText, type ObjectText, type OffsetRange } from './object-text';
import { hasMaskedValue, restoreSecretText } from './secret-text';

export type ApplyPlan = { ok: true; replacement: string } | { ok: false; message: string };

export function planApply(fileText: string, range: OffsetRange, original: ObjectText, edited: string): ApplyPlan {
  const now = objectText(fileText, range);
  if (now.text !== original.text || now.indent !== original.indent) {
    return { ok: false, message: 'The manifest changed since the inspector showed it: press Refresh, then apply again.' };
  }
  const docs = parseAllDocuments(edited, { version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length !== 1) return { ok: false, message: 'The edit must hold exactly one object (no "---" document separator).' };
  const error = list[0].errors[0];
  if (error) return { ok: false, message: `The edit is not valid YAML: ${error.message.split('\n')[0]}` };
  const restored = restoreSecretText(edited, original.text);
  if (hasMaskedValue(restored)) {
    return { ok: false, message: 'A Secret value is still masked (***) and the manifest has no value to restore for it: type the value or remove the key.' };
  }
  return { ok: true, replacement: replacementText(restored, original) };
}
