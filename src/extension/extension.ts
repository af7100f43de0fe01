// Entry point: wires the check session to the Drift view, status bar, file badges and commands.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GitOpsConvergeApi } from './api';
import type { CheckReport } from '../core';
import { combineReports } from './checks/check-plan';
import { copyKubectlCommand } from './commands/copy-kubectl-command';
import { SchemaDiagnostics } from './diagnostics/schema-diagnostics';
import { crdFilesFirst } from './diagnostics/schema-findings-model';
import { registerInspector } from './inspector';
import { pickGroupBy } from './commands/group-by';
import { LIVE_SCHEME, LiveDocuments, openLiveObject } from './commands/open-live';
import { openManifest } from './commands/open-manifest';
import { selectCluster } from './commands/select-cluster';
import { DIFF_SCHEME, DiffDocuments, showDiff } from './commands/show-diff';
import { DriftDecorationProvider } from './decorations/drift-decorations';
import { DriftChecker } from './drift-checker';
import { DriftNotifications } from './drift-notifications';
import { COMMANDS, CONTEXT_KEYS, VIEW_ID } from './ids';
import { CHECK_SETTING_KEYS, isConfigFile, isManifestPath, SECTION } from './settings';
import { DriftStatusBar } from './status-bar';
import { registerEditorFeatures } from './editor';
import { registerPrCommands } from './pr';
import { resultKey, type Alert } from './views/drift-alerts';
import { buildDriftTree, flattenTree, type DriftNode, type GroupBy } from './views/drift-model';
import { DriftTreeProvider } from './views/drift-tree-provider';
import { markOpenPrs } from './views/pr-marks';
import { markSchemaInvalid } from './views/schema-verdicts';
import { showsTree } from './views/view-state-model';
import { notRenderedProblems } from './views/drift-model';
import { ignoredWorkspaceSettings, restrictedNotice, RESTRICTED_SETTINGS, type RestrictedNotice } from './trust-model';

const SAVE_DEBOUNCE_MS = 300;
/** More changed files than this are checked by one full check. */
const MAX_FILES_RECHECKED = 50;

export function activate(context: vscode.ExtensionContext): GitOpsConvergeApi {
  const activationStarted = Date.now();
  const log = vscode.window.createOutputChannel('GitOps Converge', { log: true });
  const session = new DriftChecker(log);
  const tree = new DriftTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const decorations = new DriftDecorationProvider();
  const statusBar = new DriftStatusBar();
  const diffDocs = new DiffDocuments();
  const liveDocs = new LiveDocuments();
  const schema = new SchemaDiagnostics(log);
  let onlyDrift = context.workspaceState.get<boolean>(CONTEXT_KEYS.onlyDrift, false);
  const changed = new vscode.EventEmitter<void>();
  const allResults = () => session.reports.flatMap((r) => r.resources);
  const whenChecked = () =>
    new Promise<void>((resolve) => {
      if (!session.checking) return resolve();
      const timer = setTimeout(() => (sub.dispose(), resolve()), 60_000);
      const sub = session.onDidChange(() => {
        if (session.checking) return;
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  const prs = registerPrCommands(context, { getResults: allResults, getSelection: () => view.selection, whenChecked, log });

  const render = () => {
    const state = session.state();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.state, state.name);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.problem, state.problem ?? '');
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.onlyDrift, onlyDrift);
    const groupBy = session.settings().groupBy;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.groupBy, groupBy);
    // What the view shows: the engine's verdicts, with objects that have schema errors marked invalid.
    const reports = markSchemaInvalid(session.reports, (file) => schema.findingsOf(file));
    const shown = showsTree(state) ? combineReports(reports) : undefined;
    const restricted = restrictedModeNotice(reports);
    const nodes: DriftNode[] = shown ? buildDriftTree(reports, { roots: session.roots(), onlyDrift, groupBy, restricted }) : [];
    markOpenPrs(nodes, (ref, file) => prs.opened.labelFor(ref, file));
    tree.setRoots(nodes);
    // A view message would hide the welcome content and its buttons, so the reason goes in the view's
    // description (shown once the container holds more than one view) and the status bar tooltip.
    view.description = state.detail ? shorten(state.detail, 100) : undefined;
    view.badge = badgeFor(shown);
    decorations.update(shown, session.roots());
    statusBar.update(session, shown?.summary ?? session.report?.summary, restricted?.statusLine);
    changed.fire();
  };

  /** Restricted Mode: what is not done (and would be with trust), for the Drift view's first row and the status bar. */
  const restrictedModeNotice = (reports: readonly CheckReport[]): RestrictedNotice | undefined => {
    if (vscode.workspace.isTrusted) return undefined;
    const config = vscode.workspace.getConfiguration(SECTION);
    const ignored = ignoredWorkspaceSettings(RESTRICTED_SETTINGS.map((k) => [k, config.inspect(k)]), false);
    return restrictedNotice({ notRendered: reports.reduce((n, r) => n + notRenderedProblems(r).length, 0), ignoredSettings: ignored });
  };

  const setOnlyDrift = async (value: boolean) => {
    onlyDrift = value;
    await context.workspaceState.update(CONTEXT_KEYS.onlyDrift, value);
    render();
  };

  let saveTimer: NodeJS.Timeout | undefined;
  const refreshSoon = (trigger: string) => {
    clearTimeout(saveTimer);
    savedFiles.clear();
    saveTimer = setTimeout(() => void session.refresh({ trigger }), SAVE_DEBOUNCE_MS);
  };
  // Saves close together are re-checked together, and only those files.
  const savedFiles = new Set<string>();
  let pendingCause = 'save of';
  const recheckSoon = (file: string, cause = 'save of') => {
    clearTimeout(saveTimer);
    savedFiles.add(file);
    pendingCause = cause;
    const run = () => {
      // A change on disk waits for a check in progress (a save would supersede it; a checkout should not).
      if (pendingCause !== 'save of' && session.checking) return void (saveTimer = setTimeout(run, SAVE_DEBOUNCE_MS));
      const files = [...savedFiles];
      savedFiles.clear();
      // Many files at once (a checkout, a pull): one full check is cheaper than re-checking them one by one.
      if (files.length > MAX_FILES_RECHECKED) return void session.refresh({ trigger: `${pendingCause} ${files.length} files` });
      void session.recheckFiles(files, `${pendingCause} ${files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}`);
    };
    saveTimer = setTimeout(run, SAVE_DEBOUNCE_MS);
  };
  // Saves are handled by onDidSaveTextDocument; the watcher reports the same write again a moment later. It is
  // recognised by content, not by time: a `git checkout` right after a save is a change of its own.
  const lastSaved = new Map<string, string>();
  /** A manifest changed on disk outside the editor (git checkout / pull, another tool): re-check it like a save. */
  const changedOnDisk = (uri: vscode.Uri) => {
    if (uri.scheme !== 'file' || !isManifestPath(uri.fsPath) || !session.settings().refreshOnSave) return;
    if (!vscode.workspace.getWorkspaceFolder(uri) || /[\\/](\.git|node_modules)[\\/]/.test(uri.fsPath)) return;
    // An unsaved buffer is what the user looks at; its file on disk is theirs to reconcile.
    if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.fsPath === uri.fsPath)) return;
    // `.converge.yaml` re-plans the checks when saved in the editor (or on Refresh), not on every write to disk.
    if (isConfigFile(uri.fsPath)) return;
    const saved = lastSaved.get(uri.fsPath);
    if (saved === undefined) return recheckSoon(uri.fsPath, 'change on disk of');
    void readFile(uri.fsPath, 'utf8').then(
      (text) => {
        if (text === saved) return; // the echo of the editor's own save
        lastSaved.delete(uri.fsPath);
        recheckSoon(uri.fsPath, 'change on disk of');
      },
      () => recheckSoon(uri.fsPath, 'change on disk of'), // deleted or unreadable: the re-check says so
    );
  };
  const manifestWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');

  /** Shows the Drift view with the alert's first object selected. */
  const reveal = async (alert: Alert) => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const key = resultKey(alert.first.context, alert.first.result);
    const node = flattenTree(tree.getRoots()).find((n) => n.kind === 'resource' && n.result && resultKey(contextOfNode(n), n.result) === key);
    if (node) await view.reveal(node, { select: true, focus: true, expand: true });
  };
  const contextOfNode = (n: DriftNode): string => {
    let p: DriftNode | undefined = n;
    while (p && p.kind !== 'context') p = tree.getParent(p);
    return p?.label ?? '';
  };
  const notifications = new DriftNotifications(session, reveal);
  registerEditorFeatures(context, {
    // The engine's own result objects: new ones tell the editor a saved edit's verdicts have arrived.
    getResults: (uri) => allResults().filter((r) => r.source?.file === uri.fsPath),
    getLiveObject: (ref, file) => session.cachedLive(ref, file),
    // After a pause in typing: a dry-run of the unsaved text for its decorations (the tree keeps the saved verdicts).
    verdictsOfText: (uri, text) => session.verdictsOfText(uri.fsPath, text),
    onDidChangeResults: changed.event,
    config: (uri) => {
      const s = uri && session.diffSettingsOf(uri.fsPath);
      return s ? { ignore: s.config.ignoreDifferences, compareStatus: s.config.compareStatus, defaultNamespace: s.defaultNamespace } : {};
    },
    log,
  });
  registerInspector(context, {
    getResult: (uri, range) => resultAt(session, uri.fsPath, range.start.line, range.start.character),
    getClusterTarget: (file) => {
      const s = session.settings();
      return { kubeconfig: s.kubeconfig, context: session.contextOf(file), untrustedRoots: s.untrustedRoots, offline: s.offline };
    },
    getValidator: () => schema.validator(),
    log,
  });
  // Schema findings arrive file by file: redraw once they settle.
  let schemaTimer: NodeJS.Timeout | undefined;
  const renderSoon = () => {
    clearTimeout(schemaTimer);
    schemaTimer = setTimeout(render, 100);
  };
  const validateCheckedFiles = async () => {
    const results = session.report?.resources ?? [];
    const files = new Set<string>();
    for (const r of results) if (r.source) files.add(r.source.file);
    for (const p of session.report?.problems ?? []) files.add(p.file);
    await schema.validateFiles(crdFilesFirst([...files].sort(), results));
    if (session.state().name !== 'ready') return;
    const s = session.settings();
    await schema.learnClusterSchemas({ kubeconfig: s.kubeconfig, context: session.context, untrustedRoots: s.untrustedRoots }, results, join(context.globalStorageUri.fsPath, 'openapi'));
    await schema.validateFiles(crdFilesFirst([...files].sort(), results));
  };

  context.subscriptions.push(
    log,
    session,
    tree,
    view,
    decorations,
    statusBar,
    changed,
    { dispose: () => clearTimeout(saveTimer) },
    vscode.window.registerFileDecorationProvider(decorations),
    diffDocs,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffDocs),
    liveDocs,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, liveDocs),
    notifications,
    schema,
    schema.onDidChange(renderSoon),
    session.onDidUpdate((e) => e.cause === 'check' && void validateCheckedFiles()),
    { dispose: () => clearTimeout(schemaTimer) },
    session.onDidChange(render),
    prs.onDidOpenPr(render),
    vscode.commands.registerCommand(COMMANDS.refresh, () => session.refresh({ trigger: 'command', notify: true })),
    vscode.commands.registerCommand(COMMANDS.selectCluster, () => selectCluster(session)),
    vscode.commands.registerCommand(COMMANDS.toggleShowOnlyDrift, () => setOnlyDrift(!onlyDrift)),
    vscode.commands.registerCommand(COMMANDS.showOnlyDrift, () => setOnlyDrift(true)),
    vscode.commands.registerCommand(COMMANDS.showAllResources, () => setOnlyDrift(false)),
    vscode.commands.registerCommand(COMMANDS.openManifest, (node?: DriftNode) => openManifest(session, node)),
    vscode.commands.registerCommand(COMMANDS.copyKubectlCommand, (node?: DriftNode) => copyKubectlCommand(session, node)),
    vscode.commands.registerCommand(COMMANDS.showDiff, (node?: DriftNode) => showDiff(session, diffDocs, node)),
    vscode.commands.registerCommand(COMMANDS.openLiveObject, (node?: DriftNode) => openLiveObject(session, liveDocs, node)),
    vscode.commands.registerCommand(COMMANDS.groupBy, (value?: GroupBy) => pickGroupBy(session.settings().groupBy, value)),
    vscode.commands.registerCommand(COMMANDS.showProblem, () => showProblem(session)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.openSettings, () =>
      vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    ),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.scheme !== 'file' || !isManifestPath(doc.uri.fsPath) || !session.settings().refreshOnSave) return;
      if (!vscode.workspace.getWorkspaceFolder(doc.uri)) return;
      lastSaved.set(doc.uri.fsPath, doc.getText());
      if (isConfigFile(doc.uri.fsPath)) refreshSoon(`save of ${vscode.workspace.asRelativePath(doc.uri)}`);
      else recheckSoon(doc.uri.fsPath);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (CHECK_SETTING_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) refreshSoon('settings changed');
      else if (e.affectsConfiguration(SECTION)) render();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => refreshSoon('workspace folders changed')),
    manifestWatcher,
    manifestWatcher.onDidChange(changedOnDisk),
    manifestWatcher.onDidCreate(changedOnDisk),
    manifestWatcher.onDidDelete(changedOnDisk),
    // Trust enables rendering, git and the workspace's restricted settings: check everything again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: rendering kustomizations and Helm charts, git enabled');
      refreshSoon('workspace trusted');
    }),
  );

  render();
  if (!vscode.workspace.isTrusted) log.info('Restricted Mode: kustomizations and Helm charts are not rendered, git is not run, workspace values of restricted settings are ignored');
  // The first check runs in the background: activation itself only registers things.
  log.info(`activated in ${Date.now() - activationStarted} ms`);
  void session.refresh({ trigger: 'activation' });

  return {
    getReport: () => session.report,
    refresh: () => session.refresh({ trigger: 'api' }),
    getTree: () => tree.getRoots(),
    getState: () => session.state(),
    getReports: () => session.reports,
    getAlerts: () => notifications.shown,
    onDidChange: changed.event,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The checked object whose manifest range holds this position. */
function resultAt(session: DriftChecker, file: string, line: number, character: number) {
  const after = (a: { line: number; character: number }) => line > a.line || (line === a.line && character >= a.character);
  const before = (b: { line: number; character: number }) => line < b.line || (line === b.line && character <= b.character);
  return session.report?.resources.find((r) => r.source?.file === file && after(r.source.range.start) && before(r.source.range.end));
}

async function showProblem(session: DriftChecker): Promise<void> {
  const state = session.state();
  const text = state.detail ?? 'The cluster can be used: nothing went wrong in the last check.';
  await vscode.window.showWarningMessage(`GitOps Converge: ${text}`, { modal: true, detail: 'The output log (GitOps Converge: Show Output Log) has every request of the check.' });
}

function badgeFor(shown: CheckReport | undefined): vscode.ViewBadge | undefined {
  const s = shown?.summary;
  if (!s) return undefined;
  const drift = s.diverged + s.missing + s.orphaned;
  return drift > 0 ? { value: drift, tooltip: `${drift} resources drifted` } : undefined;
}
