// The status-bar item's text and tooltip. Pure: no vscode import.
import type { CheckSummary } from '../../core/types';
import type { ViewState } from './view-state-model';

export interface StatusInput {
  state: ViewState;
  /** Context in use (selected, or the kubeconfig's current-context). */
  context?: string;
  summary?: CheckSummary;
  offline?: boolean;
  /** Other contexts checked too (folders `.converge.yaml` maps elsewhere); counts cover them all. */
  otherContexts?: readonly string[];
  /** Restricted Mode: what trust would enable, added to the tooltip (`trust-model.ts`). */
  restricted?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Theme color id for the background, when something needs attention. */
  background?: 'statusBarItem.warningBackground' | 'statusBarItem.errorBackground';
}

export function statusView(input: StatusInput): StatusView {
  const view = baseView(input);
  return input.restricted ? { ...view, text: `$(shield) ${view.text}`, tooltip: `${view.tooltip}\n\n${input.restricted}` } : view;
}

function baseView(input: StatusInput): StatusView {
  const ctx = input.context ?? 'no cluster';
  const mode = input.offline ? ' (offline)' : '';
  const pick = 'Click to select a kubeconfig context.';
  switch (input.state.name) {
    case 'checking':
      return { text: `$(sync~spin) ${ctx} · checking…`, tooltip: `Checking manifests against ${ctx}${mode}.` };
    case 'noCluster':
      return {
        text: '$(cloud) Select cluster',
        tooltip: `No cluster selected${input.state.detail ? `: ${input.state.detail}` : ''}. ${pick}`,
        background: 'statusBarItem.warningBackground',
      };
    case 'unreachable':
      return {
        text: `$(debug-disconnect) ${ctx} · unreachable`,
        tooltip: `${input.state.detail ?? 'The cluster could not be reached'}. ${pick}`,
        background: 'statusBarItem.errorBackground',
      };
    case 'noManifests':
      return { text: `$(cloud) ${ctx} · no manifests`, tooltip: `No Kubernetes manifests found in the workspace. ${pick}` };
    case 'ready': {
      const s = input.summary;
      const others = input.otherContexts?.length ? input.otherContexts : undefined;
      const shown = others ? `${ctx} +${others.length}` : ctx;
      const named = others ? `${ctx} and ${others.join(', ')}` : ctx;
      if (!s) return { text: `$(cloud) ${shown}`, tooltip: pick };
      const extra = [s.missing ? `${s.missing} missing` : '', s.unknown ? `${s.unknown} unknown` : '', s.invalid ? `${s.invalid} invalid` : '']
        .filter(Boolean)
        .join(' · ');
      const text = `$(cloud) ${shown} · ${s.diverged} diverged${extra ? ` · ${extra}` : ''}`;
      const tooltip =
        `${named}${mode}: ${s.total} resources — ${s.converged} converged, ${s.diverged} diverged, ${s.missing} missing, ` +
        `${s.orphaned} orphaned, ${s.unknown} unknown, ${s.invalid} invalid. ${pick}`;
      const drift = s.diverged + s.missing + s.orphaned;
      return { text, tooltip, background: drift > 0 ? 'statusBarItem.warningBackground' : undefined };
    }
    default:
      return { text: `$(cloud) ${ctx}`, tooltip: pick };
  }
}
