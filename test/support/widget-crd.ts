// The `Widget` custom resource definition several tests install into the test API server; each passes the
// schema of `spec` it needs (the envelope — group, names, one served and stored version — is always the same).
export function widgetCrd<Spec extends Record<string, unknown>>(spec: Spec) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.shop.example.com' },
    spec: {
      group: 'shop.example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
    },
  };
}
