// Keeps Secret values out of render error messages: values of Secrets the tree lists and secretGenerator inputs.
import { readFileSync } from 'node:fs';
import { secretValues } from '../engine/scrub';
import type { DesiredObject } from '../types';
import type { Kustomization } from './kustomization-file';

/** Strings that must never be printed for this kustomization tree, longest first. */
export function treeSecretStrings(tree: readonly Kustomization[], readObjects: (file: string) => DesiredObject[]): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    const v = s.trim();
    if (v.length >= 3) out.add(v);
  };
  for (const k of tree) {
    for (const r of k.resourceFiles) for (const d of readObjects(r.path)) secretValues(d.object).forEach(add);
    k.secretInputs.literals.forEach(add);
    for (const file of k.secretInputs.files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      add(bytes.toString('utf8'));
      for (const line of splitLines(bytes)) {
        const eq = line.indexOf(0x3d);
        for (const part of eq >= 0 ? [line, line.subarray(eq + 1)] : [line]) {
          add(part.toString('utf8'));
          // kustomize prints lines with invalid UTF-8 as decimal bytes: "[68 66 61 …]".
          add([...part].join(' '));
        }
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrubStrings(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, i));
    start = i + 1;
  }
  lines.push(bytes.subarray(start));
  return lines.map((l) => (l[l.length - 1] === 0x0d ? l.subarray(0, -1) : l));
}
