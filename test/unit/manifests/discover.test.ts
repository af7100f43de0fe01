import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverManifestFiles } from '../../../src/core/manifests/discover';

let root: string;
let outside: string;

function write(relative: string, content = 'a: 1\n', base = root): string {
  const file = path.join(base, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

async function found(roots = [root], opts = {}): Promise<string[]> {
  const result = await discoverManifestFiles(roots, opts);
  return result.files.map((f) => path.relative(root, f).split(path.sep).join('/'));
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'converge-discover-'));
  outside = mkdtempSync(path.join(tmpdir(), 'converge-outside-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('discoverManifestFiles', () => {
  it('finds .yaml, .yml and .json files, absolute and sorted', async () => {
    write('b.yaml');
    write('a.yml');
    write('sub/c.json');
    write('sub/deeper/D.YAML');
    write('readme.md');
    write('script.sh');
    write('noext');
    const result = await discoverManifestFiles([root]);
    expect(result.files.every((f) => path.isAbsolute(f))).toBe(true);
    expect(await found()).toEqual(['a.yml', 'b.yaml', 'sub/c.json', 'sub/deeper/D.YAML']);
    expect(result.skipped).toEqual([]);
  });

  it('always skips .git and node_modules', async () => {
    write('.git/config.yaml');
    write('node_modules/pkg/package.json');
    write('deep/node_modules/x.yaml');
    write('.github/workflows/ci.yaml');
    write('ok.yaml');
    expect(await found()).toEqual(['.github/workflows/ci.yaml', 'ok.yaml']);
  });

  it('accepts files as roots and removes duplicates', async () => {
    const a = write('a.yaml');
    write('b.yaml');
    const txt = write('notes.txt');
    expect(await found([a, root, a, txt])).toEqual(['a.yaml', 'b.yaml', 'notes.txt']);
  });

  it('reports roots that do not exist', async () => {
    const result = await discoverManifestFiles([path.join(root, 'nope')]);
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([{ file: path.join(root, 'nope'), reason: 'cannot read: ENOENT' }]);
  });

  it('honours .gitignore: file, glob, dir-only patterns, anchored patterns and negation', async () => {
    write('.gitignore', 'secret.yaml\n*.generated.yaml\nbuild/\n/top-only.yaml\nvalues-*.yaml\n!values-keep.yaml\n# comment\n');
    write('secret.yaml');
    write('sub/secret.yaml');
    write('x.generated.yaml');
    write('build/out.yaml');
    write('sub/build/out.yaml');
    write('build.yaml/inner.yaml'); // a folder named build.yaml is not a file pattern match for build/
    write('top-only.yaml');
    write('sub/top-only.yaml');
    write('values-prod.yaml');
    write('values-keep.yaml');
    write('kept.yaml');
    expect(await found()).toEqual(['build.yaml/inner.yaml', 'kept.yaml', 'sub/top-only.yaml', 'values-keep.yaml']);
  });

  it('a dir-only pattern does not match a file of that name', async () => {
    write('.gitignore', 'manifests.yaml/\n');
    write('manifests.yaml');
    expect(await found()).toEqual(['manifests.yaml']);
  });

  it('nested .gitignore files are relative to their folder and can re-include', async () => {
    write('.gitignore', '*.json\n');
    write('a.json');
    write('apps/.gitignore', '/local.yaml\n!keep.json\n');
    write('apps/local.yaml');
    write('apps/keep.json');
    write('apps/other.json');
    write('apps/nested/local.yaml');
    write('local.yaml');
    expect(await found()).toEqual(['apps/keep.json', 'apps/nested/local.yaml', 'local.yaml']);
  });

  it('files inside an ignored folder cannot be re-included (like git)', async () => {
    write('.gitignore', 'tmp/\n!tmp/keep.yaml\n');
    write('tmp/keep.yaml');
    expect(await found()).toEqual([]);
  });

  it('honours .convergeignore, which can override .gitignore in the same folder', async () => {
    write('.gitignore', 'generated/\n');
    write('.convergeignore', 'helm-values/\n!generated/\n');
    write('generated/app.yaml');
    write('helm-values/values.yaml');
    write('app.yaml');
    expect(await found()).toEqual(['app.yaml', 'generated/app.yaml']);
  });

  it('honours Flux .sourceignore files at the root and in sub-folders (files Flux never fetches are not checked)', async () => {
    write('.sourceignore', '# not for Flux\ndocs/\n*.example.yaml\n');
    write('docs/deployment.yaml');
    write('apps/web.example.yaml');
    write('apps/web.yaml');
    write('clusters/prod/.sourceignore', '/scratch.yaml\n!keep.example.yaml\n');
    write('clusters/prod/scratch.yaml');
    write('clusters/prod/keep.example.yaml');
    write('clusters/prod/apps.yaml');
    write('clusters/staging/scratch.yaml');
    expect(await found()).toEqual(['apps/web.yaml', 'clusters/prod/apps.yaml', 'clusters/prod/keep.example.yaml', 'clusters/staging/scratch.yaml']);
  });

  it('.sourceignore and .gitignore are separate: a `!` in one does not re-include what the other ignores', async () => {
    write('.gitignore', 'local/\n');
    write('.sourceignore', '!local/\nsandbox/\n');
    write('.convergeignore', '!sandbox/\n');
    write('local/app.yaml');
    write('sandbox/app.yaml');
    write('app.yaml');
    expect(await found()).toEqual(['app.yaml']);
  });

  it('a searched sub-folder of a repository honours the .sourceignore files above it, up to the repository root', async () => {
    mkdirSync(path.join(root, '.git'));
    write('.sourceignore', 'clusters/prod/tests/\n');
    write('clusters/.sourceignore', '*.draft.yaml\n');
    write('clusters/prod/apps.yaml');
    write('clusters/prod/next.draft.yaml');
    write('clusters/prod/tests/smoke.yaml');
    expect(await found([path.join(root, 'clusters/prod')])).toEqual(['clusters/prod/apps.yaml']);
    // Outside a repository (no .git above), only the searched folders' own ignore files count.
    rmSync(path.join(root, '.git'), { recursive: true });
    expect(await found([path.join(root, 'clusters/prod')])).toEqual(['clusters/prod/apps.yaml', 'clusters/prod/next.draft.yaml', 'clusters/prod/tests/smoke.yaml']);
  });

  it('.sourceignore of a folder above the repository root is not read', async () => {
    write('.sourceignore', '*.yaml\n');
    mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    write('repo/apps/web.yaml');
    expect(await found([path.join(root, 'repo/apps')])).toEqual(['repo/apps/web.yaml']);
  });

  it('honours opts.exclude relative to the root, over ignore files', async () => {
    write('.gitignore', '!x.yaml\n');
    write('x.yaml');
    write('ci/pipeline.yaml');
    write('apps/ci/pipeline.yaml');
    write('apps/app.yaml');
    expect(await found([root], { exclude: ['/ci/', 'x.yaml'] })).toEqual(['apps/app.yaml', 'apps/ci/pipeline.yaml']);
    expect(await found([root], { exclude: ['**/ci/**'] })).toEqual(['apps/app.yaml', 'x.yaml']);
  });

  it('reports files larger than maxFileBytes instead of returning them', async () => {
    write('small.yaml', 'a: 1\n');
    const big = write('big.yaml', 'x'.repeat(2048));
    const result = await discoverManifestFiles([root], { maxFileBytes: 1024 });
    expect(result.files.map((f) => path.basename(f))).toEqual(['small.yaml']);
    expect(result.skipped).toEqual([{ file: big, reason: 'file is 2 KiB, larger than the 1 KiB limit; not read' }]);
  });

  it('the default size limit is 10 MiB', async () => {
    const big = path.join(root, 'huge.yaml');
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    const result = await discoverManifestFiles([root]);
    expect(result.files).toEqual([]);
    expect(result.skipped[0].reason).toContain('10 MiB limit');
  });

  it('symlink loops terminate and symlinked folders are not entered', async () => {
    write('real/app.yaml');
    symlinkSync(root, path.join(root, 'real', 'loop-to-root'), 'dir');
    symlinkSync(path.join(root, 'real'), path.join(root, 'alias-of-real'), 'dir');
    write('elsewhere.yaml', 'a: 1\n', outside);
    symlinkSync(outside, path.join(root, 'outside-link'), 'dir');
    const started = performance.now();
    expect(await found()).toEqual(['real/app.yaml']);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('symlinked files are followed; dangling links are ignored', async () => {
    const target = write('target.yaml', 'a: 1\n', outside);
    symlinkSync(target, path.join(root, 'linked.yaml'));
    symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'dangling.yaml'));
    expect(await found()).toEqual(['linked.yaml']);
  });
});
