// The kubectl command a user can run to see a result for themselves. Pure: no vscode import.
import type { ObjectRef, VerdictResult } from '../../core/types';

export interface KubectlOptions {
  /** Field manager the verdict was computed as; the diff applies as the same manager. */
  fieldManager?: string;
  /** Added as `--context` when set. */
  context?: string;
  /** Added as `--kubeconfig` when set. */
  kubeconfig?: string;
}

/**
 * `kubectl diff --server-side -f <file>` for manifests, `kubectl get <kind> -n ns name -o yaml` for orphans.
 * The diff runs as the verdict's field manager with `--force-conflicts` (a diff writes nothing; without it
 * kubectl stops at the first field another manager owns, which is exactly the drift to be shown).
 */
export function kubectlCommandFor(r: VerdictResult, opts: KubectlOptions = {}): string {
  if (!r.source || r.verdict === 'orphaned') return kubectlGet(r.ref, opts);
  const manager = r.fieldManager ?? opts.fieldManager;
  const apply = manager ? [`--field-manager=${shellQuote(manager)}`, '--force-conflicts'] : ['--force-conflicts'];
  return ['kubectl', 'diff', '--server-side', ...apply, ...globalFlags(opts), '-f', shellQuote(r.source.file)].join(' ');
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
