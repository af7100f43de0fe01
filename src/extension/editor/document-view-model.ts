// What an open manifest shows (field decorations and per-object verdicts for CodeLenses), from its CURRENT text.
// `checked`: the check's verdicts (dry-run), placed in the current text. `typing`: each object compared offline
// with its cached live object (no request), falling back to the check's verdict when the live state is not cached.
// Pure: no vscode import.
import { decorationsForParsed, findLive, findObjectForResult, objectMatchesRef, offlineVerdict, type FieldDecoration, type LiveLookup, type OfflineDecorationOptions } from '../../core/editor';
import { parseManifestText } from '../../core/manifests/parse';
import type { ParsedFile, VerdictResult } from '../../core/types';

export type DocumentMode = 'checked' | 'typing';

export interface DocumentView {
  mode: DocumentMode;
  decorations: FieldDecoration[];
  /** One verdict per object of the text that has one (offline ones while typing). */
  results: VerdictResult[];
}

export interface DocumentViewInput {
  text: string;
  file: string;
  mode: DocumentMode;
  /** The check's verdicts for this file. */
  checked: readonly VerdictResult[];
  /** Cached live objects (used while typing). */
  live: LiveLookup;
  options?: OfflineDecorationOptions;
}

export function documentView(input: DocumentViewInput, parsed: ParsedFile = parseManifestText(input.file, input.text)): DocumentView {
  const opts = input.options ?? {};
  const results: VerdictResult[] = [];
  for (const d of parsed.objects) {
    if (input.mode === 'typing') {
      const live = findLive(input.live, d.object, opts.defaultNamespace);
      if (live !== undefined) {
        results.push(offlineVerdict(d, live, opts));
        continue;
      }
    }
    // One verdict per object (a file checked against several contexts has one per context: the first is shown).
    const checked = input.checked.find((r) => objectMatchesRef(d.object, r.ref) && findObjectForResult(parsed.objects, r) === d);
    if (checked) results.push(checked);
  }
  return { mode: input.mode, decorations: decorationsForParsed(input.text, parsed, results, opts), results };
}

/**
 * Whether the check's verdicts were computed on this text: each verdict's object sits at the same offsets in it.
 * A verdict computed before an edit (the re-check of a save has not finished) fails this, so offline decorations stay.
 */
export function checkedFitsText(parsed: ParsedFile, checked: readonly VerdictResult[]): boolean {
  return checked.every((r) => {
    if (!r.source || r.source.file !== parsed.file) return true;
    const d = findObjectForResult(parsed.objects, r);
    return !!d && d.source.range.start.offset === r.source.range.start.offset && d.source.range.end.offset === r.source.range.end.offset;
  });
}
