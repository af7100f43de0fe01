// package.json's contributions agree with the code that registers commands, views and context keys.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, VIEW_ID } from '../../../src/extension/ids';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
const contributes = pkg.contributes;

describe('package.json contributions', () => {
  it('contributes every command the extension registers, and no other', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual(Object.values(COMMANDS).sort());
    for (const c of contributes.commands) expect(c.category).toBe('GitOps Converge');
  });
  it('menus only name contributed commands', () => {
    const known = new Set(Object.values(COMMANDS));
    for (const entries of Object.values(contributes.menus) as Array<Array<{ command: string }>>) {
      for (const e of entries) expect(known.has(e.command as never), e.command).toBe(true);
    }
  });
  it('has the Drift view in the GitOps Converge activity-bar container, with welcome content per state', () => {
    expect(contributes.viewsContainers.activitybar[0].id).toBe('gitopsConverge');
    expect(contributes.views.gitopsConverge[0].id).toBe(VIEW_ID);
    const whens = contributes.viewsWelcome.map((w: { when: string }) => w.when).join(' ');
    for (const state of ['noWorkspace', 'noManifests', 'noCluster', 'unreachable', 'checking']) expect(whens).toContain(`== ${state}`);
  });
  it('describes every setting', () => {
    const props = contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(
      [
        'gitopsConverge.context',
        'gitopsConverge.fieldManager',
        'gitopsConverge.kubeconfig',
        'gitopsConverge.offline',
        'gitopsConverge.refreshOnSave',
        'gitopsConverge.watch',
        'gitopsConverge.notifications',
        'gitopsConverge.groupBy',
        'gitopsConverge.render',
        'gitopsConverge.kubectlPath',
        'gitopsConverge.helmPath',
        'gitopsConverge.editor.decorations',
        'gitopsConverge.editor.codeLens',
        'gitopsConverge.editor.dryRunDelay',
        'gitopsConverge.pr.remote',
        'gitopsConverge.pr.forgeOverrides',
        'gitopsConverge.pr.apiBaseUrls',
        'gitopsConverge.pr.remoteWebUrl',
      ].sort(),
    );
    for (const p of Object.values(props) as Array<{ description?: string; markdownDescription?: string }>) {
      expect((p.description ?? p.markdownDescription ?? '').length).toBeGreaterThan(20);
    }
  });
  it('has a first-use walkthrough whose steps name existing media and contributed commands', () => {
    const [walkthrough] = contributes.walkthroughs;
    expect(walkthrough.steps.length).toBeGreaterThanOrEqual(3);
    const known = new Set([...Object.values(COMMANDS), `${VIEW_ID}.focus`]);
    for (const step of walkthrough.steps) {
      expect(existsSync(new URL(`../../../${step.media.markdown}`, import.meta.url)), step.media.markdown).toBe(true);
      for (const [, command] of (step.description as string).matchAll(/\(command:([\w.]+)\)/g)) expect(known.has(command as never), command).toBe(true);
    }
  });
  it('activates on every contributed command', () => {
    for (const c of contributes.commands) expect(pkg.activationEvents, c.command).toContain(`onCommand:${c.command}`);
  });
  it('activates only on relevant events', () => {
    expect(pkg.activationEvents).toContain('workspaceContains:**/*.yaml');
    expect(pkg.activationEvents).toContain(`onView:${VIEW_ID}`);
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).not.toContain('onStartupFinished');
  });
});
