// Messages between the inspector panel (extension host) and its webview (media/inspector). Plain data, no
// vscode import: the webview bundle imports this file too. Messages from the webview are untrusted input and
// are checked with `parseWebviewMessage` before use.

/** What the webview shows: one object, desired (editable) against live, with the schema of its kind. */
export interface InspectorDocument {
  /** Panel heading, e.g. `Deployment shop/web`. */
  title: string;
  /** Where the desired object comes from, for display: `deploy/web.yaml:12`. */
  source: string;
  /** The object's text in the manifest (Secret values masked). */
  desiredText: string;
  /** The live object as YAML (Secret values masked), or undefined when there is none. */
  liveText?: string;
  /** Why there is no live side, or how it was obtained ("not in the cluster", "cluster unreachable: …"). */
  liveNote?: string;
  /** Verdict of the latest check and its reason, when known. */
  verdict?: string;
  reason?: string;
  /** Self-contained JSON Schema of the kind (undefined: no schema, nothing is validated). */
  schema?: Record<string, unknown>;
  /** Identifies the schema in the webview, e.g. `kubernetes://schemas/apps/v1/Deployment.json`. */
  schemaUri: string;
  /** True when Secret values were masked (the edit keeps the masks, and Apply restores the real values). */
  masked: boolean;
  /** Changes with every `show`, echoed back by `apply` so stale edits are recognised. */
  revision: number;
}

export type HostMessage =
  | { type: 'show'; document: InspectorDocument }
  | { type: 'applied'; revision: number; ok: true }
  | { type: 'applied'; revision: number; ok: false; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'apply'; revision: number; text: string }
  | { type: 'refresh' };

/** Upper bound of an edited object's text (a manifest object is far smaller; anything bigger is refused). */
export const MAX_APPLY_TEXT = 4 * 1024 * 1024;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A message from the webview, checked; undefined when it is not one the host understands. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'refresh':
      return { type: 'refresh' };
    case 'apply':
      if (typeof raw.text !== 'string' || raw.text.length > MAX_APPLY_TEXT) return undefined;
      if (typeof raw.revision !== 'number' || !Number.isInteger(raw.revision)) return undefined;
      return { type: 'apply', revision: raw.revision, text: raw.text };
    default:
      return undefined;
  }
}

/** A message from the host, checked (the webview side). */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type === 'show' && isRecord(raw.document)) {
    const d = raw.document;
    if (typeof d.desiredText !== 'string' || typeof d.title !== 'string' || typeof d.revision !== 'number') return undefined;
    return { type: 'show', document: d as unknown as InspectorDocument };
  }
  if (raw.type === 'applied' && typeof raw.revision === 'number') {
    return raw.ok === true
      ? { type: 'applied', revision: raw.revision, ok: true }
      : { type: 'applied', revision: raw.revision, ok: false, message: typeof raw.message === 'string' ? raw.message : 'not applied' };
  }
  return undefined;
}

/** Schema URI of a kind in the webview (monaco-yaml keys schemas by URI; never fetched). */
export function schemaUriOf(apiVersion: string, kind: string): string {
  return `kubernetes://schemas/${apiVersion.replace(/[^A-Za-z0-9._/-]/g, '_')}/${kind.replace(/[^A-Za-z0-9]/g, '_')}.json`;
}
