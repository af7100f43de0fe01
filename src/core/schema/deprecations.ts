// Deprecated and removed Kubernetes API versions, from the official deprecation guide
// (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). Pure data + lookups.

export interface ApiDeprecation {
  /** Group of the deprecated version ('' for core). */
  group: string;
  version: string;
  /** Kinds served by that group-version that are affected. */
  kinds: readonly string[];
  /** First Kubernetes minor version in which the version is deprecated (warnings from the server). */
  deprecatedIn: string;
  /** First Kubernetes minor version that no longer serves it. Undefined when not scheduled. */
  removedIn?: string;
  /** apiVersion to migrate to (undefined when the kind itself is gone, e.g. PodSecurityPolicy). */
  replacement?: string;
}

export const API_DEPRECATIONS: readonly ApiDeprecation[] = [
  // v1.16
  { group: 'extensions', version: 'v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { group: 'extensions', version: 'v1beta1', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'extensions', version: 'v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.11', removedIn: '1.16', replacement: 'policy/v1beta1' },
  { group: 'apps', version: 'v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kinds: ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  // v1.22
  { group: 'admissionregistration.k8s.io', version: 'v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { group: 'apiextensions.k8s.io', version: 'v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { group: 'apiregistration.k8s.io', version: 'v1beta1', kinds: ['APIService'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { group: 'authentication.k8s.io', version: 'v1beta1', kinds: ['TokenReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  { group: 'authorization.k8s.io', version: 'v1beta1', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' },
  { group: 'certificates.k8s.io', version: 'v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { group: 'coordination.k8s.io', version: 'v1beta1', kinds: ['Lease'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { group: 'extensions', version: 'v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { group: 'networking.k8s.io', version: 'v1beta1', kinds: ['Ingress', 'IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1alpha1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'scheduling.k8s.io', version: 'v1beta1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  // v1.25
  { group: 'batch', version: 'v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1' },
  { group: 'discovery.k8s.io', version: 'v1beta1', kinds: ['EndpointSlice'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { group: 'events.k8s.io', version: 'v1beta1', kinds: ['Event'], deprecatedIn: '1.19', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { group: 'autoscaling', version: 'v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { group: 'policy', version: 'v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1' },
  { group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25' },
  { group: 'node.k8s.io', version: 'v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.20', removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  // v1.26
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1beta3' },
  { group: 'autoscaling', version: 'v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'autoscaling/v2' },
  // v1.27
  { group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  // v1.29
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  // v1.32
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** Parses `1.28`, `v1.28.3`, `1.28.0-rc.1` → [1, 28]; undefined when not a version. */
export function parseKubernetesVersion(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Negative when a < b, 0 when equal (major.minor only), positive when a > b. */
export function compareKubernetesVersions(a: string, b: string): number {
  const pa = parseKubernetesVersion(a);
  const pb = parseKubernetesVersion(b);
  if (!pa || !pb) throw new Error(`invalid Kubernetes version: ${!pa ? a : b}`);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function findApiDeprecation(apiVersion: string, kind: string): ApiDeprecation | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return API_DEPRECATIONS.find((d) => d.group === group && d.version === version && d.kinds.includes(kind));
}

export type ApiVersionStatus =
  | { status: 'current' }
  | { status: 'deprecated'; deprecation: ApiDeprecation }
  | { status: 'removed'; deprecation: ApiDeprecation };

/** Status of `apiVersion`+`kind` on a target Kubernetes version (e.g. `1.28`). */
export function apiVersionStatus(apiVersion: string, kind: string, kubernetesVersion: string): ApiVersionStatus {
  const d = findApiDeprecation(apiVersion, kind);
  if (!d) return { status: 'current' };
  if (d.removedIn && compareKubernetesVersions(kubernetesVersion, d.removedIn) >= 0) return { status: 'removed', deprecation: d };
  if (compareKubernetesVersions(kubernetesVersion, d.deprecatedIn) >= 0) return { status: 'deprecated', deprecation: d };
  return { status: 'current' };
}
