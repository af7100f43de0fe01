// The one place that imports the object semantics (server-side apply, patches, defaults, controllers).
export * from './semantics/index';
export type { SemanticsResult } from './semantics/index';
