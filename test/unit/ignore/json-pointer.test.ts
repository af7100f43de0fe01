import { describe, expect, it } from 'vitest';
import { formatJsonPointer, parseJsonPointer, pointerCovers } from '../../../src/core/ignore/json-pointer';

describe('JSON pointers (RFC 6901)', () => {
  it('unescapes ~1 then ~0', () => {
    expect(parseJsonPointer('/metadata/annotations/example.com~1note')).toEqual(['metadata', 'annotations', 'example.com/note']);
    expect(parseJsonPointer('/a~0b')).toEqual(['a~b']);
    expect(parseJsonPointer('/a~01')).toEqual(['a~1']); // not "a/"
    expect(parseJsonPointer('/spec/containers/0/image')).toEqual(['spec', 'containers', '0', 'image']);
    expect(parseJsonPointer('')).toEqual([]);
    expect(parseJsonPointer('/')).toEqual(['']);
  });
  it('rejects non-pointers', () => {
    expect(parseJsonPointer('spec/replicas')).toBeUndefined();
    expect(parseJsonPointer('/a~2')).toBeUndefined();
    expect(parseJsonPointer('/a~')).toBeUndefined();
  });
  it('formats and covers', () => {
    expect(formatJsonPointer(['metadata', 'labels', 'a/b~c', 0])).toBe('/metadata/labels/a~1b~0c/0');
    expect(pointerCovers(['spec'], ['spec', 'replicas'])).toBe(true);
    expect(pointerCovers(['spec', 'containers', '0'], ['spec', 'containers', 0, 'image'])).toBe(true);
    expect(pointerCovers(['spec', 'containers', '1'], ['spec', 'containers', 0, 'image'])).toBe(false);
    expect(pointerCovers(['spec', 'replicas', 'x'], ['spec', 'replicas'])).toBe(false);
    expect(pointerCovers([], ['anything'])).toBe(true);
  });
});
