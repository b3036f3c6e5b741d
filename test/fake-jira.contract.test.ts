import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_JIRA_ENDPOINTS } from '../src/adapters/fake-jira/endpoints';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { exchangesOfTheApp } from './support/app-requests';
import { operationFor, validate, type OpenApi, type Operation } from './support/openapi';
import { loadSample } from './support/sample';

const SITE = 'https://contract.fake-jira.test';
const spec = JSON.parse(readFileSync(new URL('fixtures/jira-openapi-trimmed.json', import.meta.url), 'utf8')) as OpenApi;
const sample = loadSample();
// Priority schemes list two priorities and two projects each: the scan then reads the rest from the schemes' own endpoints.
const server = setupServer(...createFakeJiraHandlers(sample, { pageCaps: { 'priorityscheme-items': 2 } }));
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

/** Path parameters and queries that name objects of the sample instance. */
const PARAMS: Record<string, string> = {
  fieldId: 'customfield_10023',
  screenId: '10000',
  tabId: '10101',
  id: '10001',
  boardId: '1',
  dashboardId: '10000',
  itemId: '10002',
  propertyKey: 'statType',
  projectKeyOrId: '10000',
  schemeId: '1',
  planId: '1',
  // Severity's context, which has options; SUP's service desk and its request type Report an incident.
  contextId: sample.fieldContexts.find((c) => c.fieldId === 'customfield_10023')?.id ?? '',
  serviceDeskId: '1',
  requestTypeId: '10',
};
const QUERIES: Record<string, string> = {
  '/rest/api/3/field/search': '?type=custom&expand=key,lastUsed,screensCount,contextsCount,isLocked,searcherKey',
  '/rest/api/3/issuetypescreenscheme/project': '?projectId=10000&projectId=10001',
  '/rest/api/3/fieldconfigurationscheme/project': '?projectId=10000&projectId=10002',
  '/rest/api/3/issuetypescheme/project': '?projectId=10000',
  '/rest/api/3/workflowscheme/project': '?projectId=10000&projectId=10003',
  '/rest/api/3/workflows/search': '?expand=values.transitions',
  '/rest/api/3/filter/search': '?expand=jql,owner,sharePermissions,approximateLastUsed&overrideSharePermissions=true',
  '/rest/api/3/project/search': '?expand=lead,issueTypes',
  '/rest/api/3/notificationscheme': '?expand=all',
  '/rest/api/3/permissionscheme': '?expand=permissions',
  '/rest/api/3/mypermissions': '?permissions=ADMINISTER',
  '/rest/api/3/screens/tabs': '?screenId=10000&screenId=1',
  '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field': '?expand=hiddenFields',
  '/rest/api/3/user/bulk': `?${(sample.users ?? []).map((u) => `accountId=${encodeURIComponent(u.accountId)}`).join('&')}`,
};

/**
 * Where Atlassian's schema and Atlassian's own example (and live Jira) disagree, the fake follows the example,
 * because the scan needs those properties. Each such property is listed here, not silently skipped.
 */
const DOCUMENTED_DEVIATIONS: readonly { path: string; problem: RegExp; why: string }[] = [
  {
    path: '/rest/api/3/fieldconfiguration',
    problem: /^\$\.values\[\d+\]: property (id|isDefault) is not in the schema$/,
    why: 'FieldConfigurationDetails omits id and isDefault, but the endpoint example has both and the scan needs the id to read the items',
  },
];

/** Checks a body against an example (for endpoints whose 200 response documents an example and no schema). */
function exampleProblems(example: unknown, body: unknown, path = '$'): string[] {
  if (Array.isArray(example) && Array.isArray(body)) return body.flatMap((b, i) => exampleProblems(example[0], b, `${path}[${i}]`));
  if (typeof example === 'object' && example !== null && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const ex = example as Record<string, unknown>;
    return Object.entries(body).flatMap(([k, v]) => (k in ex ? exampleProblems(ex[k], v, `${path}.${k}`) : [`${path}: property ${k} is not in the example`]));
  }
  return typeof example === typeof body || example === undefined ? [] : [`${path}: ${typeof body} where the example has ${typeof example}`];
}

/** Problems of a 200 body against what the operation documents (its schema, else its example), less the listed deviations. */
function responseProblems(path: string, operation: Operation | undefined, body: unknown): string[] {
  const documented = operation?.responses['200']?.content?.['application/json'];
  const problems =
    documented?.schema !== undefined
      ? validate(spec, documented.schema, body)
      : typeof documented?.example === 'string'
        ? exampleProblems(JSON.parse(documented.example), body)
        : [`${path}: the document has neither a schema nor an example for 200`];
  const allowed = DOCUMENTED_DEVIATIONS.filter((d) => d.path === path);
  return problems.filter((p) => !allowed.some((d) => d.problem.test(p)));
}

describe('the fake Jira against the official OpenAPI documents', () => {
  it('vendors exactly the endpoints the fake serves', () => {
    const vendored = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(vendored.sort()).toEqual(FAKE_JIRA_ENDPOINTS.map((e) => `${e.method.toUpperCase()} ${e.path}`).sort());
  });

  it.each(FAKE_JIRA_ENDPOINTS.filter((e) => e.method === 'get').map((e) => e.path))('GET %s answers 200 with a body of the documented 200 schema', async (path) => {
    const url = SITE + path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(PARAMS[name] ?? name)) + (QUERIES[path] ?? '');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(responseProblems(path, spec.paths[path]?.get, await response.json())).toEqual([]);
  });
});

describe('what the REST adapters send, and what the fake answers, against the official OpenAPI documents', () => {
  let exchanges: Awaited<ReturnType<typeof exchangesOfTheApp>>;
  beforeAll(async () => { exchanges = await exchangesOfTheApp(SITE, sample); });

  it('every request of a scan, an issue export, a user lookup and the admin check is a documented operation, with documented query parameters only', () => {
    const problems: string[] = [];
    for (const { method, path } of exchanges) {
      const found = operationFor([spec.paths], method, path);
      if (found === undefined) {
        problems.push(`${method} ${path}: no such operation in the vendored documents`);
        continue;
      }
      const documented = new Set((found.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of new URLSearchParams(path.split('?')[1] ?? '').keys()) if (!documented.has(name)) problems.push(`${method} ${path}: query parameter ${name} is not documented for ${found.template}`);
    }
    expect(problems).toEqual([]);
    // Every endpoint the fake serves is exercised by the app's own flows.
    const used = new Set(exchanges.map((e) => `${e.method} ${operationFor([spec.paths], e.method, e.path)?.template ?? ''}`));
    expect(FAKE_JIRA_ENDPOINTS.map((e) => `${e.method.toUpperCase()} ${e.path}`).filter((e) => !used.has(e))).toEqual([]);
  });

  it('every request body the adapters send matches the documented request schema (POST search/jql, search/approximate-count)', () => {
    const posts = exchanges.filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.path.split('?')[0]).sort()).toEqual(expect.arrayContaining(['/rest/api/3/search/approximate-count', '/rest/api/3/search/jql']));
    for (const { method, path, body } of posts) {
      const found = operationFor([spec.paths], method, path);
      const schema = found?.operation.requestBody?.content?.['application/json']?.schema;
      expect(schema, `${method} ${path} documents a JSON request body`).toBeDefined();
      expect(body, `${method} ${path} sends a body`).toBeDefined();
      if (schema !== undefined && body !== undefined) expect(validate(spec, schema, JSON.parse(body)), `${method} ${path}`).toEqual([]);
    }
  });

  it('every answer of the fake to those requests has the documented 200 schema', () => {
    const problems: string[] = [];
    for (const { method, path, status, response } of exchanges) {
      const found = operationFor([spec.paths], method, path);
      if (found === undefined) continue;
      if (status !== 200) {
        problems.push(`${method} ${path}: status ${status}`);
        continue;
      }
      problems.push(...responseProblems(found.template, found.operation, JSON.parse(response)).map((p) => `${method} ${path}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
