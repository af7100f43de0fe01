// Shapes of the generated schema files under `schemas/v<k8s-version>/` (see scripts/gen-schemas.ts).
import type { JsonSchema } from './openapi-to-json-schema';

export interface KindEntry {
  /** Name of the definition in `$defs`. */
  def: string;
  namespaced: boolean;
  gvk: { group: string; version: string; kind: string };
}

/** One group-version: `schemas/v1.28/apps-v1.json`. Self-contained (all referenced `$defs` included). */
export interface GroupVersionSchemaFile {
  $schema: string;
  $id: string;
  title: string;
  /** Top-level entry per kind, keyed by the kind of `x-kubernetes-group-version-kind`. */
  kinds: Record<string, KindEntry>;
  $defs: Record<string, JsonSchema>;
}

/** `schemas/v1.28/index.json`: apiVersion → file and kinds. */
export interface SchemaIndex {
  kubernetesVersion: string;
  groupVersions: Record<string, { file: string; kinds: Record<string, { namespaced: boolean }> }>;
}
