// The kubectl command a user can run to see a result for themselves. Pure: no vscode import.
import type { ObjectRef, VerdictResult } from '../../core/types';

export interface KubectlOptions {
  /** Added as `--context` when set. */
  context?: string;
  /** Added as `--kubeconfig` when set. */
  kubeconfig?: string;
}

/** `kubectl diff --server-side -f <file>` for manifests, `kubectl get <kind> -n ns name -o yaml` for orphans. */
export function kubectlCommandFor(r: VerdictResult, opts: KubectlOptions = {}): string {
  const global = globalFlags(opts);
  if (r.source && r.verdict !== 'orphaned') return ['kubectl', 'diff', '--server-side', ...global, '-f', shellQuote(r.source.file)].join(' ');
  return kubectlGet(r.ref, opts);
}

export function kubectlGet(ref: ObjectRef, opts: KubectlOptions = {}): string {
  const ns = ref.namespace ? ['-n', shellQuote(ref.namespace)] : [];
  return ['kubectl', 'get', shellQuote(resourceArg(ref)), ...ns, shellQuote(ref.name), ...globalFlags(opts), '-o', 'yaml'].join(' ');
}

/** `deployment.apps`, `configmap`, `widget.example.com`: kind lower-cased, qualified by its group. */
export function resourceArg(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  return group ? `${ref.kind.toLowerCase()}.${group}` : ref.kind.toLowerCase();
}

function globalFlags(opts: KubectlOptions): string[] {
  const out: string[] = [];
  if (opts.kubeconfig) out.push('--kubeconfig', shellQuote(opts.kubeconfig));
  if (opts.context) out.push('--context', shellQuote(opts.context));
  return out;
}

/** POSIX shell quoting, only when needed. */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
