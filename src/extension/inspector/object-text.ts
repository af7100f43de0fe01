// The text of one object inside its manifest file, as the inspector edits it (dedented when it is a list item),
// and the file text with that object replaced. Pure, no vscode import.

export interface OffsetRange {
  start: { offset: number };
  end: { offset: number };
}

export interface ObjectText {
  /** The object's text, continuation lines dedented by `indent`. */
  text: string;
  /** Column the object starts at in the file (an item of `kind: List`, or 0). */
  indent: number;
  /** Trailing whitespace of the range, kept as it is when the object is replaced. */
  tail: string;
  /** Line break of the file (`\r\n` for CRLF files), used for the replacement. */
  eol: '\n' | '\r\n';
}

function columnOf(fileText: string, offset: number): number {
  const lineStart = fileText.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** The object at `range` of `fileText`. */
export function objectText(fileText: string, range: OffsetRange): ObjectText {
  const slice = fileText.slice(range.start.offset, range.end.offset);
  const tail = /\s*$/.exec(slice)?.[0] ?? '';
  const body = slice.slice(0, slice.length - tail.length);
  const indent = columnOf(fileText, range.start.offset);
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';
  if (indent === 0) return { text: body, indent, tail, eol };
  const pad = ' '.repeat(indent);
  const text = body
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(pad) ? line.slice(indent) : line))
    .join('\n');
  return { text, indent, tail, eol };
}

/** What to put at the object's range for an edited object text (re-indented, the range's trailing whitespace kept). */
export function replacementText(edited: string, original: Pick<ObjectText, 'indent' | 'tail' | 'eol'>): string {
  const body = edited.replace(/\s+$/, '');
  const pad = ' '.repeat(original.indent);
  const lines = body.split(/\r?\n/).map((line, i) => (i > 0 && original.indent > 0 && line.length > 0 ? pad + line : line));
  return lines.join(original.eol) + original.tail;
}
