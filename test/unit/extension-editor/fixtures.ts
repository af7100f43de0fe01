// A diverged manifest file for the editor-feature tests: a Deployment scaled in the cluster, a Secret changed there,
// and a ConfigMap the cluster lacks.
import { offlineDecorations } from '../../../src/core/editor';
import type { KubeObject, ObjectRef, VerdictResult } from '../../../src/core/types';
import { addManager, liveFrom, setLive } from '../editor/helpers';

export const FILE = '/ws/apps/web.yaml';
export const SECRET_B64 = Buffer.from('hunter2-in-cluster').toString('base64');

export const TEXT = `# the web app
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3 # keep three
  template:
    spec:
      containers:
        - name: app
          image: web:1
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
data:
  password: ${Buffer.from('from-git').toString('base64')}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: extra
  namespace: shop
data: {mode: fast}
`;

/** Live objects: replicas 5 set by kubectl-scale, the Secret's password changed, no ConfigMap `extra`. */
export function liveObjects(): KubeObject[] {
  const live = liveFrom(TEXT).filter((o) => o.kind !== 'ConfigMap');
  setLive(live, 'web', ['spec', 'replicas'], 5);
  addManager(live, 'web', { manager: 'kubectl-scale', operation: 'Update', subresource: 'scale', time: '2026-11-24T20:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
  setLive(live, 'db', ['data', 'password'], SECRET_B64);
  return live;
}

/** A lookup as the extension's cache answers it: present, or null (the namespace `shop` is listed). */
export function liveLookup(objects: KubeObject[]) {
  return (ref: ObjectRef): KubeObject | null => objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace) ?? null;
}

/** The check's verdicts for TEXT (what the engine would report for the file). */
export function checkedResults(text = TEXT, live = liveObjects()): VerdictResult[] {
  return offlineDecorations(text, FILE, live).results.map((r) => ({ ...r, method: 'dry-run' as const }));
}
