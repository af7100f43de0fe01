// Pull requests: texts, forge providers, the whole flow, and rollback.
export { changesFromGit } from './git-changes';
export { suggestBranchName, commitMessage, prTitle, prBody, isSecretValue, fieldChanges, type PrChange, type FieldChange, type PrBodyOptions } from './describe';
export { PrApiError, type PrApiErrorCode, type PrRef, type CreatePrInput, type PullRequestProvider } from './provider';
export { createGitHubProvider, githubApiBaseUrl, type GitHubProviderOptions } from './github';
export { createGitLabProvider, type GitLabProviderOptions } from './gitlab';
export { createGenericProvider, newPullRequestUrl } from './generic';
export { providerFor, type ProviderForOptions } from './provider-for';
export { preparePr, openPullRequest, type PrDraft, type PreparePrOptions, type OpenPrOptions, type OpenPrResult, type PrFlowStep } from './open-pr';
export { fileHistory, planRestore, restoreVersion, type FileCommit, type RestorePlan, type RestoreVersionOptions, type FileHistoryOptions } from './rollback';
