// The inspector panel: a webview with desired (editable) against live for one object, validated with the kind's
// JSON Schema by monaco-yaml. "Apply to manifest" replaces only that object's range in its file.
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { loadWorkspaceManifests, parseManifestText } from '../../core/manifests';
import { addWorkspaceCustomResourceDefinitions, SchemaValidator } from '../../core/schema';
import type { DesiredObject, KubeObject, VerdictResult } from '../../core/types';
import { planApply } from './apply-edit';
import { readClusterSide, type ClusterTarget } from './cluster-side';
import { inspectorHtml } from './html';
import { buildInspectorDocument, type BuiltInspectorDocument } from './inspector-document';
import type { ObjectText } from './object-text';
import { parseWebviewMessage, type HostMessage } from './protocol';

export const INSPECTOR_VIEW_TYPE = 'gitopsConverge.inspector';
const MAX_REVISIONS_KEPT = 16;

/** What the inspector needs from the rest of the extension. */
export interface InspectorDeps {
  /** The latest check's verdict of the object defined at `range` of `uri`, if any. */
  getResult(uri: vscode.Uri, range: vscode.Range): VerdictResult | undefined;
  /**
   * Kubeconfig and context the check of `file` uses (the live object is read from there: with a `clusters:` mapping,
   * the file's own cluster); `offline` skips the cluster.
   */
  getClusterTarget(file?: string): ClusterTarget & { offline?: boolean };
  /** The editor's validator (workspace and cluster CRDs added). Default: built-in schemas + the cluster's CRD schemas. */
  getValidator?(): SchemaValidator;
  log?: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
}

/** The object of a manifest file at a position (the first one when the position is outside all objects). */
export function objectAt(objects: readonly DesiredObject[], offset: number): DesiredObject | undefined {
  return objects.find((o) => o.source.range.start.offset <= offset && offset <= o.source.range.end.offset) ?? objects[0];
}

interface Target {
  uri: vscode.Uri;
  offset: number;
}

export class InspectorPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private target?: Target;
  private shown?: BuiltInspectorDocument & { desired: DesiredObject; live?: KubeObject; liveNote: string };
  private revision = 0;
  /** The object's text as sent with each recent revision: an edit applies only while the file still has it. */
  private readonly originals = new Map<number, ObjectText>();
  private ownValidator?: SchemaValidator;
  private readonly disposables: vscode.Disposable[] = [];
  private docTimer?: NodeJS.Timeout;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: InspectorDeps,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.panel || !this.target || e.document.uri.toString() !== this.target.uri.toString()) return;
        clearTimeout(this.docTimer);
        this.docTimer = setTimeout(() => void this.show({ readCluster: false }), 300);
      }),
    );
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Opens (or retargets) the inspector on the object at `offset` of `uri`. */
  async open(uri: vscode.Uri, offset: number): Promise<void> {
    this.target = { uri, offset };
    if (!this.panel) this.createPanel();
    else this.panel.reveal(undefined, false);
    await this.show({ readCluster: true });
  }

  private mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'media', 'inspector');
  }

  private createPanel(): void {
    const panel = vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, 'Inspector', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [this.mediaRoot()],
    });
    const webview = panel.webview;
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot(), file)).toString();
    webview.html = inspectorHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      script: media('main.js'),
      style: media('main.css'),
      workers: webview.asWebviewUri(this.mediaRoot()).toString(),
    });
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icons', 'activitybar.svg');
    webview.onDidReceiveMessage((raw) => void this.onMessage(raw), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.shown = undefined;
    });
    this.panel = panel;
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private ownWorkspaceCrds?: Promise<void>;

  /** The editor's validator, else one of our own that learns the workspace's CRDs when a kind has no schema. */
  private async validator(obj: KubeObject): Promise<SchemaValidator> {
    const shared = this.deps.getValidator?.();
    if (shared) return shared;
    const own = (this.ownValidator ??= new SchemaValidator());
    if (!own.hasSchema(obj.apiVersion, obj.kind)) {
      this.ownWorkspaceCrds ??= (async () => {
        const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
        if (roots.length) addWorkspaceCustomResourceDefinitions(own, (await loadWorkspaceManifests(roots)).objects);
      })().catch((err) => this.deps.log?.warn(`inspector: could not read the workspace's CRDs: ${(err as Error).message}`));
      await this.ownWorkspaceCrds;
    }
    return own;
  }

  /** Reads the manifest (and the cluster, when asked) and sends the object to the webview. */
  private async show(opts: { readCluster: boolean }): Promise<void> {
    const target = this.target;
    const panel = this.panel;
    if (!target || !panel) return;
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const fileText = doc.getText();
    const parsed = parseManifestText(target.uri.fsPath, fileText);
    const desired = objectAt(parsed.objects, target.offset);
    if (!desired) {
      panel.title = 'Inspector';
      this.post({ type: 'applied', revision: this.revision, ok: false, message: `No Kubernetes object in ${vscode.workspace.asRelativePath(target.uri)}.` });
      return;
    }
    target.offset = desired.source.range.start.offset;
    // The same object again (an edit of the file): keep the live side read last.
    const o = desired.object;
    const previous = this.shown?.desired.object;
    const same = previous && previous.kind === o.kind && previous.apiVersion === o.apiVersion && previous.metadata?.name === o.metadata?.name;
    let live = same ? this.shown?.live : undefined;
    let liveNote = same ? (this.shown?.liveNote ?? '') : '';
    const validator = await this.validator(o);
    if (opts.readCluster) {
      const cluster = this.deps.getClusterTarget(target.uri.fsPath);
      if (cluster.offline) {
        live = undefined;
        liveNote = 'offline: the cluster is not read';
      } else {
        const side = await readClusterSide(cluster, o, { validator, schemaCacheDir: join(this.context.globalStorageUri.fsPath, 'openapi') });
        live = side.live;
        liveNote = side.note;
      }
    }
    const range = new vscode.Range(doc.positionAt(desired.source.range.start.offset), doc.positionAt(desired.source.range.end.offset));
    const built = buildInspectorDocument({
      desired,
      fileText,
      displayFile: vscode.workspace.asRelativePath(target.uri) || relative(process.cwd(), target.uri.fsPath),
      result: this.deps.getResult(target.uri, range),
      live,
      liveNote,
      schema: validator.kindJsonSchema(o.apiVersion, o.kind),
      revision: ++this.revision,
    });
    this.shown = { ...built, desired, live, liveNote };
    this.originals.set(built.document.revision, built.original);
    for (const old of this.originals.keys()) if (old <= built.document.revision - MAX_REVISIONS_KEPT) this.originals.delete(old);
    panel.title = `Inspect ${built.document.title}`;
    this.post({ type: 'show', document: built.document });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) return;
    if (msg.type === 'ready' || msg.type === 'refresh') {
      await this.show({ readCluster: msg.type === 'refresh' || !this.shown });
      return;
    }
    await this.apply(msg.revision, msg.text);
  }

  private async apply(revision: number, edited: string): Promise<void> {
    const shown = this.shown;
    const target = this.target;
    if (!shown || !target) return;
    const original = this.originals.get(revision);
    if (!original) {
      this.post({ type: 'applied', revision, ok: false, message: 'This edit started from an old version of the manifest: press Revert to see the file, then edit again.' });
      return;
    }
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const r = shown.desired.source.range;
    // Refused when the object's text in the file is no longer the one the edit started from.
    const plan = planApply(doc.getText(), r, original, edited);
    if (!plan.ok) {
      this.post({ type: 'applied', revision, ok: false, message: plan.message });
      return;
    }
    const wasDirty = doc.isDirty;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target.uri, new vscode.Range(doc.positionAt(r.start.offset), doc.positionAt(r.end.offset)), plan.replacement);
    const ok = (await vscode.workspace.applyEdit(edit)) && (wasDirty || (await doc.save()));
    this.deps.log?.info(`inspector: ${ok ? 'applied' : 'could not apply'} the edit of ${shown.document.title} to ${vscode.workspace.asRelativePath(target.uri)}`);
    this.post(ok ? { type: 'applied', revision, ok: true } : { type: 'applied', revision, ok: false, message: 'VS Code refused the edit (is the file read-only?).' });
    clearTimeout(this.docTimer);
    await this.show({ readCluster: false });
  }

  dispose(): void {
    clearTimeout(this.docTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
