// Parses git remote URLs (https, ssh, scp-like) into host / owner / repo and guesses the forge.

export type ForgeKind = 'github' | 'gitlab' | 'bitbucket' | 'gitea' | 'unknown';

export interface ParsedRemote {
  /** Host name without user or port, lower-case, e.g. `github.com`, `git.corp.example`. */
  host: string;
  /** Port of the URL, when one is given (for ssh it is the ssh port, not the web one). */
  port?: number;
  /** Everything before the repo name: `org`, or GitLab groups `group/sub`. */
  owner: string;
  /** Repository name without `.git`. */
  repo: string;
  /** Forge guessed from the host; `unknown` for self-hosted hosts that do not say what they are. */
  forge: ForgeKind;
  /** Web address of the repository, e.g. `https://github.com/org/repo`. */
  webUrl: string;
  protocol: 'https' | 'http' | 'ssh' | 'git';
}

/** Guesses the forge from a host name; `overrides` (host → kind) wins, for GitHub Enterprise or self-hosted GitLab. */
export function forgeForHost(host: string, overrides: Record<string, ForgeKind> = {}): ForgeKind {
  const h = host.toLowerCase();
  if (overrides[h]) return overrides[h];
  if (h === 'github.com' || h === 'ssh.github.com' || h.endsWith('.ghe.com') || /(^|\.)github\./.test(h)) return 'github';
  if (h === 'gitlab.com' || /(^|\.)gitlab\./.test(h)) return 'gitlab';
  if (h === 'bitbucket.org') return 'bitbucket';
  if (h === 'codeberg.org' || /(^|\.)(gitea|forgejo)\./.test(h)) return 'gitea';
  return 'unknown';
}

/**
 * Parses `https://host/owner/repo(.git)`, `ssh://git@host[:port]/owner/repo.git`, `git@host:owner/repo.git`
 * and `git://host/owner/repo`. Returns undefined for local paths, `file://` URLs and anything without an owner.
 */
export function parseRemoteUrl(url: string, overrides: Record<string, ForgeKind> = {}): ParsedRemote | undefined {
  const trimmed = url.trim();
  let protocol: ParsedRemote['protocol'];
  let host: string;
  let port: number | undefined;
  let path: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    const proto = scheme[1].toLowerCase().replace(/^git\+ssh$|^ssh\+git$/, 'ssh');
    if (proto !== 'https' && proto !== 'http' && proto !== 'ssh' && proto !== 'git') return undefined;
    protocol = proto;
    let u: URL;
    try {
      u = new URL(trimmed.replace(/^[a-z+]+:/i, proto === 'ssh' ? 'ssh:' : `${proto}:`));
    } catch {
      return undefined;
    }
    host = u.hostname;
    port = u.port ? Number(u.port) : undefined;
    path = decodeURIComponent(u.pathname);
  } else {
    // scp-like: [user@]host:path — but not a Windows drive (C:\...) or a local path.
    const m = /^(?:[^@/]+@)?([^:/\\]+):(?!\/\/)(.+)$/.exec(trimmed);
    if (!m || m[1].length === 1) return undefined;
    protocol = 'ssh';
    host = m[1];
    path = m[2];
  }
  host = host.toLowerCase();
  const parts = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/').filter(Boolean);
  // GitLab web paths may carry a `/-/` suffix; remotes never should, but be lenient.
  const dash = parts.indexOf('-');
  if (dash >= 0) parts.length = dash;
  if (parts.length < 2) return undefined;
  const repo = parts[parts.length - 1];
  const owner = parts.slice(0, -1).join('/');
  const forge = forgeForHost(host, overrides);
  const webPort = (protocol === 'https' || protocol === 'http') && port ? `:${port}` : '';
  const webScheme = protocol === 'http' ? 'http' : 'https';
  return { host, ...(port ? { port } : {}), owner, repo, forge, webUrl: `${webScheme}://${host}${webPort}/${owner}/${repo}`, protocol };
}
