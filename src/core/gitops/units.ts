// The GitOps units of a workspace, from the Flux and Argo CD objects among its parsed manifests.
import path from 'node:path';
import type { DesiredObject, ObjectRef } from '../types';
import { argoApplicationUnits, argoTrackingMethod, isArgoApplication } from './argo';
import { fluxHelmReleaseUnit, fluxKustomizationUnit, isFluxHelmRelease, isFluxKustomization } from './flux';
import { clusterFileOf } from '../render/cluster-file';
import { isInside, type RootsLike } from './resolve-path';
import type { GitOpsUnit } from './types';

/** Units in a stable order: by the file and position of the object that defines them. */
/**
 * `known`: other objects of the workspace (files read only by kustomize, earlier renders) that the operator
 * objects may name: valuesFrom/substituteFrom ConfigMaps, GitRepositories. `objects` win over them.
 */
export function gitOpsUnits(objects: readonly DesiredObject[], roots: RootsLike, known: readonly DesiredObject[] = []): GitOpsUnit[] {
  const units: GitOpsUnit[] = [];
  const byKey = new Map([...known, ...objects].map((d) => [`${d.object.kind}/${d.object.metadata.namespace ?? ''}/${d.object.metadata.name ?? ''}`, d.object]));
  const lookup = (kind: string, namespace: string, name: string) => byKey.get(`${kind}/${namespace}/${name}`);
  const tracking = argoTrackingMethod(objects);
  for (const d of objects) {
    const own: GitOpsUnit[] = [];
    if (isFluxKustomization(d.object)) own.push(fluxKustomizationUnit(d, roots, lookup));
    else if (isFluxHelmRelease(d.object)) own.push(fluxHelmReleaseUnit(d, roots, lookup));
    else if (isArgoApplication(d.object)) own.push(...argoApplicationUnits(d, roots, tracking));
    // An owner object that was itself rendered (a HelmRelease in a base): its cluster is decided where it is applied from.
    const decided = d.rendered ? clusterFileOf(d) : undefined;
    const clusterFile = decided && path.dirname(decided) !== path.dirname(d.source.file) ? decided : undefined;
    units.push(...(clusterFile ? own.map((u) => ({ ...u, owner: { ...u.owner, clusterFile } })) : own));
  }
  return units;
}

/**
 * The unit that applies a file that is not rendered (a plain manifest, or a kustomization inside a plain
 * folder): the plain-folder unit with the deepest folder holding it. Flux applies a plain folder
 * recursively; Argo CD only with `directory.recurse`. (A folder with a kustomization applies only what the
 * kustomization lists.)
 */
export function unitApplying(units: readonly GitOpsUnit[], file: string): GitOpsUnit | undefined {
  let best: GitOpsUnit | undefined;
  for (const unit of units) {
    if (!unit.path || unit.renderer !== 'directory') continue;
    if (unit.recursive ? !isInside(file, unit.path) : path.dirname(file) !== unit.path) continue;
    if (!best || (best.path as string).length < unit.path.length) best = unit;
  }
  return best;
}

/** "flux Kustomization flux-system/apps", for messages. */
export function describeUnitOwner(unit: GitOpsUnit): string {
  const { ref } = unit.owner;
  return `${unit.operator === 'flux' ? 'Flux' : 'Argo CD'} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function relativeTo(roots: readonly string[], file: string): string {
  const root = roots.map((r) => path.resolve(r)).find((r) => isInside(file, r));
  return (root ? path.relative(root, file) : file).split(path.sep).join('/') || '.';
}

/** The operator object of a unit and its file (what `DesiredObject.rendered.owner` holds). */
export function unitOwner(unit: GitOpsUnit): { ref: ObjectRef; file: string; clusterFile?: string } {
  const { ref, source, clusterFile } = unit.owner;
  return { ref, file: source.file, ...(clusterFile ? { clusterFile } : {}) };
}
