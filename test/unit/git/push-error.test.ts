import { describe, expect, it } from 'vitest';
import { pushError } from '../../../src/core/git/push';

const rejected = (reason: string) => `To github.com:acme/deploy.git\n!\trefs/heads/b:refs/heads/b\t[rejected] (${reason})\nDone\n`;

describe('pushError', () => {
  it('recognises non-fast-forward rejections', () => {
    for (const reason of ['non-fast-forward', 'fetch first', 'stale info']) {
      const e = pushError(`error: failed to push some refs\n${rejected(reason)}`, 'origin', 'b');
      expect(e.code).toBe('non-fast-forward');
      expect(e.message).toContain('Nothing was forced');
    }
  });

  it('recognises protected branches and server hooks (GitHub, GitLab, plain pre-receive)', () => {
    const gh = pushError(
      'remote: error: GH006: Protected branch update failed for refs/heads/main.\nremote: error: Changes must be made through a pull request.\n' +
        'To github.com:acme/deploy.git\n!\trefs/heads/main:refs/heads/main\t[remote rejected] (protected branch hook declined)\n',
      'origin', 'main',
    );
    expect(gh.code).toBe('push-rejected');
    expect(gh.message).toContain('(protected branch hook declined)');
    expect(gh.message).toContain('GH006: Protected branch update failed');
    const gl = pushError('remote: GitLab: You are not allowed to push code to protected branches on this project.\n!\trefs/heads/b:refs/heads/b\t[remote rejected] (pre-receive hook declined)\n', 'origin', 'b');
    expect(gl.code).toBe('push-rejected');
    expect(gl.message).toContain('You are not allowed to push code to protected branches');
  });

  it('recognises authentication and network failures', () => {
    expect(pushError("fatal: could not read Username for 'https://github.com': terminal prompts disabled", 'origin', 'b').code).toBe('auth');
    expect(pushError('remote: Permission to acme/deploy.git denied to bot.\nfatal: unable to access ...: The requested URL returned error: 403', 'origin', 'b').code).toBe('auth');
    expect(pushError('git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.', 'origin', 'b').code).toBe('auth');
    expect(pushError("fatal: unable to access 'https://github.com/acme/deploy.git/': Could not resolve host: github.com", 'origin', 'b').code).toBe('network');
    expect(pushError('ssh: connect to host github.com port 22: Connection refused\nfatal: Could not read from remote repository.', 'origin', 'b').code).toBe('network');
  });

  it('falls back to the pre-push hook or a generic failure', () => {
    expect(pushError('lint failed\nerror: failed to push some refs', 'origin', 'b', true).code).toBe('hook-failed');
    expect(pushError('something odd', 'origin', 'b').code).toBe('git-failed');
  });
});
