// "PR #12" on Drift view resource nodes that a PR opened from this workspace addresses. No vscode import.
import type { ObjectRef } from '../../core/types';
import type { DriftNode } from './drift-model';

export type PrLabelFor = (ref: ObjectRef, file?: string) => string | undefined;

/** Prefixes each resource node's description with its PR label (in place: the nodes are built per render). */
export function markOpenPrs(nodes: readonly DriftNode[], labelFor: PrLabelFor): void {
  for (const node of nodes) {
    if (node.kind === 'resource' && node.result) {
      const label = labelFor(node.result.ref, node.result.source?.file);
      if (label) node.description = node.description ? `${label} · ${node.description}` : label;
    }
    markOpenPrs(node.children, labelFor);
  }
}
