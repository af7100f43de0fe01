// Identifiers shared by the extension's parts and package.json.
export const VIEW_ID = 'gitopsConverge.drift';

export const COMMANDS = {
  refresh: 'gitopsConverge.refresh',
  selectCluster: 'gitopsConverge.selectCluster',
  toggleShowOnlyDrift: 'gitopsConverge.toggleShowOnlyDrift',
  showOnlyDrift: 'gitopsConverge.showOnlyDrift',
  showAllResources: 'gitopsConverge.showAllResources',
  openManifest: 'gitopsConverge.openManifest',
  copyKubectlCommand: 'gitopsConverge.copyKubectlCommand',
  showDiff: 'gitopsConverge.showDiff',
  showLog: 'gitopsConverge.showLog',
  openSettings: 'gitopsConverge.openSettings',
  openLiveObject: 'gitopsConverge.openLiveObject',
  groupBy: 'gitopsConverge.groupBy',
  showProblem: 'gitopsConverge.showProblem',
  /** Registered by the inspector (`src/extension/inspector`). */
  inspect: 'gitopsConverge.inspect',
} as const;

export const CONTEXT_KEYS = {
  state: 'gitopsConverge.state',
  onlyDrift: 'gitopsConverge.onlyDrift',
  problem: 'gitopsConverge.problem',
  groupBy: 'gitopsConverge.groupBy',
} as const;
