// Editor-free data for the manifest editor: field decorations, hover content and text edits. The VS Code layer
// only translates these into its own types.
import type { FieldPath, IgnoreRule, ObjectRef, Position, SourceRange } from '../types';

/** How a field of an open manifest differs from the cluster. */
export type FieldDecorationKind =
  /** Both sides have the field with different values. */
  | 'changed'
  /** The manifest has the field, the cluster lacks it. */
  | 'added'
  /** Only the cluster has the field (an apply would remove it); anchored on the nearest existing parent. */
  | 'removed'
  /** The whole object is not in the cluster. */
  | 'missing';

export type EditorAction =
  | { kind: 'openDiff'; ref: ObjectRef }
  /** `path` is a kubectl-style diff path, or `*` for every changed field of the object. */
  | { kind: 'adoptLive'; ref: ObjectRef; path: string }
  | { kind: 'ignoreField'; rule: IgnoreRule };

export interface FieldOwnerInfo {
  manager: string;
  operation?: string;
  /** ISO time from managedFields. */
  time?: string;
  subresource?: string;
}

/** What a hover on a decorated field shows, as data. Values are YAML text; Secret values are masks. */
export interface FieldHover {
  ref: ObjectRef;
  /** kubectl-style path of the differing field. */
  path: string;
  kind: FieldDecorationKind;
  /** One line, e.g. "spec.replicas: 3 in the manifest, 5 in the cluster". */
  summary: string;
  desired?: string;
  live?: string;
  masked: boolean;
  /** Who set the live value, from managedFields. */
  owner?: FieldOwnerInfo;
  actions: EditorAction[];
}

export interface FieldDecoration {
  ref: ObjectRef;
  kind: FieldDecorationKind;
  /** kubectl-style path of the differing field (for `missing`: empty). */
  path: string;
  /** Path of the decorated node in the object of the current text (the field, or for `anchored` its parent). */
  fieldPath: FieldPath;
  /** True when the field itself is not in the manifest and the decoration sits on its nearest existing parent. */
  anchored: boolean;
  /** Key start → value end of the decorated field, in the current text. */
  range: SourceRange;
  key?: SourceRange;
  value?: SourceRange;
  /** Line of the gutter marker (the field's first line). */
  line: number;
  /** Where the after-text goes: the end of the field's first line (trailing whitespace excluded). */
  afterTextAt: Position;
  /** e.g. `live: 5`, `live: ••• (changed)`, `not in the cluster`. */
  afterText: string;
  hover: FieldHover;
}

/** A replacement in a text; `range` offsets are into the text the edit was computed for. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

export interface RefusedEdit {
  path: string;
  reason: string;
}

export interface EditPlan {
  edits: TextEdit[];
  /** Fields that were asked for but not written, each with a reason for the user. */
  refused: RefusedEdit[];
}
