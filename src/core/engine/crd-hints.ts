// Custom resources compare their lists by the keys their CRD declares (x-kubernetes-list-map-keys),
// from CRDs in the workspace or, failing that, the cluster's own CRD.
import type { ClusterClient } from '../cluster/client';
import { asApiError } from '../cluster/live-cache';
import type { Logger } from '../log';
import { hintsFor, registerCrdHints } from '../normalize';
import type { DesiredObject, ResourceInfo } from '../types';

const CRD_INFO: ResourceInfo = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  namespaced: false,
  verbs: ['get', 'list'],
};

export async function learnCustomResourceHints(
  client: ClusterClient,
  objects: DesiredObject[],
  infos: Array<ResourceInfo | Error | undefined>,
  log: Logger,
): Promise<void> {
  for (const d of objects) if (d.object.kind === 'CustomResourceDefinition') registerCrdHints(d.object);
  const wanted = new Map<string, ResourceInfo>();
  for (const info of infos) {
    if (!info || info instanceof Error || !info.group.includes('.')) continue;
    if (hintsFor(`${info.group}/${info.version}`, info.kind).known) continue;
    wanted.set(`${info.resource}.${info.group}`, info);
  }
  await Promise.all(
    [...wanted.keys()].map(async (name) => {
      try {
        registerCrdHints(await client.get(CRD_INFO, undefined, name));
      } catch (err) {
        // Built-in aggregated APIs have no CRD; without hints, lists compare by position.
        log.debug(`no CRD ${name}: ${asApiError(err).message}`);
      }
    }),
  );
}
