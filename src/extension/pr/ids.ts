// Identifiers of the PR commands, shared with package.json `contributes` (see README.md).
export const PR_COMMANDS = {
  commitAndOpenPr: 'gitopsConverge.commitAndOpenPr',
  adoptLiveIntoGit: 'gitopsConverge.adoptLiveIntoGit',
  showHistory: 'gitopsConverge.showHistory',
} as const;

/** SecretStorage key of a GitLab token, per host. */
export const gitlabTokenKey = (host: string) => `gitopsConverge.gitlabToken.${host}`;

/** Settings read by the PR commands (contributed under `gitopsConverge.pr.*`). */
export const PR_SETTINGS = {
  section: 'gitopsConverge.pr',
  /** host → `github` | `gitlab`, for GitHub Enterprise / self-hosted GitLab hosts whose names do not say it. */
  forgeOverrides: 'forgeOverrides',
  /** host → API root, e.g. `{"git.corp.example": "https://git.corp.example/api/v3"}`. */
  apiBaseUrls: 'apiBaseUrls',
  /** Remote to push to (default: origin, else the only remote). */
  remote: 'remote',
  /** Web address of the repository when the remote URL does not say it (a mirror, a rewritten URL). */
  remoteWebUrl: 'remoteWebUrl',
} as const;
