// The editor-free half of the manifest editor: decorations, hovers, adopt-live and ignore edits, diff documents.
export type * from './types';
export { decorationModel, decorationsForParsed, type DecorationOptions } from './decoration-model';
export { offlineDecorations, offlineVerdict, type OfflineDecorationOptions, type OfflineDecorations } from './offline-decorations';
export { findLive, findObjectForResult, objectMatchesRef, type LiveLookup } from './object-match';
export { ignoreRuleFor } from './ignore-rule';
export { adoptLiveEdits, SECRET_REFUSAL, type AdoptLiveOptions } from './adopt-live';
export { applyTextEdits, lineBreakOf } from './text-edits';
export { ignoreFieldEdit } from './ignore-field-edit';
export { objectLenses, type ObjectLens } from './object-lens';
export { desiredDocument, diffYaml, fileDiffDocuments, liveDocument, type DiffDocumentOptions, type FileDiffDocuments } from './diff-documents';
