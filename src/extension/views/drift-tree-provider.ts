// Translates the pure Drift tree model into VS Code TreeItems.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { treeSignature, type DriftNode } from './drift-model';

export class DriftTreeProvider implements vscode.TreeDataProvider<DriftNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DriftNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: DriftNode[] = [];
  private parents = new Map<DriftNode, DriftNode>();
  private signature?: string;

  /** Replaces the whole tree. */
  setRoots(roots: DriftNode[]): void {
    // The same tree as shown (a re-check that changed nothing) is not drawn again: VS Code keeps the rows it has, so a
    // context menu or hover open on one stays attached to it (a redraw can leave a menu's command without its row).
    const signature = treeSignature(roots);
    if (signature === this.signature) return;
    this.signature = signature;
    this.roots = roots;
    this.parents = new Map();
    const walk = (n: DriftNode) => n.children.forEach((c) => (this.parents.set(c, n), walk(c)));
    roots.forEach(walk);
    this.changed.fire(undefined);
  }

  getRoots(): readonly DriftNode[] {
    return this.roots;
  }

  getChildren(node?: DriftNode): DriftNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: DriftNode): DriftNode | undefined {
    return this.parents.get(node);
  }

  getTreeItem(node: DriftNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function toTreeItem(node: DriftNode): vscode.TreeItem {
  const state =
    node.expanded === undefined
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  if (node.ariaLabel) item.accessibilityInformation = { label: node.ariaLabel };
  if (node.tooltip) {
    const md = new vscode.MarkdownString(node.tooltip);
    md.supportThemeIcons = true;
    item.tooltip = md;
  }
  if (node.resourcePath) item.resourceUri = vscode.Uri.file(node.resourcePath);
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  else if (node.kind === 'folder') item.iconPath = vscode.ThemeIcon.Folder;
  else if (node.kind === 'file') item.iconPath = vscode.ThemeIcon.File;
  if (node.command) item.command = node.command;
  else if (node.open) item.command = { command: COMMANDS.openManifest, title: 'Open Manifest', arguments: [node] };
  return item;
}
