import { valueCountCandidates } from '../src/domain/read-less';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers, FakeJiraLog } from '../src/adapters/fake-jira/handlers';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { analyse, cleanup, health, inventory, siteCaveats, unused } from '../src/domain/analysis';
import type { ConfigSnapshot, Field, FieldConfiguration, Project } from '../src/domain/model';
import { aField, aScreen, aSnapshot } from './builders';
import { loadSample } from './support/sample';

const rowOf = (s: ConfigSnapshot, id: string, all = false) => cleanup(analyse(s), undefined, all).rows.find((r) => r.id === id);

describe('the cleanup report: a verdict an admin can act on', () => {
  const never: Field['lastUsed'] = { type: 'TRACKED' };
  const quiet = aField({ n: 1, name: 'Quiet', lastUsed: never, issuesWithValue: 0 });
  const holding = aField({ n: 2, name: 'Holding', lastUsed: never, issuesWithValue: 40 });
  const shown = aField({ n: 3, name: 'Shown', lastUsed: never, issuesWithValue: 7 });
  const team = aField({ n: 4, name: 'Team field', projectId: '1', issuesWithValue: 0 });
  const project: Project = { id: '1', key: 'APP', name: 'App', style: 'next-gen', issueTypeIds: [], schemes: {} };
  const site = aSnapshot({ projects: [project], fields: [quiet, holding, shown, team], screens: [aScreen([shown.id], { id: '10', name: 'Main' })] });

  it('a custom field used by nothing and holding no value is safe; holding values in 40 issues is review with that reason; on a screen in-use; team-managed review', () => {
    expect(rowOf(site, quiet.id)).toMatchObject({ verdict: 'safe', issues_with_value: 0, last_used: 'never' });
    expect(rowOf(site, holding.id)).toMatchObject({ verdict: 'review', reasons: 'holds a value in 40 issue(s)', issues_with_value: 40 });
    expect(rowOf(site, shown.id)).toBeUndefined();
    expect(rowOf(site, shown.id, true)).toMatchObject({ verdict: 'in-use', reasons: 'used by 1 object(s): screen Main shows the field on a tab' });
    expect(rowOf(site, team.id)?.verdict).toBe('review');
    expect(rowOf(site, team.id)?.reasons).toMatch(/^team-managed field of project APP: its use there \(screens, rules\) cannot be seen through the API/);
  });

  it('recent use, unknown counts, and a gap that could hide a use make a candidate one to review; a private dashboard or a gadget that names projects only does not', () => {
    const recent = aField({ n: 5, lastUsed: { type: 'TRACKED', value: '2026-10-20T00:00:00.000Z' }, issuesWithValue: 0 });
    const unknown = aField({ n: 6, lastUsed: never, issuesWithValueUnknown: 'Jira cannot search this field with JQL (400)' });
    const notCounted = aField({ n: 7, lastUsed: never });
    const s = aSnapshot({ fields: [quiet, recent, unknown, notCounted] });
    expect(rowOf(s, recent.id)?.reasons).toBe('last used 2026-10-20T00:00:00.000Z (within 180 days)');
    expect(rowOf(s, unknown.id)).toMatchObject({ verdict: 'review', reasons: 'issues holding a value unknown: Jira cannot search this field with JQL (400)', issues_with_value: 'unknown' });
    expect(rowOf(s, notCounted.id)?.reasons).toBe('issues holding a value not counted (scan with value counts)');
    const withGaps = aSnapshot({
      fields: [quiet],
      coverage: [
        { kind: 'dashboard', reason: 'private', detail: 'dashboards private to their owners: …', hides: ['filter', 'project', 'field'] },
        { kind: 'dashboard', objectId: '9', reason: 'not-exposed', detail: 'gadget 3 "Activity Stream": hidden', hides: ['project'] },
      ],
    });
    expect(rowOf(withGaps, quiet.id)?.verdict).toBe('safe');
    // Private dashboards are a site caveat: said once for the site, not on the row.
    expect(unused(analyse(withGaps), 'field').rows[0]?.criterion).not.toContain('private');
    expect(siteCaveats(withGaps)).toEqual(['dashboards private to their owners: …']);
    const rulesUnread = aSnapshot({ fields: [quiet], coverage: [{ kind: 'automation-rule', reason: 'not-exposed', detail: 'Automation rules not read: …' }] });
    expect(rowOf(rulesUnread, quiet.id)).toMatchObject({ verdict: 'review', reasons: 'Automation rules not read' });
  });

  it('a scheme used only by an archived project is review, saying so; locked fields and fields of Jira Software or apps are no candidates', () => {
    const archived: Project = { id: '2', key: 'ARCV', name: 'Old', style: 'classic', archived: true, issueTypeIds: [], schemes: { 'permission-scheme': '7' } };
    const sprint = aField({ n: 8, name: 'Sprint', schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 8 } });
    const forge = aField({ n: 9, name: 'Forge thing', schema: { type: 'string', custom: 'ari:cloud:ecosystem::extension/abc/def/static/field', customId: 9 } });
    const locked = aField({ n: 11, name: 'Locked', isLocked: true });
    const s = aSnapshot({ projects: [archived], permissionSchemes: [{ id: '7', name: 'Archive scheme', grants: [] }], fields: [sprint, forge, locked] });
    expect(rowOf(s, '7')).toMatchObject({ kind: 'permission-scheme', verdict: 'review', reasons: 'archived project ARCV uses it (restoring the project needs it)' });
    expect(unused(analyse(s), 'field').rows).toEqual([]);
    expect(rowOf(s, sprint.id, true)).toMatchObject({ verdict: 'in-use', reasons: 'managed by Jira Software: not a candidate for cleanup' });
    expect(rowOf(s, forge.id, true)?.reasons).toBe('managed by a Forge app: not a candidate for cleanup');
    expect(rowOf(s, locked.id, true)?.reasons).toBe('managed by Jira (a locked field): not a candidate for cleanup');
  });

  it('every candidate of the unused report has a cleanup row (safe or review), and none in use (property over the sample)', () => {
    const a = analyse(loadSample());
    const unusedKeys = unused(a).rows.map((r) => `${String(r.kind)}:${String(r.id)}`);
    const rows = cleanup(a).rows;
    expect(rows.every((r) => r.verdict === 'safe' || r.verdict === 'review')).toBe(true);
    const cleanupKeys = new Set(rows.map((r) => `${String(r.kind)}:${String(r.id)}`));
    for (const key of unusedKeys) expect(cleanupKeys.has(key), key).toBe(true);
  });

  it('renderers a field configuration sets (jira-text-renderer, atlassian-wiki-renderer) never make a text field used', () => {
    const text = aField({ n: 20, name: 'Notes' });
    const config: FieldConfiguration = {
      id: '1',
      name: 'Renderers',
      isDefault: false,
      items: [
        { fieldId: text.id, isHidden: false, isRequired: false, renderer: 'atlassian-wiki-renderer' },
        { fieldId: 'description', isHidden: false, isRequired: true, renderer: 'jira-text-renderer' },
      ],
    };
    const s = aSnapshot({ fields: [text], fieldConfigurations: [config] });
    expect(unused(analyse(s), 'field').rows.map((r) => r.id)).toEqual([text.id]);
  });
});

describe('issues holding a value: counted by the scan', () => {
  const sample = loadSample();
  const SITE = 'https://counts.fake-jira.test';
  const log = new FakeJiraLog();
  const server = setupServer();
  beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
  afterAll(() => { server.close(); });
  beforeEach(() => { server.resetHandlers(...createFakeJiraHandlers(sample, {}, log)); });
  const scan = (options: { valueCounts?: boolean } = {}) => new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: () => Promise.resolve(), ...options }).load();

  it('counts, for every field the cleanup verdict lists (no use found), the issues whose value is not empty (one approximate-count each), and for no field in use', async () => {
    log.byEndpoint.clear();
    const snapshot = await scan();
    const company = valueCountCandidates(snapshot).map((id) => sample.fields.find((f) => f.id === id)).filter((f) => f !== undefined);
    expect(company.length).toBeGreaterThan(0);
    expect(log.byEndpoint.get('POST /rest/api/3/search/approximate-count')).toBe(company.length);
    const inUse = sample.fields.filter((f) => f.custom && f.projectId === undefined && !company.includes(f));
    expect(inUse.length).toBeGreaterThan(0);
    for (const f of inUse) expect(snapshot.fields.find((x) => x.id === f.id)?.issuesWithValue, f.id).toBeUndefined();
    for (const f of company) {
      const holding = (sample.issues ?? []).filter((i) => {
        const v = i.fields[f.id];
        return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '';
      }).length;
      expect(snapshot.fields.find((x) => x.id === f.id)?.issuesWithValue, f.id).toBe(holding);
    }
  });

  it('a field JQL cannot test (a 400) is unknown, with Jira\'s words; --no-value-counts sends no count', async () => {
    const candidate = valueCountCandidates(sample)[0] ?? '';
    server.use(
      http.post('*/rest/api/3/search/approximate-count', async ({ request }) => {
        const body = (await request.json()) as { jql: string };
        if (body.jql === `cf[${candidate.replace('customfield_', '')}] is not EMPTY`) return HttpResponse.json({ errorMessages: ["Field 'cf[10058]' does not support searching for EMPTY values."], errors: {} }, { status: 400 });
        return HttpResponse.json({ count: 1 });
      }),
    );
    const snapshot = await scan();
    expect(snapshot.fields.find((f) => f.id === candidate)?.issuesWithValueUnknown).toMatch(/^Jira cannot search this field with JQL \(.*does not support searching for EMPTY values/);
    log.byEndpoint.clear();
    server.resetHandlers(...createFakeJiraHandlers(sample, {}, log));
    const without = await scan({ valueCounts: false });
    expect(log.byEndpoint.get('POST /rest/api/3/search/approximate-count')).toBeUndefined();
    expect(without.fields.some((f) => f.issuesWithValue !== undefined)).toBe(false);
  });
});

describe("Atlassian's published limits in the health report", () => {
  it('counts custom fields per project (global contexts and contexts naming it), warns from 80%, and names the page', () => {
    const fields = Array.from({ length: 600 }, (_, i) => aField({ n: 30000 + i }));
    const project = (id: string, key: string): Project => ({ id, key, name: key, style: 'classic', issueTypeIds: [], schemes: {} });
    const contexts = fields.map((f, i) => ({ id: String(i), fieldId: f.id, name: 'ctx', isGlobalContext: i < 500, isAnyIssueType: true, projectIds: i < 500 ? [] : ['2'], issueTypeIds: [] }));
    const s = aSnapshot({ projects: [project('1', 'ONE'), project('2', 'TWO')], fields, fieldContexts: contexts });
    const row = health(analyse(s)).rows.find((r) => String(r.check).startsWith('limit: custom fields per company-managed space'));
    expect(row).toMatchObject({ severity: 'warning', count: 600 });
    expect(String(row?.detail)).toMatch(/^highest: space TWO, 600 of 700 \(86%\); .*https:\/\/support\.atlassian\.com\/jira-cloud-administration\/docs\/data-limits-and-guardrails$/);
    expect(health(analyse(aSnapshot({ projects: [project('1', 'ONE')] }))).rows.find((r) => String(r.check).startsWith('limit: custom fields per company-managed'))).toMatchObject({ severity: 'info', count: 0 });
  });
});

describe('issues holding a value, shown where an admin decides', () => {
  it('in the inventory detail and in the unused criterion', () => {
    const held = aField({ n: 40000, name: 'Held', issuesWithValue: 40 });
    const unknown = aField({ n: 40001, name: 'Unknown', issuesWithValueUnknown: 'Jira cannot search this field with JQL (400)' });
    const a = analyse(aSnapshot({ fields: [held, unknown] }));
    const detail = new Map(inventory(a, 'field').rows.map((r) => [r.id, r.detail]));
    expect(detail.get(held.id)).toBe('custom · com.atlassian.jira.plugin.system.customfieldtypes:textfield · 40 issue(s) with a value');
    expect(detail.get(unknown.id)).toBe('custom · com.atlassian.jira.plugin.system.customfieldtypes:textfield · issues with a value unknown');
    expect(unused(a, 'field').rows.find((r) => r.id === held.id)?.criterion).toMatch(/^holds a value in 40 issue\(s\); custom field on no screen/);
  });
});
