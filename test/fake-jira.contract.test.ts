import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_JIRA_ENDPOINTS } from '../src/adapters/fake-jira/endpoints';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { validate, type OpenApi } from './support/openapi';
import { loadSample } from './support/sample';

const SITE = 'https://contract.fake-jira.test';
const spec = JSON.parse(readFileSync(new URL('fixtures/jira-openapi-trimmed.json', import.meta.url), 'utf8')) as OpenApi;
const server = setupServer(...createFakeJiraHandlers(loadSample()));
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

describe('the fake Jira against the official OpenAPI documents', () => {
  it('vendors exactly the endpoints the fake serves', () => {
    expect(Object.keys(spec.paths).sort()).toEqual(FAKE_JIRA_ENDPOINTS.map((e) => e.path).sort());
  });

  it.each(FAKE_JIRA_ENDPOINTS.map((e) => e.path))('GET %s answers 200 with a body of the documented 200 schema', async (path) => {
    const url = SITE + path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(PARAMS[name] ?? name)) + (QUERIES[path] ?? '');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const documented = spec.paths[path]?.get?.responses['200']?.content?.['application/json'];
    const body = (await response.json()) as unknown;
    const problems =
      documented?.schema !== undefined
        ? validate(spec, documented.schema, body)
        : documented?.example !== undefined
          ? exampleProblems(JSON.parse(documented.example), body)
          : [`${path}: the document has neither a schema nor an example for 200`];
    const allowed = DOCUMENTED_DEVIATIONS.filter((d) => d.path === path);
    expect(problems.filter((p) => !allowed.some((d) => d.problem.test(p)))).toEqual([]);
  });
});
