// Opens a manifest with the object's (or field's) exact range selected.
import * as vscode from 'vscode';
import type { SourceRange } from '../../core';
import type { DriftNode, OpenTarget } from '../views/drift-model';
import type { DriftChecker } from '../drift-checker';
import { pickResource } from './pick-resource';

export async function openManifest(session: DriftChecker, node?: DriftNode): Promise<void> {
  let target: OpenTarget | undefined = node?.open;
  if (!node) {
    const inFiles = (session.report?.resources ?? []).filter((r) => r.source);
    const r = await pickResource(inFiles, 'Open the manifest of…');
    if (r?.source) target = { file: r.source.file, range: r.source.range };
  }
  if (!target) return;
  await revealRange(target.file, target.range);
}

export async function revealRange(file: string, range: SourceRange): Promise<vscode.TextEditor> {
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { selection, preview: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
