// Re-checking saved files of a rendered workspace: a base or a patch is a render input, so the session renders
// again instead of reading it as plain objects (no "missing" Deployment from a patch, no base object on its own).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckSession } from '../../../src/core/engine/session';
import { pendingRenders } from '../../../src/core/render/render-summary';
import type { CheckReport } from '../../../src/core/types';
import { startTestApiServer } from '../../k8s-server';
import { kubeTool } from '../../support/kube-tools';

const REPO = mkdtempSync(join(tmpdir(), 'converge-recheck-'));
let server: Awaited<ReturnType<typeof startTestApiServer>>;
let session: CheckSession;

const webs = (report: CheckReport) =>
  report.resources
    .filter((r) => r.ref.kind === 'Deployment' && r.ref.name === 'web')
    .map((r) => `${r.ref.namespace ?? '-'} ${r.source?.file.slice(REPO.length + 1)} rendered=${Boolean((r as { rendered?: unknown }).rendered)}`)
    .sort();

beforeAll(async () => {
  cpSync(resolve(__dirname, '../../../samples/flux-repo'), REPO, { recursive: true });
  server = await startTestApiServer();
  session = new CheckSession({ paths: [], cwd: REPO, kubeconfig: server.kubeconfigPath, offline: true, render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
  await session.checkAll();
});
afterAll(async () => {
  session?.close();
  await server?.stop();
  rmSync(REPO, { recursive: true, force: true });
});

describe('re-check on save in a rendered workspace', () => {
  const expected = ['shop apps/base/deployment.yaml rendered=true', 'shop-staging apps/base/deployment.yaml rendered=true'];

  it('a saved base file is rendered again through its overlays', async () => {
    const file = join(REPO, 'apps/base/deployment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ghcr.io/example/web:1.4.0', 'ghcr.io/example/web:1.4.1'));
    const report = await session.recheckFiles([file]);
    expect(webs(report)).toEqual(expected);
  });

  it('a saved patch file is no object of its own', async () => {
    const file = join(REPO, 'apps/overlays/prod/web-replicas.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 3', 'replicas: 4'));
    const report = await session.recheckFiles([file]);
    expect(webs(report)).toEqual(expected);
    expect(report.resources.some((r) => r.source?.file === file)).toBe(false);
  });

  it('unsaved text of a render input keeps the verdicts until it is saved', async () => {
    const file = join(REPO, 'apps/overlays/prod/web-replicas.yaml');
    const report = await session.recheckFiles([file], { [file]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 7\n' });
    expect(webs(report)).toEqual(expected);
  });
});

describe('a session of a sub-folder', () => {
  it('a saved base outside the checked folder is rendered again into it, as is a saved generator input', async () => {
    const sub = new CheckSession({ paths: ['clusters/prod'], cwd: REPO, kubeconfig: server.kubeconfigPath, offline: true, render: { kubectl: kubeTool('kubectl'), helm: kubeTool('helm'), allowExec: true } });
    const image = (report: CheckReport) =>
      report.resources.filter((r) => r.ref.kind === 'Deployment' && r.ref.name === 'web').map((r) => (r as any).rendered && r.source?.file.slice(REPO.length + 1));
    try {
      expect(image(await sub.checkAll())).toEqual(['apps/base/deployment.yaml']);
      const file = join(REPO, 'apps/base/deployment.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('containerPort: 8080', 'containerPort: 8081'));
      const report = await sub.recheckFiles([file]);
      expect(image(report)).toEqual(['apps/base/deployment.yaml']);
      const rendered = sub.renderState()!;
      expect(rendered.renders.map((r) => r.status)).toContain('rendered'); // the overlay again, its input changed
      const props = join(REPO, 'apps/base/config/app.properties');
      writeFileSync(props, `${readFileSync(props, 'utf8')}extra=1\n`);
      const again = await sub.recheckFiles([props]);
      const config = again.resources.find((r) => r.ref.kind === 'ConfigMap' && r.ref.namespace === 'shop' && r.ref.name.startsWith('web-config-'))!;
      expect(config.ref.name).not.toBe('web-config-h9m6g6b274'); // a new content hash
    } finally {
      sub.close();
    }
  });
});

describe('render state of a session, for views', () => {
  it('an untrusted session says what trusting would render and what a patch file is', async () => {
    const untrusted = new CheckSession({ paths: [], cwd: REPO, kubeconfig: server.kubeconfigPath, offline: true, render: { kubectl: '/nonexistent/kubectl', allowExec: false } });
    try {
      const report = await untrusted.checkAll();
      expect(report.resources.some((r) => r.source?.file.includes('/apps/'))).toBe(false);
      const state = untrusted.renderState()!;
      expect(pendingRenders(state.renders).message).toBe('4 kustomizations and 1 Helm chart are not rendered until you trust this workspace');
      expect(state.inputs.get(join(REPO, 'apps/overlays/prod/web-replicas.yaml'))).toEqual({ role: 'patch', usedBy: join(REPO, 'apps/overlays/prod/kustomization.yaml') });
    } finally {
      untrusted.close();
    }
  });
});
