import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHistory, planRestore, restoreVersion } from '../../../src/core/pr/rollback';
import { WEB_YAML, git, isolateGitConfig, repoWithRemote, snapshot, write, type Sandbox } from './sandbox';

let sb: Sandbox;
beforeAll(() => {
  sb = isolateGitConfig();
});
afterAll(() => sb.cleanup());

describe('rollback', () => {
  it('lists the commits touching a manifest, newest first, across a rename, and restores a version by PR', async () => {
    const { work, remote } = repoWithRemote(sb.dir);
    for (const n of [4, 5]) {
      write(work, 'manifests/web.yaml', WEB_YAML.replace('replicas: 3', `replicas: ${n}`));
      git(work, 'commit', '-qam', `scale web to ${n}`);
    }
    git(work, 'mv', 'manifests/web.yaml', 'manifests/web-deploy.yaml');
    git(work, 'commit', '-qm', 'rename');
    write(work, 'README.md', 'unrelated\n');
    git(work, 'commit', '-qam', 'unrelated');
    git(work, 'push', '-q', 'origin', 'main');
    write(work, 'manifests/web-deploy.yaml', 'dirty: true\n'); // a local edit that must survive

    const history = await fileHistory(work, 'manifests/web-deploy.yaml');
    expect(history.map((h) => h.subject)).toEqual(['rename', 'scale web to 5', 'scale web to 4', 'initial']);
    expect(history.map((h) => h.path)).toEqual(['manifests/web-deploy.yaml', 'manifests/web.yaml', 'manifests/web.yaml', 'manifests/web.yaml']);
    expect(history[0]).toMatchObject({ author: 'Test User', authorEmail: 'test@example.com' });
    expect(history[0].shortCommit.length).toBeGreaterThanOrEqual(7);
    expect(Date.parse(history[0].date)).not.toBeNaN();
    expect(await fileHistory(work, 'manifests/web-deploy.yaml', { limit: 2 })).toHaveLength(2);

    const initial = history[3];
    const plan = await planRestore(work, 'manifests/web-deploy.yaml', initial.shortCommit);
    expect(plan).toMatchObject({ file: 'manifests/web-deploy.yaml', commit: initial.commit, branch: `converge/restore-web-deploy-${initial.commit.slice(0, 7)}` });
    expect(plan.content?.toString()).toBe(WEB_YAML);
    expect(plan.title).toBe(`Restore manifests/web-deploy.yaml to ${initial.commit.slice(0, 7)}`);
    expect(plan.body).toContain('"initial"');

    const before = snapshot(work);
    const r = await restoreVersion({ repoDir: work, plan, remote: 'origin', base: 'main' });
    const after = snapshot(work);
    after['local branches'] = after['local branches'].split('\n').filter((l) => !l.includes(plan.branch)).join('\n');
    expect(after).toEqual(before);
    expect(git(remote, 'show', `${r.commit}:manifests/web-deploy.yaml`)).toBe(WEB_YAML);
    expect(git(remote, 'show', '--name-only', '--format=%s', r.commit).trim()).toBe(`${plan.title}\n\nmanifests/web-deploy.yaml`);
  });
});
