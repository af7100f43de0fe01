// Which workspace file decides the cluster (kubeconfig context) of a checked object. A rendered object's
// `source` may be a base shared by several clusters' overlays; the folder that decides is the one of the Flux
// Kustomization / HelmRelease / Argo CD Application that applies it (`clusters/prod/apps.yaml`).
import path from 'node:path';
import type { DesiredObject } from '../types';

/**
 * The file whose folder decides the object's cluster: the operator object applying it (or, when that was
 * itself rendered, the file deciding its cluster), else a file in the kustomization folder rendered
 * (`apps/overlays/prod/kustomization.yaml`), else the object's own file. Pure: for `contextForFile`.
 */
export function clusterFileOf(d: Pick<DesiredObject, 'source' | 'rendered'>): string {
  const r = d.rendered;
  if (!r) return d.source.file;
  if (r.owner) return r.owner.clusterFile ?? r.owner.file;
  return path.join(r.root, 'kustomization.yaml');
}
