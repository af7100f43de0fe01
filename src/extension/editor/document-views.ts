// Keeps, for every open manifest, what it shows (decorations + verdicts) in step with its text and the check's
// verdicts: recomputed ~50 ms after a keystroke from the cached live objects (no request), and whenever the
// verdicts change (the authoritative dry-run verdicts replace the offline ones once they fit the saved text).
import * as vscode from 'vscode';
import type { LiveLookup, OfflineDecorationOptions } from '../../core/editor';
import { parseManifestText } from '../../core/manifests/parse';
import type { IgnoreRule, KubeObject, ObjectRef, VerdictResult } from '../../core/types';
import { FieldDecorationPainter } from './decorations';
import { DEFAULT_DRY_RUN_DELAY_MS, EDITOR_SETTINGS } from './ids';
import { checkedFitsText, documentView, type DocumentView } from './document-view-model';

export const TYPING_DEBOUNCE_MS = 50;

export interface EditorConfig {
  ignore?: IgnoreRule[];
  compareStatus?: string[];
  defaultNamespace?: string;
}

export interface EditorLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EditorFeatureDeps {
  /**
   * The check's verdicts for the objects of this manifest file: the engine's objects, the same ones until a verdict
   * changes (new objects tell this layer the verdicts of a saved edit have arrived).
   */
  getResults(uri: vscode.Uri): VerdictResult[];
  /**
   * The cached live object (no request): null when the cluster does not have it, undefined when not known.
   * `ref.namespace` is the manifest's, else `config().defaultNamespace` (ignore it for cluster-scoped kinds).
   * `file` is the manifest's path: two clusters may both hold `ref`, the check of that file answers first.
   */
  getLiveObject(ref: ObjectRef, file?: string): KubeObject | undefined | null;
  /** Fires when verdicts or cached live objects change. */
  onDidChangeResults: vscode.Event<void>;
  config(uri?: vscode.Uri): EditorConfig;
  /**
   * Dry-run verdicts of an unsaved text (after a pause in typing), NOT published to the tree; undefined when the
   * file is in no check. Without it, a dirty document shows offline verdicts until saved.
   */
  verdictsOfText?(uri: vscode.Uri, text: string): Promise<VerdictResult[] | undefined>;
  log: EditorLog;
}

/** Whether an on/off setting of `gitopsConverge.editor` is on (default on). */
export function editorSetting(key: string): boolean {
  return vscode.workspace.getConfiguration(EDITOR_SETTINGS.section).get<boolean>(key) !== false;
}

/** Pause after typing before the unsaved text is dry-run (`gitopsConverge.editor.dryRunDelay`; 0 = off). */
export function dryRunDelayMs(): number {
  const v = vscode.workspace.getConfiguration(EDITOR_SETTINGS.section).get<number>(EDITOR_SETTINGS.dryRunDelay);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_DRY_RUN_DELAY_MS;
}

/** Manifests the editor features work on: YAML files on disk. */
export function isManifestDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && (doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.fsPath));
}

interface Cached {
  version: number;
  generation: number;
  view: DocumentView;
}

export class DocumentViews implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dryRunTimers = new Map<string, NodeJS.Timeout>();
  /** Dry-run verdicts of a dirty document's text, by the document version they were computed for. */
  private readonly bufferVerdicts = new Map<string, { version: number; results: VerdictResult[] }>();
  /** Documents edited since the check's verdicts last fitted them. */
  private readonly edited = new Set<string>();
  /** The check's verdict objects each document was last computed with. */
  private readonly seen = new Map<string, Set<VerdictResult>>();
  /** Bumped on every verdict change, so cached views recompute. */
  private generation = 0;
  private readonly painter = new FieldDecorationPainter();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the document whose view changed (undefined: all). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Milliseconds the last recompute took (for the log and tests). */
  lastComputeMs = 0;

  constructor(private readonly deps: EditorFeatureDeps) {
    this.subscriptions = [
      this.painter,
      this.changed,
      deps.onDidChangeResults(() => this.resultsChanged()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !isManifestDocument(e.document)) return;
        this.edited.add(e.document.uri.toString());
        this.schedule(e.document);
        this.scheduleDryRun(e.document);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((ed) => this.paint(ed))),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(EDITOR_SETTINGS.section)) this.resultsChanged();
      }),
    ];
    for (const ed of vscode.window.visibleTextEditors) this.paint(ed);
  }

  /** The view of a document's current text (computed now when out of date). */
  viewOf(doc: vscode.TextDocument): DocumentView {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version && cached.generation === this.generation) return cached.view;
    const started = performance.now();
    const view = this.compute(doc);
    this.lastComputeMs = performance.now() - started;
    this.cache.set(key, { version: doc.version, generation: this.generation, view });
    return view;
  }

  /**
   * The live lookup over the extension's cache, with namespaces defaulted as the config says; objects of the
   * document's own cluster first (its file is passed along).
   */
  liveLookup(uri?: vscode.Uri): LiveLookup {
    const ns = this.deps.config(uri).defaultNamespace ?? 'default';
    const file = uri?.fsPath;
    return (desired: KubeObject) =>
      this.deps.getLiveObject({ apiVersion: desired.apiVersion, kind: desired.kind, namespace: desired.metadata?.namespace ?? ns, name: desired.metadata?.name ?? '' }, file);
  }

  options(uri?: vscode.Uri): OfflineDecorationOptions {
    const c = this.deps.config(uri);
    return { ignore: c.ignore ?? [], compareStatus: c.compareStatus ?? [], defaultNamespace: c.defaultNamespace ?? 'default' };
  }

  private compute(doc: vscode.TextDocument): DocumentView {
    const text = doc.getText();
    const file = doc.uri.fsPath;
    const key = doc.uri.toString();
    const parsed = parseManifestText(file, text);
    const checked = this.deps.getResults(doc.uri).filter((r) => !r.source || r.source.file === file);
    // After an edit, the check's verdicts are used again only once NEW verdicts arrive for the saved text (a redraw
    // hands over the same objects; the re-check of a save makes new ones) and they fit it.
    const previous = this.seen.get(key);
    const fresh = !previous || checked.some((r) => !previous.has(r));
    this.seen.set(key, new Set(checked));
    if (this.edited.has(key) && !doc.isDirty && fresh && checked.length > 0) this.edited.delete(key);
    // A dirty document whose current text was dry-run shows those verdicts (the tree keeps the saved file's).
    const buffer = doc.isDirty ? this.bufferVerdicts.get(key) : undefined;
    if (buffer && buffer.version === doc.version && checkedFitsText(parsed, buffer.results)) {
      return documentView({ text, file, mode: 'checked', checked: buffer.results, live: this.liveLookup(doc.uri), options: this.options(doc.uri) }, parsed);
    }
    const mode = !doc.isDirty && !this.edited.has(key) && checkedFitsText(parsed, checked) ? 'checked' : 'typing';
    return documentView({ text, file, mode, checked, live: this.liveLookup(doc.uri), options: this.options(doc.uri) }, parsed);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(doc);
      }, TYPING_DEBOUNCE_MS),
    );
  }

  /** After a pause in typing, a dry-run of the unsaved text; its verdicts count only while the text is unchanged. */
  private scheduleDryRun(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.dryRunTimers.get(key));
    const delay = dryRunDelayMs();
    if (!this.deps.verdictsOfText || delay === 0) return;
    this.dryRunTimers.set(
      key,
      setTimeout(() => {
        this.dryRunTimers.delete(key);
        void this.dryRun(doc);
      }, delay),
    );
  }

  /** Dry-runs the document's current text now (also used by tests); true when its verdicts are shown. */
  async dryRun(doc: vscode.TextDocument): Promise<boolean> {
    if (!doc.isDirty || !this.deps.verdictsOfText) return false;
    const version = doc.version;
    const results = await this.deps.verdictsOfText(doc.uri, doc.getText());
    // Typed on meanwhile, saved or closed: these verdicts are of an old text.
    if (!results || doc.isClosed || !doc.isDirty || doc.version !== version) return false;
    this.bufferVerdicts.set(doc.uri.toString(), { version, results });
    this.cache.delete(doc.uri.toString());
    this.refresh(doc);
    return true;
  }

  /** Recomputes one document now and repaints its editors. */
  refresh(doc: vscode.TextDocument): void {
    for (const ed of vscode.window.visibleTextEditors) if (ed.document === doc || ed.document.uri.toString() === doc.uri.toString()) this.paint(ed);
    this.changed.fire(doc.uri);
  }

  private resultsChanged(): void {
    this.generation++;
    for (const ed of vscode.window.visibleTextEditors) this.paint(ed);
    this.changed.fire(undefined);
  }

  private paint(editor: vscode.TextEditor): void {
    if (!isManifestDocument(editor.document)) return;
    if (!editorSetting(EDITOR_SETTINGS.decorations)) return this.painter.clear(editor);
    try {
      this.painter.paint(editor, this.viewOf(editor.document).decorations);
    } catch (e) {
      this.deps.log.error(`decorations of ${editor.document.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      this.painter.clear(editor);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    this.edited.delete(key);
    this.seen.delete(key);
    this.bufferVerdicts.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    clearTimeout(this.dryRunTimers.get(key));
    this.dryRunTimers.delete(key);
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.dryRunTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.dryRunTimers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
