// Identifiers of the manifest editor features, shared with package.json `contributes` (see README.md).
export const EDITOR_COMMANDS = {
  openDiff: 'gitopsConverge.openDiff',
  adoptLive: 'gitopsConverge.adoptLive',
  ignoreField: 'gitopsConverge.ignoreField',
} as const;

/** Read-only live documents of the diff editor: `converge-live:/Deployment/shop/web.yaml?…`. */
export const LIVE_SCHEME = 'converge-live';

/** Theme colours contributed in package.json (`contributes.colors`), by decoration kind. */
export const EDITOR_COLORS = {
  changed: { background: 'gitopsConverge.changedFieldBackground', foreground: 'gitopsConverge.changedFieldForeground' },
  added: { background: 'gitopsConverge.addedFieldBackground', foreground: 'gitopsConverge.addedFieldForeground' },
  missing: { background: 'gitopsConverge.missingObjectBackground', foreground: 'gitopsConverge.missingObjectForeground' },
  removed: { background: 'gitopsConverge.liveOnlyFieldBackground', foreground: 'gitopsConverge.liveOnlyFieldForeground' },
} as const;

/** Settings (contributed under `gitopsConverge.editor.*`). */
export const EDITOR_SETTINGS = {
  section: 'gitopsConverge.editor',
  /** Field decorations in manifests (default true). */
  decorations: 'decorations',
  /** The verdict CodeLens above each object (default true). */
  codeLens: 'codeLens',
  /** Pause (ms) after typing before the unsaved text gets a dry-run verdict; 0 = only on save (default 1500). */
  dryRunDelay: 'dryRunDelay',
} as const;

export const DEFAULT_DRY_RUN_DELAY_MS = 1500;
