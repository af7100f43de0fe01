// Standalone test API server: node dist/test-apiserver.js [--port N] [--seed file.yaml ...] [--seed-manager NAME]
// [--kubeconfig-out path] [--latency-ms N]. Prints the URL, serves until SIGINT/SIGTERM.
import { copyFileSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { startTestApiServer } from './index';

interface Args {
  port?: number;
  seeds: string[];
  seedManager?: string;
  kubeconfigOut?: string;
  latencyMs?: number;
}

function args(argv: string[]): Args {
  const out: Args = { seeds: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--seed') out.seeds.push(argv[++i]);
    else if (a === '--seed-manager') out.seedManager = argv[++i];
    else if (a === '--kubeconfig-out') out.kubeconfigOut = argv[++i];
    else if (a === '--latency-ms') out.latencyMs = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: test-apiserver [--port N] [--seed file.yaml]... [--seed-manager NAME] [--kubeconfig-out path] [--latency-ms N]');
      process.exit(0);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const seed: any[] = [];
  for (const f of a.seeds) {
    for (const d of parseAllDocuments(readFileSync(f, 'utf8'))) {
      const v = d.toJS();
      if (v && typeof v === 'object') seed.push(v);
    }
  }
  const server = await startTestApiServer({ port: a.port, seed, seedManager: a.seedManager ?? 'seed', latencyMs: a.latencyMs });
  if (a.kubeconfigOut) copyFileSync(server.kubeconfigPath, a.kubeconfigOut);
  console.log(server.url);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
