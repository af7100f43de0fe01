// Identifiers shared by the extension's parts and package.json.
import { EDITOR_COMMANDS } from './editor/ids';
import { PR_COMMANDS } from './pr/ids';

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
  /** Registered by the manifest editor features (`src/extension/editor`). */
  ...EDITOR_COMMANDS,
  /** Registered by the PR commands (`src/extension/pr`). */
  ...PR_COMMANDS,
} as const;

export const CONTEXT_KEYS = {
  state: 'gitopsConverge.state',
  onlyDrift: 'gitopsConverge.onlyDrift',
  problem: 'gitopsConverge.problem',
  groupBy: 'gitopsConverge.groupBy',
} as const;
