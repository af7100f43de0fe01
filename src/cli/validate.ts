// `converge validate [PATH...] [--kubernetes-version V] [--context C] [--kubeconfig F] [--output text|json|sarif]`
// Exit codes: 0 valid (infos only), 1 findings with severity error or warning, 2 usage or I/O error.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KubeHttp } from '../core/cluster/http';
import { loadKubeconfig } from '../core/cluster/kubeconfig';
import { loadWorkspaceManifests } from '../core/manifests';
import type { DesiredObject } from '../core/types';
import {
  addClusterSchemas,
  addWorkspaceCustomResourceDefinitions,
  apiVersionsWithoutSchema,
  diagnosticOfProblem,
  parseKubernetesVersion,
  SchemaValidator,
  sortDiagnostics,
  toSarif,
  validateDesiredObjects,
  type ValidationDiagnostic,
} from '../core/schema';

export interface ValidateIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** For KUBECONFIG, HOME and XDG_CACHE_HOME (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

const OUTPUTS = ['text', 'json', 'sarif'] as const;
type OutputFormat = (typeof OUTPUTS)[number];

export const VALIDATE_HELP = `Usage: converge validate [PATH...] [options]

Validates Kubernetes manifests (YAML/JSON files or folders; default: the current folder) against the
Kubernetes JSON Schemas, strictly: unknown fields, types, required fields, enums, quantities, names,
and apiVersions deprecated or removed in the target Kubernetes version. CRDs found among the manifests
are used to validate their custom resources. With --context or --kubeconfig, custom resources of CRDs
installed in that cluster are validated against the cluster's OpenAPI schemas (only the group-versions
the manifests use, cached on disk; an unreachable cluster only prints a warning).

Options:
  --kubernetes-version V   target Kubernetes version for apiVersion deprecations (default 1.28)
  --context NAME           kubeconfig context whose cluster provides the schemas of its CRDs
  --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)
  --cache-dir DIR          cache of the cluster's schemas (default: $XDG_CACHE_HOME/gitops-converge/openapi)
  -o, --output FORMAT      text (default), json or sarif
  --exclude PATTERN        gitignore-style pattern to skip (repeatable)
  -h, --help               show this help

Exit codes: 0 no errors or warnings, 1 errors or warnings found, 2 usage or I/O error.
`;

interface ValidateArgs {
  paths: string[];
  kubernetesVersion?: string;
  output: OutputFormat;
  exclude: string[];
  context?: string;
  kubeconfig?: string;
  cacheDir?: string;
  help: boolean;
}

export function parseValidateArgs(argv: string[]): ValidateArgs | string {
  const args: ValidateArgs = { paths: [], output: 'text', exclude: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    if (name === '-h' || name === '--help') args.help = true;
    else if (name === '--kubernetes-version') {
      const v = takeValue();
      if (!v || !parseKubernetesVersion(v)) return `invalid --kubernetes-version ${v === undefined ? '(missing value)' : `"${v}"`}: expected like 1.28`;
      args.kubernetesVersion = v.replace(/^v/, '');
    } else if (name === '-o' || name === '--output') {
      const v = takeValue();
      if (!OUTPUTS.includes(v as OutputFormat)) return `invalid --output ${v === undefined ? '(missing value)' : `"${v}"`}: expected text, json or sarif`;
      args.output = v as OutputFormat;
    } else if (name === '--context' || name === '--kubeconfig' || name === '--cache-dir') {
      const v = takeValue();
      if (!v) return `missing value for ${name}`;
      if (name === '--context') args.context = v;
      else if (name === '--kubeconfig') args.kubeconfig = v;
      else args.cacheDir = v;
    } else if (name === '--exclude') {
      const v = takeValue();
      if (!v) return 'missing value for --exclude';
      args.exclude.push(v);
    } else if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') return `unknown option "${arg}"`;
    else args.paths.push(arg);
  }
  return args;
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

function formatText(diags: readonly ValidationDiagnostic[], cwd: string, objectCount: number, fileCount: number): string {
  const lines = diags.map((d) => {
    const where = `${displayPath(d.file, cwd)}:${d.line}:${d.column}`;
    const path = d.path ? `${d.path}: ` : '';
    return `${where}: ${d.severity}: ${path}${d.message} [${d.rule}]`;
  });
  const count = (s: string) => diags.filter((d) => d.severity === s).length;
  const summary = `${objectCount} resource(s) in ${fileCount} file(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info(s)`;
  return [...lines, summary].join('\n') + '\n';
}

/** Where the cluster's OpenAPI documents are cached, like other per-user caches. */
export function defaultSchemaCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'gitops-converge', 'openapi');
}

/**
 * Adds the cluster's schemas of the kinds that have none (no built-in, no CRD in the workspace). Returns
 * warnings for stderr, or an error message for a kubeconfig that cannot be used.
 */
async function addSchemasOfCluster(
  validator: SchemaValidator,
  objects: readonly DesiredObject[],
  args: ValidateArgs,
  io: ValidateIo,
): Promise<{ warnings: string[] } | { error: string }> {
  addWorkspaceCustomResourceDefinitions(validator, objects);
  const apiVersions = apiVersionsWithoutSchema(validator, objects.map((o) => o.object));
  if (!apiVersions.length) return { warnings: [] };
  const env = io.env ?? process.env;
  let http: KubeHttp;
  try {
    const { kc } = loadKubeconfig({ kubeconfig: args.kubeconfig && resolve(io.cwd, args.kubeconfig), context: args.context, env });
    http = new KubeHttp(kc, { timeoutMs: 10_000, userAgent: 'converge-validate' });
  } catch (err) {
    return { error: (err as Error).message };
  }
  try {
    const cacheDir = args.cacheDir ? resolve(io.cwd, args.cacheDir) : defaultSchemaCacheDir(env);
    const result = await addClusterSchemas(validator, http, apiVersions, { cacheDir });
    return { warnings: result.warnings };
  } finally {
    http.close();
  }
}

export async function runValidate(argv: string[], io: ValidateIo): Promise<number> {
  const parsed = parseValidateArgs(argv);
  if (typeof parsed === 'string') {
    io.stderr(`converge validate: ${parsed}\n\n${VALIDATE_HELP}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  const roots = (parsed.paths.length ? parsed.paths : ['.']).map((p) => resolve(io.cwd, p));
  const missing = roots.filter((r) => !existsSync(r));
  if (missing.length) {
    io.stderr(missing.map((m) => `converge validate: ${displayPath(m, io.cwd)}: no such file or directory\n`).join(''));
    return 2;
  }

  let validator: SchemaValidator;
  let workspace: Awaited<ReturnType<typeof loadWorkspaceManifests>>;
  try {
    validator = new SchemaValidator();
    workspace = await loadWorkspaceManifests(roots, { exclude: parsed.exclude });
  } catch (err) {
    io.stderr(`converge validate: ${(err as Error)?.message ?? String(err)}\n`);
    return 2;
  }

  if (parsed.context !== undefined || parsed.kubeconfig !== undefined) {
    const cluster = await addSchemasOfCluster(validator, workspace.objects, parsed, io);
    if ('error' in cluster) {
      io.stderr(`converge validate: ${cluster.error}\n`);
      return 2;
    }
    for (const w of cluster.warnings) io.stderr(`converge validate: warning: ${w}\n`);
  }

  const diagnostics = sortDiagnostics([
    ...workspace.problems.map(diagnosticOfProblem),
    ...validateDesiredObjects(validator, workspace.objects, { kubernetesVersion: parsed.kubernetesVersion }),
  ]);

  if (parsed.output === 'json') {
    const out = diagnostics.map((d) => ({ ...d, file: displayPath(d.file, io.cwd) }));
    io.stdout(JSON.stringify({ diagnostics: out }, null, 2) + '\n');
  } else if (parsed.output === 'sarif') {
    io.stdout(JSON.stringify(toSarif(diagnostics, { baseDir: io.cwd }), null, 2) + '\n');
  } else {
    io.stdout(formatText(diagnostics, io.cwd, workspace.objects.length, workspace.files.length));
  }
  return diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}
