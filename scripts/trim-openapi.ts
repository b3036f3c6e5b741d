/**
 * Writes test/fixtures/jira-openapi-trimmed.json: the parts of Atlassian's OpenAPI documents (../shared/jira-openapi,
 * Apache-2.0), and of the JSM subset written from Atlassian's reference pages, that the fake Jira serves, with every component schema they reference, keys sorted, so that the
 * contract test can check the fake against the official shapes without the 3 MB originals.
 * Run with `npx tsx scripts/trim-openapi.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAKE_JIRA_ENDPOINTS } from '../src/adapters/fake-jira/endpoints';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const shared = (name: string): string => fileURLToPath(new URL(`../../shared/jira-openapi/${name}`, import.meta.url));
// The JSM subset is written from Atlassian's reference pages (no JSM document is vendored); see its `info`.
const jsm = fileURLToPath(new URL('jsm-openapi-subset.json', import.meta.url));
const docs = [shared('platform.v3.json'), shared('software.v3.json'), jsm].map((f) => JSON.parse(readFileSync(f, 'utf8')) as { [k: string]: Json });

const paths: { [path: string]: { [method: string]: Json } } = {};
const schemas: { [name: string]: Json } = {};
const pending: string[] = [];

function refs(node: Json): void {
  if (Array.isArray(node)) node.forEach(refs);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') pending.push(v.split('/').pop() ?? '');
      else refs(v);
    }
  }
}

for (const { path, method } of FAKE_JIRA_ENDPOINTS) {
  const doc = docs.find((d) => ((d.paths as { [p: string]: Json })[path] as { [m: string]: Json } | undefined)?.[method] !== undefined);
  if (doc === undefined) throw new Error(`${method.toUpperCase()} ${path} is in no OpenAPI document`);
  const op = ((doc.paths as { [p: string]: Json })[path] as { [m: string]: Json })[method] as { [k: string]: Json };
  const responses = op.responses as { [status: string]: Json };
  const trimmed = { operationId: op.operationId ?? null, parameters: op.parameters ?? [], ...(op.requestBody === undefined ? {} : { requestBody: op.requestBody }), responses: { '200': responses['200'] ?? null } };
  paths[path] = { ...(paths[path] ?? {}), [method]: trimmed };
  refs(trimmed);
}
while (pending.length > 0) {
  const name = pending.pop() ?? '';
  if (name in schemas) continue;
  const found = docs.map((d) => ((d.components as { [k: string]: Json }).schemas as { [k: string]: Json })[name]).find((x) => x !== undefined);
  if (found === undefined) throw new Error(`schema ${name} is in no OpenAPI document`);
  schemas[name] = found;
  refs(found);
}

function sorted(node: Json): Json {
  if (Array.isArray(node)) return node.map(sorted);
  if (node !== null && typeof node === 'object') return Object.fromEntries(Object.keys(node).sort().map((k) => [k, sorted(node[k] ?? null)]));
  return node;
}

const out = fileURLToPath(new URL('../test/fixtures/jira-openapi-trimmed.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(sorted({ info: { source: 'Atlassian Jira Cloud platform v3 and Agile 1.0 OpenAPI documents (Apache-2.0), and the JSM operations of scripts/jsm-openapi-subset.json, trimmed by scripts/trim-openapi.ts' }, paths, components: { schemas } }), null, 2)}\n`);
console.log(`wrote ${Object.keys(paths).length} paths and ${Object.keys(schemas).length} schemas to ${out}`);
