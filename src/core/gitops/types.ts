// What the GitOps operators in a repo (Flux, Argo CD) apply, from where, and how: plain data.
import type { ObjectRef, SourceLocation } from '../types';

export type Renderer = 'kustomize' | 'helm' | 'directory' | 'remote';

export interface HelmSettings {
  releaseName: string;
  namespace: string;
  /** Absolute values files, in the order they are merged. */
  valuesFiles: string[];
  /**
   * Values documents merged after the files, in order: YAML text (Argo CD `helm.values`, a Flux `valuesFrom`
   * ConfigMap key) or objects (`spec.values`, `valuesObject`).
   */
  inlineValues?: Array<string | Record<string, unknown>>;
  /** `--set` / `--set-string` parameters (Argo CD), applied last. */
  parameters?: Array<{ name: string; value: string; forceString?: boolean }>;
  /**
   * Flux `spec.postRenderers[].kustomize`, in order: kustomize `patches` (with `at`, where each is written in
   * the HelmRelease) and `images` applied to the chart's output.
   */
  postRender?: { patches: Array<{ patch: Record<string, unknown>; at: Array<string | number> }>; images: Array<Record<string, unknown>> };
}

/** What the operator changes in the kustomization before building it (Flux spec, Argo CD source.kustomize). */
export interface KustomizeOverrides {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  /** kustomize `images` entries (name, newName, newTag, digest). */
  images?: Array<Record<string, unknown>>;
  /** kustomize `patches` entries (patch, target). */
  patches?: Array<Record<string, unknown>>;
  /** Where `patches` are written in the owner object, e.g. `['spec', 'patches']`, for source links. */
  patchesAt?: Array<string | number>;
  /** Absolute folders of kustomize Components. */
  components?: string[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
}

/** Flux `spec.postBuild`: variables substituted in the rendered objects. */
export interface PostBuildSubstitution {
  substitute: Record<string, string>;
  /** `substituteFrom` ConfigMaps/Secrets live in the cluster: variables only they define stay as written. */
  fromCluster: boolean;
}

/** One thing an operator applies: a folder (kustomization or plain), or a Helm chart. */
export interface GitOpsUnit {
  operator: 'flux' | 'argocd';
  /** The Flux Kustomization / HelmRelease or Argo CD Application that defines the unit. */
  owner: {
    ref: ObjectRef;
    source: SourceLocation;
    /** When the owner object was rendered (a HelmRelease in a kustomize base): the file that decides its cluster. */
    clusterFile?: string;
  };
  renderer: Renderer;
  /** Absolute folder rendered or applied; undefined when the source is not in the workspace. */
  path?: string;
  /** Plain folders: whether files in subfolders are applied too (Flux: always; Argo CD: `directory.recurse`). */
  recursive: boolean;
  /** The path as written in the owner (`./apps/overlays/prod`, `charts/cache`). */
  declaredPath?: string;
  /** Namespace objects go to. */
  targetNamespace?: string;
  /** `override`: every namespaced object gets it (Flux targetNamespace); `default`: only objects without one. */
  namespaceMode: 'override' | 'default';
  /** The field manager the operator applies with. */
  fieldManager: string;
  /** Labels the operator puts on every object it applies (its tracking labels). */
  labels: Record<string, string>;
  /** Annotations it puts on every object (Helm's release annotations, for helm-controller). */
  annotations?: Record<string, string>;
  helm?: HelmSettings;
  /** Applied to the kustomization at `path` before it is built. */
  kustomize?: KustomizeOverrides;
  postBuild?: PostBuildSubstitution;
  /** How the operator finds what it would prune. */
  orphans: {
    /** Label selector of the operator's objects; empty when it tracks by annotation only. */
    selector: string;
    /** Flux: the live Kustomization whose `status.inventory` lists what it applied. */
    inventory?: ObjectRef;
    /** Argo CD annotation tracking: objects whose tracking-id names this Application. */
    argoApp?: string;
  };
  /** Argo CD: the tracking annotation (`<app>:<group>/<Kind>:<namespace>/<name>`) goes on every object. */
  argoTrackingAnnotation?: string;
  /** Why the unit cannot be rendered from the workspace (a remote chart…). */
  notRendered?: string;
  /** Remarks on what is emulated only in part (e.g. Flux `spec.patches` not applied). */
  notes: string[];
}
