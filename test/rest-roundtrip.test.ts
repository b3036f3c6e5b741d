import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers, FakeJiraLog, type FakeJiraOptions } from '../src/adapters/fake-jira/handlers';
import { JiraAuthError } from '../src/adapters/jira-rest/client';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import type { ConfigSnapshot } from '../src/domain/model';
import { analyse, unused } from '../src/domain/analysis';
import { expressible } from './support/expressible';
import { loadSample } from './support/sample';

const SITE = 'https://fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

async function scan(s: ConfigSnapshot, options: FakeJiraOptions = {}): Promise<{ snapshot: ConfigSnapshot; requests: number; log: FakeJiraLog }> {
  const log = new FakeJiraLog();
  server.resetHandlers(...createFakeJiraHandlers(s, options, log));
  const source = new RestConfigurationSource(new NodeJiraHttp({ site: SITE, email: 'qa@acme.test', token: 't' }), {
    siteUrl: SITE,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    maxRetries: 10,
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    // Everything the snapshot holds: field configuration items too (read only when asked for).
    fieldConfigurationItems: true,
  });
  const snapshot = await source.load();
  return { snapshot, requests: source.requestCount, log };
}

describe('scan of the fake Jira', () => {
  it('gives back the sample instance, as far as Jira can express it', async () => {
    const sample = loadSample();
    const { snapshot } = await scan(sample);
    expect(expressible(snapshot)).toEqual(expressible(sample));
    expect(snapshot.site).toEqual({ baseUrl: SITE, scannedAt: '2026-11-22T10:00:00.000Z' });
  });

  it('reads archived and trashed projects, filter subscriptions, and priority schemes whose priorities and projects run past the first page', async () => {
    const sample = loadSample();
    const { snapshot, log } = await scan(sample, { pageCaps: { 'priorityscheme-items': 2 } });
    expect(expressible(snapshot)).toEqual(expressible(sample));
    expect(snapshot.projects.filter((p) => p.archived === true || p.deleted === true).map((p) => p.key).sort()).toEqual(['ARCV', 'TRSH']);
    expect(snapshot.prioritySchemes.find((x) => x.id === '1')?.projectIds).toHaveLength(6);
    expect(log.byEndpoint.get('GET /rest/api/3/priorityscheme/{schemeId}/projects')).toBeGreaterThan(0);
    expect(log.byEndpoint.get('GET /rest/api/3/priorityscheme/{schemeId}/priorities')).toBeGreaterThan(0);
  });

  it('reads a field\'s project and issue type mappings only where one of its contexts is limited to projects or issue types', async () => {
    const sample = loadSample();
    const { snapshot, log } = await scan(sample);
    const contextsOf = (fieldId: string) => sample.fieldContexts.filter((c) => c.fieldId === fieldId);
    const read = sample.fields.filter((f) => f.custom && f.projectId === undefined && contextsOf(f.id).length > 0);
    const limitedToProjects = read.filter((f) => contextsOf(f.id).some((c) => !c.isGlobalContext)).length;
    const limitedToTypes = read.filter((f) => contextsOf(f.id).some((c) => !c.isAnyIssueType)).length;
    expect(limitedToProjects).toBeGreaterThan(0);
    expect(limitedToProjects).toBeLessThan(read.length);
    expect(log.byEndpoint.get('GET /rest/api/3/field/{fieldId}/context/projectmapping')).toBe(limitedToProjects);
    expect(log.byEndpoint.get('GET /rest/api/3/field/{fieldId}/context/issuetypemapping') ?? 0).toBe(limitedToTypes);
    // What the mappings say is still read: the contexts come back as the sample has them.
    expect(expressible(snapshot).fieldContexts).toEqual(expressible(sample).fieldContexts);
  });

  it('a site without field schemes (the endpoint answers 404 there) has none, and no gap for it', async () => {
    const { snapshot } = await scan({ ...loadSample(), fieldSchemes: [] });
    expect(snapshot.fieldSchemes).toEqual([]);
    expect(snapshot.coverage.filter((g) => g.kind === 'field-scheme')).toEqual([]);
  });

  it('records what it could not see as coverage gaps: hidden gadget configuration, untracked usage data, team-managed projects', async () => {
    const { snapshot } = await scan(loadSample());
    const gaps = snapshot.coverage.map((g) => `${g.kind}:${g.objectId ?? ''} ${g.reason}`);
    expect(gaps).toEqual(expect.arrayContaining(['dashboard:10002 not-exposed', 'field:customfield_10046 not-tracked', 'field:customfield_10051 not-tracked', 'project:10005 team-managed']));
  });

  it('turns a 403 on one kind into a coverage gap and goes on with the rest', async () => {
    const sample = loadSample();
    const { snapshot } = await scan(sample, { forbidden: ['/rest/api/3/filter/search'] });
    expect(snapshot.filters).toEqual([]);
    expect(snapshot.boards).toHaveLength(sample.boards.length);
    expect(snapshot.coverage).toContainEqual({ kind: 'filter', reason: 'permission', detail: 'filters: GET /rest/api/3/filter/search: HTTP 403: You do not have permission to see this.' });
  });

  it('reads service desks, their queues and request types with hidden fields; a site without JSM (404) gives none and no gap; a refusal (403) is a gap and the rest goes on', async () => {
    const sample = loadSample();
    const { snapshot, log } = await scan(sample);
    expect(snapshot.queues.map((q) => q.name)).toEqual(['All open requests', 'Waiting for support', 'Platinum customers']);
    expect(snapshot.requestTypes.find((r) => r.id === '10')?.fields).toContainEqual({ fieldId: 'customfield_10067', required: false, visible: false });
    expect(log.byEndpoint.get('GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field')).toBe(2);

    const noJsm: ConfigSnapshot = { ...sample, projects: sample.projects.map((p) => ({ ...p, projectTypeKey: 'software' })), queues: [], requestTypes: [] };
    const without = await scan(noJsm);
    expect(without.snapshot.queues).toEqual([]);
    expect(without.snapshot.coverage.filter((g) => g.kind === 'queue' || g.kind === 'request-type')).toEqual([]);
    expect(without.log.byEndpoint.get('GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue')).toBeUndefined();

    const refused = await scan(sample, { forbidden: ['/rest/servicedeskapi/'] });
    expect(refused.snapshot.queues).toEqual([]);
    expect(refused.snapshot.filters).toHaveLength(sample.filters.length);
    expect(refused.snapshot.coverage).toContainEqual({ kind: 'queue', reason: 'permission', detail: 'service desks: GET /rest/servicedeskapi/servicedesk: HTTP 403: You do not have permission to see this.' });
  });

  it('reads the options of each option field\'s contexts, disabled ones and second-level ones included', async () => {
    const sample = loadSample();
    const { snapshot, log } = await scan(sample);
    expect(snapshot.options).toEqual(sample.options);
    expect(snapshot.options.find((o) => o.id === '10203')).toMatchObject({ name: 'Sev 4', disabled: true });
    expect(snapshot.options.find((o) => o.id === '10232')).toMatchObject({ name: 'Germany', parentId: '10230' });
    // One request per context of an option field: none for text fields.
    const optionFieldContexts = sample.fieldContexts.filter((c) => sample.fields.some((f) => f.id === c.fieldId && ['select', 'multiselect', 'radiobuttons', 'multicheckboxes', 'cascadingselect'].some((t) => f.schema?.custom?.endsWith(`:${t}`) === true)));
    expect(log.byEndpoint.get('GET /rest/api/3/field/{fieldId}/context/{contextId}/option')).toBe(optionFieldContexts.length);
    // The contexts' default values, one list an option field: SLA Breached gives No by default, so No is in use.
    expect(snapshot.fieldContexts.find((c) => c.fieldId === 'customfield_10043')?.defaultOptionIds).toEqual(['10221']);
    expect(log.byEndpoint.get('GET /rest/api/3/field/{fieldId}/context/defaultValue')).toBe(new Set(optionFieldContexts.map((c) => c.fieldId)).size);
    const unusedOptions = unused(analyse(snapshot), 'option').rows.map((r) => r.id);
    expect(unusedOptions).toContain('10212');
    expect(unusedOptions).not.toContain('10221');
  });

  it('stops the whole scan on 401', async () => {
    server.resetHandlers(...createFakeJiraHandlers(loadSample()));
    const { http, HttpResponse } = await import('msw');
    server.use(http.get('*/rest/api/3/field', () => HttpResponse.json({ errorMessages: ['Client must be authenticated to access this resource.'] }, { status: 401 })));
    const source = new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: () => Promise.resolve() });
    await expect(source.load()).rejects.toBeInstanceOf(JiraAuthError);
  });

  it('retries a body that is not JSON like a 5xx, then stops naming the endpoint when it is the field listing', async () => {
    await expect(scan(loadSample(), { faultRate: 1, faults: ['malformed'] })).rejects.toThrow(/^the fields listing could not be read, and a scan without it would be wrong: GET \/rest\/api\/3\/field: \$: the response is not JSON \(\d+ attempts\): \{"values": \[$/);
  });

  it('reads private filters only because it asks with overrideSharePermissions=true', async () => {
    const sample = loadSample();
    const { snapshot } = await scan(sample);
    expect(snapshot.filters.find((f) => f.id === '10006')?.sharePermissions).toEqual([]);
  });

  test.prop([fc.integer({ min: 1, max: 100_000 })], { numRuns: 4 })('a generated small site goes through the fake and the scan unchanged, as far as Jira can express it', async (seed) => {
    const s = generateSnapshot({ preset: 'small', seed });
    expect(expressible((await scan(s)).snapshot)).toEqual(expressible(s));
  });

  test.prop([fc.integer({ min: 1, max: 100_000 })], { numRuns: 3 })('under 10% injected 429 and 503 faults the scanned snapshot is identical to the fault-free one', async (seed) => {
    const s = generateSnapshot({ preset: 'small', seed });
    const clean = await scan(s);
    const faulty = await scan(s, { faultRate: 0.1, seed });
    expect(faulty.snapshot).toEqual(clean.snapshot);
    expect(faulty.requests).toBeGreaterThan(clean.requests);
  });
});
