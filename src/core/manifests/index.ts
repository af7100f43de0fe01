export { discoverManifestFiles, isManifestFileName, DEFAULT_MAX_FILE_BYTES, MANIFEST_EXTENSIONS } from './discover';
export type { DiscoverOptions, DiscoverResult } from './discover';
export { parseManifestText, parseManifestFile, MAX_ALIAS_COUNT } from './parse';
export { loadWorkspaceManifests } from './load-workspace';
export type { LoadWorkspaceOptions, LoadedWorkspace } from './load-workspace';
export { LineIndex } from './line-index';
