import { describe, expect, it } from 'vitest';
import { codeCell, escapeMarkdown, inlineCode } from '../../../src/extension/views/markdown';

describe('markdown helpers', () => {
  it('escapes what Markdown would interpret', () => {
    expect(escapeMarkdown('a *b* [c](d) <e> `f` |g|')).toBe('a \\*b\\* \\[c\\]\\(d\\) \\<e\\> \\`f\\` \\|g\\|');
  });
  it('writes inline code that survives backticks and newlines', () => {
    expect(inlineCode('a.b')).toBe('`a.b`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`a')).toBe('`` `a ``');
    expect(inlineCode('a\nb')).toBe('`a b`');
  });
  it('escapes pipes inside table cells', () => {
    expect(codeCell('a|b')).toBe('`a\\|b`');
  });
});
