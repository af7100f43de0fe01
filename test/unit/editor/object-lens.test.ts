import { describe, expect, it } from 'vitest';
import { objectLenses, offlineDecorations } from '../../../src/core/editor';
import { liveFrom, setLive } from './helpers';

const FILE = '/repo/all.yaml';
const TEXT = `apiVersion: v1
kind: ConfigMap
metadata: {name: a}
data: {MODE: fast, LEVEL: info}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
data: {MODE: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {password: pw-desired}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: new}
`;

describe('object lenses (CodeLens)', () => {
  it('one per object with its verdict, placed by the current text', () => {
    const live = liveFrom(TEXT).filter((o) => o.metadata.name !== 'new');
    setLive(live, 'a', ['data', 'MODE'], 'slow');
    setLive(live, 'a', ['data', 'LEVEL'], 'debug');
    setLive(live, 's', ['data'], { password: Buffer.from('pw-live').toString('base64') });
    delete (live.find((o) => o.metadata.name === 's') as any).stringData;
    const { results } = offlineDecorations(TEXT, FILE, live);
    const edited = `# moved down\n${TEXT}`;
    const lenses = objectLenses(edited, FILE, results);
    expect(lenses.map((l) => `${l.range.start.line} ${l.ref.name} ${l.title} [${l.actions.map((a) => a.kind).join(',')}]`)).toEqual([
      '1 a ⚠ diverged: 2 fields [openDiff,adoptLive]',
      '6 b ✓ converged []',
      '11 s ⚠ diverged: 1 field [openDiff]',
      '16 new ＋ not in the cluster [openDiff]',
    ]);
    expect(lenses[0].tooltip).toBe('MODE fast → slow; 1 more field');
    expect(JSON.stringify(lenses)).not.toContain('pw-');
  });
});
