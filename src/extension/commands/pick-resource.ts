// Quick pick of checked resources, for commands run from the palette without a tree node.
import * as vscode from 'vscode';
import type { VerdictResult } from '../../core';
import { resourceLabel, shortReason } from '../views/drift-model';
import { ATTENTION_ORDER, VERDICT_ICONS } from '../views/verdict-style';

export async function pickResource(results: readonly VerdictResult[], placeHolder: string): Promise<VerdictResult | undefined> {
  if (results.length === 0) {
    void vscode.window.showInformationMessage('GitOps Converge: nothing checked yet. Run "GitOps Converge: Refresh" first.');
    return undefined;
  }
  const rank = (r: VerdictResult) => {
    const i = ATTENTION_ORDER.indexOf(r.verdict);
    return i < 0 ? ATTENTION_ORDER.length : i;
  };
  const items = [...results]
    .sort((a, b) => rank(a) - rank(b))
    .map((r) => ({
      label: `$(${VERDICT_ICONS[r.verdict].id}) ${resourceLabel(r)}`,
      description: shortReason(r),
      detail: r.source ? vscode.workspace.asRelativePath(r.source.file) : 'only in cluster',
      result: r,
    }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.result;
}
