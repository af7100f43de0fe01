// Orphans: live objects selected as managed by this repo (label selector) that no manifest defines.
import { asApiError, keyOfObject } from '../cluster/live-cache';
import type { DesiredObject, KubeObject, ResourceInfo, VerdictResult } from '../types';
import { mapLimit } from '../util/concurrency';
import { objectRef } from './results';
import { describeError, type VerdictContext } from './verdict';

export async function orphanVerdicts(
  ctx: VerdictContext,
  objects: DesiredObject[],
  infos: Array<ResourceInfo | Error | undefined>,
  selector: string,
): Promise<VerdictResult[]> {
  const wanted = new Set<string>();
  const types = new Map<string, ResourceInfo>();
  objects.forEach((d, i) => {
    const info = infos[i];
    if (!info || info instanceof Error) return;
    const ref = objectRef(d.object, info, ctx.defaultNamespace);
    wanted.add(keyOfObject({ apiVersion: d.object.apiVersion, kind: info.kind, metadata: { name: ref.name, namespace: ref.namespace } }));
    types.set(`${info.group}/${info.resource}`, info);
  });
  const perType = await mapLimit([...types.values()], 8, async (info): Promise<VerdictResult[]> => {
    try {
      const { items } = await ctx.client.list(info, { labelSelector: selector, signal: ctx.signal });
      return items.filter((o) => !wanted.has(keyOfObject(o)) && !isOwnedByController(o)).map((o) => orphan(o, info, selector));
    } catch (err) {
      const e = asApiError(err);
      ctx.log.warn(`orphans of ${info.resource}: ${describeError(e, 'read')}`);
      return [
        {
          ref: { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, name: '*' },
          verdict: 'unknown',
          reason: `could not look for orphaned ${info.resource}: ${describeError(e, 'read')}`,
          diff: [],
        },
      ];
    }
  });
  return perType.flat();
}

function orphan(o: KubeObject, info: ResourceInfo, selector: string): VerdictResult {
  return {
    ref: objectRef(o, info),
    verdict: 'orphaned',
    reason: `in the cluster (selected by ${selector}) but in no manifest`,
    diff: [],
    liveResourceVersion: o.metadata.resourceVersion,
  };
}

/** Objects created by controllers (ReplicaSets of a Deployment…) inherit labels but are not ours. */
function isOwnedByController(o: KubeObject): boolean {
  const owners = o.metadata.ownerReferences as Array<{ controller?: boolean }> | undefined;
  return Array.isArray(owners) && owners.some((r) => r.controller);
}
