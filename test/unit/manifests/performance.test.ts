import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, parseManifestText } from '../../../src/core/manifests';

function smallManifest(i: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    '  namespace: team-a',
    '  labels: {app: web, tier: front}',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: "registry.example/app:${i}"`,
    '          ports: [{containerPort: 8080, protocol: TCP}]',
    '          resources: {limits: {cpu: 500m, memory: 128Mi}}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: app-${i}`,
    'spec:',
    '  ports:',
    '    - port: 80',
    '      targetPort: "8080"',
    '',
  ].join('\n');
}

describe('parsing performance', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'converge-perf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses 1,000 small manifest files well under a second', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => smallManifest(i));
    for (let i = 0; i < 200; i++) parseManifestText('/warmup.yaml', texts[i]);
    const started = performance.now();
    let objects = 0;
    for (let i = 0; i < texts.length; i++) objects += parseManifestText(`/repo/app-${i}.yaml`, texts[i]).objects.length;
    const elapsed = performance.now() - started;
    console.log(`[perf] parseManifestText x1000 files (2,000 objects): ${elapsed.toFixed(0)} ms`);
    expect(objects).toBe(2000);
    // Typically 150-300 ms on an idle 2-core machine; the bound leaves room for a busy CI.
    expect(elapsed).toBeLessThan(3000);
  });

  it('discovers and loads 1,000 files from disk', async () => {
    for (let i = 0; i < 1000; i++) {
      const sub = path.join(dir, 'many', `team-${i % 20}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `app-${i}.yaml`), smallManifest(i));
    }
    const started = performance.now();
    const { objects, problems, files } = await loadWorkspaceManifests([path.join(dir, 'many')]);
    const elapsed = performance.now() - started;
    console.log(`[perf] loadWorkspaceManifests 1,000 files from disk: ${elapsed.toFixed(0)} ms`);
    expect(files).toHaveLength(1000);
    expect(objects).toHaveLength(2000);
    expect(problems).toEqual([]);
    expect(elapsed).toBeLessThan(5000);
  });

  it('parses a 1 MB multi-document file (about 4,400 objects) in reasonable time', () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 1024 * 1024; i++) {
      const doc = `${smallManifest(i)}---\n`;
      parts.push(doc);
      size += doc.length;
    }
    const text = parts.join('');
    const started = performance.now();
    const parsed = parseManifestText('/repo/big.yaml', text);
    const elapsed = performance.now() - started;
    const last = parsed.objects[parsed.objects.length - 1];
    const rangeStarted = performance.now();
    const range = last.source.fieldRange(['spec', 'ports', 0, 'targetPort']);
    const rangeElapsed = performance.now() - rangeStarted;
    console.log(
      `[perf] 1 MB multi-document file (${(text.length / 1024 / 1024).toFixed(1)} MB, ${parsed.objects.length} objects): ${elapsed.toFixed(0)} ms; one fieldRange: ${rangeElapsed.toFixed(2)} ms`,
    );
    expect(parsed.problems).toEqual([]);
    expect(text.slice(range?.value.start.offset, range?.value.end.offset)).toBe('"8080"');
    expect(elapsed).toBeLessThan(10_000);
  });

  it('skips a large JSON file without Kubernetes objects (package-lock.json) without parsing it', () => {
    const packages: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) packages[`node_modules/pkg-${i}`] = { version: '1.0.0', resolved: `https://registry.example/pkg-${i}.tgz` };
    const text = JSON.stringify({ name: 'x', lockfileVersion: 3, packages }, null, 2);
    const started = performance.now();
    expect(parseManifestText('/repo/package-lock.json', text)).toEqual({ file: '/repo/package-lock.json', objects: [], problems: [] });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('parses a single 5 MB ConfigMap (about 94,000 keys) in reasonable time', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big}', 'data:'];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const line = `  key-${i}: "${'v'.repeat(40)}"`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = `${lines.join('\n')}\n`;
    const started = performance.now();
    const parsed = parseManifestText('/repo/big-cm.yaml', text);
    const elapsed = performance.now() - started;
    console.log(`[perf] single 5 MB ConfigMap (${lines.length - 4} keys): ${elapsed.toFixed(0)} ms`);
    expect(parsed.objects).toHaveLength(1);
    expect(elapsed).toBeLessThan(10_000);
  });
});
