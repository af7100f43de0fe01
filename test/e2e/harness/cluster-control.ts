// Lets the extension-host suite change the test cluster "from elsewhere" (like a kubectl edit in a terminal):
// a tiny HTTP endpoint on 127.0.0.1 that calls the test API server's `patch`. Its URL is passed to the extension
// host as $CONVERGE_E2E_CONTROL.
import { createServer } from 'node:http';
import type { TestApiServer } from '../../k8s-server';

export interface ClusterControl {
  url: string;
  stop(): Promise<void>;
}

export interface PatchRequest {
  ref: { apiVersion: string; kind: string; namespace?: string; name: string };
  patch: unknown;
  manager: string;
}

export function startClusterControl(server: TestApiServer): Promise<ClusterControl> {
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      try {
        if (req.method !== 'POST' || req.url !== '/patch') throw new Error(`unknown request ${req.method} ${req.url}`);
        const { ref, patch, manager } = JSON.parse(body) as PatchRequest;
        server.patch(ref, patch, manager);
        res.writeHead(204).end();
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end((err as Error).message);
      }
    });
  });
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => {
      const { port } = http.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => http.close(() => r())) });
    });
  });
}

/** Called from the extension host: patches an object in the test cluster. */
export async function patchCluster(controlUrl: string, request: PatchRequest): Promise<void> {
  const res = await fetch(`${controlUrl}/patch`, { method: 'POST', body: JSON.stringify(request) });
  if (res.status !== 204) throw new Error(`cluster control: ${res.status} ${await res.text()}`);
}
