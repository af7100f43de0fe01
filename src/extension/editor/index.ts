// The manifest editor features for the extension: `registerEditorFeatures(context, deps)` registers field
// decorations, hovers, CodeLenses, the `converge-live:` diff documents and the commands openDiff / adoptLive /
// ignoreField. It only translates engine results (src/core/editor) into VS Code types. See README.md.
import * as vscode from 'vscode';
import type { AdoptLiveArgs, IgnoreFieldArgs } from './command-args-model';
import { DocumentViews, type EditorFeatureDeps } from './document-views';
import { adoptLive, ignoreField } from './field-commands';
import { EDITOR_COMMANDS, LIVE_SCHEME } from './ids';
import { LiveDiffDocuments } from './live-documents';
import { FieldHoverProvider, ObjectLensProvider } from './providers';

export { EDITOR_COMMANDS, EDITOR_COLORS, EDITOR_SETTINGS, LIVE_SCHEME } from './ids';
export type { EditorConfig, EditorFeatureDeps, EditorLog } from './document-views';
export { applyEditPlan } from './apply-plan';

export interface EditorFeatures {
  views: DocumentViews;
  diffs: LiveDiffDocuments;
  lenses: ObjectLensProvider;
  hovers: FieldHoverProvider;
}

const MANIFESTS: vscode.DocumentSelector = [{ scheme: 'file', language: 'yaml' }];

export function registerEditorFeatures(context: vscode.ExtensionContext, deps: EditorFeatureDeps): EditorFeatures {
  const views = new DocumentViews(deps);
  const diffs = new LiveDiffDocuments(views, deps);
  const lenses = new ObjectLensProvider(views);
  const hovers = new FieldHoverProvider(views);
  context.subscriptions.push(
    views,
    diffs,
    lenses,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, diffs),
    vscode.languages.registerHoverProvider(MANIFESTS, hovers),
    vscode.languages.registerCodeLensProvider(MANIFESTS, lenses),
    vscode.commands.registerCommand(EDITOR_COMMANDS.openDiff, (arg?: unknown) => diffs.open(arg)),
    vscode.commands.registerCommand(EDITOR_COMMANDS.adoptLive, (arg?: AdoptLiveArgs) => adoptLive(views, arg, deps.log)),
    vscode.commands.registerCommand(EDITOR_COMMANDS.ignoreField, (arg?: IgnoreFieldArgs) => ignoreField(arg, deps.log)),
  );
  return { views, diffs, lenses, hovers };
}
