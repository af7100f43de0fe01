// Property-style, against the test API server: random Secret values — random bytes, base64-looking text,
// multi-line (PEM-like), values that look like YAML or JSON, accents/emoji, and short ones ("a") — in `data`
// and `stringData`, converged, diverged, with a removed key, missing, and rejected by a 422 that echoes them,
// never appear in anything a user or a log sees: CLI output (JSON, text with and without colour, progress
// and logs on stderr, offline, validate), the engine's log at every level, unified diffs, the editor's diff
// documents (live and desired sides, whole-file documents), decorations, the inspector's text, PR titles,
// bodies, commit messages and branch names (from verdicts and from what Git says changed), error messages.
//
// The detection rule (and the product's, `src/core/engine/scrub.ts`): a value of 6+ characters (as written,
// base64, JSON-escaped, or one line of a multi-line value) must appear nowhere. A shorter random value can
// collide with ordinary text ("a" is in every sentence), so for those the test checks where a value would be
// shown: quoted (`"ab"`, `'ab'`) or after a key (`token: ab`); structured outputs are checked by position.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { runCheck } from '../../../src/core/engine/check';
import { scrubSecretValues } from '../../../src/core/engine/scrub';
import { desiredDocument, fileDiffDocuments, liveDocument } from '../../../src/core/editor/diff-documents';
import { decorationModel } from '../../../src/core/editor/decoration-model';
import { commitMessage, prBody, prTitle, suggestBranchName, type PrChange } from '../../../src/core/pr/describe';
import { changesFromGit } from '../../../src/core/pr/git-changes';
import type { CheckReport, KubeObject, VerdictResult } from '../../../src/core/types';
import { maskSecretText } from '../../../src/extension/inspector/secret-text';
import { presentableLive } from '../../../src/extension/inspector/live-text';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { int, pick, seeded, type Rand } from '../../unit/fuzz/fuzz-support';
import { git, isolateGitConfig, type Sandbox } from '../git/sandbox';

const RUNS = 5;
const SEED = Number(process.env.SECRET_SEED ?? 8675309);
const LONG = 6;

type Kind = 'bytes' | 'text' | 'multiline' | 'yaml' | 'json' | 'unicode' | 'short';
const KINDS: Kind[] = ['bytes', 'text', 'multiline', 'yaml', 'json', 'unicode', 'short'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function chars(r: Rand, alphabet: string, n: number): string {
  const a = [...alphabet];
  let s = '';
  for (let i = 0; i < n; i++) s += a[int(r, a.length)];
  return s;
}

/** A value as bytes (for `data`) and, unless binary, as text (for `stringData`). */
interface Value {
  kind: Kind;
  bytes: Buffer;
  text?: string;
}

function randomValue(r: Rand, kind: Kind): Value {
  const text = (s: string): Value => ({ kind, bytes: Buffer.from(s, 'utf8'), text: s });
  switch (kind) {
    case 'bytes': {
      const b = Buffer.alloc(8 + int(r, 56));
      for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
      b[0] = 0xff; // never valid UTF-8 text
      return { kind, bytes: b };
    }
    case 'text':
      return text(`${chars(r, B64, 12 + int(r, 40))}Q${int(r, 1e9)}`);
    case 'multiline':
      return text(`-----BEGIN KEY-----\n${Array.from({ length: 2 + int(r, 4) }, () => chars(r, B64, 24 + int(r, 40))).join('\n')}\n-----END KEY-----\n`);
    case 'yaml':
      return text(`user: ${chars(r, 'abcdefghij', 8)}${int(r, 1e6)}\npassword: "${chars(r, B64, 16)}"\nlist:\n  - ${chars(r, B64, 10)}`);
    case 'json':
      return text(JSON.stringify({ auths: { 'registry.example': { auth: chars(r, B64, 20 + int(r, 20)) } }, n: [1, chars(r, B64, 8)] }));
    case 'unicode':
      return text(`${chars(r, 'äöüßéèçñ你好世界ØÆÅ🙂🔑', 8 + int(r, 10))}${int(r, 1e9)}`);
    case 'short':
      // Letters that no quoted word of the output is made of, so a quoted hit can only be the value ("a" itself
      // is covered by the scrubbing rule's own tests below).
      return text(chars(r, 'qxzjQXZJ', 1 + int(r, 3)));
  }
}

/** Every way a value could be printed: as written, base64, JSON-escaped, and each line of a multi-line value. */
function forms(v: Value): string[] {
  const out = new Set<string>([v.bytes.toString('base64')]);
  if (v.text !== undefined) {
    out.add(v.text);
    out.add(JSON.stringify(v.text).slice(1, -1));
    for (const line of v.text.split('\n')) out.add(line.trim());
  }
  return [...out].filter(Boolean);
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Where a value would show in `text`: anywhere for long forms, quoted or after a key for short ones. */
function leaksIn(text: string, values: readonly Value[]): string[] {
  const plain = text.replace(ANSI, '');
  const found: string[] = [];
  for (const v of values) {
    for (const f of forms(v)) {
      const hit = f.length >= LONG
        ? plain.includes(f)
        : plain.includes(`"${f}"`) || plain.includes(`'${f}'`) || new RegExp(`:\\s+${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').test(plain);
      if (hit) found.push(`${v.kind} value (form of length ${f.length})`);
    }
  }
  return found;
}

function secret(name: string, field: 'data' | 'stringData', values: Record<string, Value>): KubeObject {
  // Binary values can only be written as data.
  const f = Object.values(values).some((v) => v.text === undefined) ? 'data' : field;
  const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, f === 'data' ? v.bytes.toString('base64') : v.text]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'vault' }, type: 'Opaque', [f]: body } as KubeObject;
}

interface Surface {
  label: string;
  text: string;
}

let server: TestApiServer;
let root: string;
let gitSandbox: Sandbox;
const values: Value[] = [];
const surfaces: Surface[] = [];
const reports: CheckReport[] = [];
let progressLines = 0;
/** Every text a value was written into: the detector must find each value there. */
const written: string[] = [];

async function cli(args: string[], isTTY: boolean): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: root, isTTY, env: { PATH: process.env.PATH, HOME: '/nonexistent' } });
  return { stdout, stderr };
}

function changesOf(report: CheckReport): PrChange[] {
  return report.resources
    .filter((r) => r.diff.length && r.source)
    .map((r) => ({ ref: r.ref, file: r.source!.file, diff: r.diff }));
}

beforeAll(async () => {
  gitSandbox = isolateGitConfig();
  server = await startTestApiServer({ seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vault' } }] });
  root = mkdtempSync(join(tmpdir(), 'converge-secret-surfaces-'));
  const r = seeded(SEED);
  for (let run = 0; run < RUNS; run++) {
    const dir = join(root, `run-${run}`);
    mkdirSync(dir);
    const v = (): Value => {
      const x = randomValue(r, KINDS[(values.length + run) % KINDS.length]);
      values.push(x);
      return x;
    };
    const field = (): 'data' | 'stringData' => (r() < 0.5 ? 'data' : 'stringData');
    const files: Record<string, KubeObject> = {};
    const lives: KubeObject[] = [];
    const same = { alpha: v(), beta: v() };
    files.same = secret(`same-${run}`, field(), same);
    lives.push(secret(`same-${run}`, 'data', same));
    const kept = v();
    files.changed = secret(`changed-${run}`, field(), { token: v(), keep: kept, short: v() });
    lives.push(secret(`changed-${run}`, 'data', { token: v(), keep: kept, short: v() }));
    const removedKept = v();
    files.removed = secret(`removed-${run}`, field(), { token: removedKept });
    lives.push(secret(`removed-${run}`, 'data', { token: removedKept, extra: v() }));
    files.missing = secret(`missing-${run}`, field(), { token: v(), other: v() });
    const echoed = v();
    files.echoed = secret(`echoed-${run}`, field(), { token: echoed });
    lives.push(secret(`echoed-${run}`, 'data', { token: v() }));
    for (const [name, obj] of Object.entries(files)) {
      written.push(stringify(obj, { lineWidth: 0 }));
      writeFileSync(join(dir, `${name}.yaml`), written.at(-1)!);
    }
    for (const l of lives) written.push(stringify(server.apply(l, 'kustomize-controller'), { lineWidth: 0 }));

    // The dry-run of the "echoed" Secret is refused with a 422 quoting its value in every way a server might.
    const forms422 = forms(echoed);
    server.setFault({
      status: 422, verb: 'patch', pathPrefix: `/api/v1/namespaces/vault/secrets/echoed-${run}`,
      message: `Secret "echoed-${run}" is invalid: data[token]: Invalid value: ${JSON.stringify(echoed.text ?? '')}: must be valid; got '${forms422[0]}' (${forms422.join(', ')})`,
    });
    const args = ['check', dir, '--kubeconfig', server.kubeconfigPath];
    for (const [label, a, tty] of [
      ['json', [...args, '--output', 'json'], false],
      ['text --no-color', [...args, '--no-color'], false],
      ['text in colour on a terminal', args, true],
      ['offline', [...args, '--offline'], true],
      ['validate', ['validate', dir, '--output', 'json'], false],
      ['validate text', ['validate', dir], true],
    ] as Array<[string, string[], boolean]>) {
      const out = await cli(a, tty);
      surfaces.push({ label: `run ${run} CLI ${label} stdout`, text: out.stdout }, { label: `run ${run} CLI ${label} stderr`, text: out.stderr });
    }

    // In-process: every log line at every level, and the report the editor works from.
    const logLines: string[] = [];
    const logger = { debug: (m: string) => logLines.push(m), info: (m: string) => logLines.push(m), warn: (m: string) => logLines.push(m), error: (m: string) => logLines.push(m) };
    const report = await runCheck({ paths: [dir], cwd: root, kubeconfig: server.kubeconfigPath, env: {}, log: logger, onProgress: (d, t) => logLines.push(`${d}/${t}`) });
    server.setFault(undefined);
    reports.push(report);
    surfaces.push({ label: `run ${run} engine log`, text: logLines.join('\n') });
    surfaces.push({ label: `run ${run} report JSON`, text: JSON.stringify(report) });
    surfaces.push({ label: `run ${run} unified diffs`, text: report.resources.map((x) => x.unifiedDiff ?? '').join('\n') });

    // The editor: diff documents per object and per file, decorations, the inspector's manifest and live texts.
    for (const [name, obj] of Object.entries(files)) {
      const file = join(dir, `${name}.yaml`);
      const text = readFileSync(file, 'utf8');
      const live = server.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'vault', name: obj.metadata.name! }) as KubeObject | undefined;
      const results = report.resources.filter((x: VerdictResult) => x.ref.name === obj.metadata.name);
      const docs = fileDiffDocuments(text, file, live ? [live] : [], { results });
      surfaces.push({ label: `run ${run} ${name} file diff documents`, text: `${docs.live}\n${docs.desired}` });
      surfaces.push({ label: `run ${run} ${name} desired document`, text: desiredDocument(obj, live) });
      if (live) {
        surfaces.push({ label: `run ${run} ${name} live document`, text: liveDocument(live, obj, { diff: results[0]?.diff }) });
        surfaces.push({ label: `run ${run} ${name} live document (orphan view)`, text: liveDocument(live) });
        surfaces.push({ label: `run ${run} ${name} inspector live`, text: JSON.stringify(presentableLive(live)) });
      }
      surfaces.push({ label: `run ${run} ${name} decorations`, text: JSON.stringify(decorationModel(text, file, results)) });
      surfaces.push({ label: `run ${run} ${name} inspector manifest`, text: maskSecretText(text).text });
    }

    // PR texts from the verdicts.
    const changes = changesOf(report);
    surfaces.push({
      label: `run ${run} PR texts from verdicts`,
      text: [suggestBranchName(changes), commitMessage(changes), prTitle(changes), prBody(changes, { repoRoot: dir })].join('\n'),
    });
  }

  // Progress on stderr needs 50+ objects: 40 more Secrets (half in the cluster with other values), then the whole tree.
  const bulk = join(root, 'bulk');
  mkdirSync(bulk);
  const rb = seeded(SEED + 2);
  for (let i = 0; i < 40; i++) {
    const mine = randomValue(rb, KINDS[i % KINDS.length]);
    const theirs = randomValue(rb, KINDS[(i + 1) % KINDS.length]);
    values.push(mine);
    const obj = secret(`bulk-${i}`, i % 2 ? 'data' : 'stringData', { token: mine });
    written.push(stringify(obj, { lineWidth: 0 }));
    writeFileSync(join(bulk, `bulk-${i}.yaml`), written.at(-1)!);
    if (i % 2) {
      values.push(theirs);
      written.push(stringify(server.apply(secret(`bulk-${i}`, 'data', { token: theirs }), 'kustomize-controller'), { lineWidth: 0 }));
    }
  }
  const whole = await cli(['check', root, '--kubeconfig', server.kubeconfigPath, '--no-color'], true);
  progressLines = whole.stderr.split('\n').filter((l) => /^checked \d+\/\d+$/.test(l)).length;
  surfaces.push({ label: 'CLI whole tree stdout', text: whole.stdout }, { label: 'CLI whole tree stderr (progress)', text: whole.stderr });

  // PR texts from what Git says changed: every Secret file committed, then every value changed in the working tree.
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q');
  const r2 = seeded(SEED + 1);
  const before: Record<string, KubeObject> = {};
  for (let i = 0; i < KINDS.length * 2; i++) {
    const a = randomValue(r2, KINDS[i % KINDS.length]);
    const b = randomValue(r2, KINDS[(i + 3) % KINDS.length]);
    values.push(a, b);
    before[`s${i}.yaml`] = secret(`git-${i}`, i % 2 ? 'data' : 'stringData', { token: a, other: b });
  }
  for (const [f, obj] of Object.entries(before)) {
    written.push(stringify(obj, { lineWidth: 0 }));
    writeFileSync(join(repo, f), written.at(-1)!);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'secrets');
  for (const [f, obj] of Object.entries(before)) {
    const c = randomValue(r2, KINDS[int(r2, KINDS.length)]);
    values.push(c);
    const changed = structuredClone(obj);
    const field = changed.data ? 'data' : 'stringData';
    (changed as any)[field].token = field === 'data' || c.text === undefined ? c.bytes.toString('base64') : c.text;
    written.push(stringify(changed, { lineWidth: 0 }));
    writeFileSync(join(repo, f), written.at(-1)!);
  }
  const gitChanges = await changesFromGit(repo, Object.keys(before).map((f) => join(repo, f)));
  expect(gitChanges.length).toBe(Object.keys(before).length);
  surfaces.push({
    label: 'PR texts from git changes',
    text: [suggestBranchName(gitChanges), commitMessage(gitChanges), prTitle(gitChanges), prBody(gitChanges, { repoRoot: repo })].join('\n'),
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  gitSandbox?.cleanup();
});

describe('random Secret values never shown', () => {
  it('the runs reached every state, with every kind of value', () => {
    const byName = (prefix: string) => reports.flatMap((r) => r.resources).filter((x) => x.ref.name.startsWith(prefix));
    expect(new Set(byName('same-').map((x) => x.verdict))).toEqual(new Set(['converged']));
    expect(new Set(byName('changed-').map((x) => x.verdict))).toEqual(new Set(['diverged']));
    expect(new Set(byName('removed-').map((x) => x.verdict))).toEqual(new Set(['diverged']));
    expect(new Set(byName('missing-').map((x) => x.verdict))).toEqual(new Set(['missing']));
    expect(new Set(byName('echoed-').map((x) => x.verdict))).toEqual(new Set(['invalid']));
    expect(new Set(values.map((v) => v.kind))).toEqual(new Set(KINDS));
    expect(progressLines).toBeGreaterThan(0); // the progress on stderr was there to be checked
    for (const x of byName('changed-')) expect(x.unifiedDiff).toContain("'*** (after)'");
    // Still readable: the reason names the field that was refused, the diff names the keys.
    for (const x of byName('echoed-')) expect(x.reason).toMatch(/Secret "echoed-\d+" is invalid: data\[token\]: Invalid value: "\*\*\*"/);
    for (const x of byName('changed-')) expect(x.diff.map((e) => e.path)).toContain('data.token');
  });

  it('the detector finds every value where it was written (manifest files, live objects, the repository)', () => {
    const text = written.join('\n');
    const missed = values.filter((v) => leaksIn(text, [v]).length === 0).map((v) => v.kind);
    expect(missed).toEqual([]);
  });

  it('in none of the surfaces: CLI (all formats, stderr), engine log, report, unified diffs, diff documents, decorations, inspector, PR texts', () => {
    expect(surfaces.length).toBeGreaterThan(RUNS * 40);
    const leaks = surfaces.flatMap((s) => leaksIn(s.text, values).map((l) => `${s.label}: ${l}`));
    expect(leaks).toEqual([]);
  });
});

describe('the scrubbing rule for free text (server and tool messages)', () => {
  const obj = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: v } }) as KubeObject;
  const MESSAGE = 'spec: Invalid value: a value is required at data[token]; admission webhook "policy.example" denied';

  it('a short value is masked only where it is quoted; the message stays readable', () => {
    expect(scrubSecretValues(`${MESSAGE}; got "a"`, obj('a'))).toBe('spec: Invalid value: a value is required at data[token]; admission webhook "policy.example" denied; got "***"');
    expect(scrubSecretValues(`got 'on' and on`, obj('on'))).toBe(`got '***' and on`);
    expect(scrubSecretValues(`token=abc, "abc"`, obj('abc'))).toBe('token=abc, "***"');
  });

  it('a value of 4+ characters is masked wherever it appears, also JSON-escaped, base64 or one line of it', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD\n-----END KEY-----\n';
    const out = scrubSecretValues(`bad key "${JSON.stringify(pem).slice(1, -1)}", line MIIBOgIBAAJBAKj34GkxFhD, b64 ${Buffer.from(pem).toString('base64')}, word abcd!`, obj(pem), obj('abcd'));
    expect(out).not.toContain('MIIBOgIBAAJBAKj34GkxFhD');
    expect(out).not.toContain(Buffer.from(pem).toString('base64'));
    expect(out).not.toContain('abcd');
    expect(out).toContain('bad key "***", line ***, b64 ***, word ***!');
  });
});

describe('kubeconfig credentials never shown', () => {
  /** The admin token, the other tokens, the client key (base64 and each PEM line). */
  function credentials(): string[] {
    const keyData = /client-key-data: (\S+)/.exec(server.kubeconfigYaml)![1];
    const keyLines = Buffer.from(keyData, 'base64').toString().split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    return [server.tokens.admin, server.tokens.expired, server.tokens.restricted, keyData, ...keyLines];
  }

  async function everything(kubeconfig: string, context: string | undefined): Promise<string> {
    const dir = join(root, 'run-0');
    const ctx = context ? ['--context', context] : [];
    const lines: string[] = [];
    const log = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const report = await runCheck({ paths: [dir], cwd: root, kubeconfig, context, env: {}, log });
    const outs = [
      await cli(['check', dir, '--kubeconfig', kubeconfig, ...ctx, '--output', 'json'], false),
      await cli(['check', dir, '--kubeconfig', kubeconfig, ...ctx], true),
    ];
    return [JSON.stringify(report), ...lines, ...outs.flatMap((o) => [o.stdout, o.stderr])].join('\n');
  }

  it('a 401 and a 403 whose messages echo the bearer token, an expired token, a TLS failure with a token and with a client key', async () => {
    const texts: Array<[string, string]> = [];
    server.setFault({ status: 401, pathPrefix: '/api/v1/namespaces/vault/secrets', message: `Unauthorized: token "${server.tokens.admin}" (Bearer ${server.tokens.admin}) has expired` });
    texts.push(['401 echoing the token', await everything(server.kubeconfigPath, undefined)]);
    server.setFault({ status: 403, pathPrefix: '/api', message: `secrets is forbidden: User "system:serviceaccount:x" with Authorization: Bearer ${server.tokens.admin} cannot list` });
    texts.push(['403 echoing the header', await everything(server.kubeconfigPath, undefined)]);
    server.setFault(undefined);
    texts.push(['expired token', await everything(server.kubeconfigPath, 'expired')]);
    // The server's certificate checked against another CA (the client certificate): every handshake fails.
    const wrongCa = join(root, 'wrong-ca.kubeconfig');
    const clientCert = /client-certificate-data: (\S+)/.exec(server.kubeconfigYaml)![1];
    writeFileSync(wrongCa, server.kubeconfigYaml.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${clientCert}`));
    texts.push(['TLS failure with a token', await everything(wrongCa, undefined)]);
    texts.push(['TLS failure with a client key', await everything(wrongCa, 'client-cert')]);

    expect(texts[0][1]).toMatch(/unauthorized/i);
    expect(texts[0][1]).toContain('unauthorized (credentials rejected, expired token?): Unauthorized: token \\"***\\" (***) has expired'); // still explained
    expect(texts[1][1]).toMatch(/forbidden/);
    expect(texts[3][1]).toMatch(/certificate/);
    const leaks = texts.flatMap(([label, text]) => credentials().filter((c) => text.includes(c)).map((c) => `${label}: a credential of length ${c.length}`));
    expect(leaks).toEqual([]);
  });
});
