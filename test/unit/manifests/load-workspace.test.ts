import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspaceManifests } from '../../../src/core/manifests';
import { mapLimit } from '../../../src/core/util/concurrency';

const WORKSPACE = path.resolve(__dirname, '../../fixtures/manifests/workspace');
const rel = (file: string) => path.relative(WORKSPACE, file).split(path.sep).join('/');

describe('loadWorkspaceManifests on the fixture workspace', () => {
  it('returns every Kubernetes object with its source, in file order', async () => {
    const { objects, files } = await loadWorkspaceManifests([WORKSPACE]);
    expect(files.map(rel)).toEqual([
      '.github/workflows/ci.yaml',
      'apps/namespace.yaml',
      'apps/web/deployment.yaml',
      'apps/web/list.yaml',
      'apps/web/settings.json',
      'broken/duplicate.yaml',
      'broken/noname.yaml',
      'broken/syntax.yaml',
      'charts/mychart/Chart.yaml',
      'charts/mychart/templates/deployment.yaml',
      'charts/mychart/values.yaml',
      'docker-compose.yml',
    ]);
    expect(objects.map((o) => [rel(o.source.file), o.object.kind, o.object.metadata.name, o.source.docIndex, o.source.listIndex])).toEqual([
      ['apps/namespace.yaml', 'Namespace', 'shop', 0, undefined],
      ['apps/web/deployment.yaml', 'Deployment', 'web', 0, undefined],
      ['apps/web/deployment.yaml', 'Service', 'web', 1, undefined],
      ['apps/web/list.yaml', 'ConfigMap', 'list-a', 0, 0],
      ['apps/web/list.yaml', 'ConfigMap', 'list-b', 0, 1],
      ['apps/web/settings.json', 'ConfigMap', 'settings', 0, undefined],
      ['broken/duplicate.yaml', 'ConfigMap', 'dup2', 0, undefined],
      ['broken/syntax.yaml', 'ConfigMap', 'after-syntax-error', 1, undefined],
    ]);
  });

  it('reports the broken files, and nothing for non-Kubernetes YAML or Helm templates', async () => {
    const { problems } = await loadWorkspaceManifests([WORKSPACE]);
    expect(problems.map((p) => [rel(p.file), p.rule, p.range?.start.line])).toEqual([
      ['broken/duplicate.yaml', 'duplicate-key', 4],
      ['broken/noname.yaml', 'missing-name', 2],
      ['broken/syntax.yaml', 'yaml-syntax', 6],
    ]);
  });

  it('ranges are exact on CRLF files and through aliases', async () => {
    const { objects } = await loadWorkspaceManifests([WORKSPACE]);
    const namespace = objects.find((o) => o.object.kind === 'Namespace');
    const crlfText = readFileSync(path.join(WORKSPACE, 'apps/namespace.yaml'), 'utf8');
    expect(crlfText).toContain('\r\n');
    expect(namespace?.source.fieldRange(['metadata', 'name'])?.value).toEqual({
      start: { line: 3, character: 8, offset: 52 },
      end: { line: 3, character: 12, offset: 56 },
    });
    const deployment = objects.find((o) => o.object.kind === 'Deployment');
    const labels = deployment?.source.fieldRange(['spec', 'template', 'metadata', 'labels', 'app']);
    expect(labels?.value.start.line).toBe(10);
    expect(deployment?.object.spec).toMatchObject({ template: { metadata: { labels: { app: 'web' } } } });
  });

  it('passes exclude patterns and size limits to discovery', async () => {
    const { files, problems } = await loadWorkspaceManifests([WORKSPACE], { exclude: ['broken/', 'charts/'], maxFileBytes: 200 });
    expect(files.map(rel)).toEqual(['.github/workflows/ci.yaml', 'apps/namespace.yaml', 'apps/web/settings.json', 'docker-compose.yml']);
    expect(problems.map((p) => [rel(p.file), p.rule, p.severity])).toEqual([
      ['apps/web/deployment.yaml', 'file-skipped', 'warning'],
      ['apps/web/list.yaml', 'file-skipped', 'warning'],
    ]);
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 2;
    });
    expect(result).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(peak).toBe(3);
    expect(await mapLimit([], 16, async (n: number) => n)).toEqual([]);
  });
});
