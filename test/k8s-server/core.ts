// The server's object operations (GET/create/update/patch/delete, subresources), shared by the HTTP layer and the
// in-process test helpers. Object semantics (apply, patches, defaults, controllers) come from ./semantics-bridge.
import { randomUUID } from 'node:crypto';
import { establishCrd } from './crd';
import { ApiError, deleteSuccess, errors } from './errors';
import { canonicalOrder, sortKeysDeep } from './object-order';
import { clone, deepEqual, nowTimestamp, randomSuffix, selectorString, specPart } from './object-utils';
import { apiVersionOf, hasGeneration, Registry, type ResourceType } from './registry';
import * as semantics from './semantics-bridge';
import { ObjectStore, objectKey, type StoredObject } from './store';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  manager: string;
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  force?: boolean;
}

export interface WriteResult {
  status: number;
  object: any;
  warnings: string[];
}

export type PatchKind = 'apply' | 'merge' | 'strategic' | 'json';

export function typeContext(t: ResourceType): semantics.TypeContext {
  const c: semantics.TypeContext = { group: t.group, version: t.version, kind: t.kind, resource: t.resource, namespaced: t.namespaced };
  if (t.crd) c.crd = t.crd;
  return c;
}

function semanticsError(e: semantics.SemanticsError, t: ResourceType, name?: string): ApiError {
  const details: Record<string, unknown> = {};
  if (e.code === 422) {
    if (name !== undefined) details.name = name;
    if (t.group) details.group = t.group;
    details.kind = t.kind;
  }
  if (e.causes?.length) details.causes = e.causes;
  return new ApiError(e.code, e.reason || undefined, e.message, Object.keys(details).length ? (details as any) : undefined);
}

/** Go's JSON of an unstructured object: map keys sorted (managedFields entries keep their struct order). */
function goUnstructuredJson(obj: any): string {
  const sorted: any = sortKeysDeep(obj);
  if (Array.isArray(obj?.metadata?.managedFields)) sorted.metadata.managedFields = canonicalOrder({ metadata: { managedFields: obj.metadata.managedFields } }, false).metadata.managedFields;
  return JSON.stringify(sorted);
}

/** A strict-decoding failure of a non-apply patch is reported as 422 on the field "patch", embedding the patched object. */
function strictPatchError(e: ApiError, patched: any): ApiError {
  const m = /strict decoding error: (.*)$/s.exec(e.message);
  if (e.code !== 400 || !m) return e;
  const value = `Invalid value: ${JSON.stringify(goUnstructuredJson(patched))}: strict decoding error: ${m[1]}`;
  return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${value}`, { causes: [{ reason: 'FieldValueInvalid', message: value, field: 'patch' }] });
}

function unwrap(r: semantics.SemanticsResult, t: ResourceType, name?: string): { object: any; warnings: string[] } {
  if ('error' in r) throw semanticsError(r.error, t, name);
  return { object: r.object, warnings: (r.warnings ?? []).map((w) => w.text) };
}

function hasSubresource(t: ResourceType, s: string): boolean {
  return t.subresources.some((x) => x.subresource === s);
}

/** JSON paths of a scale subresource: built-in .spec.replicas/.status.replicas, or the CRD's declared paths. */
function scalePaths(t: ResourceType): { spec: string; status: string; selector?: string } {
  const v = (t.crd?.spec?.versions ?? []).find((x: any) => x.name === t.version);
  const sc = v?.subresources?.scale;
  if (sc) return { spec: sc.specReplicasPath, status: sc.statusReplicasPath, selector: sc.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas' };
}

function getPath(obj: any, path: string): any {
  let cur = obj;
  for (const p of path.split('.').filter(Boolean)) cur = cur?.[p];
  return cur;
}

function setPath(obj: any, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] && typeof cur[p] === 'object' ? cur[p] : (cur[p] = {});
  cur[parts[parts.length - 1]] = value;
}

export class ApiCore {
  readonly registry = new Registry();
  readonly store: ObjectStore;

  /** "now" as metav1.Time text; tests may pass a clock (e.g. one that advances a second per step). */
  readonly now: () => string;

  constructor(startRv = 1000, clock?: () => Date, watchHistory?: number) {
    this.store = new ObjectStore(startRv, watchHistory);
    this.now = clock ? () => clock().toISOString().replace(/\.\d{3}Z$/, 'Z') : nowTimestamp;
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  getStored(t: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.store.get(t.storageKey, objectKey(t.namespaced ? namespace : undefined, name));
  }

  mustGet(t: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const s = this.getStored(t, namespace, name);
    if (!s) throw errors.notFound(t.resource, t.group, name);
    return s;
  }

  namespaceExists(ns: string): boolean {
    return !!this.store.get('/namespaces', ns);
  }

  private requireNamespace(t: ResourceType, ns: string | undefined): void {
    if (t.namespaced && ns && !this.namespaceExists(ns)) throw errors.namespaceNotFound(ns);
  }

  scaleOf(t: ResourceType, obj: any): any {
    const paths = scalePaths(t);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: getPath(obj, paths.spec) ?? 0 },
      status: {
        replicas: getPath(obj, paths.status) ?? 0,
        selector: t.crd ? (paths.selector ? (getPath(obj, paths.selector) ?? '') : '') : selectorString(obj.spec?.selector),
      },
    };
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  /** Finishes a semantics result: server-owned metadata, generation, no-op detection, persistence, controllers. */
  private commit(t: ResourceType, live: StoredObject | undefined, result: any, opts: WriteOptions, subresource?: string): any {
    const obj = result;
    obj.apiVersion = apiVersionOf(t);
    obj.kind = t.kind;
    const md = (obj.metadata = obj.metadata ?? {});
    const now = this.now();
    if (!live) {
      md.uid = randomUUID();
      md.creationTimestamp = now;
      delete md.resourceVersion;
      if (hasGeneration(t)) md.generation = 1;
      else delete md.generation;
      if (t.crd && hasSubresource(t, 'status')) delete obj.status;
    } else {
      const lo = live.obj;
      md.uid = lo.metadata.uid;
      md.creationTimestamp = lo.metadata.creationTimestamp;
      md.resourceVersion = lo.metadata.resourceVersion;
      if (lo.metadata.deletionTimestamp) md.deletionTimestamp = lo.metadata.deletionTimestamp;
      if (subresource === 'status') {
        // only status (and managedFields) may change through the status subresource
        const statusOnly = clone(lo);
        if (obj.status === undefined) delete statusOnly.status;
        else statusOnly.status = obj.status;
        statusOnly.metadata.managedFields = md.managedFields;
        return this.finish(t, live, statusOnly, opts);
      }
      if (hasSubresource(t, 'status') && subresource !== 'scale') {
        if (lo.status === undefined) delete obj.status;
        else obj.status = lo.status;
      }
      if (hasGeneration(t)) {
        const gen = lo.metadata.generation ?? 1;
        const specChanged = !deepEqual(specPart(lo), specPart(obj)) || (t.kind === 'Deployment' && !deepEqual(lo.metadata.annotations ?? {}, md.annotations ?? {}));
        md.generation = specChanged ? gen + 1 : gen;
      } else delete md.generation;
    }
    return this.finish(t, live, live ? obj : semantics.prepareForCreate(obj, typeContext(t)), opts);
  }

  private finish(t: ResourceType, live: StoredObject | undefined, obj: any, opts: WriteOptions): any {
    if (live && deepEqual(live.obj, obj)) return live.obj; // no-op: same resourceVersion
    if (opts.dryRun) return canonicalOrder(obj, !!t.crd);
    const stored = this.store.put(t.storageKey, obj, (o) => canonicalOrder(o, !!t.crd));
    const response = stored.obj;
    this.afterWrite(t, stored, live);
    return response;
  }

  /** Controllers (from the semantics); then a CRD that is Established gets its types served. */
  private afterWrite(t: ResourceType, stored: StoredObject, live?: StoredObject, depth = 0): void {
    // controllers of generation-tracking kinds only react to a new generation (a label or status write changes nothing)
    const sameGeneration = !!live && hasGeneration(t) && live.obj.metadata?.generation === stored.obj.metadata?.generation;
    let out: any;
    try {
      out = sameGeneration ? undefined : semantics.runControllers(clone(stored.obj), typeContext(t), this.now());
    } catch (e) {
      console.error('[test-apiserver] controller failed:', (e as Error).message);
      out = undefined;
    }
    for (const o of Array.isArray(out) ? out : out ? [out] : []) this.storeControllerOutput(o);
    if (!sameGeneration || t.storageKey === 'autoscaling/horizontalpodautoscalers') {
      const current = this.getStored(t, stored.namespace || undefined, stored.name);
      if (current) this.syncHpas(t, current, depth);
    }
    if (t.group === 'apiextensions.k8s.io' && t.resource === 'customresourcedefinitions') {
      let current = this.getStored(t, undefined, stored.name)!;
      // fallback when the semantics' controllers did not establish it
      const established = establishCrd(current.obj, this.now());
      if (established) current = this.store.put(t.storageKey, established, (o) => canonicalOrder(o, false));
      this.registry.registerCrd(current.obj);
    }
  }

  /** Stores what a controller wrote; returns it with its type and previous state, or undefined when nothing changed. */
  private storeControllerOutput(o: any): { t: ResourceType; stored: StoredObject; live?: StoredObject } | undefined {
    if (!o?.apiVersion || !o?.kind || !o?.metadata?.name) return undefined;
    const t = this.registry.lookupKind(o.apiVersion, o.kind);
    if (!t) return undefined;
    const live = this.getStored(t, o.metadata.namespace, o.metadata.name);
    const obj = clone(o);
    if (live) {
      obj.metadata.uid = live.obj.metadata.uid;
      obj.metadata.creationTimestamp = live.obj.metadata.creationTimestamp;
      obj.metadata.resourceVersion = live.obj.metadata.resourceVersion;
      if (deepEqual(live.obj, obj)) return undefined;
      if (hasGeneration(t)) {
        const gen = live.obj.metadata.generation ?? 1;
        obj.metadata.generation = deepEqual(specPart(live.obj), specPart(obj)) ? gen : gen + 1;
      }
    } else {
      obj.metadata.uid = obj.metadata.uid ?? randomUUID();
      obj.metadata.creationTimestamp = obj.metadata.creationTimestamp ?? this.now();
      if (hasGeneration(t)) obj.metadata.generation = 1;
    }
    return { t, stored: this.store.put(t.storageKey, obj, (x) => canonicalOrder(x, !!t.crd)), live };
  }

  /**
   * The HPA controller, run at once instead of every 15 s: after a write to an HPA, and after a write to the target
   * of an HPA. It may scale the target through `scale` (then the target's own controllers run too).
   */
  private syncHpas(t: ResourceType, stored: StoredObject, depth: number): void {
    if (depth > 2) return;
    const HPA_BUCKET = 'autoscaling/horizontalpodautoscalers';
    const isHpa = t.storageKey === HPA_BUCKET;
    const group = (apiVersion: string) => (String(apiVersion).includes('/') ? String(apiVersion).split('/')[0] : '');
    const hpas = isHpa
      ? [stored]
      : this.store.list(HPA_BUCKET, stored.namespace).filter((h) => {
          const ref = h.obj.spec?.scaleTargetRef ?? {};
          return ref.kind === t.kind && ref.name === stored.name && group(ref.apiVersion ?? '') === t.group;
        });
    for (const h of hpas) {
      const hpaType = this.registry.lookupKind(h.obj.apiVersion, h.obj.kind);
      const ref = h.obj.spec?.scaleTargetRef ?? {};
      const targetType = ref.apiVersion && ref.kind ? this.registry.lookupKind(ref.apiVersion, ref.kind) : undefined;
      const target = targetType ? this.getStored(targetType, h.namespace, ref.name) : undefined;
      if (!hpaType) continue;
      let r: { hpa: any; target?: any };
      try {
        r = semantics.runHpaController(clone(h.obj), typeContext(hpaType), target ? clone(target.obj) : undefined, targetType ? typeContext(targetType) : undefined, this.now());
      } catch (e) {
        console.error('[test-apiserver] HPA controller failed:', (e as Error).message);
        continue;
      }
      if (r.target) {
        const w = this.storeControllerOutput(r.target);
        if (w) this.afterWrite(w.t, w.stored, w.live, depth + 1);
      }
      this.storeControllerOutput(r.hpa);
    }
  }

  /** POST to a collection. */
  create(t: ResourceType, namespace: string | undefined, body: any, opts: WriteOptions): WriteResult {
    this.checkTypeMeta(t, body);
    const md = body.metadata ?? (body.metadata = {});
    if (t.namespaced) {
      if (md.namespace && namespace && md.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      md.namespace = namespace ?? md.namespace;
    } else delete md.namespace;
    if (!md.name && md.generateName) md.name = md.generateName + randomSuffix();
    if (!md.name) throw new ApiError(422, 'Invalid', `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    this.requireNamespace(t, md.namespace);
    if (this.getStored(t, md.namespace, md.name)) throw errors.alreadyExists(t.resource, t.group, md.name);
    const { object, warnings } = unwrap(
      semantics.applyUpdate({ next: body, manager: opts.manager, operation: 'Update', now: this.now(), type: typeContext(t), fieldValidation: opts.fieldValidation ?? 'Warn' }),
      t,
      md.name,
    );
    return { status: 201, object: this.commit(t, undefined, object, opts), warnings };
  }

  /** PUT on an object or its status/scale subresource. */
  update(t: ResourceType, namespace: string | undefined, name: string, body: any, opts: WriteOptions, subresource?: string): WriteResult {
    const live = this.mustGet(t, namespace, name);
    if (subresource === 'scale') return this.writeScale(t, live, body, opts);
    this.checkTypeMeta(t, body);
    const md = body.metadata ?? (body.metadata = {});
    if (md.name && md.name !== name) throw errors.badRequest(`the name of the object (${md.name}) does not match the name on the URL (${name})`);
    md.name = name;
    if (t.namespaced) md.namespace = namespace;
    if (md.resourceVersion && md.resourceVersion !== live.obj.metadata.resourceVersion) throw errors.conflict(t.resource, t.group, name);
    const { object, warnings } = unwrap(
      semantics.applyUpdate({ live: clone(live.obj), next: body, manager: opts.manager, operation: 'Update', now: this.now(), type: typeContext(t), subresource, fieldValidation: opts.fieldValidation ?? 'Warn' }),
      t,
      name,
    );
    return { status: 200, object: this.commit(t, live, object, opts, subresource), warnings };
  }

  /** PATCH of any kind; apply patches may create. */
  patch(t: ResourceType, namespace: string | undefined, name: string, kind: PatchKind, patch: any, opts: WriteOptions, subresource?: string): WriteResult {
    const live = this.getStored(t, namespace, name);
    const ctx = typeContext(t);
    const now = this.now();
    if (kind === 'apply') {
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw errors.badRequest('error decoding YAML: the apply patch must be an object');
      const bodyApiVersion = String(patch.apiVersion ?? '');
      if (patch.kind !== t.kind || (bodyApiVersion && bodyApiVersion !== apiVersionOf(t) && subresource !== 'scale')) {
        const [g, v] = bodyApiVersion.includes('/') ? bodyApiVersion.split('/', 2) : ['', bodyApiVersion];
        throw errors.badRequest(`invalid object type: ${g}/${v}, Kind=${patch.kind ?? ''}`);
      }
      const md = patch.metadata ?? (patch.metadata = {});
      if (md.name !== undefined && md.name !== name) throw errors.badRequest(`the name of the object (${md.name}) does not match the name on the URL (${name})`);
      if (t.namespaced && md.namespace && md.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (!live) {
        if (subresource) throw errors.notFound(t.resource, t.group, name);
        this.requireNamespace(t, namespace);
      }
      let p = patch;
      if (subresource === 'status') p = { apiVersion: patch.apiVersion, kind: patch.kind, metadata: { name, ...(namespace ? { namespace } : {}) }, status: patch.status };
      else if (hasSubresource(t, 'status') && 'status' in p) {
        p = { ...p };
        delete p.status;
      }
      const { object, warnings } = unwrap(
        semantics.serverSideApply({ live: live ? clone(live.obj) : undefined, patch: p, manager: opts.manager, force: !!opts.force, now, type: ctx, subresource }),
        t,
        name,
      );
      if (!object.metadata) object.metadata = {};
      object.metadata.name = name;
      if (t.namespaced) object.metadata.namespace = namespace;
      return { status: live ? 200 : 201, object: this.commit(t, live, object, opts, subresource), warnings };
    }
    if (!live) throw errors.notFound(t.resource, t.group, name);
    if (subresource === 'scale') {
      const scale = this.scaleOf(t, live.obj);
      return this.writeScale(t, live, this.applyPatch(scale, kind, patch, t), opts);
    }
    if (kind !== 'json' && patch?.metadata?.resourceVersion && patch.metadata.resourceVersion !== live.obj.metadata.resourceVersion) {
      throw errors.conflict(t.resource, t.group, name);
    }
    const next = this.applyPatch(clone(live.obj), kind, patch, t);
    if (next?.metadata?.name !== undefined && next.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    let result: { object: any; warnings: string[] };
    try {
      result = unwrap(
        semantics.applyUpdate({ live: clone(live.obj), next: clone(next), manager: opts.manager, operation: 'Update', now, type: ctx, subresource, fieldValidation: opts.fieldValidation ?? 'Warn' }),
        t,
        name,
      );
    } catch (e) {
      throw e instanceof ApiError ? strictPatchError(e, next) : e;
    }
    return { status: 200, object: this.commit(t, live, result.object, opts, subresource), warnings: result.warnings };
  }

  private applyPatch(target: any, kind: PatchKind, patch: any, t: ResourceType): any {
    try {
      if (kind === 'merge') return semantics.mergePatch(target, patch);
      if (kind === 'strategic') return semantics.strategicMergePatch(target, patch, typeContext(t));
      if (!Array.isArray(patch)) throw new Error('json patch must be an array of operations');
      return semantics.jsonPatch(target, patch);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(422, 'Invalid', (e as Error).message);
    }
  }

  private writeScale(t: ResourceType, live: StoredObject, scale: any, opts: WriteOptions): WriteResult {
    const replicas = scale?.spec?.replicas;
    if (scale?.metadata?.resourceVersion && scale.metadata.resourceVersion !== live.obj.metadata.resourceVersion) {
      throw errors.conflict(t.resource, t.group, live.name);
    }
    const next = clone(live.obj);
    setPath(next, scalePaths(t).spec, replicas);
    const { object, warnings } = unwrap(
      semantics.applyUpdate({ live: clone(live.obj), next, manager: opts.manager, operation: 'Update', now: this.now(), type: typeContext(t), subresource: 'scale', fieldValidation: opts.fieldValidation ?? 'Warn' }),
      t,
      live.name,
    );
    const written = this.commit(t, live, object, opts, 'scale');
    return { status: 200, object: this.scaleOf(t, written), warnings };
  }

  /** DELETE an object. Returns the HTTP body (Status or, for Foreground/namespaces, the object). */
  delete(t: ResourceType, namespace: string | undefined, name: string, opts: { dryRun?: boolean; propagationPolicy?: string }): any {
    const live = this.mustGet(t, namespace, name);
    const lo = live.obj;
    const foreground = opts.propagationPolicy === 'Foreground';
    const isNamespace = t.group === '' && t.resource === 'namespaces';
    if (opts.dryRun) return deleteSuccess(t.resource, t.group, name, lo.metadata.uid);
    if (foreground || isNamespace) {
      const marked = clone(lo);
      marked.metadata.deletionTimestamp = this.now();
      marked.metadata.deletionGracePeriodSeconds = 0;
      // like rest.BeforeDelete: setting deletionTimestamp bumps the generation of objects that have one
      if (hasGeneration(t) && marked.metadata.generation !== undefined) marked.metadata.generation += 1;
      if (foreground) marked.metadata.finalizers = [...(marked.metadata.finalizers ?? []), 'foregroundDeletion'];
      if (isNamespace) marked.status = { ...(marked.status ?? {}), phase: 'Terminating' };
      const stored = this.store.put(t.storageKey, marked, (o) => canonicalOrder(o, !!t.crd));
      const body = stored.obj;
      setImmediate(() => this.removeNow(t, namespace, name));
      return body;
    }
    this.removeNow(t, namespace, name);
    return deleteSuccess(t.resource, t.group, name, lo.metadata.uid);
  }

  /** Removes an object at once (garbage collection of namespaces and CRDs included). */
  removeNow(t: ResourceType, namespace: string | undefined, name: string): void {
    const key = objectKey(t.namespaced ? namespace : undefined, name);
    const removed = this.store.remove(t.storageKey, key);
    if (!removed) return;
    if (t.group === '' && t.resource === 'namespaces') {
      const seen = new Set<string>();
      for (const rt of [...this.allTypes()]) {
        if (!rt.namespaced || seen.has(rt.storageKey)) continue;
        seen.add(rt.storageKey);
        for (const s of this.store.list(rt.storageKey, name)) this.store.remove(rt.storageKey, s.key);
      }
    }
    if (t.group === 'apiextensions.k8s.io' && t.resource === 'customresourcedefinitions') {
      const crd = removed.obj;
      const plural = crd.spec?.names?.plural;
      const bucket = `${crd.spec?.group}/${plural}`;
      for (const s of this.store.list(bucket)) this.store.remove(bucket, s.key);
      this.registry.unregisterCrd(crd.metadata?.name, crd.spec?.group);
    }
  }

  allTypes(): ResourceType[] {
    const out: ResourceType[] = [];
    for (const [g, vs] of [...this.registry.groups, ...this.registry.crdGroups]) for (const v of vs) out.push(...this.registry.resourcesOf(g, v));
    return out;
  }

  private checkTypeMeta(t: ResourceType, body: any): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('Object \'Kind\' is missing in request body');
    if (body.kind && body.kind !== t.kind) {
      throw errors.badRequest(`${body.kind} in version "${t.version}" cannot be handled as a ${t.kind}: the object provided is unrecognized (must be of type ${t.kind})`);
    }
    if (body.apiVersion && body.apiVersion !== apiVersionOf(t)) {
      throw errors.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`);
    }
  }
}
