// Runs a rendering tool (kubectl kustomize, helm template) with a timeout and a bounded output, never a shell.
import { execFile } from 'node:child_process';

export const DEFAULT_RENDER_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export class RenderToolError extends Error {
  override readonly name = 'RenderToolError';
  constructor(
    message: string,
    /** What the tool printed on stderr (trimmed), or the spawn error. */
    readonly detail: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export interface RunToolOptions {
  cwd: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra environment, merged over the process's. */
  env?: NodeJS.ProcessEnv;
}

/** stdout of `bin args…`; a RenderToolError when it cannot start, fails, or runs past the timeout. */
export function runTool(bin: string, args: string[], opts: RunToolOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const label = `${bin.split(/[\\/]/).pop()} ${args[0] ?? ''}`.trim();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { cwd: opts.cwd, env: opts.env ? { ...process.env, ...opts.env } : process.env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, signal: opts.signal, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const err = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: number | string };
        if (err.code === 'ENOENT') return reject(new RenderToolError(`${label}: ${bin} not found`, `${bin} not found: install it or configure its path`));
        if (err.killed && err.signal === 'SIGKILL' && !opts.signal?.aborted) {
          return reject(new RenderToolError(`${label} timed out after ${timeoutMs / 1000} s`, stderr.trim(), true));
        }
        reject(new RenderToolError(`${label} failed`, stderr.trim() || err.message));
      },
    );
  });
}
