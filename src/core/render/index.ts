export { renderWorkspace, NOT_TRUSTED } from './render-workspace';
export type { RenderOptions, RenderedWorkspace, RenderRecord } from './render-workspace';
export { renderKustomization, kustomizeCommand } from './kustomize-render';
export { renderHelmChart } from './helm-render';
export { readKustomization, findKustomizationFile, isKustomizationFileName, KUSTOMIZATION_FILE_NAMES } from './kustomization-file';
export type { Kustomization } from './kustomization-file';
export { readKustomizationGraph, topLevelKustomizations, kustomizationTree, consumedFiles } from './kustomization-graph';
export { RenderToolError, DEFAULT_RENDER_TIMEOUT_MS } from './run-tool';
