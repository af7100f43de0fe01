// The test API server in its own process for the benchmark (so that its CPU does not share the event
// loop with the tool being measured). Driven over IPC by bench/run.ts.
import { startTestApiServer, type ServerCost, type TestApiServer } from '../test/k8s-server';

type Message =
  | { id: number; cmd: 'start'; infra: any[]; objects: any[]; manager: string; latencyMs: number; cost?: ServerCost }
  | { id: number; cmd: 'patch'; args: [any, any, string, any] }
  | { id: number; cmd: 'setLatency'; ms: number }
  | { id: number; cmd: 'requests' }
  | { id: number; cmd: 'cpu' }
  | { id: number; cmd: 'stop' };

let server: TestApiServer | undefined;

/** LIST, GET, WATCH, dry-run PATCH… of a request, from its path (`/api/v1/namespaces/a/configmaps/b`). */
function requestKind(method: string, path: string, query: Record<string, string>): string {
  const m = /^\/(?:api\/[^/]+|apis\/[^/]+\/[^/]+)\/(.+)$/.exec(path);
  if (!m) return 'discovery';
  let parts = m[1].split('/');
  if (parts[0] === 'namespaces' && parts.length >= 3) parts = parts.slice(2);
  if (method === 'GET') return query.watch ? 'WATCH' : parts.length === 1 ? 'LIST' : 'GET';
  return query.dryRun ? `${method} dry-run` : method;
}

async function handle(m: Message): Promise<unknown> {
  switch (m.cmd) {
    case 'start': {
      server = await startTestApiServer({ seed: m.infra, seedManager: m.manager, latencyMs: m.latencyMs, cost: m.cost });
      for (const o of m.objects) server.apply(o, m.manager, { force: true });
      return { url: server.url, kubeconfigPath: server.kubeconfigPath };
    }
    case 'patch':
      server!.patch(...m.args);
      return true;
    case 'setLatency':
      server!.setLatency(m.ms);
      return true;
    case 'requests': {
      const counts: Record<string, number> = {};
      for (const r of server!.requests) {
        const k = requestKind(r.method, r.path, r.query);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      server!.requests.length = 0;
      return counts;
    }
    case 'cpu':
      return process.cpuUsage();
    case 'stop':
      await server?.stop();
      setImmediate(() => process.exit(0));
      return true;
  }
}

process.on('message', (m: Message) => {
  handle(m).then(
    (result) => process.send!({ id: m.id, result }),
    (err: Error) => process.send!({ id: m.id, error: err.message }),
  );
});
