// PR texts from Git when the drift is already gone: HEAD vs the working tree, object by object.
import { mkdtempSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesFromGit, commitMessage, prBody, suggestBranchName } from '../../../src/core/pr';
import { git, isolateGitConfig, write, type Sandbox } from './sandbox';

let sandbox: Sandbox;
let repo: string;
const deployment = (replicas: number, image = 'nginx:1.25.3') =>
  `# the storefront\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const secret = (password: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: ${password}\n`;

beforeAll(() => {
  sandbox = isolateGitConfig();
  repo = realpathSync(mkdtempSync(join(sandbox.dir, 'repo-')));
  git(repo, 'init', '-q');
  write(repo, 'apps/web.yaml', `${deployment(2)}---\n${secret('old-Secret-value-1')}`);
  write(repo, 'apps/other.yaml', deployment(1).replace('name: web', 'name: other'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'initial');
});
afterAll(() => sandbox?.cleanup());

describe('changesFromGit', () => {
  it('describes what the commit changes, field by field, in the "web: replicas 2 → 5" form', async () => {
    write(repo, 'apps/web.yaml', `${deployment(5, 'nginx:1.25.4')}---\n${secret('new-Secret-value-2')}`);
    const changes = await changesFromGit(repo, [join(repo, 'apps/web.yaml'), join(repo, 'apps/other.yaml')]);
    expect(changes.map((c) => [c.ref.kind, c.ref.name, c.diff.map((d) => d.path)])).toEqual([
      ['Deployment', 'web', ['spec.replicas', 'spec.template.spec.containers[name="web"].image']],
      ['Secret', 'db', ['data.password']],
    ]);
    expect(suggestBranchName(changes.slice(0, 1))).toBe('converge/web');
    const replicasOnly = { ...changes[0], diff: changes[0].diff.slice(0, 1) };
    expect(commitMessage([replicasOnly])).toBe('web: replicas 2 → 5');
    expect(suggestBranchName([replicasOnly])).toBe('converge/web-replicas');
    const body = prBody(changes) + commitMessage(changes);
    expect(body).not.toContain('old-Secret-value-1');
    expect(body).not.toContain('new-Secret-value-2');
  });

  it('a new file, an unchanged file or a folder outside a repository gives nothing', async () => {
    write(repo, 'apps/new.yaml', deployment(1).replace('name: web', 'name: fresh'));
    expect(await changesFromGit(repo, [join(repo, 'apps/new.yaml'), join(repo, 'apps/other.yaml')])).toEqual([]);
    expect(await changesFromGit(sandbox.dir, [join(sandbox.dir, 'x.yaml')])).toEqual([]);
  });
});
