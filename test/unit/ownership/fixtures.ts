import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/core/types';

const dir = join(__dirname, 'fixtures');

/** A live object recorded from kube-apiserver v1.28 (response body of a GET), fresh copy each call. */
export function liveFixture(name: string): KubeObject {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as KubeObject;
}

/** A manifest used for the recordings. */
export function manifestFixture(name: string): KubeObject {
  return parse(readFileSync(join(dir, `${name}.manifest.yaml`), 'utf8')) as KubeObject;
}
