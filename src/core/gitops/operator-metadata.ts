// What an operator adds to each object it applies: its tracking labels and the target namespace.
import type { KubeObject } from '../types';
import { ARGO_TRACKING_ANNOTATION, argoTrackingId } from './argo';
import { apiGroup } from './object-fields';
import { substitutePostBuild } from './post-build';
import type { GitOpsUnit } from './types';

/** Built-in cluster-scoped kinds (group/Kind): never given a namespace. */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'policy/PodSecurityPolicy',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

export function isBuiltinClusterScoped(obj: { apiVersion: string; kind: string }): boolean {
  return CLUSTER_SCOPED.has(`${apiGroup(obj.apiVersion)}/${obj.kind}`);
}

/** A copy of `obj` as the unit's operator would apply it (labels added, namespace set). */
export function withOperatorMetadata(obj: KubeObject, unit: GitOpsUnit): KubeObject {
  const metadata = { ...obj.metadata };
  if (Object.keys(unit.labels).length > 0) metadata.labels = { ...(metadata.labels ?? {}), ...unit.labels };
  if (unit.annotations) metadata.annotations = { ...(metadata.annotations ?? {}), ...unit.annotations };
  const ns = unit.targetNamespace;
  if (ns && !isBuiltinClusterScoped(obj) && (unit.namespaceMode === 'override' || !metadata.namespace)) metadata.namespace = ns;
  if (unit.argoTrackingAnnotation) {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: metadata.namespace, name: metadata.name ?? '' };
    metadata.annotations = { ...(metadata.annotations ?? {}), [ARGO_TRACKING_ANNOTATION]: argoTrackingId(unit.argoTrackingAnnotation, ref) };
  }
  return { ...obj, metadata };
}

/** The object as the unit's operator applies it: post-build substitution, then its labels and namespace. */
export function asAppliedBy(object: KubeObject, unit: GitOpsUnit): KubeObject {
  return withOperatorMetadata(unit.postBuild ? substitutePostBuild(object, unit.postBuild) : object, unit);
}
