// Runs the `converge` CLI in-process with captured output.
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

export async function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: opts.cwd,
    isTTY: false,
    env: opts.env ?? { PATH: process.env.PATH, HOME: '/nonexistent' },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
