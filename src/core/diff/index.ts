// Semantic diff of manifests against live objects. See each module for the rules.
export { offlineDiff, type OfflineDiffOptions } from './offline';
export { offlineMerged } from './offline-merge';
export { compareDryRun, type DryRunCompareOptions } from './dry-run-compare';
export { maskSecretDiff, maskSecretPair, redactSecret, MASK, MASK_AFTER, MASK_BEFORE } from './secret-mask';
export { unifiedDiff, kubectlDiffLabel, toYaml, type UnifiedDiffOptions } from './unified';
export { fieldSegment, indexSegment, keySegment, setSegment } from './path';
