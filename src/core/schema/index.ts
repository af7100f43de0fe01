export { SchemaValidator, withoutNulls, QUANTITY_PATTERN } from './validator';
export type { SchemaFinding, SchemaRule, ValidateOptions, SchemaValidatorOptions, CustomResourceOptions } from './validator';
export { formatPath, pointerToPath } from './ajv-findings';
export {
  API_DEPRECATIONS,
  apiVersionStatus,
  compareKubernetesVersions,
  findApiDeprecation,
  parseKubernetesVersion,
  splitApiVersion,
} from './deprecations';
export type { ApiDeprecation, ApiVersionStatus } from './deprecations';
export { semanticFindings } from './semantic-checks';
export { convertOpenApiDefinition, convertStructuralSchema } from './openapi-to-json-schema';
export type { JsonSchema } from './openapi-to-json-schema';
export type { GroupVersionSchemaFile, SchemaIndex, KindEntry } from './schema-files';
export { BUNDLED_SCHEMA_VERSION, fileSchemaLoader, findBundledSchemaDir } from './schema-loader';
export type { SchemaLoader } from './schema-loader';
export { closestMatch, editDistance } from './suggest';
export {
  addWorkspaceCustomResourceDefinitions,
  diagnosticOfFinding,
  diagnosticOfProblem,
  locateFinding,
  sortDiagnostics,
  validateDesiredObjects,
} from './diagnostics';
export type { ValidationDiagnostic } from './diagnostics';
export { toSarif, RULE_DESCRIPTIONS, SARIF_SCHEMA_URI } from './sarif';
export type { SarifOptions } from './sarif';
export {
  addClusterSchemas,
  apiVersionsWithoutSchema,
  kindSchemasOfDocument,
  openApiCacheFile,
  openApiIndexKey,
} from './cluster-schemas';
export type { ClusterKindSchema, ClusterSchemaOptions, ClusterSchemaResult, OpenApiHttp } from './cluster-schemas';
export { standaloneSchema } from './standalone-schema';
