// Summarises a .cpuprofile: self time by function and by file (or package), and inclusive time of chosen functions.
//   npx tsx bench/profile-summary.ts file.cpuprofile [--top 30]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
const top = Number(process.argv.includes('--top') ? process.argv[process.argv.indexOf('--top') + 1] : 30);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfMs = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) selfMs.set(p.samples[i], (selfMs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const s = /\/(src|bench|test)\/(.+)$/.exec(url);
  return s ? `${s[1]}/${s[2]}` : url || '(native)';
};
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, ms] of selfMs) {
  const n = byId.get(id)!;
  total += ms;
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  add(byFunction, fn, ms);
  add(byFile, where(n.callFrame.url), ms);
  // inclusive time per src/ file: each sample counts once for each distinct src file on its stack
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const w = where(byId.get(cur)!.callFrame.url);
    const key = /^src\//.test(w) ? `${w}  ${byId.get(cur)!.callFrame.functionName}` : '';
    if (key && !seen.has(key)) {
      seen.add(key);
      add(inclusive, key, ms);
    }
  }
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
};
console.log(`total sampled ${total.toFixed(0)} ms`);
print('self time by file / package', byFile);
print('self time by function', byFunction);
print('inclusive time by src function', inclusive);
