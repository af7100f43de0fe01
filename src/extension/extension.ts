// Entry point: wires the check session to the Drift view, status bar, file badges and commands.
import * as vscode from 'vscode';
import type { GitOpsConvergeApi } from './api';
import { CheckSession } from './check-session';
import { copyKubectlCommand } from './commands/copy-kubectl-command';
import { openManifest } from './commands/open-manifest';
import { selectCluster } from './commands/select-cluster';
import { DIFF_SCHEME, DiffDocuments, showDiff } from './commands/show-diff';
import { DriftDecorationProvider } from './decorations/drift-decorations';
import { COMMANDS, CONTEXT_KEYS, VIEW_ID } from './ids';
import { isManifestPath, SECTION } from './settings';
import { DriftStatusBar } from './status-bar';
import { buildDriftTree, type DriftNode } from './views/drift-model';
import { DriftTreeProvider } from './views/drift-tree-provider';
import { showsTree } from './views/view-state-model';

const SAVE_DEBOUNCE_MS = 300;

export function activate(context: vscode.ExtensionContext): GitOpsConvergeApi {
  const log = vscode.window.createOutputChannel('GitOps Converge', { log: true });
  const session = new CheckSession(log);
  const tree = new DriftTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const decorations = new DriftDecorationProvider();
  const statusBar = new DriftStatusBar();
  const diffDocs = new DiffDocuments();
  let onlyDrift = context.workspaceState.get<boolean>(CONTEXT_KEYS.onlyDrift, false);
  const changed = new vscode.EventEmitter<void>();

  const render = () => {
    const state = session.state();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.state, state.name);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.problem, state.problem ?? '');
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.onlyDrift, onlyDrift);
    const nodes: DriftNode[] =
      showsTree(state) && session.report ? buildDriftTree([session.report], { roots: session.roots(), onlyDrift }) : [];
    tree.setRoots(nodes);
    // A view message would hide the welcome content and its buttons, so the reason goes in the view's
    // description (shown once the container holds more than one view) and the status bar tooltip.
    view.description = state.detail ? shorten(state.detail, 100) : undefined;
    view.badge = badgeFor(session);
    decorations.update(showsTree(state) ? session.report : undefined, session.roots());
    statusBar.update(session);
    changed.fire();
  };

  const setOnlyDrift = async (value: boolean) => {
    onlyDrift = value;
    await context.workspaceState.update(CONTEXT_KEYS.onlyDrift, value);
    render();
  };

  let saveTimer: NodeJS.Timeout | undefined;
  const refreshSoon = (trigger: string) => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void session.refresh({ trigger }), SAVE_DEBOUNCE_MS);
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
    session.onDidChange(render),
    vscode.commands.registerCommand(COMMANDS.refresh, () => session.refresh({ trigger: 'command', notify: true })),
    vscode.commands.registerCommand(COMMANDS.selectCluster, () => selectCluster(session)),
    vscode.commands.registerCommand(COMMANDS.toggleShowOnlyDrift, () => setOnlyDrift(!onlyDrift)),
    vscode.commands.registerCommand(COMMANDS.showOnlyDrift, () => setOnlyDrift(true)),
    vscode.commands.registerCommand(COMMANDS.showAllResources, () => setOnlyDrift(false)),
    vscode.commands.registerCommand(COMMANDS.openManifest, (node?: DriftNode) => openManifest(session, node)),
    vscode.commands.registerCommand(COMMANDS.copyKubectlCommand, (node?: DriftNode) => copyKubectlCommand(session, node)),
    vscode.commands.registerCommand(COMMANDS.showDiff, (node?: DriftNode) => showDiff(session, diffDocs, node)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.openSettings, () =>
      vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    ),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.scheme !== 'file' || !isManifestPath(doc.uri.fsPath) || !session.settings().refreshOnSave) return;
      if (!vscode.workspace.getWorkspaceFolder(doc.uri)) return;
      refreshSoon(`save of ${vscode.workspace.asRelativePath(doc.uri)}`);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) refreshSoon('settings changed');
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => refreshSoon('workspace folders changed')),
  );

  render();
  void session.refresh({ trigger: 'activation' });

  return {
    getReport: () => session.report,
    refresh: () => session.refresh({ trigger: 'api' }),
    getTree: () => tree.getRoots(),
    getState: () => session.state(),
    onDidChange: changed.event,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function badgeFor(session: CheckSession): vscode.ViewBadge | undefined {
  const s = session.report?.summary;
  if (!s || !showsTree(session.state())) return undefined;
  const drift = s.diverged + s.missing + s.orphaned;
  return drift > 0 ? { value: drift, tooltip: `${drift} resources drifted` } : undefined;
}
