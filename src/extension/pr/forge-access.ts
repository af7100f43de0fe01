// Which PR provider to use for a remote, with the user's credentials: GitHub / GitHub Enterprise through VS Code's
// GitHub sign-in, GitLab through a token kept in SecretStorage (asked once), any other host through its "new pull
// request" page in the browser.
import * as vscode from 'vscode';
import { forgeForHost, parseRemoteUrl, type ForgeKind, type ParsedRemote } from '../../core/git/remote-url';
import { providerFor } from '../../core/pr/provider-for';
import type { PullRequestProvider } from '../../core/pr/provider';
import { gitlabTokenKey, PR_SETTINGS } from './ids';

export interface PrSettings {
  forgeOverrides: Record<string, ForgeKind>;
  apiBaseUrls: Record<string, string>;
  remote?: string;
  remoteWebUrl?: string;
}

export function readPrSettings(): PrSettings {
  const c = vscode.workspace.getConfiguration(PR_SETTINGS.section);
  const record = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, string>) : {});
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    forgeOverrides: record(c.get(PR_SETTINGS.forgeOverrides)) as Record<string, ForgeKind>,
    apiBaseUrls: record(c.get(PR_SETTINGS.apiBaseUrls)),
    remote: text(c.get(PR_SETTINGS.remote)),
    remoteWebUrl: text(c.get(PR_SETTINGS.remoteWebUrl)),
  };
}

/** The remote as a forge repository: the `remoteWebUrl` setting wins (mirrors, rewritten URLs), else git's URL. */
export function forgeRemote(parsed: ParsedRemote | undefined, settings: PrSettings): ParsedRemote | undefined {
  if (settings.remoteWebUrl) return parseRemoteUrl(settings.remoteWebUrl, settings.forgeOverrides) ?? parsed;
  if (parsed && settings.forgeOverrides[parsed.host]) return { ...parsed, forge: forgeForHost(parsed.host, settings.forgeOverrides) };
  return parsed;
}

/** The API root for a host (setting), with the port of a web URL kept for local servers. */
function apiBaseUrl(remote: ParsedRemote, settings: PrSettings): string | undefined {
  return settings.apiBaseUrls[remote.host] ?? settings.apiBaseUrls[new URL(remote.webUrl).host];
}

/** A provider for the remote; undefined when the user declined to sign in. */
export async function providerForRemote(context: vscode.ExtensionContext, remote: ParsedRemote, settings: PrSettings): Promise<PullRequestProvider | undefined> {
  const apiBase = apiBaseUrl(remote, settings);
  if (remote.forge === 'github') {
    const authProvider = remote.host === 'github.com' ? 'github' : 'github-enterprise';
    const session = await vscode.authentication.getSession(authProvider, ['repo'], { createIfNone: true }).then(
      (s) => s,
      () => undefined,
    );
    if (!session) return undefined;
    return providerFor(remote, { token: session.accessToken, ...(apiBase ? { apiBaseUrl: apiBase } : {}) });
  }
  if (remote.forge === 'gitlab') {
    const key = gitlabTokenKey(remote.host);
    let token = await context.secrets.get(key);
    if (!token) {
      token = await vscode.window.showInputBox({
        title: `GitLab token for ${remote.host}`,
        prompt: 'A personal access token with the "api" scope, to open merge requests. It is kept in VS Code\'s secret storage.',
        password: true,
        ignoreFocusOut: true,
      });
      if (!token) return undefined;
      await context.secrets.store(key, token);
    }
    return providerFor(remote, { token, ...(apiBase ? { apiBaseUrl: apiBase } : {}) });
  }
  return providerFor(remote);
}

/** Forgets a rejected GitLab token so the next run asks again. */
export async function forgetToken(context: vscode.ExtensionContext, remote: ParsedRemote): Promise<void> {
  if (remote.forge === 'gitlab') await context.secrets.delete(gitlabTokenKey(remote.host));
}
