// `converge check`: verdicts for every manifest, like `kubectl diff --server-side` for a whole repo.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCheck } from '../core/engine/check';
import { exitCodeFor } from '../core/engine/summary';
import { parseIgnoreFlag } from '../core/ignore/ignore-rules';
import type { IgnoreRule } from '../core/types';
import type { Logger } from '../core/log';
import { formatJson } from './format-json';
import { formatText } from './format-text';
import type { CliIo } from './main';

export const CHECK_HELP = `converge check [PATH...] [options]

Decides for every Kubernetes object defined under PATH (files or folders; default: the current
folder) whether the live cluster is converged with it. Verdicts: converged, diverged, missing (not in
the cluster), orphaned (in the cluster, selected by -l, in no manifest), unknown (could not be
decided: forbidden, unreachable, API error) and invalid (broken manifest, unknown kind).

The verdict is computed like \`kubectl diff --server-side --force-conflicts\`: a server-side apply
with dryRun=All under a field manager, compared semantically with the live object (status,
managedFields, resourceVersion and other server-owned fields are ignored; quantities, defaults and
empty values do not count as drift). Secret values are never printed.

Options:
      --kubeconfig FILE       kubeconfig to use (default: $KUBECONFIG, several files merged, else ~/.kube/config)
      --context NAME          kubeconfig context (default: the current context)
      --field-manager NAME    field manager for the dry-run (default: .converge.yaml fieldManager, else the
                              Apply manager owning most fields of the live object, e.g. kustomize-controller,
                              else "converge")
  -l, --selector SELECTOR     label selector of objects this repo manages, to find orphans
                              (default: .converge.yaml orphanSelector)
  -o, --output FORMAT         text (default) or json
      --offline               no dry-run: compare the manifests' fields with the live objects locally
      --dry-run-all           dry-run every object, also those whose managedFields and values prove them
                              converged locally (slower; to cross-check the local decisions)
      --exclude PATTERN       gitignore-style pattern to skip (repeatable; .gitignore and .convergeignore are honoured)
      --ignore RULE           ignore a difference, Argo CD style (repeatable), e.g.
                              'apps/Deployment:/spec/replicas' or 'Deployment/web:/spec/replicas'
      --ignore-manager NAME   ignore fields owned by this field manager (repeatable), e.g. kube-controller-manager
      --concurrency N         dry-runs in flight at once (default 8)
      --no-render             read kustomization inputs and Helm charts as plain files instead of rendering them
      --kubectl PATH          kubectl used to render kustomizations (default: kubectl on PATH)
      --helm PATH             helm used to render local charts of HelmReleases / Argo CD Applications
                              (default: helm on PATH)
      --no-color              no ANSI colours (default: colours only on a terminal)
  -q, --quiet                 no progress on stderr
  -h, --help                  this help

Configuration: .converge.yaml in the current folder (exclude, orphanSelector, fieldManager,
ignoreDifferences, compareStatus).

Exit codes (like kubectl diff): 0 everything converged, 1 drift found (diverged, missing or orphaned),
2 error (including any unknown or invalid verdict).
`;

export async function runCheckCommand(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'field-manager': { type: 'string' },
        selector: { type: 'string', short: 'l' },
        output: { type: 'string', short: 'o', default: 'text' },
        offline: { type: 'boolean', default: false },
        'dry-run-all': { type: 'boolean', default: false },
        exclude: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        'ignore-manager': { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'no-render': { type: 'boolean', default: false },
        kubectl: { type: 'string' },
        helm: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.stderr(`converge check: ${(err as Error).message}\nRun "converge check --help".\n`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  if (v.output !== 'text' && v.output !== 'json') {
    io.stderr(`converge check: --output must be text or json, not "${v.output}"\n`);
    return 2;
  }
  const concurrency = v.concurrency === undefined ? 8 : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    io.stderr(`converge check: --concurrency must be a positive integer\n`);
    return 2;
  }
  let ignore: IgnoreRule[];
  try {
    ignore = [...(v.ignore ?? []).map(parseIgnoreFlag), ...((v['ignore-manager'] ?? []).length ? [{ managedFieldsManagers: v['ignore-manager'] }] : [])];
  } catch (err) {
    io.stderr(`converge check: ${(err as Error).message}\n`);
    return 2;
  }
  const progress = !v.quiet && io.isTTY !== false;
  const log: Logger = {
    debug: () => undefined,
    info: (m) => (v.quiet ? undefined : io.stderr(`${m}\n`)),
    warn: (m) => io.stderr(`warning: ${m}\n`),
    error: (m) => io.stderr(`error: ${m}\n`),
  };
  const report = await runCheck({
    paths: args.positionals,
    cwd: io.cwd,
    env: io.env,
    kubeconfig: v.kubeconfig,
    context: v.context,
    fieldManager: v['field-manager'],
    selector: v.selector,
    offline: v.offline,
    forceDryRun: v['dry-run-all'],
    exclude: v.exclude,
    ignore,
    concurrency,
    // The CLI runs what the user runs: kustomizations and local charts are rendered like Flux/Argo CD would.
    operatorState: true,
    render: v['no-render'] ? undefined : { kubectl: toolPath(v.kubectl, io.cwd), helm: toolPath(v.helm, io.cwd), allowExec: true },
    log,
    onProgress: progress ? (done, total) => total >= 50 && done % 50 === 0 && io.stderr(`checked ${done}/${total}\n`) : undefined,
  });
  if (v.output === 'json') io.stdout(formatJson(report, io.cwd));
  else io.stdout(formatText(report, { cwd: io.cwd, color: !v['no-color'] && io.isTTY === true }));
  return exitCodeFor(report.summary);
}

/** A tool given as a path is relative to where the user runs converge; a bare name is looked up on PATH. */
function toolPath(tool: string | undefined, cwd: string): string | undefined {
  return tool && tool.includes('/') ? resolve(cwd, tool) : tool;
}
