// CodeLenses of an open manifest as plain commands: the verdict line and its actions. Pure: no vscode import.
import { objectLenses } from '../../core/editor';
import type { VerdictResult } from '../../core/types';
import { PR_COMMANDS } from '../pr/ids';
import { commandFor, type CommandCall } from './command-args-model';

export interface LensSpec {
  /** Line the lens goes above. */
  line: number;
  title: string;
  tooltip?: string;
  /** Undefined: a label without action. */
  command?: CommandCall | { command: string; title: string; args: unknown[] };
}

export function lensSpecs(text: string, file: string, results: readonly VerdictResult[]): LensSpec[] {
  const out: LensSpec[] = [];
  for (const lens of objectLenses(text, file, results)) {
    const line = lens.range.start.line;
    const open = lens.actions.find((a) => a.kind === 'openDiff');
    out.push({ line, title: lens.title, tooltip: lens.tooltip, ...(open ? { command: commandFor(open, file) } : {}) });
    for (const a of lens.actions) {
      const call = commandFor(a, file, { adoptLive: 'Adopt all live' });
      out.push({ line, title: call.title, command: call });
    }
    if (lens.verdict === 'diverged' || lens.verdict === 'missing') {
      const call = { command: PR_COMMANDS.commitAndOpenPr, title: 'Commit & Open PR', args: [{ file }] };
      out.push({ line, title: call.title, tooltip: 'Commit this manifest on a new branch and open a pull request', command: call });
    }
  }
  return out;
}
