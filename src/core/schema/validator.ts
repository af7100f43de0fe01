// Validates Kubernetes objects against the bundled JSON Schemas (built-in kinds) and added CRD schemas.
// Schemas are loaded lazily per group-version; each kind's validator is compiled once and cached.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { KubeObject } from '../types';
import { findingsFromAjvErrors, type SchemaFinding } from './ajv-findings';
import { apiVersionStatus, splitApiVersion } from './deprecations';
import { ANNOTATION_KEYWORDS, convertStructuralSchema, type JsonSchema } from './openapi-to-json-schema';
import type { SchemaIndex } from './schema-files';
import { semanticFindings } from './semantic-checks';
import { standaloneSchema } from './standalone-schema';
import { BUNDLED_SCHEMA_VERSION, fileSchemaLoader, type SchemaLoader } from './schema-loader';

export type { SchemaFinding, SchemaRule } from './ajv-findings';

/** Kubernetes quantity (k8s.io/apimachinery/pkg/api/resource): number + optional SI/binary suffix or exponent. */
export const QUANTITY_PATTERN = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const OBJECT_META_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export interface ValidateOptions {
  /** Target Kubernetes version for deprecated/removed apiVersions, e.g. `1.25` (default: the bundled schemas' version). */
  kubernetesVersion?: string;
  /** Severity of unknown fields (default `error`, like `fieldValidation=Strict`); `ignore` drops them. */
  unknownFields?: 'error' | 'warning' | 'ignore';
}

export interface SchemaValidatorOptions {
  /** Where the built-in schemas come from (default: `schemas/v1.28` on disk). */
  loader?: SchemaLoader;
  /** Folder with `index.json` (shortcut for `loader: fileSchemaLoader(dir)`). */
  schemaDir?: string;
}

export interface CustomResourceOptions {
  /** Namespaced (default) or cluster-scoped. */
  namespaced?: boolean;
}

interface KindSchema {
  namespaced: boolean;
  /** Compiled on first use. */
  validate?: ValidateFunction;
  /** Source schema for the compiled validator (ajv `$ref` or a full schema). */
  schema: JsonSchema;
}

/** Removes `null` values from objects (the API server treats them as absent). Returns the input when it has none. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withoutNulls(value[i]);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return (copy ?? value) as T;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const v = obj[k];
      if (v === null) {
        copy ??= { ...obj };
        delete copy[k];
      } else if (typeof v === 'object') {
        const nv = withoutNulls(v);
        if (nv !== v) (copy ??= { ...obj })[k] = nv;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateSchema: false, addUsedSchema: false });
  addFormats(ajv, ['date-time', 'date', 'int32', 'int64', 'double', 'float']);
  // Go's base64 decoder (used for []byte fields such as Secret data) skips \r and \n.
  ajv.addFormat('byte', (s: string) => BASE64.test(s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]/g, '') : s));
  ajv.addFormat('quantity', QUANTITY_PATTERN);
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  return ajv;
}

export class SchemaValidator {
  private readonly ajv = createAjv();
  private readonly loader: SchemaLoader;
  private indexCache?: SchemaIndex;
  /** apiVersion → loaded schema `$id` (built-ins). */
  private readonly loadedGroupVersions = new Map<string, string>();
  /** Schema `$id` → its definitions (to resolve `$ref`s for the editor). */
  private readonly defsById = new Map<string, Record<string, JsonSchema>>();
  /** `apiVersion\u0000kind` → schema. */
  private readonly kinds = new Map<string, KindSchema>();
  /** CRD-added kinds (take precedence over built-ins). */
  private readonly customKinds = new Set<string>();

  constructor(opts: SchemaValidatorOptions = {}) {
    this.loader = opts.loader ?? fileSchemaLoader(opts.schemaDir);
  }

  /** Kubernetes version the built-in schemas were generated from (e.g. `1.28`). */
  get schemaVersion(): string {
    return this.index().kubernetesVersion ?? BUNDLED_SCHEMA_VERSION;
  }

  private index(): SchemaIndex {
    return (this.indexCache ??= this.loader.index());
  }

  private key(apiVersion: string, kind: string): string {
    return `${apiVersion}\u0000${kind}`;
  }

  /** Loads a built-in group-version into ajv (once) and registers its kinds; returns the schema `$id`. */
  private loadGroupVersion(apiVersion: string): string | undefined {
    const loaded = this.loadedGroupVersions.get(apiVersion);
    if (loaded) return loaded;
    const entry = this.index().groupVersions[apiVersion];
    if (!entry) return undefined;
    const file = this.loader.groupVersion(entry.file);
    this.ajv.addSchema({ $id: file.$id, $defs: file.$defs });
    this.defsById.set(file.$id, file.$defs);
    for (const [kind, k] of Object.entries(file.kinds)) {
      const key = this.key(apiVersion, kind);
      if (this.customKinds.has(key)) continue;
      this.kinds.set(key, { namespaced: k.namespaced, schema: { $ref: `${file.$id}#/$defs/${k.def}` } });
    }
    this.loadedGroupVersions.set(apiVersion, file.$id);
    return file.$id;
  }

  private kindSchema(apiVersion: string, kind: string): KindSchema | undefined {
    const key = this.key(apiVersion, kind);
    const known = this.kinds.get(key);
    if (known) return known;
    if (!this.index().groupVersions[apiVersion]?.kinds[kind]) return undefined;
    this.loadGroupVersion(apiVersion);
    return this.kinds.get(key);
  }

  /** True when a schema exists (built-in or added CRD) for the kind. */
  hasSchema(apiVersion: string, kind: string): boolean {
    return this.customKinds.has(this.key(apiVersion, kind)) || !!this.index().groupVersions[apiVersion]?.kinds[kind];
  }

  /** Scope of a kind with a schema; undefined when unknown. */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined {
    const custom = this.customKinds.has(this.key(apiVersion, kind)) ? this.kinds.get(this.key(apiVersion, kind)) : undefined;
    if (custom) return custom.namespaced;
    return this.index().groupVersions[apiVersion]?.kinds[kind]?.namespaced;
  }

  /**
   * The schema of a field (resolved through `$ref`s), e.g. for the editor's hover: `description`, `type`, `enum`...
   * `path` addresses the object like findings do (numbers for list items, map keys as strings).
   */
  fieldSchema(apiVersion: string, kind: string, path: ReadonlyArray<string | number>): JsonSchema | undefined {
    const kindSchema = this.kindSchema(apiVersion, kind);
    if (!kindSchema) return undefined;
    const resolve = (s: JsonSchema | undefined, baseId?: string): { s?: JsonSchema; id?: string } => {
      let cur = s;
      let id = baseId;
      for (let i = 0; cur && typeof cur.$ref === 'string' && i < 32; i++) {
        const ref = cur.$ref;
        const hash = ref.indexOf('#/$defs/');
        if (hash < 0) return { s: undefined };
        if (hash > 0) id = ref.slice(0, hash);
        const target = id ? this.defsById.get(id)?.[ref.slice(hash + '#/$defs/'.length)] : undefined;
        cur = target ? { ...target, ...(cur.description ? { description: cur.description } : {}) } : undefined;
      }
      return { s: cur, id };
    };
    let { s, id } = resolve(kindSchema.schema);
    for (const seg of path) {
      if (!s) return undefined;
      let next: JsonSchema | undefined;
      if (typeof seg === 'number') next = s.items as JsonSchema | undefined;
      else {
        const props = s.properties as Record<string, JsonSchema> | undefined;
        next = props?.[seg] ?? (typeof s.additionalProperties === 'object' ? (s.additionalProperties as JsonSchema) : undefined);
      }
      ({ s, id } = resolve(next, id));
    }
    return s;
  }

  /**
   * The kind's schema as one self-contained draft-07 document (for the webview's monaco-yaml), or undefined when
   * there is none. The same rules as `validate` (strict unknown fields, int-or-string, quantities).
   */
  kindJsonSchema(apiVersion: string, kind: string): JsonSchema | undefined {
    const kindSchema = this.kindSchema(apiVersion, kind);
    if (!kindSchema) return undefined;
    return standaloneSchema(kindSchema.schema, this.defsById, { quantityPattern: QUANTITY_PATTERN.source });
  }

  /** `$ref` to ObjectMeta in the core schemas (loaded on demand), or a plain object schema without them. */
  private objectMetaSchema(): JsonSchema {
    try {
      const id = this.loadGroupVersion('v1');
      if (id) return { $ref: `${id}#/$defs/${OBJECT_META_DEF}` };
    } catch {
      // no core schemas: fall through
    }
    return { type: 'object' };
  }

  /**
   * Adds (or replaces) the schema of a custom resource kind from a CRD version's `schema.openAPIV3Schema`, with
   * structural-schema semantics: unspecified fields are unknown (pruned by the server) unless
   * `x-kubernetes-preserve-unknown-fields`; `x-kubernetes-int-or-string`; `x-kubernetes-embedded-resource`.
   */
  addCustomResourceSchema(group: string, version: string, kind: string, openAPIV3Schema: unknown, opts: CustomResourceOptions = {}): void {
    const apiVersion = group ? `${group}/${version}` : version;
    const objectMeta = this.objectMetaSchema();
    const root = convertStructuralSchema(openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, {
      objectMetaSchema: objectMeta,
    });
    const props = { ...((root.properties as Record<string, JsonSchema> | undefined) ?? {}) };
    props.apiVersion = { type: 'string' };
    props.kind = { type: 'string' };
    props.metadata = objectMeta;
    root.properties = props;
    root.type ??= 'object';
    const key = this.key(apiVersion, kind);
    this.customKinds.add(key);
    this.kinds.set(key, { namespaced: opts.namespaced ?? true, schema: root });
  }

  /**
   * Adds every served version of an `apiextensions.k8s.io/v1` CustomResourceDefinition object.
   * Returns the apiVersions added.
   */
  addCustomResourceDefinition(crd: KubeObject): string[] {
    const spec = (crd.spec ?? {}) as {
      group?: string;
      scope?: string;
      names?: { kind?: string };
      versions?: Array<{ name?: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }>;
    };
    const kind = spec.names?.kind;
    if (!spec.group || !kind) return [];
    const added: string[] = [];
    for (const v of spec.versions ?? []) {
      if (!v.name || v.served === false) continue;
      this.addCustomResourceSchema(spec.group, v.name, kind, v.schema?.openAPIV3Schema, { namespaced: spec.scope !== 'Cluster' });
      added.push(`${spec.group}/${v.name}`);
    }
    return added;
  }

  /** Validates one object. Never throws for bad input; returns findings (errors, warnings, infos). */
  validate(obj: KubeObject, opts: ValidateOptions = {}): SchemaFinding[] {
    const findings: SchemaFinding[] = [];
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      return [{ path: [], rule: 'type', severity: 'error', message: 'a Kubernetes object must be a mapping' }];
    }
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || !apiVersion) {
      findings.push({ path: ['apiVersion'], rule: 'missing-kind', severity: 'error', message: 'missing "apiVersion"' });
    }
    if (typeof kind !== 'string' || !kind) {
      findings.push({ path: ['kind'], rule: 'missing-kind', severity: 'error', message: 'missing "kind"' });
    }
    if (findings.length) return findings;

    const target = opts.kubernetesVersion ?? this.schemaVersion;
    const status = apiVersionStatus(apiVersion, kind, target);
    if (status.status !== 'current') {
      const d = status.deprecation;
      const use = d.replacement ? `; use ${d.replacement}` : '; no replacement';
      findings.push(
        status.status === 'removed'
          ? { path: ['apiVersion'], rule: 'removed-api-version', severity: 'error', message: `${apiVersion} ${kind} is no longer served since Kubernetes v${d.removedIn} (target v${target})${use}` }
          : { path: ['apiVersion'], rule: 'deprecated-api-version', severity: 'warning', message: `${apiVersion} ${kind} is deprecated since Kubernetes v${d.deprecatedIn}${d.removedIn ? ` and removed in v${d.removedIn}` : ''}${use}` },
      );
    }

    const metadata = obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : undefined;
    if (!metadata?.name) {
      findings.push(
        metadata?.generateName
          ? { path: ['metadata', 'name'], rule: 'missing-name', severity: 'warning', message: 'metadata.generateName cannot be applied declaratively; set metadata.name' }
          : { path: ['metadata', 'name'], rule: 'missing-name', severity: 'error', message: 'missing required field "metadata.name"' },
      );
    }

    const data = withoutNulls(obj);
    findings.push(...semanticFindings(data));
    const schema = this.kindSchema(apiVersion, kind);
    if (!schema) {
      if (status.status !== 'removed') {
        const { group, version } = splitApiVersion(apiVersion);
        findings.push({ path: [], rule: 'no-schema', severity: 'info', message: `no schema for ${group ? group + '/' : ''}${version}/${kind}` });
      }
      return findings;
    }

    if (!schema.namespaced && metadata?.namespace) {
      findings.push({
        path: ['metadata', 'namespace'],
        rule: 'namespace-on-cluster-scoped',
        severity: 'warning',
        message: `${kind} is cluster-scoped: metadata.namespace "${String(metadata.namespace)}" is not allowed`,
      });
    }

    const validate = (schema.validate ??= this.ajv.compile(schema.schema));
    if (!validate(data)) {
      const builtIn = !this.customKinds.has(this.key(apiVersion, kind));
      for (const f of findingsFromAjvErrors(validate.errors, data, { builtIn })) {
        if (f.rule === 'unknown-field' && opts.unknownFields) {
          if (opts.unknownFields === 'ignore') continue;
          f.severity = opts.unknownFields;
        }
        // Covered by the missing-name check above.
        if (f.rule === 'required' && f.path.length === 2 && f.path[0] === 'metadata' && f.path[1] === 'name') continue;
        findings.push(f);
      }
    }
    return findings;
  }
}
