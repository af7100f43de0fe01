// Runs git through simple-git, with errors that keep the exit code, stdout and stderr apart.
import { GitError, simpleGit, type SimpleGit } from 'simple-git';

// Extends simple-git's GitError so simple-git passes it through instead of wrapping it.
export class GitCommandError extends GitError {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(undefined, `git ${args[0] ?? ''} failed (exit ${exitCode}): ${(stderr || stdout).trim()}`);
  }
  /** stderr then stdout: what a user needs to see (hook output goes to either). */
  get output(): string {
    return [this.stderr.trim(), this.stdout.trim()].filter(Boolean).join('\n');
  }
}

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Git {
  readonly dir: string;
  /** stdout of a successful command; throws GitCommandError otherwise. */
  run(args: string[]): Promise<string>;
  /** Never throws for a non-zero exit: the caller looks at the code. */
  tryRun(args: string[]): Promise<GitResult>;
  /** Raw bytes of `git show <rev>` (e.g. a blob). */
  showBytes(rev: string): Promise<Buffer>;
}

export interface GitOptions {
  /** Extra environment for git (merged over process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Environment for every git call: the user's, never prompting on a terminal nobody sees. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

function client(dir: string, env: NodeJS.ProcessEnv, argsRef: { args: string[] }): SimpleGit {
  return simpleGit({
    baseDir: dir,
    // The arguments are ours; the environment is the user's own (askpass, ssh command, proxies), which
    // simple-git would otherwise refuse. We never pass user-supplied options through.
    unsafe: {
      allowUnsafeAskPass: true,
      allowUnsafeSshCommand: true,
      allowUnsafeConfigEnvCount: true,
      allowUnsafeGitProxy: true,
      allowUnsafeEditor: true,
      allowUnsafePager: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeConfigPaths: true,
      // Only ever the user's own core.hooksPath, pinned to their checkout (see pr-branch).
      allowUnsafeHooksPath: true,
    },
    errors(error, result) {
      if (result.exitCode === 0) return undefined;
      const stdout = Buffer.concat(result.stdOut).toString('utf8');
      const stderr = Buffer.concat(result.stdErr).toString('utf8');
      if (error && !(Buffer.isBuffer(error)) && result.exitCode === undefined) return error;
      return new GitCommandError(argsRef.args, result.exitCode ?? -1, stdout, stderr);
    },
  }).env(env);
}

export function openGit(dir: string, options: GitOptions = {}): Git {
  const env = gitEnv(options.env);
  const run = async (args: string[]): Promise<string> => {
    const ref = { args };
    try {
      return await client(dir, env, ref).raw(args);
    } catch (e) {
      if (e instanceof GitCommandError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new GitCommandError(args, -1, '', msg);
    }
  };
  return {
    dir,
    run,
    async tryRun(args) {
      try {
        return { exitCode: 0, stdout: await run(args), stderr: '' };
      } catch (e) {
        if (e instanceof GitCommandError) return { exitCode: e.exitCode, stdout: e.stdout, stderr: e.stderr };
        throw e;
      }
    },
    async showBytes(rev) {
      const ref = { args: ['show', rev] };
      return client(dir, env, ref).showBuffer([rev]);
    },
  };
}
