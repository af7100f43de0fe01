// `converge`: the engine on the command line.
import { existsSync } from 'node:fs';
import { runCheckCommand } from './check';

const HELP = `converge — is the cluster converged with the manifests in Git?

Usage:
  converge check [PATH...] [options]     verdict for every manifest (default command)
  converge validate [PATH...] [options]  schema-validate manifests (run "converge validate --help")
  converge --version | --help

Run "converge check --help" for the check options.
`;

export async function main(argv: string[], io = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (first === 'validate') {
    const { runValidate } = await import('./validate');
    return runValidate(rest, io);
  }
  if (first === 'check') return runCheckCommand(rest, io);
  if (first === undefined || first.startsWith('-') || existsSync(first)) return runCheckCommand(argv, io);
  io.stderr(`converge: unknown command "${first}"\n\n${HELP}`);
  return 2;
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
}

function defaultIo(): CliIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`converge: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
