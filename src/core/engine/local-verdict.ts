// Deciding "converged" without asking the server, where the answer is certain: the field manager's
// managedFields say it owns exactly the fields the manifest sets, and every value the manifest sets equals the
// live value after the canonicalisation the server applies. A server-side apply of the manifest as that manager
// would then change nothing, so its dry-run would equal the live object. Anything else goes to the dry-run.
import { offlineDiff } from '../diff/offline';
import { ownsExactly } from '../ownership/field-manager';
import { decodeFieldsV1, ownedLeafCount } from '../ownership/fields-v1';
import type { KubeObject } from '../types';

export function convergedForCertain(desired: KubeObject, live: KubeObject, fieldManager: string, opts: { compareStatus: boolean }): boolean {
  if (setsNothing(desired)) return !appliesAnything(live, fieldManager);
  if (!ownsExactly(live, fieldManager, desired)) return false;
  return offlineDiff(desired, live, { compareStatus: opts.compareStatus }).length === 0;
}

/** A manifest that only names its object (a bare Namespace): applying it sets no field. */
function setsNothing(desired: KubeObject): boolean {
  const keys = Object.keys(desired).filter((k) => k !== 'apiVersion' && k !== 'kind');
  if (keys.length !== 1 || keys[0] !== 'metadata') return false;
  return Object.keys(desired.metadata).every((k) => k === 'name' || k === 'namespace');
}

/** Whether the manager has applied fields to the object (an apply of nothing would then remove them). */
function appliesAnything(live: KubeObject, manager: string): boolean {
  return (live.metadata.managedFields ?? []).some(
    (e) => e.manager === manager && e.operation === 'Apply' && !e.subresource && ownedLeafCount(decodeFieldsV1(e.fieldsV1)) > 0,
  );
}
