// Prints the README table from bench/results.json:   npx tsx bench/table.ts [results.json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2] ?? join(__dirname, 'results.json');
const doc = JSON.parse(readFileSync(file, 'utf8'));
const s = (ms: number | undefined) => (ms === undefined ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const rows = [
  '| resources (drifted) | converge cold (CLI process) | offline | every object dry-run | kubectl diff (default) | kubectl diff --concurrency 8 | ratio vs default / vs 8 (CLI process) | re-verdict 1 saved file | watch → verdict | session with a watch: retained / RSS right after the check / RSS idle |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of doc.results) {
  const c = r.converge;
  const k = r.kubectl ?? {};
  const q = r.ratios;
  const ratio = q ? `${q.vsKubectlDefault}× / ${q.vsKubectlConcurrency8}× (${q.cliVsKubectlDefault ?? '–'}× / ${q.cliVsKubectlConcurrency8 ?? '–'}×)` : '–';
  const m = c.memory && !c.memory.error ? `${c.memory.retainedWatchingMB} MB / ${c.memory.rssDeltaWatchingMB} MB / ${c.memory.rssDeltaIdleMB ?? '–'} MB` : '–';
  rows.push(
    `| ${r.resources} (${r.drifted}) | ${s(c.coldDryRunMs)} (${s(c.cliMs)}) | ${s(c.offlineMs)} | ${s(c.dryRunAllMs)} | ${s(k.defaultMs)} | ${s(k.concurrency8Ms)} | ${ratio} | ${s(c.session?.recheckOneFileWatchingMs)} | ${s(c.session?.watchToVerdictMs)} | ${m} |`,
  );
}
console.log(rows.join('\n'));
const e = doc.editor;
if (e) {
  const mb = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1048576).toFixed(2)} MB`);
  console.log(
    `\nSchema validation: ${e.validation.resourcesPerSecond.toLocaleString('en-US')} resources/s (${e.validation.resources.toLocaleString('en-US')} of ${e.validation.kinds} kinds, one core). ` +
      `Decorations of a ${e.decorations.lines}-line manifest after an edit: median ${e.decorations.typingMedianMs} ms, p95 ${e.decorations.typingP95Ms} ms. ` +
      `Bundles: dist/extension.js ${mb(e.bytes.extensionJs)}, dist/cli.js ${mb(e.bytes.cliJs)}, .vsix ${mb(e.bytes.vsix)}.`,
  );
}
console.log(`\n${doc.machine.cores} cores (${doc.machine.cpu}), Node ${doc.machine.node}, load average ${doc.machine.loadAverage1m?.before?.toFixed(1)}→${doc.machine.loadAverage1m?.after?.toFixed(1)}; medians of ${doc.runs} runs; \`${doc.command}\``);
