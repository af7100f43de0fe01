// The operator's own state: Ready condition and applied revision against HEAD of the clone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithHead, describeOperatorState, operatorState, operatorStatus, revisionSha } from '../../../src/core/gitops/operator-state';
import type { KubeObject } from '../../../src/core/types';

const SHA1 = 'a'.repeat(40);

function fluxKustomization(status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, status };
}

describe('revisionSha', () => {
  it('reads every revision format', () => {
    expect(revisionSha(`main@sha1:${SHA1}`)).toBe(SHA1);
    expect(revisionSha(`main/${SHA1}`)).toBe(SHA1);
    expect(revisionSha(`refs/heads/main@sha1:${SHA1}`)).toBe(SHA1);
    expect(revisionSha(SHA1)).toBe(SHA1);
    expect(revisionSha('v1.2.0')).toBeUndefined();
  });
});

describe('operatorStatus', () => {
  it('Flux: Ready condition and lastAppliedRevision', () => {
    const live = fluxKustomization({
      conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed: missing.yaml' }],
      lastAppliedRevision: `main@sha1:${SHA1}`,
    });
    expect(operatorStatus(live)).toEqual({
      operator: 'flux',
      ready: false,
      reason: 'BuildFailed',
      message: 'kustomize build failed: missing.yaml',
      appliedRevision: SHA1,
      appliedRevisionRaw: `main@sha1:${SHA1}`,
    });
    expect(operatorStatus(fluxKustomization({})).ready).toBeUndefined();
  });

  it('Flux HelmRelease: the chart version released, not a commit', () => {
    const release: KubeObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'cache', namespace: 'flux-system' },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded' }], history: [{ chartName: 'cache', chartVersion: '0.3.0', status: 'deployed' }] },
    };
    const status = operatorStatus(release);
    expect(status).toEqual({ operator: 'flux', ready: true, reason: 'InstallSucceeded', appliedRevisionRaw: 'chart cache 0.3.0', appliedRevision: undefined });
    expect(describeOperatorState('HelmRelease cache', status, { head: 'd'.repeat(40) })).toBe('Flux applied chart cache 0.3.0');
  });

  it('Argo CD: sync and health', () => {
    const app: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop' },
      status: { sync: { status: 'OutOfSync', revision: SHA1 }, health: { status: 'Healthy' } },
    };
    expect(operatorStatus(app)).toEqual({ operator: 'argocd', ready: false, reason: 'OutOfSync, Healthy', appliedRevision: SHA1, appliedRevisionRaw: SHA1 });
  });

  it('Argo CD: the revision last deployed (history), not the newer one it compares with; multi-source revisions', () => {
    const newer = 'e'.repeat(40);
    const app: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'cache' },
      status: {
        sync: { status: 'OutOfSync', revisions: [newer, newer] },
        health: { status: 'Healthy' },
        history: [{ id: 1, revisions: ['0.1.0', 'a'.repeat(40)] }, { id: 2, revisions: [SHA1, SHA1] }],
      },
    };
    expect(operatorStatus(app)).toMatchObject({ appliedRevision: SHA1, reason: 'OutOfSync, Healthy' });
    const notYet = { ...app, status: { sync: { status: 'OutOfSync', revisions: [newer] } } };
    expect(operatorStatus(notYet).appliedRevision).toBe(newer);
  });
});

describe('operators that will not converge by themselves', () => {
  const head = 'd'.repeat(40);
  it('Flux suspended, Argo CD without automated sync: said first', () => {
    const ks: KubeObject = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps' }, spec: { suspend: true }, status: { lastAppliedRevision: `main@sha1:${SHA1}` } };
    const flux = operatorStatus(ks);
    expect(flux.paused).toBe('suspended');
    expect(describeOperatorState('Kustomization apps', flux, { head, applied: SHA1, ahead: 1, behind: 0 })).toBe(
      `Flux reconciliation of Kustomization apps is suspended; Flux applied ${SHA1.slice(0, 7)}; HEAD is ddddddd: 1 commit not yet reconciled`,
    );
    const app: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cache' }, spec: { project: 'default' }, status: { sync: { status: 'OutOfSync', revision: SHA1 } } };
    expect(describeOperatorState('Application cache', operatorStatus(app), { head, applied: SHA1, ahead: 0, behind: 0 })).toBe(
      `Application cache syncs only when asked (no automated sync); Application cache is not ready (OutOfSync); Argo CD applied ${SHA1.slice(0, 7)} (HEAD)`,
    );
    const automated = { ...app, spec: { syncPolicy: { automated: { prune: true } } } };
    expect(operatorStatus(automated).paused).toBeUndefined();
  });
});

describe('describeOperatorState', () => {
  const flux = { operator: 'flux' as const, ready: true };
  const head = 'd'.repeat(40);
  it('says how many commits are not reconciled yet', () => {
    expect(describeOperatorState('Kustomization apps', flux, { head, applied: SHA1, ahead: 2, behind: 0 })).toBe(
      'Flux applied aaaaaaa; HEAD is ddddddd: 2 commits not yet reconciled',
    );
    expect(describeOperatorState('Kustomization apps', flux, { head, applied: SHA1, ahead: 1, behind: 0 })).toBe(
      'Flux applied aaaaaaa; HEAD is ddddddd: 1 commit not yet reconciled',
    );
    expect(describeOperatorState('Kustomization apps', flux, { head, applied: head, ahead: 0, behind: 0 })).toBe('Flux applied ddddddd (HEAD)');
    expect(describeOperatorState('Kustomization apps', flux, { head, applied: SHA1, unknownCommit: true })).toBe(
      'Flux applied aaaaaaa, a commit not in this clone (fetch?); HEAD is ddddddd',
    );
    expect(describeOperatorState('Kustomization apps', { operator: 'flux', ready: false, reason: 'BuildFailed', message: 'boom' }, { head })).toBe(
      'Kustomization apps is not ready (BuildFailed): boom; Flux has not applied Kustomization apps yet',
    );
  });
});

describe('compareWithHead (real git)', () => {
  let repo: string;
  const commits: string[] = [];
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'converge-opstate-'));
    git('init', '-q', '-b', 'main');
    for (const n of [1, 2, 3]) {
      writeFileSync(join(repo, 'file.txt'), `${n}\n`);
      git('add', 'file.txt');
      git('commit', '-q', '-m', `commit ${n}`);
      commits.push(git('rev-parse', 'HEAD'));
    }
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('counts commits between the applied revision and HEAD', async () => {
    expect(await compareWithHead(repo, commits[0])).toEqual({ head: commits[2], applied: commits[0], ahead: 2, behind: 0 });
    expect(await compareWithHead(repo, commits[2])).toEqual({ head: commits[2], applied: commits[2], ahead: 0, behind: 0 });
    expect(await compareWithHead(repo, SHA1)).toEqual({ head: commits[2], applied: SHA1, unknownCommit: true });
  });

  it('gives the whole message from a live Kustomization', async () => {
    const live = fluxKustomization({ conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }], lastAppliedRevision: `main@sha1:${commits[0]}` });
    const state = await operatorState(live, repo);
    expect(state.message).toBe(`Flux applied ${commits[0].slice(0, 7)}; HEAD is ${commits[2].slice(0, 7)}: 2 commits not yet reconciled`);
  });
});
