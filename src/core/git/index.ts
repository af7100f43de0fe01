// Git side of "Commit & Open PR": repository facts and PR branches that never touch the user's checkout.
export { GitOpsError, isGitOpsError, type GitOpsErrorCode } from './errors';
export { inspectRepo, repoRoot, type RepoInfo, type RemoteInfo, type DirtyFile, type InspectOptions } from './repo';
export { parseRemoteUrl, forgeForHost, type ParsedRemote, type ForgeKind } from './remote-url';
export { createPrBranch, type CreatePrBranchOptions, type PrBranchResult, type PrBranchStep } from './pr-branch';
export { type GitOptions } from './run';
