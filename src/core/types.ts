// Shared vocabulary of the engine. Everything here is plain data: no I/O, no vscode.
// Data flows one way: files → DesiredObject → (LiveObject) → normalized pair → DiffEntry[] → VerdictResult.

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    managedFields?: ManagedFieldsEntry[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update' | string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Identity of an object: what the cluster keys it by. `namespace` is undefined for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** 0-based position, as the editor wants it. `offset` is the character offset into the file text. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/**
 * A path into an object. Numbers index arrays *as they appear in that object* (the manifest for
 * desired paths, the live object for live paths).
 */
export type FieldPath = ReadonlyArray<string | number>;

/** Where an object and each of its fields come from in a manifest file. */
export interface SourceLocation {
  /** Absolute path of the file. */
  file: string;
  /** Index of the YAML document inside a multi-document file (0-based). */
  docIndex: number;
  /** For objects inside a `kind: List`, the index in `items`. */
  listIndex?: number;
  /** Range of the whole object (the document, or the list item). */
  range: SourceRange;
  /**
   * Range of a field, by its path inside the object (the key and its value), or undefined if the path
   * does not exist in the source. Paths address the manifest as written (list indices as in the file).
   */
  fieldRange(path: FieldPath): { key?: SourceRange; value: SourceRange } | undefined;
}

/** An object the workspace wants in the cluster. */
export interface DesiredObject {
  /** Object as parsed (plain JSON); namespace not yet defaulted. */
  object: KubeObject;
  source: SourceLocation;
  /** Set when the object was rendered (kustomize, Helm) rather than read as written; `source` is then best effort. */
  rendered?: RenderedFrom;
}

/** How a rendered object came to be. */
export interface RenderedFrom {
  tool: 'kustomize' | 'helm';
  /** Absolute path of the kustomization folder or chart that was rendered. */
  root: string;
  /** Short human note, e.g. "rendered from apps/overlays/prod". */
  note: string;
  /** Patches that change this object (patch files, or the kustomization entry of an inline patch), best effort. */
  patches?: SourceLocation[];
  /**
   * The Flux Kustomization/HelmRelease or Argo CD Application that applies it, and the file it is in: the
   * file to map to a cluster (`clusters/prod/apps.yaml`), since `source` may be a base shared by clusters.
   */
  owner?: {
    ref: ObjectRef;
    file: string;
    /** When that operator object was itself rendered (a HelmRelease in a base): the file whose folder decides its cluster. */
    clusterFile?: string;
  };
}

/** A file that could not be turned into objects, or an object that is broken. */
export interface ManifestProblem {
  file: string;
  range?: SourceRange;
  severity: 'error' | 'warning';
  message: string;
  /** Stable rule id, e.g. `yaml-syntax`, `duplicate-key`, `missing-name`. */
  rule: string;
}

export interface ParsedFile {
  file: string;
  objects: DesiredObject[];
  problems: ManifestProblem[];
}

/** What the API server says about a kind. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export type VerdictKind = 'converged' | 'diverged' | 'missing' | 'orphaned' | 'unknown' | 'invalid';

/** One field that differs. */
export interface DiffEntry {
  /**
   * Human/kubectl-style path, list items by merge key: `spec.template.spec.containers[name="app"].image`,
   * `data.password`, `metadata.labels.team`.
   */
  path: string;
  /** Path inside the manifest object (for source ranges), when the manifest has the field. */
  desiredPath?: FieldPath;
  /** changed: both sides have it; added: desired has it, live lacks it; removed: live has it, apply would remove it. */
  change: 'changed' | 'added' | 'removed';
  /** Desired value (after normalization). Secret values are replaced by a mask, see `masked`. */
  desired?: unknown;
  /** Live value. Secret values are replaced by a mask, see `masked`. */
  live?: unknown;
  /** True when values were replaced by masks because the object is a Secret. */
  masked?: boolean;
  /** Who owns the live value, from managedFields. */
  owner?: { manager: string; operation?: string; time?: string; subresource?: string };
}

export interface VerdictResult {
  ref: ObjectRef;
  verdict: VerdictKind;
  /** Short human reason, e.g. "replicas 3 → 5 by kubectl-scale" or "forbidden: cannot list secrets". */
  reason: string;
  diff: DiffEntry[];
  /** Undefined for orphans. */
  source?: SourceLocation;
  /** How the verdict was reached. */
  method?: 'dry-run' | 'offline' | 'local';
  /** Field manager used for the dry-run. */
  fieldManager?: string;
  /** Live resourceVersion the verdict was computed against. */
  liveResourceVersion?: string;
  /**
   * For diverged objects: a `kubectl diff`-style unified YAML diff of the live object and what applying the
   * manifest would make of it (noise stripped, ignored fields left out, Secret values masked).
   */
  unifiedDiff?: string;
  /**
   * For a Flux Kustomization/HelmRelease or an Argo CD Application: what the operator itself says, e.g.
   * "Flux applied abc1234; HEAD is def5678: 2 commits not yet reconciled" (diverged vs. still converging).
   */
  operator?: string;
  /** For objects rendered from a kustomization or chart: how (`DesiredObject.rendered`); `source` is then best effort. */
  rendered?: RenderedFrom;
}

export interface CheckSummary {
  total: number;
  converged: number;
  diverged: number;
  missing: number;
  orphaned: number;
  unknown: number;
  invalid: number;
}

export interface CheckReport {
  context?: string;
  cluster?: string;
  resources: VerdictResult[];
  problems: ManifestProblem[];
  summary: CheckSummary;
}

/** Argo CD-style ignoreDifferences rule. */
export interface IgnoreRule {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** RFC 6901 JSON pointers, e.g. `/spec/replicas`. */
  jsonPointers?: string[];
  /** Fields owned by these managers in the live object are ignored. */
  managedFieldsManagers?: string[];
}

/** Repo configuration, `.converge.yaml`. */
export interface ConvergeConfig {
  /** gitignore-style patterns excluded from discovery. */
  exclude?: string[];
  /** Label selector for orphans. */
  orphanSelector?: string;
  /** Field manager to dry-run as. */
  fieldManager?: string;
  ignoreDifferences?: IgnoreRule[];
  /** Compare `status` for these kinds (`group/Kind` or `Kind`). */
  compareStatus?: string[];
  /** Folder glob → kubeconfig context. */
  clusters?: Array<{ path: string; context: string }>;
}
