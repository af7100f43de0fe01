import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/extension/views/status-model';
import { report, result, ref, ROOT, sampleReport, source } from './fixtures';

describe('statusView', () => {
  it('shows "<context> · N diverged" and the other counts that matter', () => {
    const v = statusView({ state: { name: 'ready' }, context: 'kind-dev', summary: sampleReport().summary });
    expect(v.text).toBe('$(cloud) kind-dev · 1 diverged · 1 missing');
    expect(v.tooltip).toContain('5 resources — 2 converged, 1 diverged, 1 missing, 1 orphaned, 0 unknown, 0 invalid');
    expect(v.background).toBe('statusBarItem.warningBackground');
  });
  it('has no warning colour when everything is converged', () => {
    const s = report([result('converged', ref('ConfigMap', 'a', 'x'), source(`${ROOT}/a.yaml`))]).summary;
    const v = statusView({ state: { name: 'ready' }, context: 'prod', summary: s });
    expect(v.text).toBe('$(cloud) prod · 0 diverged');
    expect(v.background).toBeUndefined();
  });
  it('spins while checking, asks for a cluster, and reports an unreachable one', () => {
    expect(statusView({ state: { name: 'checking' }, context: 'prod' }).text).toBe('$(sync~spin) prod · checking…');
    expect(statusView({ state: { name: 'noCluster', detail: 'no kubeconfig found' } }).text).toBe('$(cloud) Select cluster');
    const down = statusView({ state: { name: 'unreachable', detail: 'cluster unreachable: ECONNREFUSED' }, context: 'prod' });
    expect(down.text).toBe('$(debug-disconnect) prod · unreachable');
    expect(down.tooltip).toContain('ECONNREFUSED');
  });
  it('says how many other contexts folders are mapped to, and names them in the tooltip', () => {
    const v = statusView({ state: { name: 'ready' }, context: 'dev', summary: sampleReport().summary, otherContexts: ['prod', 'staging'] });
    expect(v.text).toBe('$(cloud) dev +2 · 1 diverged · 1 missing');
    expect(v.tooltip).toMatch(/^dev and prod, staging: 5 resources/);
  });
  it('marks offline mode in the tooltip', () => {
    const v = statusView({ state: { name: 'ready' }, context: 'prod', summary: sampleReport().summary, offline: true });
    expect(v.tooltip).toMatch(/^prod \(offline\):/);
  });
  it('marks Restricted Mode with a shield and says in the tooltip what trust would enable', () => {
    const v = statusView({ state: { name: 'ready' }, context: 'prod', summary: sampleReport().summary, restricted: 'Restricted Mode: plain manifests only; Git actions are off.' });
    expect(v.text).toBe('$(shield) $(cloud) prod · 1 diverged · 1 missing');
    expect(v.tooltip).toMatch(/Click to select a kubeconfig context\.\n\nRestricted Mode: plain manifests only; Git actions are off\.$/);
    expect(v.background).toBe('statusBarItem.warningBackground');
  });
});
