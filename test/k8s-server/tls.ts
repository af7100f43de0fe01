// The committed TEST-ONLY TLS material (see tls/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedDataDir } from './recorded-data';

export interface TlsMaterial {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

let cached: TlsMaterial | undefined;

export function loadTlsMaterial(): TlsMaterial {
  if (cached) return cached;
  const dir = join(recordedDataDir(), '..', 'tls');
  const r = (f: string) => readFileSync(join(dir, f), 'utf8');
  cached = { caPem: r('ca.pem'), serverCertPem: r('server.pem'), serverKeyPem: r('server-key.pem'), clientCertPem: r('client.pem'), clientKeyPem: r('client-key.pem') };
  return cached;
}
