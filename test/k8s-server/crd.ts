// What kube-apiserver's apiextensions controllers do for a new CRD: accept the names and mark it Established.
import { clone } from './object-utils';

/** Returns the CRD with status NamesAccepted/Established (+ a kube-apiserver status entry), or undefined if already so. */
export function establishCrd(crd: any, now: string): any | undefined {
  const conds: any[] = crd.status?.conditions ?? [];
  if (conds.some((c) => c.type === 'Established' && c.status === 'True')) return undefined;
  const names = crd.spec?.names ?? {};
  const out = clone(crd);
  const acceptedNames: Record<string, unknown> = { plural: names.plural, singular: names.singular ?? String(names.kind ?? '').toLowerCase() };
  if (names.shortNames) acceptedNames.shortNames = names.shortNames;
  acceptedNames.kind = names.kind;
  acceptedNames.listKind = names.listKind ?? `${names.kind}List`;
  if (names.categories) acceptedNames.categories = names.categories;
  out.status = {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames,
    storedVersions: (crd.spec?.versions ?? []).filter((v: any) => v.storage).map((v: any) => v.name),
  };
  const condFields = { '.': {}, 'f:lastTransitionTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {} };
  const nameFields: Record<string, unknown> = {};
  for (const k of Object.keys(acceptedNames).sort()) nameFields[`f:${k}`] = {};
  const entry = {
    manager: 'kube-apiserver',
    operation: 'Update',
    apiVersion: 'apiextensions.k8s.io/v1',
    time: now,
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:status': {
        'f:acceptedNames': nameFields,
        'f:conditions': { 'k:{"type":"Established"}': condFields, 'k:{"type":"NamesAccepted"}': condFields },
      },
    },
    subresource: 'status',
  };
  out.metadata.managedFields = [...(out.metadata.managedFields ?? []).filter((e: any) => e.manager !== 'kube-apiserver'), entry];
  return out;
}

