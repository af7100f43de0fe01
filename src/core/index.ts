// Public surface of the engine, for the CLI, the extension and other extensions' API.
export * from './types';
export type { Logger } from './log';
export { runCheck, type CheckOptions } from './engine/check';
export { CheckSession, type CheckCallOptions, type CheckStats, type VerdictChangeListener } from './engine/session';
export { summarize, exitCodeFor } from './engine/summary';
export { formatReason, describeEntry, timeAgo } from './engine/reason';
export { displayRef } from './engine/results';
export { loadKubeconfig, listContexts, kubeconfigFiles, KubeconfigError } from './cluster/kubeconfig';
export * as git from './git';
export * as pr from './pr';
