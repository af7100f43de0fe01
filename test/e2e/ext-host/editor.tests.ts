// Extension-host tests of the manifest editor features (src/extension/editor) in the real editor: hover, CodeLens,
// the live ↔ manifest diff editor and "Adopt live value" on the fixture's diverged Deployment (replicas 2, live 5).
import * as vscode from 'vscode';
import type { GitOpsConvergeApi } from '../../../src/extension/api';
import { flattenTree, type DriftNode } from '../../../src/extension/views/drift-model';
import { secretNeedles } from '../expected';

type Test = [name: string, fn: () => Promise<void>];

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

function node(api: GitOpsConvergeApi, label: string): DriftNode {
  const n = flattenTree(api.getTree()).find((x) => x.kind === 'resource' && x.label === label);
  check(n?.result, `no resource ${label} in the tree`);
  return n;
}

/** Polls (every 50 ms) until `get` returns something truthy; VS Code has no event for "providers answered". */
async function until<T>(get: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

/** The `command:` link of a hover action, as the command id and its JSON arguments. */
function linkOf(markdown: string, title: string): { command: string; args: unknown[] } {
  const m = new RegExp(`\\[${title}\\]\\(command:([\\w.]+)\\?([^ )]+)`).exec(markdown);
  check(m, `no "${title}" link in the hover: ${markdown.slice(0, 600)}`);
  return { command: m[1], args: JSON.parse(decodeURIComponent(m[2])) as unknown[] };
}

export function editorTests(getApi: () => GitOpsConvergeApi): Test[] {
  const web = () => node(getApi(), 'Deployment shop/web');
  const openWeb = async () => {
    const doc = await vscode.workspace.openTextDocument(web().open!.file);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => /^\s+replicas: 2/.test(l));
    check(line > 0, 'no "replicas: 2" line in the manifest');
    return { doc, editor, line };
  };
  return [
    [
      'editor: hover on replicas shows manifest vs cluster, the owner (kubectl-scale) and the three actions',
      async () => {
        const { doc, line } = await openWeb();
        const col = doc.lineAt(line).text.indexOf('replicas') + 2;
        const text = await until(async () => {
          const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col)));
          return /Cluster/.test(t) ? t : undefined;
        }, 10_000, 'the drift hover on replicas');
        check(/\*\*Manifest:\*\* `2`/.test(text) && /\*\*Cluster:\*\* `5`/.test(text), `hover values: ${text.slice(0, 600)}`);
        check(/kubectl-scale/.test(text), `hover lacks the field manager: ${text.slice(0, 600)}`);
        for (const title of ['Open diff', 'Adopt live value', 'Ignore this field']) linkOf(text, title);
      },
    ],
    [
      'editor: CodeLens above each object: verdict, Open diff, Adopt all live, Commit & Open PR',
      async () => {
        const { doc } = await openWeb();
        const lenses = await until(async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
          return l.some((x) => /diverged/.test(x.command?.title ?? '')) ? l : undefined;
        }, 10_000, 'the CodeLenses of deployment.yaml');
        const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
        const deploymentLine = doc.getText().split('\n').findIndex((l) => l === 'kind: Deployment');
        const first = lenses.filter((l) => Math.abs(l.range.start.line - deploymentLine) <= 2).map((l) => l.command?.title ?? '');
        check(first.some((t) => /⚠ diverged: 1 field/.test(t)), `lenses: ${titles.join(' | ')}`);
        for (const t of ['Open diff', 'Adopt all live', 'Commit & Open PR']) check(first.includes(t), `no "${t}" lens above the Deployment: ${titles.join(' | ')}`);
        check(lenses.some((l) => /converged/.test(l.command?.title ?? '') && l.range.start.line > deploymentLine + 5), `no converged lens above the Service: ${titles.join(' | ')}`);
      },
    ],
    [
      'editor: Open diff shows the live object (converge-live:) beside the manifest, differing on replicas',
      async () => {
        await vscode.commands.executeCommand('gitopsConverge.openDiff', web());
        const input = await until(() => {
          const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
          return i instanceof vscode.TabInputTextDiff ? i : undefined;
        }, 10_000, 'a diff editor');
        check(input.original.scheme === 'converge-live', `left side: ${input.original.toString()}`);
        check(decodeURIComponent(input.original.path).includes('Deployment/shop/web'), `left side: ${input.original.toString()}`);
        const live = (await vscode.workspace.openTextDocument(input.original)).getText();
        const desired = (await vscode.workspace.openTextDocument(input.modified)).getText();
        check(/replicas: 5/.test(live) && !/replicas: 2/.test(live), `live side: ${live.slice(0, 400)}`);
        check(/replicas: 2/.test(desired), `manifest side: ${desired.slice(0, 400)}`);
        check(!/managedFields|resourceVersion/.test(live), `server noise in the live side: ${live.slice(0, 400)}`);
        const liveLines = live.split('\n').filter((l) => !/replicas/.test(l) && l.trim() && !l.trim().startsWith('#'));
        const desiredLines = new Set(desired.split('\n'));
        const extra = liveLines.filter((l) => !desiredLines.has(l));
        check(extra.length === 0, `live lines the manifest side lacks (besides replicas): ${extra.join(' | ')}`);
        await vscode.commands.executeCommand('gitopsConverge.openDiff', node(getApi(), 'Secret shop/web-db'));
        const secret = await until(() => {
          const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
          return i instanceof vscode.TabInputTextDiff && /web-db/.test(decodeURIComponent(i.original.path)) ? i : undefined;
        }, 10_000, 'the Secret diff editor');
        const secretText = (await vscode.workspace.openTextDocument(secret.original)).getText();
        for (const needle of secretNeedles()) check(!secretText.includes(needle), 'a Secret value is in the live diff side');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      },
    ],
    [
      'editor: "Adopt live value" from the hover writes replicas: 5 into the manifest, comments kept',
      async () => {
        const { doc, line } = await openWeb();
        const before = doc.getText();
        const col = doc.lineAt(line).text.indexOf('replicas') + 2;
        const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col)));
        const { command, args } = linkOf(text, 'Adopt live value');
        try {
          await vscode.commands.executeCommand(command, ...args);
          const after = doc.getText();
          check(after === before.replace(/^(\s+)replicas: 2$/m, '$1replicas: 5'), `after adopting:\n${after}`);
          check(after.startsWith('# The e2e seed applies this'), 'the leading comment was lost');
        } finally {
          await vscode.window.showTextDocument(doc);
          await vscode.commands.executeCommand('workbench.action.files.revert');
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
        check(doc.getText() === before, 'the manifest was not reverted');
      },
    ],
  ];
}
