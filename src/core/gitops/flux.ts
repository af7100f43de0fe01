// Flux: Kustomization (kustomize.toolkit.fluxcd.io) and HelmRelease (helm.toolkit.fluxcd.io) objects → units.
import path from 'node:path';
import { findKustomizationFile } from '../render/kustomization-file';
import type { DesiredObject, KubeObject } from '../types';
import { apiGroup, arrayField, isRecord, recordField, stringField } from './object-fields';
import { sameRepoUrl } from './repo-url';
import { resolveRepoPath, unresolvedReason, type ResolvedPath, type RootsLike } from './resolve-path';
import type { GitOpsUnit, HelmSettings, KustomizeOverrides } from './types';

export const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
export const FLUX_HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const FLUX_KUSTOMIZE_MANAGER = 'kustomize-controller';
export const FLUX_HELM_MANAGER = 'helm-controller';

export function isFluxKustomization(obj: { apiVersion: string; kind: string }): boolean {
  return apiGroup(obj.apiVersion) === FLUX_KUSTOMIZE_GROUP && obj.kind === 'Kustomization';
}

export function isFluxHelmRelease(obj: { apiVersion: string; kind: string }): boolean {
  return apiGroup(obj.apiVersion) === FLUX_HELM_GROUP && obj.kind === 'HelmRelease';
}

/** Labels kustomize-controller sets on everything a Kustomization applies (and selects its objects by). */
export function fluxKustomizationLabels(name: string, namespace: string): Record<string, string> {
  return { [`${FLUX_KUSTOMIZE_GROUP}/name`]: name, [`${FLUX_KUSTOMIZE_GROUP}/namespace`]: namespace };
}

/** Labels helm-controller sets on everything a HelmRelease installs. */
export function fluxHelmReleaseLabels(name: string, namespace: string): Record<string, string> {
  return { [`${FLUX_HELM_GROUP}/name`]: name, [`${FLUX_HELM_GROUP}/namespace`]: namespace };
}

function selectorOf(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * The URL of the GitRepository a sourceRef names when it is not this repository: a GitRepository in the
 * workspace other than `flux-system` (what `flux bootstrap` names the repo it writes to) whose URL differs from
 * flux-system's. Undefined when it is this repository or cannot be told.
 */
function otherRepository(sourceRef: Record<string, unknown> | undefined, namespace: string, lookup: ObjectLookup): string | undefined {
  if (!sourceRef || sourceRef.kind !== 'GitRepository' || typeof sourceRef.name !== 'string' || sourceRef.name === 'flux-system') return undefined;
  const ns = typeof sourceRef.namespace === 'string' && sourceRef.namespace !== '' ? sourceRef.namespace : namespace;
  const url = stringField(lookup('GitRepository', ns, sourceRef.name), 'spec', 'url');
  const self = stringField(lookup('GitRepository', 'flux-system', 'flux-system'), 'spec', 'url');
  return url && self && !sameRepoUrl(url, self) ? url : undefined;
}

/**
 * `postBuild.substituteFrom` ConfigMaps found in the workspace (in the Kustomization's namespace), merged in
 * order; Secrets and ConfigMaps not in the workspace are listed as unread (optional missing ones are skipped).
 */
function substituteFrom(postBuild: Record<string, unknown>, namespace: string, lookup: ObjectLookup): { variables: Record<string, string>; unread: string[] } {
  const variables: Record<string, string> = {};
  const unread: string[] = [];
  for (const ref of arrayField(postBuild, 'substituteFrom').filter(isRecord)) {
    const kind = typeof ref.kind === 'string' ? ref.kind : 'ConfigMap';
    const name = typeof ref.name === 'string' ? ref.name : '';
    const found = kind === 'ConfigMap' ? lookup('ConfigMap', namespace, name) : undefined;
    if (found) Object.assign(variables, stringMap(found.data as Record<string, unknown> | undefined));
    else if (!(kind === 'ConfigMap' && ref.optional === true)) unread.push(`${kind} ${name}`);
  }
  return { variables, unread };
}

export function fluxKustomizationUnit(d: DesiredObject, roots: RootsLike, lookup: ObjectLookup = () => undefined): GitOpsUnit {
  const { object } = d;
  const name = object.metadata.name ?? '';
  const namespace = object.metadata.namespace ?? 'flux-system';
  const ref = { apiVersion: object.apiVersion, kind: object.kind, namespace, name };
  const declaredPath = stringField(object, 'spec', 'path') ?? './';
  const elsewhere = otherRepository(recordField(object, 'spec', 'sourceRef'), namespace, lookup);
  const found: ResolvedPath = elsewhere ? { missing: true } : resolveRepoPath(declaredPath, d.source.file, roots);
  const resolved = 'path' in found ? found.path : undefined;
  const labels = { ...stringMap(recordField(object, 'spec', 'commonMetadata', 'labels')), ...fluxKustomizationLabels(name, namespace) };
  const annotations = stringMap(recordField(object, 'spec', 'commonMetadata', 'annotations'));
  const targetNamespace = stringField(object, 'spec', 'targetNamespace');
  const renderer = !resolved ? 'remote' : kustomizationOrDirectory(resolved);
  const overrides = resolved ? fluxOverrides(object, resolved, targetNamespace) : undefined;
  const notes: string[] = [];
  if (overrides && renderer === 'directory') {
    notes.push('spec.patches/images/namePrefix/nameSuffix/components are not applied to a folder without kustomization.yaml');
  }
  const postBuild = recordField(object, 'spec', 'postBuild');
  const from = postBuild ? substituteFrom(postBuild, namespace, lookup) : { variables: {}, unread: [] };
  const fromCluster = from.unread.length > 0;
  if (fromCluster) notes.push(`spec.postBuild.substituteFrom ${from.unread.join(', ')} is not read (not in the workspace, or a Secret): variables only defined there stay as written`);
  const sourceKind = stringField(object, 'spec', 'sourceRef', 'kind') ?? 'GitRepository';
  return {
    operator: 'flux',
    owner: { ref, source: d.source },
    renderer,
    path: resolved,
    recursive: true,
    declaredPath,
    targetNamespace,
    namespaceMode: 'override',
    fieldManager: FLUX_KUSTOMIZE_MANAGER,
    labels,
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(overrides && renderer === 'kustomize' ? { kustomize: overrides } : {}),
    // `substitute` wins over `substituteFrom`, as in kustomize-controller.
    ...(postBuild ? { postBuild: { substitute: { ...from.variables, ...stringMap(recordField(postBuild, 'substitute')) }, fromCluster } } : {}),
    orphans: { selector: selectorOf(fluxKustomizationLabels(name, namespace)), inventory: ref },
    notRendered:
      'path' in found
        ? undefined
        : `path ${declaredPath} of ${sourceKind} ${stringField(object, 'spec', 'sourceRef', 'name') ?? ''} ${elsewhere ? `is in another repository (${elsewhere})` : unresolvedReason(found)}`,
    notes,
  };
}

/** Finds an object of the workspace (plain or rendered so far) by kind, namespace and name. */
export type ObjectLookup = (kind: string, namespace: string, name: string) => KubeObject | undefined;

/**
 * A `valuesFrom` entry resolved from a ConfigMap in the workspace (kustomize-generated ones included, by their
 * rendered name), or why it cannot be. Secrets are never read here.
 */
function valuesFrom(ref: Record<string, unknown>, namespace: string, lookup: ObjectLookup): { text: string; targetPath?: string } | { note: string } | undefined {
  const kind = typeof ref.kind === 'string' ? ref.kind : 'ConfigMap';
  const name = typeof ref.name === 'string' ? ref.name : '';
  const key = typeof ref.valuesKey === 'string' && ref.valuesKey !== '' ? ref.valuesKey : 'values.yaml';
  if (kind !== 'ConfigMap') return { note: `spec.valuesFrom ${kind} ${name} is not read when rendering` };
  const data = lookup('ConfigMap', namespace, name)?.data as Record<string, unknown> | undefined;
  const text = data?.[key];
  if (typeof text !== 'string') return ref.optional === true ? undefined : { note: `spec.valuesFrom ConfigMap ${name} (key ${key}) is not in the workspace` };
  return typeof ref.targetPath === 'string' && ref.targetPath !== '' ? { text, targetPath: ref.targetPath } : { text };
}

export function fluxHelmReleaseUnit(d: DesiredObject, roots: RootsLike, lookup: ObjectLookup = () => undefined): GitOpsUnit {
  const { object } = d;
  const name = object.metadata.name ?? '';
  const namespace = object.metadata.namespace ?? 'default';
  const ref = { apiVersion: object.apiVersion, kind: object.kind, namespace, name };
  const targetNamespace = stringField(object, 'spec', 'targetNamespace') ?? namespace;
  const releaseName = stringField(object, 'spec', 'releaseName') ?? (stringField(object, 'spec', 'targetNamespace') ? `${targetNamespace}-${name}` : name);
  const chart = stringField(object, 'spec', 'chart', 'spec', 'chart');
  const sourceKind = stringField(object, 'spec', 'chart', 'spec', 'sourceRef', 'kind');
  const labels = fluxHelmReleaseLabels(name, namespace);
  const base: GitOpsUnit = {
    operator: 'flux',
    owner: { ref, source: d.source },
    renderer: 'remote',
    recursive: false,
    declaredPath: chart,
    targetNamespace,
    namespaceMode: 'default',
    fieldManager: FLUX_HELM_MANAGER,
    labels,
    orphans: { selector: selectorOf(labels) },
    notes: [],
  };
  const chartRef = recordField(object, 'spec', 'chartRef');
  if (chartRef) return { ...base, notRendered: `chart from ${String(chartRef.kind)} ${String(chartRef.name)} (not in this repository)` };
  if (!chart) return { ...base, notRendered: 'no spec.chart.spec.chart' };
  const chartElsewhere = otherRepository(recordField(object, 'spec', 'chart', 'spec', 'sourceRef'), namespace, lookup);
  if (chartElsewhere) return { ...base, notRendered: `chart ${chart} is in another repository (${chartElsewhere})` };
  if (sourceKind !== 'GitRepository' && sourceKind !== 'Bucket') {
    const version = stringField(object, 'spec', 'chart', 'spec', 'version');
    const source = stringField(object, 'spec', 'chart', 'spec', 'sourceRef', 'name');
    return { ...base, notRendered: `chart ${chart}${version ? ` ${version}` : ''} from ${sourceKind ?? 'a source'} ${source ?? ''}: a remote chart, not in this repository`.replace(' :', ':') };
  }
  const chartFound = resolveRepoPath(chart, d.source.file, roots);
  if (!('path' in chartFound)) return { ...base, notRendered: `chart ${chart} ${unresolvedReason(chartFound)}` };
  const chartDir = chartFound.path;
  const valuesFiles: string[] = [];
  for (const file of arrayField(object, 'spec', 'chart', 'spec', 'valuesFiles')) {
    if (typeof file !== 'string') continue;
    const resolved = resolveRepoPath(file, d.source.file, roots);
    if ('path' in resolved) valuesFiles.push(resolved.path);
    else base.notes.push(`values file ${file} ${unresolvedReason(resolved)}`);
  }
  const inlineValues: Array<string | Record<string, unknown>> = [];
  const parameters: Array<{ name: string; value: string }> = [];
  for (const ref of arrayField(object, 'spec', 'valuesFrom').filter(isRecord)) {
    const found = valuesFrom(ref, namespace, lookup);
    if (!found) continue;
    if ('note' in found) base.notes.push(found.note);
    else if (found.targetPath) parameters.push({ name: found.targetPath, value: found.text });
    else inlineValues.push(found.text);
  }
  const values = recordField(object, 'spec', 'values');
  if (values) inlineValues.push(values);
  const postRender = fluxPostRender(object, base.notes);
  return {
    ...base,
    renderer: 'helm',
    path: chartDir,
    // helm-controller installs with the Helm SDK, which marks every object as the release's.
    labels: { ...labels, 'app.kubernetes.io/managed-by': 'Helm' },
    annotations: { 'meta.helm.sh/release-name': releaseName, 'meta.helm.sh/release-namespace': targetNamespace },
    helm: {
      releaseName,
      namespace: targetNamespace,
      valuesFiles,
      ...(inlineValues.length ? { inlineValues } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(postRender ? { postRender } : {}),
    },
  };
}

/** `spec.postRenderers[].kustomize` patches and images, in order; the deprecated patch fields are noted. */
function fluxPostRender(object: DesiredObject['object'], notes: string[]): HelmSettings['postRender'] {
  const patches: NonNullable<HelmSettings['postRender']>['patches'] = [];
  const images: Array<Record<string, unknown>> = [];
  arrayField(object, 'spec', 'postRenderers').forEach((renderer, i) => {
    const k = recordField(renderer, 'kustomize');
    if (!k) return;
    arrayField(k, 'patches').forEach((patch, j) => {
      if (isRecord(patch)) patches.push({ patch, at: ['spec', 'postRenderers', i, 'kustomize', 'patches', j] });
    });
    images.push(...arrayField(k, 'images').filter(isRecord));
    for (const old of ['patchesStrategicMerge', 'patchesJson6902']) if (arrayField(k, old).length) notes.push(`spec.postRenderers[${i}].kustomize.${old} is not applied`);
  });
  return patches.length || images.length ? { patches, images } : undefined;
}

/** What kustomize-controller writes into the kustomization before building it; undefined when nothing. */
function fluxOverrides(object: DesiredObject['object'], dir: string, targetNamespace: string | undefined): KustomizeOverrides | undefined {
  const spec = recordField(object, 'spec') ?? {};
  const o: KustomizeOverrides = {};
  if (targetNamespace) o.namespace = targetNamespace;
  if (typeof spec.namePrefix === 'string') o.namePrefix = spec.namePrefix;
  if (typeof spec.nameSuffix === 'string') o.nameSuffix = spec.nameSuffix;
  const images = arrayField(spec, 'images').filter(isRecord);
  if (images.length) o.images = images;
  const patches = arrayField(spec, 'patches').filter(isRecord);
  if (patches.length) {
    o.patches = patches;
    o.patchesAt = ['spec', 'patches'];
  }
  const components = arrayField(spec, 'components').filter((c): c is string => typeof c === 'string');
  if (components.length) o.components = components.map((c) => path.resolve(dir, c));
  return Object.keys(o).length > 0 ? o : undefined;
}

export function kustomizationOrDirectory(dir: string): 'kustomize' | 'directory' {
  return findKustomizationFile(dir) ? 'kustomize' : 'directory';
}

export function stringMap(value: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
