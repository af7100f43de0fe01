import { describe, expect, it } from 'vitest';
import { formatJsonPointer, parseJsonPointer, pointerCovers, removeAtPointer } from '../../../src/core/ignore/json-pointer';

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

describe('removeAtPointer', () => {
  it('removes keys and list items without touching the input', () => {
    const v = { a: { b: 1, c: 2 }, l: [1, 2, 3] };
    expect(removeAtPointer(v, ['a', 'b'])).toEqual({ a: { c: 2 }, l: [1, 2, 3] });
    expect(removeAtPointer(v, ['l', '1'])).toEqual({ a: { b: 1, c: 2 }, l: [1, 3] });
    expect(v).toEqual({ a: { b: 1, c: 2 }, l: [1, 2, 3] });
  });
  it('returns the same value when nothing is addressed', () => {
    const v = { a: [1] };
    expect(removeAtPointer(v, ['x'])).toBe(v);
    expect(removeAtPointer(v, ['a', '5'])).toBe(v);
    expect(removeAtPointer(v, ['a', '01'])).toBe(v);
    expect(removeAtPointer('s', ['a'])).toBe('s');
    expect(removeAtPointer(v, [])).toBeUndefined();
  });
});

