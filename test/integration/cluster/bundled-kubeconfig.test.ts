// The bundled CLI (dist/cli.js, built by `npm run build`) with kubeconfigs that need the parts of client-node the
// bundle loads lazily (scripts/esbuild-plugins.mjs): proxy agents (hpagent, socks-proxy-agent) and JSONPath (gcp auth-provider).
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckSession } from '../../../src/core/engine/session';
import { startTestApiServer, type TestApiServer } from '../../k8s-server';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const GCP_TOKEN = 'converge-test-gcp-token';
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bundled', namespace: 'default' }, data: { a: '1' } };

let server: TestApiServer;
let dir: string;
let repo: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startTestApiServer({ seed: [CONFIG_MAP], tokens: { [GCP_TOKEN]: { user: 'gcp-user', groups: ['system:masters'] } } });
  dir = mkdtempSync(join(tmpdir(), 'converge-bundled-kubeconfig-'));
  repo = join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'configmap.yaml'), stringify(CONFIG_MAP));
});

afterAll(async () => {
  for (const close of closers) await close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The test server's kubeconfig with `edit` applied to its cluster and current user, written to a file. */
function kubeconfig(name: string, edit: { cluster?: object; user?: object }): string {
  const kc = parse(server.kubeconfigYaml);
  Object.assign(kc.clusters[0].cluster, edit.cluster);
  if (edit.user) kc.users.find((u: any) => u.name === 'test-admin').user = edit.user;
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(file, stringify(kc), { mode: 0o600 });
  return file;
}

/** `converge check` as a real process of the bundle; the verdict of the one ConfigMap. */
function check(kubeconfigPath: string): Promise<{ verdict: string | undefined; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, 'check', repo, '--kubeconfig', kubeconfigPath, '--output', 'json', '--quiet'],
      { env: { PATH: process.env.PATH, HOME: '/nonexistent' }, timeout: 10_000 },
      (_err, stdout, stderr) => {
        let verdict: string | undefined;
        try {
          verdict = JSON.parse(stdout).resources.find((r: any) => r.kind === 'ConfigMap' && r.name === 'bundled')?.verdict;
        } catch {
          verdict = undefined;
        }
        done({ verdict, stderr });
      },
    );
  });
}

async function listen<S extends HttpServer | TcpServer>(s: S): Promise<number> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const sockets = new Set<Socket>();
  s.on('connection', (c: Socket) => (sockets.add(c), c.on('close', () => sockets.delete(c))));
  closers.push(async () => {
    for (const c of sockets) c.destroy();
    await new Promise<void>((r) => s.close(() => r()));
  });
  return (s.address() as { port: number }).port;
}

/** Pipes `client` to host:port, after `head` (bytes the client sent already) and `reply` (the proxy's answer). */
function tunnel(client: Socket, host: string, port: number, reply: Buffer | string, head?: Buffer): void {
  const upstream = connect(port, host, () => {
    client.write(reply);
    if (head?.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}

/** An HTTP proxy that only tunnels (CONNECT); records each target. */
async function startConnectProxy(targets: string[]): Promise<number> {
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    tunnel(client, host, Number(port), 'HTTP/1.1 200 Connection Established\r\n\r\n', head);
  });
  return listen(proxy);
}

/** A SOCKS5 proxy without authentication (CONNECT, IPv4 or domain addresses); records each target. */
async function startSocks5Proxy(targets: string[]): Promise<number> {
  const proxy = createTcpServer((client) => {
    let buf = Buffer.alloc(0);
    let greeted = false;
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!greeted) {
        if (buf.length < 2 || buf.length < 2 + buf[1]) return;
        if (buf[0] !== 5 || !buf.subarray(2, 2 + buf[1]).includes(0)) return void client.end(Buffer.from([5, 0xff]));
        buf = buf.subarray(2 + buf[1]);
        greeted = true;
        client.write(Buffer.from([5, 0]));
      }
      // VER CMD RSV ATYP DST.ADDR DST.PORT
      if (buf.length < 5) return;
      const atyp = buf[3];
      const addrEnd = atyp === 1 ? 8 : atyp === 3 ? 5 + buf[4] : -1;
      if (addrEnd < 0 || buf[1] !== 1) return void client.end(Buffer.from([5, atyp === 1 || atyp === 3 ? 7 : 8, 0, 1, 0, 0, 0, 0, 0, 0]));
      if (buf.length < addrEnd + 2) return;
      const host = atyp === 1 ? [...buf.subarray(4, 8)].join('.') : buf.subarray(5, addrEnd).toString();
      const port = buf.readUInt16BE(addrEnd);
      client.off('data', onData);
      targets.push(`${host}:${port}`);
      tunnel(client, host, port, Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]), buf.subarray(addrEnd + 2));
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
  });
  return listen(proxy);
}

describe('the bundled CLI with kubeconfigs that need lazily loaded client-node parts', () => {
  // A cluster with proxy-url: client-node builds the proxy agent (loaded lazily in the bundle) and KubeHttp must use it
  // (it once copied only the agent's TLS settings into an agent of its own, and every request bypassed the proxy).
  describe.each([
    { proxy: 'an HTTP CONNECT proxy (hpagent)', scheme: 'http', start: startConnectProxy },
    { proxy: 'a SOCKS5 proxy (socks-proxy-agent)', scheme: 'socks5', start: startSocks5Proxy },
  ])('proxy-url of $proxy', ({ scheme, start }) => {
    const targets: string[] = [];
    let run: Awaited<ReturnType<typeof check>>;
    let file: string;
    beforeAll(async () => {
      const port = await start(targets);
      file = kubeconfig(`${scheme}-proxy`, { cluster: { 'proxy-url': `${scheme}://127.0.0.1:${port}` } });
      run = await check(file);
    });

    it('converges (the lazily loaded proxy agent was constructed without error)', () => {
      expect(run.verdict, run.stderr).toBe('converged');
    });

    it('tunnels the requests to the API server through the proxy', () => {
      expect(targets).toContain(`127.0.0.1:${server.port}`);
    });

    it('keeps a watch open through the proxy too (live updates in the editor)', async () => {
      const before = targets.length;
      const session = new CheckSession({ paths: [repo], cwd: repo, kubeconfig: file, env: {} });
      const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'bundled' };
      try {
        expect((await session.checkAll()).resources[0].verdict).toBe('converged');
        const verdict = await new Promise<string>((done) => {
          const w = session.watch((changed) => {
            const r = changed.find((c) => c.ref.name === 'bundled');
            if (r) done(r.verdict);
          });
          void w.ready.then(() => server.patch(ref, { data: { a: 'edited' } }, 'kubectl-edit'));
        });
        expect(verdict).toBe('diverged');
        // The watch stream has a connection of its own, tunnelled like the rest.
        expect(targets.length).toBeGreaterThan(before);
        expect(new Set(targets.slice(before))).toEqual(new Set([`127.0.0.1:${server.port}`]));
      } finally {
        session.close();
        server.patch(ref, { data: { a: '1' } }, 'kubectl-edit');
      }
    });
  });

  describe('gcp auth-provider with cmd-path (token and expiry picked by JSONPath)', () => {
    const gcpUser = (token: string) => {
      const script = join(dir, 'gcloud-helper');
      // Prints the token it is given (so cmd-args matter), like `gcloud config config-helper --format=json`.
      writeFileSync(script, `#!/bin/sh\nprintf '{"credential":{"access_token":"%s","token_expiry":"2099-01-01T00:00:00Z"}}' "$2"\n`);
      chmodSync(script, 0o755);
      const config = { 'cmd-path': script, 'cmd-args': `--token ${token}`, 'token-key': '{.credential.access_token}', 'expiry-key': '{.credential.token_expiry}' };
      return { 'auth-provider': { name: 'gcp', config } };
    };

    it('authenticates with the token the command printed', async () => {
      const before = server.requests.length;
      const run = await check(kubeconfig('gcp', { user: gcpUser(GCP_TOKEN) }));
      expect(run.verdict, run.stderr).toBe('converged');
      const users = new Set(server.requests.slice(before).map((r) => r.user));
      expect([...users]).toEqual(['gcp-user']);
    });

    it('is unauthorized when the command prints a token the server does not know', async () => {
      const before = server.requests.length;
      const run = await check(kubeconfig('gcp-wrong', { user: gcpUser('not-a-known-token') }));
      expect(run.verdict).toBe('unknown');
      expect(server.requests.slice(before).some((r) => r.status === 401)).toBe(true);
    });
  });
});
