// The editor model on real engine results: the demo repo checked (dry-run) against the test API server with the
// demo's drift (kubectl scale on web, kubectl edit of api's image, a changed Secret password).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../../../src/core';
import { adoptLiveEdits, applyTextEdits, decorationModel, desiredDocument, liveDocument, offlineDecorations } from '../../../src/core/editor';
import { parseManifestText } from '../../../src/core/manifests';
import type { KubeObject } from '../../../src/core/types';
import { startTestApiServer } from '../../k8s-server';
import { SECRET_VALUES, applyRepo, copyRepo, introduceDemoDrift, type TestServer } from '../../support/demo-cluster';
import { show } from './helpers';

let server: TestServer;
let repo: string;
let report: CheckReport;
const read = (rel: string) => readFileSync(join(repo, rel), 'utf8');
const resultsFor = (rel: string) => report.resources.filter((r) => r.source?.file === join(repo, rel));
const liveOf = (kind: string, name: string): KubeObject =>
  server.get({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, namespace: 'shop', name });

beforeAll(async () => {
  server = await startTestApiServer();
  repo = copyRepo();
  await applyRepo(server, repo);
  await introduceDemoDrift(server);
  await server.patch({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'web-credentials' }, { data: { password: Buffer.from('rotated-by-hand').toString('base64') } }, 'kubectl-edit', { kind: 'merge' });
  report = await runCheck({ paths: [repo], cwd: repo, kubeconfig: server.kubeconfigPath });
});
afterAll(async () => {
  await server?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('editor model on a dry-run check of the demo repo', () => {
  it('decorations on the right lines with the live values and the manager who set them', () => {
    const web = read('apps/web/deployment.yaml');
    const decorations = decorationModel(web, join(repo, 'apps/web/deployment.yaml'), resultsFor('apps/web/deployment.yaml'));
    expect(show(web, decorations)).toEqual(['10:2-10:13 changed spec.replicas | live: 5 | replicas: 3']);
    expect(decorations[0].hover.owner?.manager).toBe('kubectl-scale');
    const api = read('apps/api/deployment.yaml');
    expect(show(api, decorationModel(api, join(repo, 'apps/api/deployment.yaml'), resultsFor('apps/api/deployment.yaml')))).toEqual([
      '21:10-21:47 changed spec.template.spec.containers[name="api"].image | live: ghcr.io/example/shop-api:1.4.1-hotfix | image: ghcr.io/example/shop-api:1.4.0',
    ]);
    const worker = read('apps/worker/deployment.yaml');
    expect(decorationModel(worker, join(repo, 'apps/worker/deployment.yaml'), resultsFor('apps/worker/deployment.yaml')).map((d) => d.afterText)).toEqual(['not in the cluster']);
  });

  it('the offline recompute while typing agrees with the dry-run decorations', () => {
    const file = join(repo, 'apps/web/deployment.yaml');
    const web = read('apps/web/deployment.yaml');
    const offline = offlineDecorations(web, file, [liveOf('Deployment', 'web')]).decorations;
    expect(show(web, offline)).toEqual(show(web, decorationModel(web, file, resultsFor('apps/web/deployment.yaml'))));
  });

  it('Secret: masked decoration, adopt refused, no value anywhere', () => {
    const file = join(repo, 'apps/web/secret.yaml');
    const text = read('apps/web/secret.yaml');
    const [result] = resultsFor('apps/web/secret.yaml');
    const decorations = decorationModel(text, file, result);
    expect(decorations.map((d) => `${d.line} ${d.afterText}`)).toEqual(['9 live: ••• (changed)']);
    const plan = adoptLiveEdits(text, file, result);
    expect(plan.edits).toEqual([]);
    const live = liveOf('Secret', 'web-credentials');
    const desired = parseManifestText(file, text).objects[0].object;
    const dump = JSON.stringify([decorations, plan]) + liveDocument(live, desired) + desiredDocument(desired, live);
    for (const v of [...SECRET_VALUES, 'rotated-by-hand', Buffer.from('rotated-by-hand').toString('base64')]) expect(dump).not.toContain(v);
  });

  it('adopting the hotfix image makes the manifest converge, comments kept', () => {
    const file = join(repo, 'apps/api/deployment.yaml');
    const text = read('apps/api/deployment.yaml');
    const [result] = resultsFor('apps/api/deployment.yaml');
    const out = applyTextEdits(text, adoptLiveEdits(text, file, result).edits);
    expect(out).toBe(text.replace('shop-api:1.4.0', 'shop-api:1.4.1-hotfix'));
    expect(offlineDecorations(out, file, [liveOf('Deployment', 'api')]).decorations).toEqual([]);
  });

  it('diff editor sides differ exactly on the drifted field', () => {
    const [result] = resultsFor('apps/web/deployment.yaml');
    const live = liveOf('Deployment', 'web');
    const desired = parseManifestText('/x.yaml', read('apps/web/deployment.yaml')).objects[0].object;
    const left = liveDocument(live, desired, { diff: result.diff }).split('\n');
    const right = desiredDocument(desired, live).split('\n');
    expect(left.length).toBe(right.length);
    expect(left.flatMap((l, i) => (l === right[i] ? [] : [`${l} | ${right[i]}`]))).toEqual(['  replicas: 5 |   replicas: 3']);
  });
});
