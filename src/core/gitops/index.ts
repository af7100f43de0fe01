export type { GitOpsUnit, HelmSettings, KustomizeOverrides, PostBuildSubstitution, Renderer } from './types';
export { describeGitOpsLayout } from './layout';
export type { GitOpsLayout } from './layout';
export { gitOpsUnits, unitApplying, describeUnitOwner } from './units';
export { withOperatorMetadata, isBuiltinClusterScoped } from './operator-metadata';
export { fluxInventoryRefs, fluxPruneCandidates, parseInventoryId, inventoryId } from './inventory';
export { operatorStatus, operatorState, compareWithHead, describeOperatorState, revisionSha } from './operator-state';
export type { OperatorStatus, RevisionComparison } from './operator-state';
export {
  FLUX_KUSTOMIZE_MANAGER,
  FLUX_HELM_MANAGER,
  fluxKustomizationLabels,
  fluxHelmReleaseLabels,
  isFluxKustomization,
  isFluxHelmRelease,
} from './flux';
export { ARGO_MANAGER, ARGO_TRACKING_LABEL, ARGO_TRACKING_ANNOTATION, argoTrackingId, parseArgoTrackingId, isArgoApplication, argoImage } from './argo';
export { substitutePostBuild } from './post-build';
export { fetchUnitOwner, unitOrphans } from './live';
