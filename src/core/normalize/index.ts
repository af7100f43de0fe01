// Normalisation of Kubernetes values for comparison (quantities, defaults, emptiness, Secrets).
export { canonicalQuantity, compareQuantities, isQuantity, parseQuantity, quantitiesEqual } from './quantity';
export type { ParsedQuantity, QuantityFormat } from './quantity';
export {
  base64Equal,
  deepEqual,
  isEffectivelyEmpty,
  isEmptyValue,
  LAST_APPLIED_ANNOTATION,
  Normalizer,
  secretAsStored,
  SERVER_ANNOTATIONS,
  SERVER_METADATA_FIELDS,
  stringDataEqualsData,
  stripNoise,
} from './normalizer';
export { hintsFor, hintsFromCrd, hintSetFromSchema, knownKinds, registerCrdHints, TypeHints } from './type-hints';
export type { HintNode, TypeHintSet } from './type-hints';
