// Validation diagnostics → SARIF 2.1.0 log (one run, tool `converge`).
import { relative, sep } from 'node:path';
import type { ValidationDiagnostic } from './diagnostics';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Short descriptions of the rule ids (others get a generic one). */
export const RULE_DESCRIPTIONS: Record<string, string> = {
  type: 'Field value has the wrong type',
  required: 'Required field is missing',
  enum: 'Field value is not one of the allowed values',
  format: 'Field value has an invalid format',
  'int-or-string': 'Field must be an integer or a string',
  quantity: 'Field must be a Kubernetes quantity',
  'unknown-field': 'Field is not declared in the schema (rejected by server-side apply)',
  constraint: 'Field value violates a schema constraint',
  'missing-name': 'metadata.name is missing',
  'missing-kind': 'apiVersion or kind is missing',
  'invalid-name': 'Name is not valid for this kind',
  'invalid-label': 'Label key or value is not valid',
  'selector-mismatch': 'Workload selector does not match the template labels',
  'namespace-on-cluster-scoped': 'metadata.namespace set on a cluster-scoped kind',
  'deprecated-api-version': 'apiVersion is deprecated',
  'removed-api-version': 'apiVersion is no longer served by the target Kubernetes version',
  'no-schema': 'No schema is known for this kind',
  'yaml-syntax': 'YAML syntax error',
  'duplicate-key': 'Duplicate key in a mapping',
};

export interface SarifOptions {
  /** Artifact URIs are made relative to this folder (with `uriBaseId` `%SRCROOT%`). */
  baseDir?: string;
  toolVersion?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

function level(s: ValidationDiagnostic['severity']): SarifLevel {
  return s === 'info' ? 'note' : s;
}

function artifactUri(file: string, baseDir?: string): { uri: string; uriBaseId?: string } {
  if (baseDir) {
    const rel = relative(baseDir, file);
    if (rel && !rel.startsWith('..') && !/^[a-zA-Z]:/.test(rel) && !rel.startsWith(sep)) {
      return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
    }
  }
  const abs = file.split(sep).map(encodeURIComponent).join('/');
  return { uri: abs.startsWith('/') ? `file://${abs}` : abs };
}

export function toSarif(diagnostics: readonly ValidationDiagnostic[], opts: SarifOptions = {}): Record<string, unknown> {
  const ruleIds = [...new Set(diagnostics.map((d) => d.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: RULE_DESCRIPTIONS[id] ?? `Manifest check ${id}` },
  }));
  const results = diagnostics.map((d) => ({
    ruleId: d.rule,
    ruleIndex: ruleIndex.get(d.rule),
    level: level(d.severity),
    message: { text: d.path ? `${d.path}: ${d.message}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactUri(d.file, opts.baseDir),
          region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) },
        },
        ...(d.path ? { logicalLocations: [{ fullyQualifiedName: d.path, kind: 'member' }] } : {}),
      },
    ],
  }));
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'converge',
        informationUri: 'https://github.com/gitops-converge/gitops-converge',
        ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
        rules,
      },
    },
    results,
  };
  if (opts.baseDir) {
    const root = opts.baseDir.split(sep).map(encodeURIComponent).join('/');
    run.originalUriBaseIds = { '%SRCROOT%': { uri: `file://${root.startsWith('/') ? '' : '/'}${root}/` } };
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}
