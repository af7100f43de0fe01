// Schema diagnostics in the editor: Problems on the exact field range, updated while typing (debounced), for
// open manifests and, after each check, for every manifest of the workspace (in slices, so the extension host
// stays responsive); quick fixes; hover with the field's description. Findings also mark verdicts `invalid`.
import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { KubeHttp } from '../../core/cluster/http';
import { loadKubeconfig } from '../../core/cluster/kubeconfig';
import { addClusterSchemas, SchemaValidator } from '../../core/schema';
import type { VerdictResult } from '../../core/types';
import { apiVersionsToLearn, findingsOfText, fieldAt, hoverMarkdown, type EditorFinding } from './schema-findings-model';
import { parseManifestText } from '../../core/manifests';
import { isManifestPath } from '../settings';

const TYPING_DEBOUNCE_MS = 250;
/** Time the background pass may run before it yields to other work. */
const SLICE_MS = 15;
export const DIAGNOSTIC_SOURCE = 'GitOps Converge';

export class SchemaDiagnostics implements vscode.Disposable, vscode.CodeActionProvider, vscode.HoverProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('gitops-converge-schema');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when findings changed (the drift tree marks objects `invalid`). */
  readonly onDidChange = this.changed.event;
  private validatorInstance?: SchemaValidator;
  /** file → findings (from the editor's text when open, else the file on disk). */
  private readonly findings = new Map<string, EditorFinding[]>();
  private readonly diskState = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private backgroundRun = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const selector: vscode.DocumentSelector = [{ scheme: 'file', language: 'yaml' }];
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.languages.registerHoverProvider(selector, this),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, TYPING_DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        clearTimeout(this.timers.get(d.uri.fsPath));
        // Closed without saving: the file on disk counts again. Deleted: its problems go with it.
        if (!this.findings.has(d.uri.fsPath)) return;
        void readFile(d.uri.fsPath, 'utf8').then(
          (text) => this.update(d.uri.fsPath, text),
          () => this.forget(d.uri.fsPath),
        );
      }),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.forgetUnder(u.fsPath))),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The validator, created on first use (loading schemas is lazy, so activation stays cheap); the inspector shares it. */
  validator(): SchemaValidator {
    return (this.validatorInstance ??= new SchemaValidator());
  }

  /** Findings of a file (what the tree uses to mark objects invalid). */
  findingsOf(file: string): readonly EditorFinding[] {
    return this.findings.get(file) ?? [];
  }

  private isManifest(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && isManifestPath(doc.uri.fsPath) && !!vscode.workspace.getWorkspaceFolder(doc.uri);
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!this.isManifest(doc)) return;
    const file = doc.uri.fsPath;
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        if (!doc.isClosed) this.update(file, doc.getText(), doc.version);
      }, delayMs),
    );
  }

  /** Validates one text now and publishes its diagnostics. */
  private update(file: string, text: string, version?: number): void {
    let found: EditorFinding[];
    try {
      found = findingsOfText(file, text, this.validator());
    } catch (err) {
      this.log.warn(`schema validation of ${vscode.workspace.asRelativePath(file)} failed: ${(err as Error).message}`);
      return;
    }
    const before = JSON.stringify(this.findings.get(file) ?? []);
    this.findings.set(file, found);
    this.collection.set(vscode.Uri.file(file), found.map(toDiagnostic));
    if (version === undefined) this.diskState.set(file, 0);
    if (before !== JSON.stringify(found)) this.changed.fire();
  }

  private forget(file: string): void {
    if (!this.findings.delete(file)) return;
    this.diskState.delete(file);
    this.collection.delete(vscode.Uri.file(file));
    this.changed.fire();
  }

  /** Forgets a deleted file, or every file under a deleted folder. */
  private forgetUnder(path: string): void {
    for (const file of [...this.findings.keys()]) if (file === path || file.startsWith(`${path}/`)) this.forget(file);
  }

  /**
   * Validates every manifest file of the checked workspace that is not open in an editor, a slice at a time;
   * unchanged files (same mtime) are skipped. A newer call supersedes a running one.
   */
  async validateFiles(files: readonly string[]): Promise<void> {
    const run = ++this.backgroundRun;
    const open = new Set(vscode.workspace.textDocuments.filter((d) => this.isManifest(d)).map((d) => d.uri.fsPath));
    // Files the check no longer found (deleted, excluded) and no editor shows.
    const checked = new Set(files);
    for (const file of [...this.findings.keys()]) if (!checked.has(file) && !open.has(file)) this.forget(file);
    let sliceStart = Date.now();
    const started = sliceStart;
    let validated = 0;
    for (const file of files) {
      if (run !== this.backgroundRun) return;
      if (open.has(file)) continue;
      try {
        const mtime = (await stat(file)).mtimeMs;
        if (this.diskState.get(file) === mtime && this.findings.has(file)) continue;
        this.update(file, await readFile(file, 'utf8'));
        this.diskState.set(file, mtime);
        validated++;
      } catch {
        continue;
      }
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = Date.now();
      }
    }
    if (validated) this.log.info(`schema validation of ${validated} file(s) in ${Date.now() - started} ms`);
    // Workspace CRDs are known now: editors opened before see their custom resources validated.
    for (const d of vscode.workspace.textDocuments) if (open.has(d.uri.fsPath)) this.schedule(d, 0);
  }

  /**
   * Adds the cluster's schemas of the custom resources the checked manifests use and no bundled or workspace
   * schema covers (CRDs installed in the cluster), then validates their files again. Never throws.
   */
  async learnClusterSchemas(target: { kubeconfig?: string; context?: string; untrustedRoots?: readonly string[] }, results: readonly VerdictResult[], cacheDir: string): Promise<void> {
    const apiVersions = apiVersionsToLearn(this.validator(), results);
    if (apiVersions.length === 0) return;
    let http: KubeHttp | undefined;
    try {
      http = new KubeHttp(loadKubeconfig({ kubeconfig: target.kubeconfig, context: target.context, untrustedRoots: target.untrustedRoots }).kc, { timeoutMs: 10_000, userAgent: 'converge-schemas' });
      const result = await addClusterSchemas(this.validator(), http, apiVersions, { cacheDir });
      if (result.added.length === 0) return;
      this.log.info(`schemas of ${result.added.join(', ')} from the cluster${result.fromCache.length ? ` (${result.fromCache.length} from the disk cache)` : ''}`);
      const learned = new Set(result.added);
      for (const r of results) if (r.source && learned.has(r.ref.apiVersion)) this.diskState.delete(r.source.file);
      for (const d of vscode.workspace.textDocuments) if (learned.size) this.schedule(d, 0);
    } catch (err) {
      this.log.warn(`cluster schemas: ${(err as Error).message}`);
    } finally {
      http?.close();
    }
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const f of this.findings.get(doc.uri.fsPath) ?? []) {
      if (!f.fix || !toRange(f.range).intersection(range)) continue;
      const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, toRange(f.fix.range), f.fix.newText);
      action.diagnostics = [toDiagnostic(f)];
      action.isPreferred = true;
      out.push(action);
    }
    return out;
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const { objects } = parseManifestText(doc.uri.fsPath, doc.getText());
    const h = fieldAt(objects, doc.offsetAt(position), this.validator());
    if (!h) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hoverMarkdown(h)), toRange(h.range));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.backgroundRun++;
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(r: EditorFinding['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const SEVERITY: Record<EditorFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(f: EditorFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.path ? `${f.path}: ${f.message}` : f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.rule;
  return d;
}
