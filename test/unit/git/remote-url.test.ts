import { describe, expect, it } from 'vitest';
import { forgeForHost, parseRemoteUrl } from '../../../src/core/git/remote-url';

describe('parseRemoteUrl', () => {
  it.each([
    ['https://github.com/acme/deploy.git', { host: 'github.com', owner: 'acme', repo: 'deploy', forge: 'github', protocol: 'https', webUrl: 'https://github.com/acme/deploy' }],
    ['https://github.com/acme/deploy', { owner: 'acme', repo: 'deploy', forge: 'github' }],
    ['https://user:tok@github.com/acme/deploy.git/', { host: 'github.com', owner: 'acme', repo: 'deploy' }],
    ['git@github.com:acme/deploy.git', { host: 'github.com', owner: 'acme', repo: 'deploy', forge: 'github', protocol: 'ssh', webUrl: 'https://github.com/acme/deploy' }],
    ['ssh://git@github.com/acme/deploy.git', { owner: 'acme', repo: 'deploy', protocol: 'ssh' }],
    ['ssh://git@ssh.github.com:443/acme/deploy.git', { host: 'ssh.github.com', port: 443, forge: 'github', webUrl: 'https://ssh.github.com/acme/deploy' }],
    ['https://github.acme.corp/platform/deploy.git', { host: 'github.acme.corp', forge: 'github' }],
    ['git@acme.ghe.com:platform/deploy.git', { host: 'acme.ghe.com', forge: 'github' }],
    ['https://gitlab.com/group/sub/deploy.git', { owner: 'group/sub', repo: 'deploy', forge: 'gitlab', webUrl: 'https://gitlab.com/group/sub/deploy' }],
    ['git@gitlab.example.com:group/sub/deploy.git', { host: 'gitlab.example.com', owner: 'group/sub', repo: 'deploy', forge: 'gitlab' }],
    ['ssh://git@gitlab.example.com:2222/group/deploy.git', { port: 2222, owner: 'group', forge: 'gitlab', webUrl: 'https://gitlab.example.com/group/deploy' }],
    ['http://127.0.0.1:8929/group/deploy.git', { host: '127.0.0.1', port: 8929, forge: 'unknown', webUrl: 'http://127.0.0.1:8929/group/deploy' }],
    ['git@bitbucket.org:acme/deploy.git', { forge: 'bitbucket' }],
    ['https://codeberg.org/acme/deploy.git', { forge: 'gitea' }],
    ['git+ssh://git@GitHub.com/Acme/Deploy.git', { host: 'github.com', owner: 'Acme', repo: 'Deploy', protocol: 'ssh' }],
  ])('%s', (url, expected) => {
    expect(parseRemoteUrl(url)).toMatchObject(expected);
  });

  it.each(['/srv/git/deploy.git', '../remote.git', 'file:///srv/git/deploy.git', 'C:\\repos\\deploy', 'https://github.com/acme', ''])('not a forge URL: %s', (url) => {
    expect(parseRemoteUrl(url)).toBeUndefined();
  });

  it('uses host overrides for self-hosted forges', () => {
    expect(parseRemoteUrl('git@git.corp:team/deploy.git', { 'git.corp': 'gitlab' })?.forge).toBe('gitlab');
    expect(forgeForHost('GIT.CORP', { 'git.corp': 'github' })).toBe('github');
    expect(forgeForHost('git.corp')).toBe('unknown');
  });
});
