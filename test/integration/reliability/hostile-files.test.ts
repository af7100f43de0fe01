// Hostile workspace files: each gets a clear per-file message in bounded time and memory, and the
// good manifests next to them still get verdicts (loader and the real CLI against the test API server).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspaceManifests, type LoadedWorkspace } from '../../../src/core/manifests';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { runCli, type CliRun } from '../../support/cli';

const DEPTH = 10_000;
const TINY_FILES = 3_000;
let ws: string;
let outside: string;
let loaded: LoadedWorkspace;
let loadMs: number;
let heapGrowthMb: number;
let server: TestApiServer;
let run: CliRun;

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default}\ndata: {a: b}\n`;

function writeWorkspace(dir: string): void {
  const w = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  w('good.yaml', cm('good'));
  // billion laughs: 9 levels of 9 aliases each
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) bomb.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  w('alias-bomb.yaml', [...bomb, 'data: {x: *a9}', ''].join('\n'));
  w('deep-flow.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-flow}\ndata: {x: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}\n`);
  w('deep-block.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-block\ndata:\n  x:\n    ${'- '.repeat(DEPTH)}leaf\n`);
  w('deep-map.json', `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep-json"}, "data": ${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`);
  w('binary.yaml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  w('png.yml', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('apiVersion kind')]));
  w('latin1.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1'));
  w('duplicate-keys.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup, namespace: default}\ndata:\n  a: "1"\n  a: "2"\n');
  w('python-tag.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: py-tag, namespace: default}\ndata:\n  a: !!python/object/apply:os.system ["echo pwned"]\n');
  w('cfn-tag.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfn-tag, namespace: default}\ndata:\n  b: !Ref MyParameter\n');
  // 50 MB, written in chunks (never held as one string)
  const fd = openSync(join(dir, 'huge.yaml'), 'w');
  const chunk = Buffer.from(`${cm('x').replace(/\n$/, '')}\n---\n`.repeat(10_000));
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
  // symbolic links: a loop, a link to the parent, links to a folder and a file outside the workspace
  symlinkSync('.', join(dir, 'loop'), 'dir');
  mkdirSync(join(dir, 'sub'));
  symlinkSync('..', join(dir, 'sub', 'up'), 'dir');
  writeFileSync(join(outside, 'outside.yaml'), cm('outside-object'));
  symlinkSync(outside, join(dir, 'outside-dir'), 'dir');
  symlinkSync(join(outside, 'outside.yaml'), join(dir, 'outside-file.yaml'));
  symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
  // thousands of tiny files, a third of them Kubernetes objects
  mkdirSync(join(dir, 'tiny'));
  for (let i = 0; i < TINY_FILES; i++) writeFileSync(join(dir, 'tiny', `f${i}.yaml`), i % 3 === 0 ? cm(`tiny-${i}`) : 'x: 1\n');
}

const problemsOf = (name: string) => loaded.problems.filter((p) => p.file === join(ws, name));
const objectNames = () => loaded.objects.map((o) => o.object.metadata.name);

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'converge-hostile-'));
  outside = mkdtempSync(join(tmpdir(), 'converge-outside-'));
  writeWorkspace(ws);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  loaded = await loadWorkspaceManifests([ws]);
  loadMs = performance.now() - t0;
  heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  server = await startTestApiServer({ seed: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good', namespace: 'default' }, data: { a: 'b' } }] });
  run = await runCli(['check', '--output', 'json', '--kubeconfig', server.kubeconfigPath, '--exclude', 'tiny/'], { cwd: ws });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('hostile files through loadWorkspaceManifests', () => {
  it('finishes in bounded time and memory', () => {
    expect(loadMs).toBeLessThan(15_000);
    expect(heapGrowthMb).toBeLessThan(400);
  });

  it('an alias bomb: one error, no expansion', () => {
    expect(problemsOf('alias-bomb.yaml')).toEqual([expect.objectContaining({ severity: 'error', rule: 'yaml-aliases', message: expect.stringMatching(/Too many YAML alias expansions/) })]);
    expect(objectNames()).not.toContain('bomb');
  });

  it.each(['deep-flow.yaml', 'deep-block.yaml', 'deep-map.json'])('%s (10,000 levels): one "nested too deeply" error', (name) => {
    expect(problemsOf(name)).toEqual([expect.objectContaining({ severity: 'error', rule: 'yaml-too-deep', message: 'Nested too deeply to parse (thousands of levels); the file is skipped' })]);
  });

  it('binary and invalid UTF-8 files: skipped with a warning naming the file', () => {
    for (const name of ['binary.yaml', 'png.yml', 'latin1.yaml']) {
      expect(problemsOf(name), name).toEqual([expect.objectContaining({ severity: 'warning', rule: 'not-text', message: `${name} is not UTF-8 text (binary or another encoding); skipped` })]);
    }
  });

  it('duplicate keys: an error at the repeated key', () => {
    const [p] = problemsOf('duplicate-keys.yaml');
    expect(p).toMatchObject({ severity: 'error', rule: 'duplicate-key', message: 'Map keys must be unique: "a" is repeated' });
    expect(p.range!.start.line).toBe(5);
  });

  it('custom tags are never executed or constructed: a warning, the value stays data', () => {
    expect(problemsOf('python-tag.yaml')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/Unresolved tag: tag:yaml.org,2002:python\/object\/apply:os.system/) })]);
    expect(problemsOf('cfn-tag.yaml')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/Unresolved tag: !Ref/) })]);
    const py = loaded.objects.find((o) => o.object.metadata.name === 'py-tag')!;
    expect(py.object.data).toEqual({ a: ['echo pwned'] });
    expect(loaded.objects.find((o) => o.object.metadata.name === 'cfn-tag')!.object.data).toEqual({ b: 'MyParameter' });
  });

  it('a 50 MB file is skipped unread, with its size', () => {
    expect(problemsOf('huge.yaml')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'file-skipped', message: expect.stringMatching(/^Skipped: file is 50(\.\d)? MiB, larger than the 10 MiB limit; not read$/) })]);
  });

  it('symbolic link loops and links to folders are not entered; a link to a file is followed, a dangling one ignored', () => {
    expect(loaded.files.some((f) => f.includes('/loop/') || f.includes('/up/') || f.includes('/outside-dir/'))).toBe(false);
    expect(loaded.files).toContain(join(ws, 'outside-file.yaml'));
    expect(loaded.files).not.toContain(join(ws, 'dangling.yaml'));
    expect(objectNames().filter((n) => n === 'good')).toHaveLength(1); // not found again through a loop
  });

  it('thousands of tiny files: every Kubernetes object found, the rest skipped silently', () => {
    const tiny = objectNames().filter((n) => n?.startsWith('tiny-'));
    expect(tiny).toHaveLength(TINY_FILES / 3);
    expect(loaded.problems.filter((p) => p.file.includes('/tiny/'))).toEqual([]);
  });
});

describe('hostile files through the CLI', () => {
  const result = (name: string) => run.json().resources.find((r: any) => r.name === name);
  const invalidFor = (file: string) => run.json().resources.filter((r: any) => r.verdict === 'invalid' && r.file?.endsWith(file));

  it('the good manifest still gets its verdict (and the followed link too)', () => {
    expect(result('good')).toMatchObject({ verdict: 'converged' });
    expect(result('outside-object')).toMatchObject({ verdict: 'missing' });
    expect(result('cfn-tag')?.verdict).toBe('missing');
    // The tagged value is a list where ConfigMap data wants strings: the server's validation says so.
    expect(result('py-tag')).toMatchObject({ verdict: 'invalid', reason: expect.stringMatching(/\.data\.a: expected string/) });
    expect(run.code).toBe(2);
  });

  it('every broken file is one `invalid` entry with its message; skipped files are reported, not fatal', () => {
    expect(invalidFor('alias-bomb.yaml')).toHaveLength(1);
    expect(invalidFor('deep-flow.yaml')).toEqual([expect.objectContaining({ reason: 'Nested too deeply to parse (thousands of levels); the file is skipped' })]);
    expect(invalidFor('deep-block.yaml')).toHaveLength(1);
    expect(invalidFor('deep-map.json')).toHaveLength(1);
    expect(invalidFor('duplicate-keys.yaml')).toHaveLength(1);
    expect(result('dup')).toBeUndefined(); // an object with an error inside is only invalid
    const problems = JSON.stringify(run.json().problems ?? []);
    for (const name of ['huge.yaml', 'binary.yaml', 'latin1.yaml', 'png.yml']) expect(problems, name).toContain(name);
  });

  it('thousands of tiny files through the CLI: every object gets a verdict, in bounded time', async () => {
    const t0 = performance.now();
    const tiny = await runCli(['check', 'tiny', '--output', 'json', '--kubeconfig', server.kubeconfigPath], { cwd: ws });
    const ms = performance.now() - t0;
    expect(tiny.json().summary).toMatchObject({ total: TINY_FILES / 3, missing: TINY_FILES / 3 });
    expect(ms).toBeLessThan(20_000);
    console.log(`${TINY_FILES} tiny files, ${TINY_FILES / 3} objects: ${Math.round(ms)} ms`);
  });

  it('the text report names each bad file', async () => {
    const t0 = performance.now();
    const text = await runCli(['check', '--kubeconfig', server.kubeconfigPath, '--exclude', 'tiny/'], { cwd: ws });
    for (const name of ['alias-bomb.yaml', 'deep-flow.yaml', 'duplicate-keys.yaml', 'huge.yaml', 'binary.yaml', 'latin1.yaml']) expect(text.stdout + text.stderr, name).toContain(name);
    expect(text.stdout).toMatch(/converged\s+ConfigMap default\/good/);
    console.log(`text run ${Math.round(performance.now() - t0)} ms; load ${Math.round(loadMs)} ms, heap +${Math.round(heapGrowthMb)} MB`);
  });
});
