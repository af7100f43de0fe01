import { describe, expect, it } from 'vitest';
import { clusterProblem, showsTree, viewState } from '../../../src/extension/views/view-state-model';
import { report, result, ref, ROOT, sampleReport, source } from './fixtures';

const unknown = (reason: string) => result('unknown', ref('ConfigMap', 'a', 'x'), source(`${ROOT}/a.yaml`), [], reason);

describe('viewState', () => {
  it('needs a folder', () => {
    expect(viewState({ hasWorkspace: false, checking: false }).name).toBe('noWorkspace');
  });
  it('is checking (or idle) before the first report', () => {
    expect(viewState({ hasWorkspace: true, checking: true }).name).toBe('checking');
    expect(viewState({ hasWorkspace: true, checking: false }).name).toBe('idle');
  });
  it('keeps showing the last report while a new check runs', () => {
    expect(viewState({ hasWorkspace: true, checking: true, report: sampleReport() }).name).toBe('ready');
  });
  it('says no manifests when nothing was found', () => {
    expect(viewState({ hasWorkspace: true, checking: false, report: report([]) }).name).toBe('noManifests');
  });
  it('says no cluster when the kubeconfig could not be loaded, with the reason', () => {
    const s = viewState({ hasWorkspace: true, checking: false, report: report([unknown('no kubeconfig found')], undefined as never), kubeconfigError: 'no kubeconfig found' });
    expect(s).toEqual({ name: 'noCluster', detail: 'no kubeconfig found' });
  });
  it('says no cluster when the report has no context and everything is unknown', () => {
    const r = { ...report([unknown('kubeconfig has no current context; pass --context')]), context: undefined };
    expect(viewState({ hasWorkspace: true, checking: false, report: r }).name).toBe('noCluster');
  });
  it('says unreachable with the reason when every object is unknown for that reason', () => {
    const reason = 'cluster unreachable: connect ECONNREFUSED 127.0.0.1:6443';
    const r = report([unknown(reason), unknown(reason), result('invalid', ref('', ''), source(`${ROOT}/b.yaml`), [], 'bad yaml')]);
    expect(viewState({ hasWorkspace: true, checking: false, report: r })).toEqual({ name: 'unreachable', detail: reason, problem: 'refused' });
  });
  it('shows the tree when only some objects are unknown', () => {
    const r = report([unknown('forbidden: cannot get secrets'), result('converged', ref('ConfigMap', 'b', 'x'), source(`${ROOT}/b.yaml`))]);
    const s = viewState({ hasWorkspace: true, checking: false, report: r });
    expect(s.name).toBe('ready');
    expect(showsTree(s)).toBe(true);
  });
  it('shows the tree when all are unknown for a reason other than the connection', () => {
    const r = report([unknown('forbidden: cannot get configmaps')]);
    expect(viewState({ hasWorkspace: true, checking: false, report: r }).name).toBe('ready');
  });
});

describe('clusterProblem', () => {
  it('sorts connection failures by what the user can do', () => {
    expect(clusterProblem('unauthorized: the credentials of this context were rejected (expired token?): Unauthorized')).toBe('unauthorized');
    expect(clusterProblem('cluster unreachable: connect ECONNREFUSED 127.0.0.1:6443')).toBe('refused');
    // The engine's own words (KubeHttp).
    expect(clusterProblem('cluster unreachable: cannot reach https://127.0.0.1:1 (GET /version): connection refused')).toBe('refused');
    expect(clusterProblem('cluster unreachable: cannot reach https://10.0.0.1 (GET /version): timed out after 10000 ms')).toBe('timeout');
    expect(clusterProblem('cluster unreachable: self-signed certificate in certificate chain')).toBe('tls');
    expect(clusterProblem('cluster unreachable: request timed out after 10000 ms')).toBe('timeout');
    expect(clusterProblem('cluster unreachable: getaddrinfo ENOTFOUND k8s.example')).toBe('dns');
    expect(clusterProblem('cluster unreachable: something odd')).toBe('other');
  });
  it('is part of the unreachable state', () => {
    const reason = 'cluster unreachable: connect ECONNREFUSED 127.0.0.1:6443';
    expect(viewState({ hasWorkspace: true, checking: false, report: report([unknown(reason)]) }).problem).toBe('refused');
  });
});
