// Maps apiVersion/kind → resource, scope and verbs, from the API server's discovery documents.
// One request per group-version the workspace uses (cached), which also works for CRDs.
import type { ResourceInfo } from '../types';
import { KubeApiError, type KubeHttp } from './http';

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function groupVersionPath(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

export class ResourceMapper {
  private readonly byGroupVersion = new Map<string, Promise<Map<string, ResourceInfo> | undefined>>();

  constructor(private readonly http: KubeHttp) {}

  /**
   * The resource serving `kind` in `apiVersion`, or undefined when the cluster does not serve it. `signal` aborts the
   * discovery request this call starts (not one another call already started).
   */
  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo | undefined> {
    const kinds = await this.groupVersion(apiVersion, signal);
    return kinds?.get(kind);
  }

  /** Forget what was learnt (e.g. after CRDs were installed). */
  invalidate(apiVersion?: string): void {
    if (apiVersion) this.byGroupVersion.delete(apiVersion);
    else this.byGroupVersion.clear();
  }

  private groupVersion(apiVersion: string, signal?: AbortSignal): Promise<Map<string, ResourceInfo> | undefined> {
    let entry = this.byGroupVersion.get(apiVersion);
    if (!entry) {
      entry = this.fetch(apiVersion, signal);
      this.byGroupVersion.set(apiVersion, entry);
      entry.catch(() => this.byGroupVersion.delete(apiVersion));
    }
    return entry;
  }

  private async fetch(apiVersion: string, signal?: AbortSignal): Promise<Map<string, ResourceInfo> | undefined> {
    const { group, version } = splitApiVersion(apiVersion);
    try {
      const res = await this.http.request<{ resources?: APIResource[] }>({ method: 'GET', path: groupVersionPath(apiVersion), signal });
      const out = new Map<string, ResourceInfo>();
      for (const r of res.body.resources ?? []) {
        if (r.name.includes('/')) continue; // subresources
        if (!out.has(r.kind)) out.set(r.kind, { group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] });
      }
      return out;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }
}
