// Follows the VS Code theme: the body class VS Code sets on webviews picks Monaco's base theme, and the
// `--vscode-*` CSS variables colour the editor like the workbench. Pure (no DOM), so it is unit-tested.

export type MonacoBaseTheme = 'vs' | 'vs-dark' | 'hc-black' | 'hc-light';

/** Base theme from the classes of `<body>` (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast-light`). */
export function monacoBaseTheme(bodyClasses: readonly string[]): MonacoBaseTheme {
  const has = (c: string) => bodyClasses.includes(c);
  if (has('vscode-high-contrast-light')) return 'hc-light';
  if (has('vscode-high-contrast')) return 'hc-black';
  if (has('vscode-light')) return 'vs';
  return 'vs-dark';
}

/** Monaco colour id → the VS Code theme variable it takes its value from. */
export const THEME_COLOR_VARIABLES: Readonly<Record<string, string>> = {
  'editor.background': '--vscode-editor-background',
  'editor.foreground': '--vscode-editor-foreground',
  'editorLineNumber.foreground': '--vscode-editorLineNumber-foreground',
  'editorLineNumber.activeForeground': '--vscode-editorLineNumber-activeForeground',
  'editorCursor.foreground': '--vscode-editorCursor-foreground',
  'editor.selectionBackground': '--vscode-editor-selectionBackground',
  'editor.inactiveSelectionBackground': '--vscode-editor-inactiveSelectionBackground',
  'editor.lineHighlightBackground': '--vscode-editor-lineHighlightBackground',
  'editorWidget.background': '--vscode-editorWidget-background',
  'editorWidget.border': '--vscode-editorWidget-border',
  'editorHoverWidget.background': '--vscode-editorHoverWidget-background',
  'editorHoverWidget.border': '--vscode-editorHoverWidget-border',
  'editorError.foreground': '--vscode-editorError-foreground',
  'editorWarning.foreground': '--vscode-editorWarning-foreground',
  'editorInfo.foreground': '--vscode-editorInfo-foreground',
  'diffEditor.insertedTextBackground': '--vscode-diffEditor-insertedTextBackground',
  'diffEditor.removedTextBackground': '--vscode-diffEditor-removedTextBackground',
  'diffEditor.insertedLineBackground': '--vscode-diffEditor-insertedLineBackground',
  'diffEditor.removedLineBackground': '--vscode-diffEditor-removedLineBackground',
  'scrollbarSlider.background': '--vscode-scrollbarSlider-background',
  'scrollbarSlider.hoverBackground': '--vscode-scrollbarSlider-hoverBackground',
  'focusBorder': '--vscode-focusBorder',
};

const HEX = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const RGB = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([0-9.]+)\s*)?\)$/;

/** A CSS colour as Monaco wants it (`#rrggbb` or `#rrggbbaa`); undefined for anything else. */
export function monacoColor(css: string): string | undefined {
  const v = css.trim();
  if (HEX.test(v)) {
    if (v.length > 5) return v.toLowerCase();
    return ('#' + [...v.slice(1)].map((c) => c + c).join('')).toLowerCase();
  }
  const m = RGB.exec(v);
  if (!m) return undefined;
  const byte = (n: number) => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
  const alpha = m[4] === undefined ? '' : byte(Number(m[4]) * 255);
  return `#${byte(+m[1])}${byte(+m[2])}${byte(+m[3])}${alpha === 'ff' ? '' : alpha}`;
}

/** The Monaco colours of the current VS Code theme, read through `cssVariable` (e.g. getComputedStyle). */
export function themeColors(cssVariable: (name: string) => string): Record<string, string> {
  const colors: Record<string, string> = {};
  for (const [id, variable] of Object.entries(THEME_COLOR_VARIABLES)) {
    const c = monacoColor(cssVariable(variable));
    if (c) colors[id] = c;
  }
  return colors;
}
