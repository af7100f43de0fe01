// Any other host: no API, the user finishes on the forge's "new pull request" page with the branch preselected.
import type { ParsedRemote } from '../git/remote-url';
import type { CreatePrInput, PrRef, PullRequestProvider } from './provider';

const enc = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');

/** The forge's "new pull request" page for `head` into `base`. */
export function newPullRequestUrl(remote: Pick<ParsedRemote, 'forge' | 'webUrl'>, head: string, base: string, title?: string): string {
  const web = remote.webUrl.replace(/\/+$/, '');
  switch (remote.forge) {
    case 'github': {
      const q = new URLSearchParams({ expand: '1', ...(title ? { title } : {}) });
      return `${web}/compare/${enc(base)}...${enc(head)}?${q}`;
    }
    case 'gitlab': {
      const q = new URLSearchParams({ 'merge_request[source_branch]': head, 'merge_request[target_branch]': base, ...(title ? { 'merge_request[title]': title } : {}) });
      return `${web}/-/merge_requests/new?${q}`;
    }
    case 'bitbucket': {
      const q = new URLSearchParams({ source: head, dest: base });
      return `${web}/pull-requests/new?${q}`;
    }
    case 'gitea':
    case 'unknown':
    default:
      // Gitea, Forgejo and most GitHub-like forges.
      return `${web}/compare/${enc(base)}...${enc(head)}`;
  }
}

export function createGenericProvider(remote: Pick<ParsedRemote, 'forge' | 'webUrl'>): PullRequestProvider {
  return {
    kind: 'generic',
    async findOpen(): Promise<PrRef | undefined> {
      return undefined;
    },
    async create(input: CreatePrInput): Promise<PrRef> {
      return { number: 0, url: newPullRequestUrl(remote, input.head, input.base, input.title), reused: false, manual: true };
    },
  };
}
