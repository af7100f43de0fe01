import { expect } from 'vitest';
import type { Position, SourceRange } from '../../../src/core/types';

/** Independent offset → position (counts \n), to check LineIndex against. */
export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1), offset };
}

/** Asserts the range covers exactly `expected` and that its line/character agree with its offsets. */
export function expectRangeText(text: string, range: SourceRange | undefined, expected: string): void {
  expect(range).toBeDefined();
  const r = range as SourceRange;
  expect(r.start).toEqual(positionOf(text, r.start.offset));
  expect(r.end).toEqual(positionOf(text, r.end.offset));
  expect(text.slice(r.start.offset, r.end.offset)).toBe(expected);
}

/** Range of the `occurrence`-th (0-based) match of `needle` in text. */
export function rangeOf(text: string, needle: string, occurrence = 0): SourceRange {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`${needle} not found`);
  }
  return { start: positionOf(text, index), end: positionOf(text, index + needle.length) };
}
