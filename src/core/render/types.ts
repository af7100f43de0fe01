// Options and records of workspace rendering: plain data.
import type { GitOpsUnit } from '../gitops/types';
import type { DesiredObject, ManifestProblem } from '../types';
import type { RenderCache } from './render-cache';
import type { RenderInput } from './render-inputs';

export interface RenderOptions {
  /** kubectl (or kustomize) binary; default `kubectl` on PATH. */
  kubectl?: string;
  /** helm binary; default `helm` on PATH. */
  helm?: string;
  /** False in an untrusted workspace: nothing is executed, renders are reported as not done. */
  allowExec: boolean;
  /**
   * The workspace folder (the editor's, or the CLI's working folder). A checked sub-folder of it is rendered as
   * in a check of the whole folder (Flux/Argo CD objects elsewhere in it that render the sub-folder are read).
   * Without a git toplevel, it is also the repository root nothing outside of which is read.
   */
  workspaceRoot?: string;
  /**
   * Units whose renders another check does (a Flux Kustomization of `clusters/prod` when this check is for another
   * context): not rendered here, their objects not shown. Default: none.
   */
  skipUnit?: (unit: GitOpsUnit) => boolean;
  /** Per render. Default 30 s. */
  timeoutMs?: number;
  /** Renders at once. Default 2. */
  concurrency?: number;
  /** Keep one across checks of a workspace: unchanged kustomizations and charts are not rendered again. */
  cache?: RenderCache;
  signal?: AbortSignal;
}

export interface RenderedWorkspace {
  /** Plain objects of files that are not render inputs, and rendered objects, with the operators' metadata. */
  objects: DesiredObject[];
  /** Parse problems of files that are not render inputs, and render problems. */
  problems: ManifestProblem[];
  /** Files read only as inputs of a render (kustomization resources, patches, generator inputs, chart files). */
  consumed: Set<string>;
  /** What each input file of the kustomizations and charts read is to them (also non-YAML generator inputs). */
  inputs: Map<string, RenderInput>;
  /**
   * The units this check covers whole: found, and every object they apply shown (a unit a checked base shares
   * with unchecked overlays is left out, so orphans are never guessed from a part).
   */
  units: GitOpsUnit[];
  /** Renders done (or not), for logs and tests. */
  renders: RenderRecord[];
}

export interface RenderRecord {
  tool: 'kustomize' | 'helm';
  /** Folder rendered (absolute). */
  dir: string;
  unit?: GitOpsUnit;
  status: 'rendered' | 'cached' | 'failed' | 'not-rendered';
  objects: number;
  ms: number;
  reason?: string;
}
