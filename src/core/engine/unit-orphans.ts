// Orphans of Flux/Argo CD units: what the operator would prune (Flux: the live Kustomization's inventory) or shows
// as "requires pruning" (Argo CD: objects tracked by the Application), among the units this check rendered.
import { asApiError, keyOfRef } from '../cluster/live-cache';
import type { GitOpsUnit } from '../gitops/types';
import { fetchUnitOwner, fluxInventoryRefs, unitApplying, unitOrphans } from '../gitops';
import type { DesiredObject, KubeObject, ObjectRef, VerdictResult } from '../types';
import { mapLimit } from '../util/concurrency';
import { describeError, type VerdictContext } from './verdict';

export async function operatorOrphans(ctx: VerdictContext, units: readonly GitOpsUnit[], objects: readonly DesiredObject[]): Promise<VerdictResult[]> {
  const same = (a: ObjectRef, b: ObjectRef) => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
  const perUnit = await mapLimit([...units], 4, async (unit): Promise<VerdictResult[]> => {
    // Plain files of a folder the unit applies (Flux's flux-system → clusters/prod) are its objects too.
    const mine = objects.filter((d) =>
      d.rendered?.owner ? same(d.rendered.owner.ref, unit.owner.ref) && d.rendered.owner.file === unit.owner.source.file : !d.rendered && unitApplying(units, d.source.file) === unit,
    );
    // A unit that was not rendered here (its source is outside the checked paths) says nothing about orphans.
    if (!unit.path || mine.length === 0) return [];
    const desired = mine.map((d) => ({
      apiVersion: d.object.apiVersion,
      kind: d.object.kind,
      ...(d.object.metadata.namespace ? { namespace: d.object.metadata.namespace } : {}),
      name: d.object.metadata.name ?? '',
    }));
    const owner = `${unit.owner.ref.kind} ${unit.owner.ref.namespace ? `${unit.owner.ref.namespace}/` : ''}${unit.owner.ref.name}`;
    try {
      // Only the variant this cluster runs: clusters/prod and clusters/staging may both define `apps`.
      const live = await fetchUnitOwner(unit, ctx.client, ctx.mapper, ctx.signal);
      if (!live || !sameSource(live, unit)) return [];
      // Flux prunes from its inventory only: without one (never reconciled) it would prune nothing.
      if (unit.operator === 'flux' && fluxInventoryRefs(live).length === 0) return [];
      const refs = await unitOrphans(unit, desired, ctx.client, ctx.mapper, ctx.signal, live);
      return refs.map((ref) => ({
        ref,
        verdict: 'orphaned' as const,
        reason: unit.operator === 'flux' ? `${owner} would prune it: in its inventory, in no manifest` : `tracked by ${owner}, in no manifest (requires pruning)`,
        diff: [],
      }));
    } catch (err) {
      return [{ ref: unit.owner.ref, verdict: 'unknown' as const, reason: `could not look for objects ${owner} would prune: ${describeError(asApiError(err), 'read')}`, diff: [] }];
    }
  });
  const seen = new Set<string>();
  return perUnit.flat().filter((r) => {
    const key = `${r.verdict}|${keyOfRef(r.ref)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the live operator object points at the same source path as the unit in the repo. */
function sameSource(live: KubeObject, unit: GitOpsUnit): boolean {
  const spec = (live.spec ?? {}) as { path?: string; source?: { path?: string }; chart?: { spec?: { chart?: string } } };
  const livePath = spec.path ?? spec.source?.path ?? spec.chart?.spec?.chart;
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  return !livePath || !unit.declaredPath || norm(livePath) === norm(unit.declaredPath);
}
