// Writes the kubeconfig for the test server: contexts test (admin token), expired, restricted, client-cert.
import { stringify } from 'yaml';
import type { TlsMaterial } from './tls';

export interface KubeconfigTokens {
  admin: string;
  expired: string;
  restricted: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function buildKubeconfig(server: string, tls: TlsMaterial, tokens: KubeconfigTokens, namespace = 'default'): string {
  const ctx = (name: string, user: string) => ({ name, context: { cluster: 'test', user, namespace } });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server, 'certificate-authority-data': b64(tls.caPem) } }],
    users: [
      { name: 'test-admin', user: { token: tokens.admin } },
      { name: 'test-expired', user: { token: tokens.expired } },
      { name: 'test-restricted', user: { token: tokens.restricted } },
      { name: 'test-client-cert', user: { 'client-certificate-data': b64(tls.clientCertPem), 'client-key-data': b64(tls.clientKeyPem) } },
    ],
    contexts: [ctx('test', 'test-admin'), ctx('expired', 'test-expired'), ctx('restricted', 'test-restricted'), ctx('client-cert', 'test-client-cert')],
    'current-context': 'test',
    preferences: {},
  });
}
