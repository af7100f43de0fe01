// The PR layer's pure models: files from every place the command is invoked, the drift each file addresses (Secret
// values hidden), branch name checks, and a message with actions for every GitOpsError / PrApiError code.
import { describe, expect, it } from 'vitest';
import { GitOpsError, type GitOpsErrorCode } from '../../../src/core/git/errors';
import { PrApiError, type PrApiErrorCode } from '../../../src/core/pr/provider';
import type { VerdictResult } from '../../../src/core/types';
import { OpenedPrs } from '../../../src/extension/pr/opened-prs-model';
import { prErrorReport } from '../../../src/extension/pr/pr-errors-model';
import { branchNameProblem, changesFor, fileItems, filesOfArgs, isSourceControlArg } from '../../../src/extension/pr/pr-targets-model';

const web: VerdictResult = {
  ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
  verdict: 'diverged',
  reason: 'replicas',
  diff: [{ path: 'spec.replicas', change: 'changed', desired: 5, live: 3 }],
  source: { file: '/repo/apps/web.yaml' } as VerdictResult['source'],
};
const db: VerdictResult = {
  ref: { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' },
  verdict: 'diverged',
  reason: 'password',
  diff: [{ path: 'data.password', change: 'changed', desired: 'c2VjcmV0', live: 'b3RoZXI=' }],
  source: { file: '/repo/apps/db.yaml' } as VerdictResult['source'],
};
const extra: VerdictResult = { ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'extra' }, verdict: 'missing', reason: 'not in the cluster', diff: [], source: { file: '/repo/apps/web.yaml' } as VerdictResult['source'] };
const converged: VerdictResult = { ...web, ref: { ...web.ref, name: 'ok' }, verdict: 'converged', diff: [] };

describe('files of command arguments', () => {
  it('reads Drift view nodes (multi-select), folders, results, Uris, SCM resource states and CodeLens args', () => {
    const node = { kind: 'resource', result: web, children: [] };
    const fileNode = { kind: 'file', resourcePath: '/repo/apps/db.yaml', children: [] };
    const folder = { kind: 'folder', resourcePath: '/repo/apps', children: [fileNode, { kind: 'file', resourcePath: '/repo/apps/c.yaml', children: [] }] };
    expect(filesOfArgs(node, [node, fileNode])).toEqual(['/repo/apps/web.yaml', '/repo/apps/db.yaml']);
    expect(filesOfArgs(folder)).toEqual(['/repo/apps/db.yaml', '/repo/apps/c.yaml']);
    expect(filesOfArgs(db)).toEqual(['/repo/apps/db.yaml']);
    expect(filesOfArgs({ scheme: 'file', fsPath: '/repo/a.yaml' }, [{ scheme: 'file', fsPath: '/repo/a.yaml' }, { scheme: 'file', fsPath: '/repo/b.yaml' }])).toEqual(['/repo/a.yaml', '/repo/b.yaml']);
    expect(filesOfArgs({ resourceUri: { scheme: 'file', fsPath: '/repo/s.yaml' } }, { resourceUri: { scheme: 'git', fsPath: '/x' } })).toEqual(['/repo/s.yaml']);
    expect(filesOfArgs({ file: '/repo/lens.yaml' })).toEqual(['/repo/lens.yaml']);
    expect(filesOfArgs(undefined, 'x', 3)).toEqual([]);
    expect(isSourceControlArg({ rootUri: { fsPath: '/repo' }, id: 'git' })).toBe(true);
    expect(isSourceControlArg({ resourceUri: {}, rootUri: {} })).toBe(false);
  });

  it('changes: only drift of the chosen files; QuickPick rows say what each file addresses, Secret values hidden', () => {
    const changes = changesFor(['/repo/apps/web.yaml', '/repo/apps/db.yaml'], [web, db, extra, converged]);
    expect(changes.map((c) => `${c.ref.name}:${c.direction}`)).toEqual(['web:apply', 'db:apply', 'extra:apply']);
    const items = fileItems(['/repo/apps/web.yaml', '/repo/apps/db.yaml', '/repo/apps/new.yaml'], changes, '/repo');
    expect(items).toEqual([
      { file: '/repo/apps/web.yaml', label: 'apps/web.yaml', description: '2 resources with drift', detail: 'Deployment shop/web: replicas 3 → 5 · ConfigMap extra: created in the cluster' },
      { file: '/repo/apps/db.yaml', label: 'apps/db.yaml', description: '1 resource with drift', detail: 'Secret shop/db: password (value hidden)' },
      { file: '/repo/apps/new.yaml', label: 'apps/new.yaml', description: 'no drift recorded', detail: 'the file as it is in your working tree' },
    ]);
    expect(JSON.stringify(items)).not.toContain('c2VjcmV0');
    const adopt = fileItems(['/repo/apps/web.yaml'], changesFor(['/repo/apps/web.yaml'], [web], 'adopt'), '/repo');
    expect(adopt[0].detail).toBe('Deployment shop/web: replicas 5 → 3');
  });

  it('branch names', () => {
    expect(branchNameProblem('converge/web-replicas')).toBeUndefined();
    for (const bad of ['', 'a b', 'a..b', 'a~1', 'x.lock', '-x', 'a/', 'a@{1}']) expect(branchNameProblem(bad)).toBeDefined();
  });
});

describe('error reports', () => {
  const gitCodes: GitOpsErrorCode[] = ['not-a-repo', 'no-remote', 'base-not-found', 'invalid-branch', 'branch-exists', 'no-changes', 'conflict', 'hook-failed', 'non-fast-forward', 'push-rejected', 'auth', 'network', 'git-failed'];
  const apiCodes: PrApiErrorCode[] = ['auth', 'forbidden', 'not-found', 'validation', 'network', 'api'];

  it('every git code has its own lead, says nothing was lost, and keeps hook output out of the message', () => {
    const reports = gitCodes.map((c) => prErrorReport(new GitOpsError(c, `detail of ${c}.`, c === 'hook-failed' ? 'pre-commit: yamllint failed on web.yaml' : undefined)));
    expect(new Set(reports.map((r) => r.message.split('.')[0])).size).toBe(gitCodes.length);
    for (const [i, r] of reports.entries()) {
      expect(r.message).toContain(`detail of ${gitCodes[i]}.`);
      expect(r.message).toContain('Your working tree was not changed.');
    }
    const hook = reports[gitCodes.indexOf('hook-failed')];
    expect(hook).toEqual({ message: expect.stringMatching(/^A git hook rejected/), details: 'pre-commit: yamllint failed on web.yaml', actions: ['Show Log', 'Retry'] });
    expect(hook.message).not.toContain('yamllint');
    expect(reports[gitCodes.indexOf('non-fast-forward')].message).toContain('nothing was force-pushed');
    expect(reports[gitCodes.indexOf('network')].actions[0]).toBe('Retry');
  });

  it('every API code says the branch was pushed; a rejected sign-in forgets the token and offers Sign In Again', () => {
    const reports = apiCodes.map((c) => prErrorReport(new PrApiError(c, `GitHub said ${c}.`, 400)));
    expect(new Set(reports.map((r) => r.message)).size).toBe(apiCodes.length);
    for (const r of reports) expect(r.message).toContain('the branch was pushed');
    expect(reports[0]).toEqual({ message: expect.stringContaining('GitHub said auth.'), actions: ['Sign In Again', 'Show Log'], forgetToken: true });
    expect(prErrorReport(new Error('boom'))).toEqual({ message: 'Unexpected error: boom Your working tree was not changed.', actions: ['Show Log'] });
  });
});

describe('opened PRs', () => {
  it('labels resources with their latest PR; a restore PR labels the objects of its file; a browser page is "PR"', async () => {
    const saved = new Map<string, unknown>();
    const prs = new OpenedPrs({ get: (k) => saved.get(k) as never, update: async (k, v) => void saved.set(k, v) });
    await prs.add({ number: 12, url: 'u12', branch: 'converge/web', refs: [web.ref], files: ['/repo/apps/web.yaml'], at: '' });
    await prs.add({ number: 0, url: 'page', branch: 'converge/restore-db', refs: [], files: ['/repo/apps/db.yaml'], at: '' });
    expect(prs.labelFor(web.ref)).toBe('PR #12');
    expect(prs.labelFor({ ...web.ref, namespace: 'other' })).toBeUndefined();
    expect(prs.labelFor(db.ref, '/repo/apps/db.yaml')).toBe('PR');
    await prs.add({ number: 13, url: 'u13', branch: 'converge/web-2', refs: [web.ref], files: [], at: '' });
    expect(prs.labelFor(web.ref)).toBe('PR #13');
    expect(new OpenedPrs({ get: (k) => saved.get(k) as never, update: async () => {} }).all()).toHaveLength(3);
  });
});
