// Tiny helpers to write MarkdownString text safely (tooltips). No vscode import.

/** Escapes characters Markdown would interpret. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Inline code that survives backticks inside the text. */
export function inlineCode(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const ticks = clean.includes('`') ? '``' : '`';
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** A table cell: inline code with pipes escaped (a pipe ends a cell even inside code). */
export function codeCell(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}
