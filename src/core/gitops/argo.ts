// Argo CD: Application (argoproj.io) objects → units. Tracking by label (default) or annotation.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DesiredObject, ObjectRef } from '../types';
import { kustomizationOrDirectory, stringMap } from './flux';
import { apiGroup, arrayField, isRecord, recordField, stringField } from './object-fields';
import { sameRepoUrl } from './repo-url';
import { isInsideReal, resolveRepoPath, sourceRoots, unresolvedReason, type RootsLike } from './resolve-path';
import type { GitOpsUnit, KustomizeOverrides } from './types';

export const ARGO_GROUP = 'argoproj.io';
export const ARGO_MANAGER = 'argocd-controller';
/** Argo CD's default tracking label (`application.resourceTrackingMethod: label`). */
export const ARGO_TRACKING_LABEL = 'app.kubernetes.io/instance';
/** Argo CD's tracking annotation (`annotation` / `annotation+label` tracking). */
export const ARGO_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';

export function isArgoApplication(obj: { apiVersion: string; kind: string }): boolean {
  return apiGroup(obj.apiVersion) === ARGO_GROUP && obj.kind === 'Application';
}

/** An ApplicationSet: its generated Applications exist only in the cluster, so what they deploy is not known here. */
export function isArgoApplicationSet(obj: { apiVersion: string; kind: string }): boolean {
  return apiGroup(obj.apiVersion) === ARGO_GROUP && obj.kind === 'ApplicationSet';
}

/** The tracking id Argo CD writes: `<app>:<group>/<Kind>:<namespace>/<name>`. */
export function argoTrackingId(app: string, ref: ObjectRef): string {
  return `${app}:${apiGroup(ref.apiVersion)}/${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;
}

/** Parses a tracking id; undefined when malformed. The group is returned as given (no version). */
export function parseArgoTrackingId(id: string): { app: string; group: string; kind: string; namespace?: string; name: string } | undefined {
  const m = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(id);
  if (!m) return undefined;
  const [, app, group, kind, namespace, name] = m;
  return { app, group, kind, ...(namespace ? { namespace } : {}), name };
}

export type ArgoTrackingMethod = 'label' | 'annotation' | 'annotation+label';
export const ARGO_DEFAULT_TRACKING: ArgoTrackingMethod = 'annotation';

/**
 * How Argo CD tracks its objects: `application.resourceTrackingMethod` of an `argocd-cm` ConfigMap in the
 * workspace (a repo managing Argo CD itself), else Argo CD 3's default, the annotation.
 */
export function argoTrackingMethod(objects: readonly DesiredObject[]): ArgoTrackingMethod {
  for (const { object } of objects) {
    if (object.kind !== 'ConfigMap' || object.metadata.name !== 'argocd-cm') continue;
    const method = stringField(object, 'data', 'application.resourceTrackingMethod');
    if (method === 'label' || method === 'annotation' || method === 'annotation+label') return method;
  }
  return ARGO_DEFAULT_TRACKING;
}

/** Units of an Application: one per source (`spec.source`, or each of `spec.sources` with a path or chart). */
export function argoApplicationUnits(d: DesiredObject, roots: RootsLike, tracking: ArgoTrackingMethod = ARGO_DEFAULT_TRACKING): GitOpsUnit[] {
  const { object } = d;
  const name = object.metadata.name ?? '';
  const ref = { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace ?? 'argocd', name };
  const single = recordField(object, 'spec', 'source');
  const sources = single ? [single] : arrayField(object, 'spec', 'sources').filter(isRecord);
  const destinationNamespace = stringField(object, 'spec', 'destination', 'namespace');
  const base: Omit<GitOpsUnit, 'renderer' | 'notes'> = {
    operator: 'argocd' as const,
    owner: { ref, source: d.source },
    targetNamespace: destinationNamespace,
    namespaceMode: 'default' as const,
    fieldManager: ARGO_MANAGER,
    labels: tracking === 'annotation' ? {} : { [ARGO_TRACKING_LABEL]: name },
    ...(tracking === 'label' ? {} : { argoTrackingAnnotation: name }),
    orphans: tracking === 'label' ? { selector: `${ARGO_TRACKING_LABEL}=${name}` } : { selector: '', argoApp: name },
    recursive: false,
  };
  return sources
    .filter((s) => stringField(s, 'path') !== undefined || stringField(s, 'chart') !== undefined)
    .map((source): GitOpsUnit => {
      const chart = stringField(source, 'chart');
      const declaredPath = stringField(source, 'path');
      if (chart || !declaredPath) {
        const version = stringField(source, 'targetRevision');
        return {
          ...base,
          renderer: 'remote',
          declaredPath: chart,
          notes: [],
          notRendered: `chart ${chart}${version ? ` ${version}` : ''} from ${stringField(source, 'repoURL') ?? 'a Helm repository'}: a remote chart, not in this repository`,
        };
      }
      const plugin = recordField(source, 'plugin');
      if (plugin) {
        const pluginName = typeof plugin.name === 'string' && plugin.name !== '' ? `${plugin.name} ` : '';
        return { ...base, renderer: 'remote', declaredPath, notes: [], notRendered: `path ${declaredPath} is built by the config management plugin ${pluginName}(not run here)` };
      }
      const found = resolveRepoPath(declaredPath, d.source.file, roots);
      if (!('path' in found)) return { ...base, renderer: 'remote', declaredPath, notes: [], notRendered: `path ${declaredPath} ${unresolvedReason(found)}` };
      const dir = found.path;
      if (existsSync(path.join(dir, 'Chart.yaml'))) return helmUnit(base, source, dir, declaredPath, name, destinationNamespace, { roots, appFile: d.source.file, sources });
      const renderer = kustomizationOrDirectory(dir);
      const notes: string[] = [];
      const directory = recordField(source, 'directory');
      if (directory?.include !== undefined || directory?.exclude !== undefined) notes.push('directory include/exclude patterns are not applied');
      const kustomize = renderer === 'kustomize' ? argoKustomizeOverrides(source, dir, sources.length > 1 ? undefined : single ? ['spec', 'source', 'kustomize', 'patches'] : undefined) : undefined;
      return { ...base, renderer, path: dir, declaredPath, recursive: directory?.recurse === true, notes, ...(kustomize ? { kustomize } : {}) };
    });
}

/** What Argo CD sets with `kustomize edit` before building (spec.source.kustomize); undefined when nothing. */
function argoKustomizeOverrides(source: Record<string, unknown>, dir: string, patchesAt: Array<string | number> | undefined): KustomizeOverrides | undefined {
  const k = recordField(source, 'kustomize');
  if (!k) return undefined;
  const o: KustomizeOverrides = {};
  for (const key of ['namespace', 'namePrefix', 'nameSuffix'] as const) if (typeof k[key] === 'string' && k[key] !== '') o[key] = k[key] as string;
  const labels = stringMap(recordField(k, 'commonLabels'));
  if (Object.keys(labels).length) o.commonLabels = labels;
  const annotations = stringMap(recordField(k, 'commonAnnotations'));
  if (Object.keys(annotations).length) o.commonAnnotations = annotations;
  const images = arrayField(k, 'images').flatMap((i) => (typeof i === 'string' ? [argoImage(i)] : []));
  if (images.length) o.images = images;
  const patches = arrayField(k, 'patches').filter(isRecord);
  if (patches.length) {
    o.patches = patches;
    if (patchesAt) o.patchesAt = patchesAt;
  }
  const components = arrayField(k, 'components').filter((c): c is string => typeof c === 'string');
  if (components.length) o.components = components.map((c) => path.resolve(dir, c));
  return Object.keys(o).length > 0 ? o : undefined;
}

/** Argo CD's image override `[name=]image[:tag|@digest]` → a kustomize `images` entry. */
export function argoImage(spec: string): Record<string, unknown> {
  const eq = spec.indexOf('=');
  const name = eq >= 0 ? spec.slice(0, eq) : undefined;
  let rest = eq >= 0 ? spec.slice(eq + 1) : spec;
  const out: Record<string, unknown> = {};
  const at = rest.indexOf('@');
  if (at >= 0) {
    out.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      out.newTag = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  if (name !== undefined && name !== rest) out.newName = rest;
  return { name: name ?? rest, ...out };
}

function helmUnit(
  base: Omit<GitOpsUnit, 'renderer' | 'notes'>,
  source: Record<string, unknown>,
  dir: string,
  declaredPath: string,
  appName: string,
  namespace: string | undefined,
  app: { roots: RootsLike; appFile: string; sources: ReadonlyArray<Record<string, unknown>> },
): GitOpsUnit {
  const notes: string[] = [];
  const valuesFiles: string[] = [];
  const { repos } = sourceRoots(app.roots);
  const ignoreMissing = recordField(source, 'helm')?.ignoreMissingValueFiles === true;
  for (const file of arrayField(source, 'helm', 'valueFiles')) {
    if (typeof file !== 'string') continue;
    if (file.startsWith('$')) {
      const found = refValueFile(file, source, app);
      if ('path' in found) valuesFiles.push(found.path);
      else if (!(ignoreMissing && 'missing' in found)) notes.push(found.note);
      continue;
    }
    const full = path.resolve(dir, file);
    if (!repos.some((r) => isInsideReal(full, path.resolve(r)))) notes.push(`value file ${file} is outside the repository (never read)`);
    else if (existsSync(full)) valuesFiles.push(full);
    else if (!ignoreMissing) notes.push(`value file ${file} is not in the workspace`);
  }
  const valuesObject = recordField(source, 'helm', 'valuesObject');
  const valuesText = stringField(source, 'helm', 'values');
  const parameters = arrayField(source, 'helm', 'parameters')
    .filter(isRecord)
    .flatMap((p) => (typeof p.name === 'string' && p.value !== undefined ? [{ name: p.name, value: String(p.value), forceString: p.forceString === true }] : []));
  return {
    ...base,
    renderer: 'helm',
    path: dir,
    declaredPath,
    notes,
    helm: {
      releaseName: stringField(source, 'helm', 'releaseName') ?? appName,
      namespace: namespace ?? 'default',
      valuesFiles,
      ...(valuesObject || valuesText ? { inlineValues: [valuesObject ?? (valuesText as string)] } : {}),
      ...(parameters.length ? { parameters } : {}),
    },
  };
}

/**
 * A multi-source value file `$<ref>/<path>`: the source with that `ref` names a repository; when it is the
 * chart's own repository (this one), the file is read from the repository root.
 */
function refValueFile(
  file: string,
  chartSource: Record<string, unknown>,
  app: { roots: RootsLike; appFile: string; sources: ReadonlyArray<Record<string, unknown>> },
): { path: string } | { note: string; missing?: true } {
  const m = /^\$([^/]+)\/(.+)$/.exec(file);
  const refSource = m ? app.sources.find((s) => s.ref === m[1]) : undefined;
  if (!m || !refSource) return { note: `value file ${file}: no source has ref ${m?.[1] ?? file.slice(1)}` };
  const repoURL = stringField(refSource, 'repoURL') ?? '';
  if (sameRepoUrl(repoURL, stringField(chartSource, 'repoURL') ?? '')) {
    const found = resolveRepoPath(m[2], app.appFile, app.roots);
    if ('path' in found) return found;
    return { note: `value file ${file} ${unresolvedReason(found)}`, ...('missing' in found ? { missing: true as const } : {}) };
  }
  return { note: `value file ${file} is in another repository (${repoURL}): not used when rendering` };
}
