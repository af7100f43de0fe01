// Picks the PR provider for a remote: GitHub / GHE and GitLab through their APIs when a token is
// available, else the forge's "new pull request" page.
import type { ParsedRemote } from '../git/remote-url';
import { createGenericProvider } from './generic';
import { createGitHubProvider, githubApiBaseUrl } from './github';
import { createGitLabProvider } from './gitlab';
import type { PullRequestProvider } from './provider';

export interface ProviderForOptions {
  /** GitHub token (e.g. from `vscode.authentication.getSession('github')`) or GitLab token. None: browser page. */
  token?: string;
  /** Override of the API root (GitHub: `https://host/api/v3`; GitLab: instance root `https://host`). */
  apiBaseUrl?: string;
  gitlabTokenType?: 'private' | 'oauth';
  fetch?: typeof fetch;
}

export function providerFor(remote: ParsedRemote, options: ProviderForOptions = {}): PullRequestProvider {
  if (options.token && remote.forge === 'github') {
    return createGitHubProvider({
      owner: remote.owner, repo: remote.repo, token: options.token,
      baseUrl: options.apiBaseUrl ?? githubApiBaseUrl(remote.host), fetch: options.fetch,
    });
  }
  if (options.token && remote.forge === 'gitlab') {
    return createGitLabProvider({
      project: `${remote.owner}/${remote.repo}`, token: options.token,
      baseUrl: options.apiBaseUrl ?? new URL(remote.webUrl).origin, tokenType: options.gitlabTokenType, fetch: options.fetch,
    });
  }
  return createGenericProvider(remote);
}
