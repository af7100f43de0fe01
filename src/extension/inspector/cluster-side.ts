// The cluster's side of an inspected object: the live object (GET), and the cluster's schema of its kind when
// neither the bundled schemas nor a workspace CRD have one. No vscode import (tested against the test API server).
import { ClusterClient } from '../../core/cluster/client';
import { ResourceMapper } from '../../core/cluster/discovery';
import { KubeApiError, KubeHttp } from '../../core/cluster/http';
import { loadKubeconfig } from '../../core/cluster/kubeconfig';
import { addClusterSchemas, type SchemaValidator } from '../../core/schema';
import type { KubeObject } from '../../core/types';

export interface ClusterTarget {
  kubeconfig?: string;
  context?: string;
  /** Restricted Mode: folders whose kubeconfigs may not run a credential plugin. */
  untrustedRoots?: readonly string[];
}

export interface ClusterSide {
  live?: KubeObject;
  /** Shown above the live side: "not in the cluster", "cluster unreachable: …". Empty when the live object is shown. */
  note: string;
}

/** Reads the live object of `obj` and, when the validator has no schema for its kind, the cluster's schema. Never throws. */
export async function readClusterSide(
  target: ClusterTarget,
  obj: KubeObject,
  opts: { validator?: SchemaValidator; schemaCacheDir?: string; timeoutMs?: number } = {},
): Promise<ClusterSide> {
  let http: KubeHttp;
  let namespace: string;
  try {
    const loaded = loadKubeconfig({ kubeconfig: target.kubeconfig || undefined, context: target.context || undefined, untrustedRoots: target.untrustedRoots });
    http = new KubeHttp(loaded.kc, { timeoutMs: opts.timeoutMs ?? 10_000, userAgent: 'converge-inspector' });
    namespace = loaded.namespace;
  } catch (err) {
    return { note: `no cluster: ${(err as Error).message}` };
  }
  try {
    if (opts.validator && !opts.validator.hasSchema(obj.apiVersion, obj.kind)) {
      await addClusterSchemas(opts.validator, http, [obj.apiVersion], { cacheDir: opts.schemaCacheDir, timeoutMs: opts.timeoutMs });
    }
    const info = await new ResourceMapper(http).resolve(obj.apiVersion, obj.kind);
    if (!info) return { note: `the cluster does not serve ${obj.apiVersion} ${obj.kind}` };
    const name = obj.metadata?.name;
    if (!name) return { note: 'the manifest has no metadata.name' };
    const ns = info.namespaced ? (obj.metadata.namespace ?? namespace) : undefined;
    const live = await new ClusterClient(http).get(info, ns, name);
    return { live: { ...live, apiVersion: live.apiVersion ?? obj.apiVersion, kind: live.kind ?? obj.kind }, note: '' };
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return { note: 'not in the cluster' };
    if (err instanceof KubeApiError && err.status === 0) return { note: `cluster unreachable: ${err.message}` };
    return { note: `cannot read the live object: ${(err as Error).message}` };
  } finally {
    http.close();
  }
}
