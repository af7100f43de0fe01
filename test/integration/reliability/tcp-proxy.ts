// A TCP proxy in front of the test API server that delays the first bytes of each connection (a slow
// TLS handshake), so that handshake timeouts can be tested with the real TLS stack.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface TcpProxy {
  port: number;
  /** A kubeconfig (file path) like `yaml` but pointing at the proxy; optionally trusting a wrong CA. */
  kubeconfigFor(yaml: string, opts?: { untrustedCa?: boolean }): string;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, opts: { delayFirstByteMs?: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    const start = () => {
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (opts.delayFirstByteMs) {
      client.pause();
      const t = setTimeout(() => {
        client.resume();
        start();
      }, opts.delayFirstByteMs);
      client.on('close', () => clearTimeout(t));
    } else start();
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'converge-proxy-'));
  return {
    port,
    kubeconfigFor(yaml, o = {}) {
      const kc = parse(yaml);
      for (const c of kc.clusters) {
        c.cluster.server = `https://127.0.0.1:${port}`;
        // A CA that did not sign the server certificate: the handshake fails with a TLS error.
        if (o.untrustedCa) c.cluster['certificate-authority-data'] = Buffer.from(UNRELATED_CA).toString('base64');
      }
      const file = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
      writeFileSync(file, stringify(kc), { mode: 0o600 });
      return file;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A self-signed CA certificate unrelated to the test server's (TEST ONLY, no key is kept).
const UNRELATED_CA = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUCetwbJsbE/LFVSPSFpJTYII5KbAwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRdW5yZWxhdGVkLXRlc3QtY2EwIBcNMjYxMTI0MjEwMjA4WhgP
MjEyNjEwMzEyMTAyMDhaMBwxGjAYBgNVBAMMEXVucmVsYXRlZC10ZXN0LWNhMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAES/37MWuBhHeTZxm+iYt5Q+aULIaEwafY
J+ck+p4juIt2hgrtkUu6prHbr9vxkPqirXrlX5hy73vMETpVMNOey6NTMFEwHQYD
VR0OBBYEFGnAoY9epX63VDKTB46OIZPEwyMmMB8GA1UdIwQYMBaAFGnAoY9epX63
VDKTB46OIZPEwyMmMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
YFGlJB2BcAo5oESdm2RdALK8j9r2wyzV5Bzf3MH0RUMCIQCb11lw72O0Z81Yprlx
D/iQKg5HP/XdYlDyBDhKFBOkQg==
-----END CERTIFICATE-----
`;
