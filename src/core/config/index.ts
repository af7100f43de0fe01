export { loadConvergeConfig, parseConvergeConfig, contextForFile, CONFIG_FILE_NAMES } from './converge-config';
export type { LoadedConvergeConfig } from './converge-config';
