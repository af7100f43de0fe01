import { describe, expect, it } from 'vitest';
import { decorationModel, offlineDecorations } from '../../../src/core/editor';
import { liveFrom, setLive, show } from './helpers';

const FILE = '/repo/web.yaml';
const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          image: web:1
`;

function driftedLive() {
  const live = liveFrom(TEXT);
  setLive(live, 'web', ['spec', 'replicas'], 5);
  return live;
}

describe('decorations follow edits', () => {
  it('lines inserted above a field move its decoration', () => {
    const live = driftedLive();
    const edited = TEXT.replace('spec:\n  replicas', 'spec:\n  # a new comment\n  minReadySeconds: 0\n  replicas');
    expect(show(edited, offlineDecorations(edited, FILE, live).decorations)).toEqual(['7:2-7:13 changed spec.replicas | live: 5 | replicas: 3']);
  });

  it('typing the live value removes the decoration; another value updates the after-text', () => {
    const live = driftedLive();
    expect(offlineDecorations(TEXT.replace('replicas: 3', 'replicas: 5'), FILE, live).decorations).toEqual([]);
    const partial = TEXT.replace('image: web:1', 'image: web:12');
    expect(show(partial, offlineDecorations(partial, FILE, live).decorations)).toEqual([
      '5:2-5:13 changed spec.replicas | live: 5 | replicas: 3',
      '10:10-10:23 changed spec.template.spec.containers[name="app"].image | live: web:1 | image: web:12',
    ]);
  });

  it('broken YAML while typing gives no decorations rather than wrong ones', () => {
    const broken = TEXT.replace('  replicas: 3', '  replicas: [3');
    expect(offlineDecorations(broken, FILE, driftedLive()).decorations).toEqual([]);
  });

  it('a verdict computed on an older text is placed by the current text', () => {
    const live = driftedLive();
    const [result] = offlineDecorations(TEXT, FILE, live).results;
    const edited = `# header added after the check\n---\n${TEXT.replace('  template:', '  paused: false\n  template:')}`;
    expect(show(edited, decorationModel(edited, FILE, result))).toEqual(['7:2-7:13 changed spec.replicas | live: 5 | replicas: 3']);
    // The object was deleted from the text: nothing to decorate.
    expect(decorationModel('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', FILE, result)).toEqual([]);
  });

  it('container items moved in the text keep their decorations (found by name, not position)', () => {
    const two = TEXT.replace('        - name: app', '        - name: init\n          image: busybox\n        - name: app');
    const live = liveFrom(two);
    setLive(live, 'web', ['spec', 'template', 'spec', 'containers', 1, 'image'], 'web:2');
    const swapped = TEXT.replace('          image: web:1\n', '          image: web:1\n        - name: init\n          image: busybox\n');
    expect(show(swapped, offlineDecorations(swapped, FILE, live).decorations)).toEqual([
      '10:10-10:22 changed spec.template.spec.containers[name="app"].image | live: web:2 | image: web:1',
    ]);
  });
});
