// Copies the recorded discovery + OpenAPI v3 bodies from the shared recordings (/work/shared/k8s or $K8S_RECORDINGS)
// into this folder as compact JSON, so the test API server is self-contained. Run: node test/k8s-server/data/import-recordings.mjs
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = process.env.K8S_RECORDINGS ?? '/work/shared/k8s';
const read = (p) => JSON.parse(readFileSync(join(src, p), 'utf8'));

const discovery = [];
for (const f of readdirSync(join(src, 'discovery')).sort()) {
  const ex = read(join('discovery', f));
  discovery.push({ file: f, path: ex.request.path, accept: ex.request.headers.Accept ?? '', status: ex.response.status, headers: ex.response.headers, body: ex.response.body });
}
writeFileSync(join(here, 'discovery.json'), JSON.stringify(discovery));

mkdirSync(join(here, 'openapi'), { recursive: true });
const idx = read('openapi/v3/_index.exchange.json');
writeFileSync(join(here, 'openapi', 'index.json'), JSON.stringify({ headers: idx.response.headers, body: idx.response.body }));
const fetches = read('openapi/v3/_response-headers.json').fetches;
const docs = {};
for (const f of readdirSync(join(src, 'openapi/v3')).sort()) {
  if (f.startsWith('_') || f === 'index.json') continue;
  const key = f.replace(/\.json$/, '').split('__').join('/'); // api/v1, apis/apps/v1
  docs[key] = { file: f, headers: fetches[f]?.response?.headers ?? null };
  writeFileSync(join(here, 'openapi', f), JSON.stringify(read(join('openapi/v3', f))));
}
writeFileSync(join(here, 'openapi', 'documents.json'), JSON.stringify({ docs, fetches }));

// The one recorded CRD document (widgets.rec.example.com, namespaced, status subresource): its paths are the template
// for the documents generated per CRD group-version.
const crdDoc = read('exchanges/05-crd/07-get-openapi-v3-crd-group.json').response.body;
writeFileSync(
  join(here, 'openapi', 'crd-paths-template.json'),
  JSON.stringify({
    group: 'rec.example.com',
    version: 'v1',
    kind: 'Widget',
    plural: 'widgets',
    paths: crdDoc.paths,
    info: crdDoc.info,
    // the shared meta schemas of every CRD document (everything but the Widget schemas)
    metaSchemas: Object.fromEntries(Object.entries(crdDoc.components.schemas).filter(([k]) => !k.startsWith('com.example.rec.'))),
  }),
);
console.log(`imported ${discovery.length} discovery bodies and ${Object.keys(docs).length} OpenAPI documents`);
