import { describe, expect, it } from 'vitest';
import { kubectlCommandFor, kubectlGet, resourceArg, shellQuote } from '../../../src/extension/views/kubectl-command';
import { result, ref, source } from './fixtures';

describe('kubectlCommandFor', () => {
  it('diffs the manifest file server-side', () => {
    const r = result('diverged', ref('Deployment', 'web', 'shop'), source('/ws/apps/deploy.yaml'));
    expect(kubectlCommandFor(r)).toBe('kubectl diff --server-side --force-conflicts -f /ws/apps/deploy.yaml');
    expect(kubectlCommandFor(r, { context: 'kind-dev' })).toBe('kubectl diff --server-side --force-conflicts --context kind-dev -f /ws/apps/deploy.yaml');
  });
  it('diffs as the field manager of the verdict, else of the settings', () => {
    const r = result('diverged', ref('Deployment', 'web', 'shop'), source('/ws/d.yaml'));
    expect(kubectlCommandFor({ ...r, fieldManager: 'kustomize-controller' }, { fieldManager: 'other' })).toBe(
      'kubectl diff --server-side --field-manager=kustomize-controller --force-conflicts -f /ws/d.yaml',
    );
    expect(kubectlCommandFor(r, { fieldManager: 'argocd-controller' })).toBe('kubectl diff --server-side --field-manager=argocd-controller --force-conflicts -f /ws/d.yaml');
  });
  it('gets an orphan as YAML', () => {
    const r = result('orphaned', ref('Deployment', 'old', 'shop'));
    expect(kubectlCommandFor(r)).toBe('kubectl get deployment.apps -n shop old -o yaml');
  });
  it('leaves out -n for cluster-scoped kinds and qualifies custom resources by group', () => {
    expect(kubectlGet(ref('Namespace', 'shop'))).toBe('kubectl get namespace shop -o yaml');
    expect(resourceArg({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' })).toBe('widget.example.com');
  });
  it('quotes what the shell would split', () => {
    const r = result('diverged', ref('ConfigMap', 'a', 'x'), source("/ws/my dir/it's.yaml"));
    expect(kubectlCommandFor(r, { kubeconfig: '/home/me/.kube/config' })).toBe(
      "kubectl diff --server-side --force-conflicts --kubeconfig /home/me/.kube/config -f '/ws/my dir/it'\\''s.yaml'",
    );
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a;rm -rf /')).toBe("'a;rm -rf /'");
  });
});
