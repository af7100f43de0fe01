// Seeded randomness and mutators for the fuzz tests (reproducible: a failing case prints its seed).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Rand = () => number;

export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rand, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const ROOTS = ['test/fixtures/manifests', 'test/fixtures/normalisation', 'samples/gitops-demo'].map((p) => resolve(__dirname, '../../..', p));

/** Every YAML/JSON fixture text, as seeds for mutation. */
export function fixtureTexts(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(name)) out.push({ file: p, text: readFileSync(p, 'utf8') });
    }
  };
  ROOTS.forEach(walk);
  return out;
}

const SPECIAL = [':', '-', '[', ']', '{', '}', '&a', '*a', '!', '!!binary', '|', '>', "'", '"', '#', '%', '@', '`', '\n', '\t', ' ', '---\n', '...\n', '<<: *a', '? ', '\\', '\u0000', '\uFEFF', 'é', '😀', '\u202E', '0x', '1e9', '.inf', '~', 'null', 'yes', '500m', '1Gi'];

/** A textual mutation: deletions, insertions of YAML-significant characters, line shuffles, truncation. */
export function mutateText(r: Rand, text: string): string {
  let t = text;
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const at = int(r, t.length + 1);
    switch (int(r, 7)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + int(r, 20));
        break;
      case 1:
        t = t.slice(0, at) + pick(r, SPECIAL) + t.slice(at);
        break;
      case 2: {
        const lines = t.split('\n');
        const a = int(r, lines.length);
        lines.splice(int(r, lines.length), 0, lines[a]);
        t = lines.join('\n');
        break;
      }
      case 3: {
        const lines = t.split('\n');
        const a = int(r, lines.length);
        const b = int(r, lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
      case 4:
        t = t.slice(0, at);
        break;
      case 5: {
        const lines = t.split('\n');
        const a = int(r, lines.length);
        lines[a] = ' '.repeat(int(r, 5)) + lines[a];
        t = lines.join('\n');
        break;
      }
      default:
        t = t.slice(0, at) + String.fromCharCode(int(r, 0x3000)) + t.slice(at);
    }
  }
  return t;
}

/** A random JSON value; `depth` bounds nesting. */
export function randomValue(r: Rand, depth: number): unknown {
  const k = depth <= 0 ? int(r, 6) : int(r, 9);
  switch (k) {
    case 0:
      return pick(r, ['', 'a', '500m', '0.5', '1Gi', '1024Mi', '80', 'TCP', 'http', 'true', 'null', '${VAR}', 'é😀', 'x'.repeat(int(r, 5000)), '1e400', '-0']);
    case 1:
      return pick(r, [0, -1, 1, 0.5, 3, 65535, 1e21, Number.MAX_SAFE_INTEGER, -0]);
    case 2:
      return pick(r, [true, false]);
    case 3:
      return null;
    case 4:
      return {};
    case 5:
      return [];
    case 6:
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 5); i > 0; i--) o[pick(r, ['name', 'port', 'protocol', 'containers', 'image', 'cpu', 'memory', 'key', 'value', 'a.b/c', '__proto__', 'constructor', 'spec', 'data', ''])] = randomValue(r, depth - 1);
      return o;
    }
    default:
      return Array.from({ length: int(r, 4) }, () => randomValue(r, depth - 1));
  }
}

/** A structural mutation of a JSON object: replace, delete or add values at random paths; identity fields kept valid. */
export function mutateObject<T>(r: Rand, obj: T): T {
  const copy = structuredClone(obj) as any;
  const n = 1 + int(r, 5);
  for (let i = 0; i < n; i++) {
    let node = copy;
    for (let d = 0; d < 8; d++) {
      const keys = node && typeof node === 'object' ? Object.keys(node) : [];
      if (!keys.length || r() < 0.25) break;
      const key = pick(r, keys);
      const child = node[key];
      if (!child || typeof child !== 'object' || r() < 0.3) {
        const op = int(r, 3);
        if (op === 0) node[key] = randomValue(r, 3);
        else if (op === 1) Array.isArray(node) ? node.splice(Number(key), 1) : delete node[key];
        else if (!Array.isArray(node)) node[`${key}-${int(r, 9)}`] = randomValue(r, 2);
        break;
      }
      node = child;
    }
  }
  copy.apiVersion = (obj as any).apiVersion;
  copy.kind = (obj as any).kind;
  copy.metadata = copy.metadata && typeof copy.metadata === 'object' && !Array.isArray(copy.metadata) ? copy.metadata : {};
  copy.metadata.name = (obj as any).metadata?.name ?? 'x';
  if ((obj as any).metadata?.namespace) copy.metadata.namespace = (obj as any).metadata.namespace;
  return copy;
}

/** Nests a value `depth` levels deep under `a` keys or in arrays. */
export function nested(depth: number, asArray: boolean): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}
