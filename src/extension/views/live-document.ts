// Text of the read-only "live object" document. Pure: no vscode import.
import type { ObjectRef } from '../../core/types';
import { liveText } from '../inspector/live-text';
import type { KubeObject } from '../../core/types';
import { resourceLabel } from './drift-model';

/** A file name that says what it is: `Deployment shop-web (live).yaml`. */
export function liveDocumentName(ref: ObjectRef): string {
  return `${resourceLabel({ ref, verdict: 'unknown', reason: '', diff: [] }).replace(/[/\\:*?"<>|]/g, '-')} (live).yaml`;
}

/**
 * The live object as YAML under a header that says where it comes from. Server bookkeeping (managedFields,
 * resourceVersion, status…) is left out and Secret values are masked (see `presentableLive`).
 */
export function liveDocumentText(ref: ObjectRef, context: string | undefined, side: { live?: KubeObject; note: string }, desired?: KubeObject): string {
  const header = [`# ${resourceLabel({ ref, verdict: 'unknown', reason: '', diff: [] })} — live in ${context ?? 'the current context'} (read-only)`];
  if (!side.live) return `${header.join('\n')}\n# ${side.note || 'not available'}\n`;
  header.push('# managedFields, status and server bookkeeping left out; Secret values masked');
  return `${header.join('\n')}\n${liveText(side.live, desired)}`;
}
