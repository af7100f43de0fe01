// Object semantics of the test Kubernetes API server (kube-apiserver v1.28 behaviour as recorded in /work/shared/k8s).
export type { TypeContext, SemanticsError, Warning } from './pipeline';
export { serverSideApply } from './ssa';
export type { SemanticsResult, ApplyArgs } from './ssa';
export { applyUpdate } from './update';
export { mergePatch } from './merge-patch';
export { strategicMergePatch } from './strategic-merge';
export { jsonPatch, JsonPatchError } from './json-patch';
export { runControllers, runHpaController, prepareForCreate, resetControllerState } from './controllers';
export { canonicalQuantity, parseQuantity, QuantityError } from './quantity';
export { FieldSet, fromFieldsV1, toFieldsV1 } from './fieldset';
