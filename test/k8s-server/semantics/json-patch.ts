// JSON patch (RFC 6902). Returns a new document; throws JsonPatchError on a failed op or test.
import { Json, deepEqual, isObj } from './typed';

export class JsonPatchError extends Error {}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(p)}`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

function get(doc: Json, path: string[]): Json {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function parentOf(doc: Json, path: string[], op: string): [Json, string] {
  const parent = get(doc, path.slice(0, -1));
  if (!Array.isArray(parent) && !isObj(parent)) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "/${path.join('/')}"`);
  return [parent, path[path.length - 1]];
}

function add(doc: Json, path: string[], value: Json): Json {
  if (!path.length) return value;
  const [parent, key] = parentOf(doc, path, 'add');
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new JsonPatchError(`add operation does not apply: index out of range: ${key}`);
    parent.splice(i, 0, value);
  } else parent[key] = value;
  return doc;
}

function remove(doc: Json, path: string[]): Json {
  const [parent, key] = parentOf(doc, path, 'remove');
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new JsonPatchError(`remove operation does not apply: index out of range: ${key}`);
    parent.splice(i, 1);
  } else {
    if (!(key in parent)) throw new JsonPatchError(`remove operation does not apply: doc is missing key: /${path.join('/')}`);
    delete parent[key];
  }
  return doc;
}

export function jsonPatch(live: Json, ops: any[]): Json {
  let doc = clone(live);
  for (const op of ops ?? []) {
    const path = parsePointer(String(op?.path ?? ''));
    switch (op?.op) {
      case 'add':
        doc = add(doc, path, clone(op.value));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        if (!path.length) doc = clone(op.value);
        else {
          if (get(doc, path) === undefined) throw new JsonPatchError(`replace operation does not apply: doc is missing key: /${path.join('/')}`);
          const [parent, key] = parentOf(doc, path, 'replace');
          parent[Array.isArray(parent) ? Number(key) : key] = clone(op.value);
        }
        break;
      case 'move': {
        const from = parsePointer(String(op.from ?? ''));
        const v = get(doc, from);
        if (v === undefined) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${op.from}`);
        doc = add(remove(doc, from), path, v);
        break;
      }
      case 'copy': {
        const v = get(doc, parsePointer(String(op.from ?? '')));
        if (v === undefined) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${op.from}`);
        doc = add(doc, path, clone(v));
        break;
      }
      case 'test':
        if (!deepEqual(get(doc, path), op.value)) throw new JsonPatchError(`testing value /${path.join('/')} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${op?.op}`);
    }
  }
  return doc;
}
