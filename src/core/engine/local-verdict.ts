// Deciding "converged" without asking the server, where the answer is certain: the field manager's
// managedFields say it owns exactly the fields the manifest sets, and every value the manifest sets equals the
// live value after the canonicalisation the server applies. A server-side apply of the manifest as that manager
// would then change nothing, so its dry-run would equal the live object. Anything else goes to the dry-run.
import { offlineDiff } from '../diff/offline';
import { ownsExactly } from '../ownership/field-manager';
import type { KubeObject } from '../types';

export function convergedForCertain(desired: KubeObject, live: KubeObject, fieldManager: string, opts: { compareStatus: boolean }): boolean {
  if (!ownsExactly(live, fieldManager, desired)) return false;
  return offlineDiff(desired, live, { compareStatus: opts.compareStatus }).length === 0;
}
