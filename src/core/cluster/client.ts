// What the engine needs from a cluster, over raw JSON. One instance per kubeconfig context.
import type { KubeObject, ResourceInfo } from '../types';
import { groupVersionPath } from './discovery';
import { KubeApiError, type KubeHttp } from './http';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const gv = groupVersionPath(info.group ? `${info.group}/${info.version}` : info.version);
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${gv}${ns}/${info.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export class ClusterClient {
  constructor(readonly http: KubeHttp, private readonly pageSize = 500) {}

  /** LIST a resource type (in one namespace, or all when namespace is undefined), following `continue`. */
  async list(info: ResourceInfo, opts: { namespace?: string; labelSelector?: string; signal?: AbortSignal } = {}): Promise<ListResult> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    do {
      const res = await this.http.request<{ items?: KubeObject[] | null; metadata?: { continue?: string; resourceVersion?: string } }>({
        method: 'GET',
        path: resourcePath(info, opts.namespace),
        query: { limit: this.pageSize, continue: cont, labelSelector: opts.labelSelector },
        signal: opts.signal,
      });
      // An answer without items (a proxy's `{}`) is not an empty list: it would make every object "missing".
      // (`"items": null` is how a Go server may write an empty list.)
      const page = res.body?.items;
      if (!Array.isArray(page) && page !== null) throw new KubeApiError(`LIST ${info.resource}: the answer has no items`, 0, 'InvalidResponse');
      // LIST items carry no apiVersion/kind; restore them so objects are self-describing.
      for (const item of page ?? []) items.push({ ...item, apiVersion, kind: info.kind });
      resourceVersion ||= res.body.metadata?.resourceVersion ?? '';
      cont = res.body.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion };
  }

  async get(info: ResourceInfo, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<KubeObject> {
    const res = await this.http.request<KubeObject>({ method: 'GET', path: resourcePath(info, namespace, name), signal });
    return res.body;
  }

  /**
   * Server-side apply with dryRun=All, like `kubectl diff --server-side --force-conflicts`.
   * Works for objects that do not exist yet (the server answers 201 with what it would create).
   */
  async applyDryRun(info: ResourceInfo, obj: KubeObject, fieldManager: string, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<KubeObject> {
    const name = obj.metadata.name ?? '';
    const res = await this.http.request<KubeObject>({
      method: 'PATCH',
      path: resourcePath(info, obj.metadata.namespace, name),
      query: { dryRun: 'All', fieldManager, force: opts.force ?? true },
      contentType: 'application/apply-patch+yaml',
      body: obj,
      signal: opts.signal,
    });
    return res.body;
  }
}
