// Property-style: random Secret values (lengths, alphabets, plain and base64) never appear in anything
// the CLI prints (text, JSON, unified diffs, reasons, problems, logs on stderr), whatever the Secret's
// state: converged, diverged, missing, stringData vs data, rejected by a 422 that echoes the value, a
// broken file, offline. Kubeconfig tokens and client keys never appear either.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';
import { runCli, type CliRun } from '../../support/cli';
import { int, pick, seeded, type Rand } from '../../unit/fuzz/fuzz-support';

const RUNS = 8;
const SEED = Number(process.env.SECRET_SEED ?? 424242);
const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=',
  `!#$%&()*,-.:;<>?@[]^_{|}~'"\\ `,
  'äöüßéèçñ你好世界ØÆÅ🙂🔑',
];
let server: TestApiServer;
let root: string;

function randomValue(r: Rand): string {
  const alphabet = [...pick(r, ALPHABETS), ...pick(r, ALPHABETS)];
  const len = 10 + int(r, 150);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[int(r, alphabet.length)];
  return `${s.trim() || 'x'}Q${int(r, 1e9)}`; // never blank, never a common word
}

/** What must never be printed for a value: as written, base64, and as decoded when it is base64 of text. */
function forms(v: string): string[] {
  return [v, Buffer.from(v).toString('base64')];
}

interface Case {
  name: string;
  manifest: object;
  live?: object;
  values: string[];
}

function secret(name: string, field: 'data' | 'stringData', values: Record<string, string>): any {
  const body = field === 'data' ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) : values;
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'vault' }, type: 'Opaque', [field]: body };
}

/** Six Secrets in different states, with fresh random values. */
function casesFor(r: Rand, run: number): Case[] {
  const v = () => randomValue(r);
  const [a, b, c, d, e, f, g, h, i] = [v(), v(), v(), v(), v(), v(), v(), v(), v()];
  const field = () => (r() < 0.5 ? 'data' : 'stringData') as 'data' | 'stringData';
  return [
    { name: `same-${run}`, manifest: secret(`same-${run}`, field(), { token: a }), live: secret(`same-${run}`, 'data', { token: a }), values: [a] },
    { name: `changed-${run}`, manifest: secret(`changed-${run}`, field(), { token: b, keep: c }), live: secret(`changed-${run}`, 'data', { token: d, keep: c }), values: [b, c, d] },
    { name: `removed-key-${run}`, manifest: secret(`removed-key-${run}`, field(), { token: e }), live: secret(`removed-key-${run}`, 'data', { token: e, extra: f }), values: [e, f] },
    { name: `new-${run}`, manifest: secret(`new-${run}`, field(), { token: g }), values: [g] },
    { name: `echoed-${run}`, manifest: secret(`echoed-${run}`, field(), { token: h }), live: secret(`echoed-${run}`, 'data', { token: i }), values: [h, i] },
  ];
}

const outputs: Array<{ label: string; run: CliRun }> = [];
const allValues: string[] = [];
const liveJson: string[] = [];

beforeAll(async () => {
  server = await startTestApiServer({ seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vault' } }] });
  root = mkdtempSync(join(tmpdir(), 'converge-secrets-'));
  const r = seeded(SEED);
  for (let run = 0; run < RUNS; run++) {
    const cases = casesFor(r, run);
    const dir = join(root, `run-${run}`);
    mkdirSync(dir);
    for (const c of cases) {
      allValues.push(...c.values);
      writeFileSync(join(dir, `${c.name}.yaml`), stringify(c.manifest, { lineWidth: 0 }));
      if (c.live) liveJson.push(JSON.stringify(server.apply(c.live, 'kustomize-controller')));
    }
    // A broken Secret file: the YAML error is on the line holding the value.
    const broken = randomValue(r);
    allValues.push(broken);
    writeFileSync(join(dir, 'broken.yaml'), `apiVersion: v1\nkind: Secret\nmetadata: {name: broken-${run}, namespace: vault}\nstringData:\n  token: "${broken.replace(/["\\]/g, '')}\n  other: [${broken}\n`);
    // A duplicate key inside a Secret.
    const dup = randomValue(r);
    allValues.push(dup);
    writeFileSync(join(dir, 'duplicate.yaml'), stringify(secret(`dup-${run}`, 'stringData', { token: dup }), { lineWidth: 0 }) + `  token: ${JSON.stringify(dup)}\n`);

    // The dry-run of the "echoed" Secret is rejected with a 422 that quotes its value, like a real validation error.
    const echoed = cases.find((c) => c.name.startsWith('echoed'))!;
    const value = echoed.values[0];
    server.setFault({
      status: 422,
      verb: 'patch',
      pathPrefix: `/api/v1/namespaces/vault/secrets/echoed-${run}`,
      message: `Secret "echoed-${run}" is invalid: data[token]: Invalid value: "${value}": and ${Buffer.from(value).toString('base64')} and ${value}`,
    });
    const args = ['check', dir, '--kubeconfig', server.kubeconfigPath];
    outputs.push({ label: `run ${run} json`, run: await runCli([...args, '--output', 'json'], { cwd: root }) });
    outputs.push({ label: `run ${run} text`, run: await runCli(args, { cwd: root }) });
    outputs.push({ label: `run ${run} offline`, run: await runCli([...args, '--offline'], { cwd: root }) });
    outputs.push({ label: `run ${run} validate`, run: await runCli(['validate', dir, '--output', 'json'], { cwd: root }) });
    server.setFault(undefined);
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('Secret values never printed', () => {
  it(`${RUNS} runs × 7 Secrets with random values: the CLI reached every state`, () => {
    const json = outputs.filter((o) => o.label.endsWith('json')).map((o) => o.run.json());
    const verdicts = new Set(json.flatMap((j) => j.resources.map((r: any) => `${r.name.replace(/-\d+$/, '')}=${r.verdict}`)));
    expect([...verdicts].sort()).toEqual(
      expect.arrayContaining(['same=converged', 'changed=diverged', 'removed-key=diverged', 'new=missing', 'echoed=invalid']),
    );
    const changed = json.flatMap((j) => j.resources).filter((r: any) => r.name.startsWith('changed-'));
    for (const r of changed) expect(r.unifiedDiff).toContain("'*** (after)'");
    const invalid = json.flatMap((j) => j.resources).filter((r: any) => r.verdict === 'invalid');
    expect(invalid.length).toBeGreaterThanOrEqual(RUNS * 3); // echoed, broken, duplicate
  });

  it('the detector works: every value is found where it was written (workspace files, live objects)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const text = [...files.map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')), ...liveJson].join('\n');
    const found = allValues.filter((v) => forms(v).some((f) => text.includes(f) || text.includes(JSON.stringify(f).slice(1, -1)) || text.includes(f.replace(/["\\]/g, ''))));
    expect(found.length).toBe(allValues.length);
  });

  it('no value, plain or base64, in any stdout or stderr (text, JSON, offline, validate)', () => {
    const leaks: string[] = [];
    for (const { label, run } of outputs) {
      const text = run.stdout + run.stderr;
      for (const v of allValues) for (const f of forms(v)) if (f.length >= 6 && text.includes(f)) leaks.push(`${label}: a value of length ${v.length} was printed`);
    }
    expect(leaks).toEqual([]);
  });

  it('the echoed 422 is still explained (value replaced by ***)', () => {
    const json = outputs.filter((o) => o.label.endsWith('json')).map((o) => o.run.json());
    const echoed = json.flatMap((j) => j.resources).filter((r: any) => r.name.startsWith('echoed-'));
    expect(echoed).toHaveLength(RUNS);
    for (const r of echoed) expect(r.reason).toMatch(/^rejected by the API server: Secret "echoed-\d+" is invalid: data\[token\]: Invalid value: "\*\*\*"/);
  });
});

describe('credentials never printed', () => {
  const kubeconfigSecrets = () => {
    const tls = server.kubeconfigYaml;
    const keyData = /client-key-data: (\S+)/.exec(tls)![1];
    const keyPem = Buffer.from(keyData, 'base64').toString();
    const keyLines = keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    return [server.tokens.admin, server.tokens.expired, server.tokens.restricted, keyData, ...keyLines];
  };

  it('not in errors or logs of failing and succeeding runs (expired token, client cert, unreachable, forbidden)', async () => {
    const dir = join(root, 'run-0');
    const runs = [
      await runCli(['check', dir, '--kubeconfig', server.kubeconfigPath, '--context', 'expired'], { cwd: root }),
      await runCli(['check', dir, '--kubeconfig', server.kubeconfigPath, '--context', 'restricted', '--output', 'json'], { cwd: root }),
      await runCli(['check', dir, '--kubeconfig', server.kubeconfigPath, '--context', 'client-cert'], { cwd: root }),
      await runCli(['check', dir, '--kubeconfig', server.kubeconfigPath, '--context', 'no-such-context'], { cwd: root }),
      await runCli(['validate', dir, '--kubeconfig', server.kubeconfigPath, '--context', 'expired'], { cwd: root }),
    ];
    const unreachable = server.kubeconfigPath + '.down';
    writeFileSync(unreachable, server.kubeconfigYaml.replace(/server: \S+/, 'server: https://127.0.0.1:1'));
    runs.push(await runCli(['check', dir, '--kubeconfig', unreachable], { cwd: root }));
    // A kubeconfig that does not parse: its error must not quote the file's content.
    const broken = server.kubeconfigPath + '.broken';
    writeFileSync(broken, server.kubeconfigYaml.replace('contexts:', 'contexts: [\n'));
    runs.push(await runCli(['check', dir, '--kubeconfig', broken], { cwd: root }));
    expect(runs[0].stdout).toMatch(/unauthorized/);
    expect(runs[1].json().resources.some((r: any) => /forbidden/.test(r.reason))).toBe(true);
    const all = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const s of kubeconfigSecrets()) expect(all.includes(s), `credential of length ${s.length} printed`).toBe(false);
  });
});
