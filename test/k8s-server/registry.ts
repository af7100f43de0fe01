// Which resources the server serves: built-in ones from the recorded aggregated discovery, plus CRDs at run time.
import { findRecordedDiscovery } from './recorded-data';

export interface SubresourceInfo {
  subresource: string;
  responseKind: { group: string; version: string; kind: string };
  verbs: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  resource: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceInfo[];
  /** The CRD object (apiextensions v1) when this is a custom resource. */
  crd?: any;
  /** Key of the storage bucket: all versions of a group/resource share it. */
  storageKey: string;
}

/** Kinds whose metadata.generation is maintained (spec changes bump it). */
const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'NetworkPolicy', 'PodDisruptionBudget',
  'Ingress', 'IngressClass', 'CustomResourceDefinition', 'PriorityClass', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'FlowSchema', 'PriorityLevelConfiguration', 'ValidatingAdmissionPolicy',
]);

export function hasGeneration(t: ResourceType): boolean {
  return !!t.crd || GENERATION_KINDS.has(t.kind);
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export class Registry {
  private byGvr = new Map<string, ResourceType>();
  private byGvk = new Map<string, ResourceType>();
  /** Group → versions (in preference order), for groups in their discovery order. */
  readonly groups = new Map<string, string[]>();
  /** Custom resource groups (name → versions), in creation order. */
  readonly crdGroups = new Map<string, string[]>();

  constructor() {
    const core = findRecordedDiscovery('/api', true)?.body;
    const apis = findRecordedDiscovery('/apis', true)?.body;
    for (const item of [...(core?.items ?? []), ...(apis?.items ?? [])]) {
      const group = item.metadata?.name ?? '';
      const versions: string[] = [];
      for (const v of item.versions ?? []) {
        versions.push(v.version);
        for (const r of v.resources ?? []) {
          this.add({
            group,
            version: v.version,
            kind: r.responseKind?.kind,
            resource: r.resource,
            singular: r.singularResource,
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs ?? [],
            shortNames: r.shortNames,
            categories: r.categories,
            subresources: (r.subresources ?? []).map((s: any) => ({
              subresource: s.subresource,
              responseKind: {
                group: s.responseKind?.group || group,
                version: s.responseKind?.version || v.version,
                kind: s.responseKind?.kind,
              },
              verbs: s.verbs ?? [],
            })),
            storageKey: `${group}/${r.resource}`,
          });
        }
      }
      this.groups.set(group, versions);
    }
  }

  private add(t: ResourceType): void {
    this.byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
    const gvk = `${t.group}/${t.version}/${t.kind}`;
    if (!this.byGvk.has(gvk)) this.byGvk.set(gvk, t);
  }

  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** By apiVersion ("apps/v1", "v1") and kind. */
  lookupKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return (this.groups.get(group) ?? this.crdGroups.get(group) ?? []).includes(version);
  }

  resourcesOf(group: string, version: string): ResourceType[] {
    return [...this.byGvr.values()].filter((t) => t.group === group && t.version === version);
  }

  /** Registers (or replaces) the types of an Established CRD. */
  registerCrd(crd: any): void {
    const spec = crd.spec ?? {};
    const group: string = spec.group;
    const names = spec.names ?? {};
    this.unregisterCrd(crd.metadata?.name, group);
    const versions: string[] = [];
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      versions.push(v.name);
      const subresources: SubresourceInfo[] = [];
      const rk = { group, version: v.name, kind: names.kind };
      if (v.subresources?.scale) subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
      if (v.subresources?.status) subresources.push({ subresource: 'status', responseKind: rk, verbs: ['get', 'patch', 'update'] });
      this.add({
        group,
        version: v.name,
        kind: names.kind,
        resource: names.plural,
        singular: names.singular ?? String(names.kind ?? '').toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        shortNames: names.shortNames,
        categories: names.categories,
        subresources,
        crd,
        storageKey: `${group}/${names.plural}`,
      });
    }
    this.crdGroups.set(group, versions);
  }

  unregisterCrd(crdName: string | undefined, group: string): void {
    if (!crdName) return;
    for (const [k, t] of this.byGvr) if (t.crd?.metadata?.name === crdName) this.byGvr.delete(k);
    for (const [k, t] of this.byGvk) if (t.crd?.metadata?.name === crdName) this.byGvk.delete(k);
    const left = [...this.byGvr.values()].some((t) => t.crd && t.group === group);
    if (!left) this.crdGroups.delete(group);
  }

  crdTypes(): ResourceType[] {
    return [...this.byGvr.values()].filter((t) => t.crd);
  }
}
