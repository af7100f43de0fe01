// The one place that imports the object semantics (server-side apply, patches, defaults, controllers).
// Switch between the real module (./semantics) and the temporary fallback here.
export * from './semantics-fallback';
