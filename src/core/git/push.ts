// Pushing a branch: never forced, and every way it can fail turned into a clear GitOpsError.
import { GitOpsError } from './errors';
import { GitCommandError, type Git } from './run';
import { hookExists } from './hooks';

/** Rejects names git would not accept as a branch, and anything that could act as a force refspec or option. */
export async function assertValidBranchName(git: Git, branch: string): Promise<void> {
  const bad =
    !branch ||
    branch.startsWith('+') ||
    branch.startsWith('-') ||
    branch.includes(':') ||
    branch.includes('@{') ||
    /\s/.test(branch) ||
    branch === 'HEAD';
  if (!bad && (await git.tryRun(['check-ref-format', `refs/heads/${branch}`])).exitCode === 0) return;
  throw new GitOpsError('invalid-branch', `"${branch}" is not a valid branch name.`);
}

/** Classifies the output of a failed `git push`. */
export function pushError(output: string, remote: string, branch: string, prePushHook = false): GitOpsError {
  const remoteLines = output
    .split('\n')
    .filter((l) => l.startsWith('remote:'))
    .map((l) => l.replace(/^remote:\s?/, '').trimEnd())
    .filter(Boolean);
  const remoteSays = remoteLines.length ? `\n${remoteLines.join('\n')}` : '';
  if (/\[rejected\]/.test(output) && /non-fast-forward|fetch first|stale info/.test(output)) {
    return new GitOpsError(
      'non-fast-forward',
      `Push rejected: ${remote}/${branch} has commits this branch does not have (non-fast-forward). ` +
        `Nothing was forced; pick another branch name or update the branch.`,
      output,
    );
  }
  if (/\[remote rejected\]|pre-receive hook declined|protected branch|GH006|You are not allowed to push/i.test(output)) {
    const why = /\[remote rejected\][^\n(]*\(([^)]*)\)/.exec(output)?.[1];
    return new GitOpsError(
      'push-rejected',
      `Push rejected by ${remote}${why ? ` (${why})` : ''}: the branch may be protected or a server hook refused it.${remoteSays}`,
      output,
    );
  }
  if (/Authentication failed|could not read (Username|Password)|Permission denied|permission to .* denied|HTTP 40[13]|returned error: 40[13]|terminal prompts disabled/i.test(output)) {
    return new GitOpsError('auth', `Push to ${remote} was refused: authentication failed or no permission.`, output);
  }
  if (/Could not resolve host|Connection refused|Connection timed out|Operation timed out|unable to access|Network is unreachable|does not appear to be a git repository|Could not read from remote repository|early EOF|the remote end hung up/i.test(output)) {
    return new GitOpsError('network', `Could not reach ${remote}; nothing was lost — retry to push the branch.`, output);
  }
  if (prePushHook) return new GitOpsError('hook-failed', `The pre-push hook failed:\n${output.trim()}`, output);
  return new GitOpsError('git-failed', `git push to ${remote} failed: ${output.trim()}`, output);
}

/** `git push -u <remote> refs/heads/<branch>:refs/heads/<branch>`, never with force. */
export async function pushBranch(git: Git, remote: string, branch: string, validated = false): Promise<void> {
  if (!validated) await assertValidBranchName(git, branch);
  const refspec = `refs/heads/${branch}:refs/heads/${branch}`;
  if (refspec.startsWith('+')) throw new GitOpsError('invalid-branch', 'Force pushes are never made.');
  try {
    await git.run(['push', '--porcelain', '--set-upstream', remote, refspec]);
  } catch (e) {
    if (!(e instanceof GitCommandError)) throw e;
    throw pushError(e.output, remote, branch, await hookExists(git, 'pre-push'));
  }
}
