import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAutomationExport } from '../src/adapters/automation/rules';
import { adminUrl } from '../src/domain/admin-links';
import { createFakeJiraHandlers, FAKE_CLOUD_ID } from '../src/adapters/fake-jira/handlers';
import { startFakeJiraServer, type FakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { analyse, unused, whereUsed } from '../src/domain/analysis';
import { automationMentions, maskSmartValues, type AutomationMention } from '../src/domain/automation';
import { buildGraph } from '../src/domain/graph';
import type { AutomationRule, ConfigSnapshot, JsonValue } from '../src/domain/model';
import { aSnapshot } from './builders';
import { cliInProcess } from './support/cli';
import { loadSample } from './support/sample';
import { tempDir } from './support/temp';

const C = (component: string, type: string, value: JsonValue, extra: { children?: JsonValue[]; conditions?: JsonValue[] } = {}): JsonValue => ({ component, type, value, children: extra.children ?? [], conditions: extra.conditions ?? [] });
const rule = (components: JsonValue[], trigger: JsonValue = C('TRIGGER', 'jira.issue.event.trigger:created', null)): Pick<AutomationRule, 'trigger' | 'components'> => ({ trigger, components });
const said = (m: AutomationMention): string =>
  m.type === 'object'
    ? `${m.kind} ${m.by} ${m.value} · ${m.role} · ${m.place.component} ${m.place.path}`
    : m.type === 'option'
      ? `option ${m.by} ${m.value} of field ${m.field.by} ${m.field.value} · ${m.role} · ${m.place.component} ${m.place.path}`
      : m.type === 'smart-value'
        ? `smart ${m.name} · ${m.text}`
        : `jql ${m.original}`;

const said2 = (m: AutomationMention): string =>
  m.type === 'object'
    ? `${m.kind} ${m.by} ${m.value} · ${m.role} · ${m.place.component} ${m.place.path}`
    : m.type === 'option'
      ? `option ${m.by} ${m.value} of field ${m.field.by} ${m.field.value} · ${m.role} · ${m.place.component} ${m.place.path}`
      : m.type;

describe('what a rule names (automationMentions)', () => {
  it('fields an edit sets by id or name, a field condition compares, and the status it compares with', () => {
    const found = automationMentions(
      rule([
        C('CONDITION', 'jira.issue.condition', { selectedField: { type: 'ID', value: 'status' }, selectedFieldType: 'status', comparison: 'EQUALS', compareValue: { type: 'NAME', value: '["Done","Closed"]', multiValue: true } }),
        C('ACTION', 'jira.issue.edit', { operations: [{ field: { type: 'ID', value: 'customfield_10010' }, fieldType: 'customfield_10010', type: 'SET', value: '3' }, { field: { type: 'NAME', value: 'Story Points' }, fieldType: 'number', type: 'SET', value: '5' }] }),
      ]),
    ).map(said);
    expect(found).toEqual([
      'field id status · field it compares · condition components[0].value.selectedField',
      'status name Done · status it compares with · condition components[0].value.compareValue',
      'status name Closed · status it compares with · condition components[0].value.compareValue',
      'field id customfield_10010 · field it sets · action components[1].value.operations[0].field',
      'field name Story Points · field it sets · action components[1].value.operations[1].field',
    ]);
  });

  it('smart values by id and by name, after issue, triggerIssue, destinationIssue, createdIssue, parent and fields., with functions after them', () => {
    const text = '{{issue.customfield_10010}} {{issue.fields.customfield_10011.value}} {{triggerIssue.Story Points.format("0")}} {{destinationIssue.parent.Team}} {{#createdIssue.Region}}x{{/}} {{issue.Sprint|none}} {{issue.key}} {{now}} {{lookupIssues.size}}';
    const found = automationMentions(rule([C('ACTION', 'jira.issue.comment', { comment: text })])).map(said);
    expect(found).toEqual([
      'smart customfield_10010 · {{issue.customfield_10010}}',
      'smart customfield_10011 · {{issue.fields.customfield_10011.value}}',
      'smart Story Points · {{triggerIssue.Story Points.format("0")}}',
      'smart Team · {{destinationIssue.parent.Team}}',
      'smart Region · {{#createdIssue.Region}}',
      'smart Sprint · {{issue.Sprint|none}}',
      'smart key · {{issue.key}}',
      'smart size · {{lookupIssues.size}}',
    ]);
  });

  it('every place the Automation documents allow a field by name: smart values over lists of issues (lookupIssues, issues, first/last) and the keys of the advanced field JSON (fields, update), smart values inside it; text that is not that JSON names nothing', () => {
    const advanced = '{"fields": {"Story Points": {{issue.Estimate}}, "customfield_10010": 3, "summary": "x {{issue.key}}"}, "update": {"Team": [{"set": "A"}]}}';
    const found = automationMentions(
      rule([
        C('ACTION', 'jira.issue.comment', { comment: '{{lookupIssues.Story Points.sum}} {{issues.first.Team}} {{lookupIssues.last.Region.value}} {{#lookupIssues}}{{key}}{{/}}' }),
        C('ACTION', 'jira.issue.edit', { operations: [], advancedFields: advanced }),
        C('ACTION', 'jira.issue.comment', { comment: 'Note: {"fields": {"Not a field": 1}} is how it looks' }),
      ]),
    ).map(said);
    expect(found).toEqual([
      'smart Story Points · {{lookupIssues.Story Points.sum}}',
      'smart Team · {{issues.first.Team}}',
      'smart Region · {{lookupIssues.last.Region.value}}',
      'smart Estimate · {{issue.Estimate}}',
      'smart key · {{issue.key}}',
      'field id customfield_10010 · custom field id in text · action components[1].value.advancedFields',
      'field name Story Points · field in the advanced JSON (fields) · action components[1].value.advancedFields',
      'field name summary · field in the advanced JSON (fields) · action components[1].value.advancedFields',
      'field name Team · field in the advanced JSON (update) · action components[1].value.advancedFields',
    ]);
    // In the graph: a name resolves to its field (an id to the field of that id), a shared name is ambiguous (never
    // safe), a name no field has is no reference (loose text), and the id given as a key is the field of that id.
    const site = aSnapshot({
      fields: [
        { id: 'summary', name: 'Summary', custom: false, clauseNames: ['summary'], schema: { type: 'string', system: 'summary' } },
        { id: 'customfield_10010', name: 'Points', custom: true, clauseNames: ['cf[10010]', 'Points'], schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10010 } },
        { id: 'customfield_10020', name: 'Story Points', custom: true, clauseNames: ['cf[10020]', 'Story Points'], schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10020 } },
        { id: 'customfield_10030', name: 'Team', custom: true, clauseNames: ['cf[10030]', 'Team'], schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10030 } },
        { id: 'customfield_10031', name: 'Team', custom: true, clauseNames: ['cf[10031]', 'Team'], schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: 10031 } },
      ],
      automationRules: [{ id: 'r1', name: 'Roll up', state: 'ENABLED', source: 'api', scope: { global: true, projectIds: [], projectTypes: [] }, trigger: C('TRIGGER', 'jira.issue.event.trigger:created', null), components: [C('ACTION', 'jira.issue.edit', { operations: [], advancedFields: '{"fields": {"Story Points": 1, "customfield_10010": 2, "summary": "s", "Nothing here": 3}, "update": {"Team": [{"set": "A"}]}}' })] }],
    });
    const g = buildGraph(site);
    const rel = (id: string): string[] => g.usersOf({ kind: 'field', id }).map((e) => e.relation);
    expect(rel('customfield_10020')).toEqual(['automation-reference']);
    expect(rel('customfield_10010')).toEqual(['automation-reference']);
    expect(rel('summary')).toEqual(['automation-reference']);
    expect(rel('customfield_10030')).toEqual(['possible-reference']);
    expect(rel('customfield_10031')).toEqual(['possible-reference']);
    expect(g.jqlFindings.map((f) => (f.finding.type === 'syntax' ? 'syntax' : `${f.finding.type} ${f.finding.written}`))).toEqual(['ambiguous Team']);
  });

  it('JQL in a JQL condition, a scheduled trigger, a branch, a related-issues condition and a lookup, with smart values masked', () => {
    const found = automationMentions(
      rule(
        [
          C('CONDITION', 'jira.jql.condition', 'project = {{issue.project.key}} AND "Story Points" > 3'),
          C('CONDITION', 'jira.issues.related.condition', { compareJql: 'status = Done', relatedType: 'subtasks' }),
          C('ACTION', 'jira.lookup.issues', { type: 'JQL', query: { type: 'SMART', value: 'key = "{{issue.key}}"' } }),
          C('BRANCH', 'jira.issue.related', { jql: 'issuetype = Bug' }, { children: [C('ACTION', 'jira.issue.transition', { destinationStatus: { type: 'ID', value: '10001' } })] }),
        ],
        C('TRIGGER', 'jira.jql.scheduled', { jql: 'filter = 10000' }),
      ),
    );
    expect(found.map(said)).toEqual([
      'jql filter = 10000',
      'jql project = {{issue.project.key}} AND "Story Points" > 3',
      'jql status = Done',
      'jql key = "{{issue.key}}"',
      'jql issuetype = Bug',
      'status id 10001 · status it moves the work item to · action components[3].children[0].value.destinationStatus',
    ]);
    const masked = found.find((m) => m.type === 'jql' && m.original.startsWith('project'));
    expect(masked?.type === 'jql' ? masked.jql : '').toBe(`project = ${'x'.repeat('{{issue.project.key}}'.length - 2)}() AND "Story Points" > 3`);
  });

  it('statuses of a transitioned trigger, the project and issue type a create sets, groups and roles of recipients and manual triggers', () => {
    const found = automationMentions(
      rule(
        [
          C('ACTION', 'jira.issue.create', { operations: [{ field: { type: 'ID', value: 'project' }, type: 'SET', value: { type: 'ID', value: '10001' } }, { field: { type: 'ID', value: 'issuetype' }, type: 'SET', value: { type: 'NAME', value: 'Bug' } }] }),
          C('ACTION', 'jira.issue.outgoing.email', { to: [{ type: 'GROUP', value: 'support-agents' }, { type: 'ROLE', value: '10002' }, { type: 'USER', value: '557058:abc' }] }),
        ],
        C('TRIGGER', 'jira.issue.event.trigger:transitioned', { fromStatus: [{ type: 'NAME', value: 'To Do' }], toStatus: [{ type: 'ID', value: '3' }], groups: ['jira-admins'] }),
      ),
    ).map(said);
    expect(found).toEqual([
      'status name To Do · status the transition comes from · trigger trigger.value.fromStatus[0]',
      'status id 3 · status the transition goes to · trigger trigger.value.toStatus[0]',
      'group name jira-admins · group in setting groups · trigger trigger.value.groups[0]',
      'field id project · field it sets · action components[0].value.operations[0].field',
      'project id 10001 · project it sets · action components[0].value.operations[0].value',
      'field id issuetype · field it sets · action components[0].value.operations[1].field',
      'issue-type name Bug · issue type it sets · action components[0].value.operations[1].value',
      'group name support-agents · group in setting to · action components[1].value.to[0]',
      'project-role name 10002 · project role in setting to · action components[1].value.to[1]',
    ]);
  });

  it('names the component an if block nests a condition and an action in', () => {
    const found = automationMentions(
      rule([
        C('CONDITION', 'jira.condition.container.block', null, {
          children: [C('CONDITION_BLOCK', 'jira.condition.if.block', {}, { conditions: [C('CONDITION', 'jira.issue.condition', { selectedField: { type: 'NAME', value: 'Department' } })], children: [C('ACTION', 'jira.issue.edit', { operations: [{ field: { type: 'ID', value: 'customfield_10039' } }] })] })],
        }),
      ]),
    ).map(said);
    expect(found).toEqual([
      'field name Department · field it compares · condition components[0].children[0].conditions[0].value.selectedField',
      'field id customfield_10039 · field it sets · action components[0].children[0].children[0].value.operations[0].field',
    ]);
  });

  it('never throws on any JSON, and every mention names a path that starts at the trigger or a component (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 4 }), (trigger, components) => {
        const found = automationMentions({ trigger: trigger as JsonValue, components: components as JsonValue[] });
        for (const m of found) expect(m.place.path).toMatch(/^(trigger|components\[\d+\])/);
      }),
    );
  });

  it('masking smart values keeps the JQL the same length and leaves no braces (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('project = ', 'key = "', '" AND ', ' summary ~ "x ', '{{issue.key}}', '{{issue.project.key}}', ' OR '), fc.string({ maxLength: 5 })), { maxLength: 8 }), (parts) => {
        const jql = parts.join('');
        const masked = maskSmartValues(jql);
        expect(masked).toHaveLength(jql.length);
        expect(/\{\{[^{}]*\}\}/.test(masked)).toBe(false);
      }),
    );
  });
});

describe('rules in the graph and the reports', () => {
  const sample = loadSample();
  const a = analyse(sample);

  it('an option a rule sets or compares a field with, by id or name, is used by the rule; only the field\'s own options count, and a value none has is a broken option value', () => {
    const said = (id: string) => whereUsed(a, a.graph.node({ kind: 'option', id })!).rows.filter((r) => r.used_by_kind === 'automation-rule').map((r) => String(r.evidence));
    expect(said('10202')).toEqual(['rule condition Work item fields condition (jira.issue.condition): option it compares the field with (at components[1].value.compareValue)']);
    expect(said('10211')).toEqual(['rule action Edit work item (jira.issue.edit): option it sets (at components[2].value.operations[0].value)']);
    expect(unused(a, 'option').rows.map((r) => r.id)).not.toContain('10202');
    const found = automationMentions(
      rule([
        C('ACTION', 'jira.issue.edit', { operations: [{ field: { type: 'NAME', value: 'Region' }, type: 'SET', value: [{ type: 'ID', value: '10230' }, { type: 'NAME', value: 'APAC' }] }] }),
        C('CONDITION', 'jira.issue.condition', { selectedField: { type: 'ID', value: 'customfield_10042' }, comparison: 'EQUALS', compareValue: { type: 'NAME', value: '["Tier 1","Platinum"]', multiValue: true } }),
      ]),
    ).map(said2);
    expect(found).toEqual([
      'field name Region · field it sets · action components[0].value.operations[0].field',
      'option id 10230 of field name Region · option it sets · action components[0].value.operations[0].value[0]',
      'option name APAC of field name Region · option it sets · action components[0].value.operations[0].value[1]',
      'field id customfield_10042 · field it compares · condition components[1].value.selectedField',
      'option name Tier 1 of field id customfield_10042 · option it compares the field with · condition components[1].value.compareValue',
      'option name Platinum of field id customfield_10042 · option it compares the field with · condition components[1].value.compareValue',
    ]);
    // Resolved in a snapshot: Region is two fields (ambiguous: no option guessed); Platinum is no option of Support Tier.
    const withRule = analyse({ ...sample, automationRules: [{ ...sample.automationRules[0]!, id: 'r-options', components: [C('CONDITION', 'jira.issue.condition', { selectedField: { type: 'ID', value: 'customfield_10042' }, comparison: 'EQUALS', compareValue: { type: 'NAME', value: 'Platinum', multiValue: false } })] }] });
    expect(withRule.graph.jqlFindings.filter((f) => f.from.id === 'r-options').map((f) => (f.finding.type === 'broken' ? `${f.finding.kind} ${f.finding.written} of ${f.finding.fieldId ?? ''}` : f.finding.type))).toEqual(['option Platinum of customfield_10042']);
  });

  it('a field a rule sets, mentions by id or by name, names in JQL, or that only a disabled rule edits is not unused; neither is a status only a rule moves issues to', () => {
    const unusedIds = unused(a).rows.map((r) => `${String(r.kind)}:${String(r.id)}`);
    for (const id of ['field:customfield_10062', 'field:customfield_10063', 'field:customfield_10064', 'field:customfield_10065', 'field:customfield_10066', 'status:10010']) expect(unusedIds).not.toContain(id);
    const rows = (ref: { kind: 'field' | 'status'; id: string }) => whereUsed(a, a.graph.node(ref) ?? { ...ref, name: '' }).rows.filter((r) => r.used_by_kind === 'automation-rule').map((r) => `${String(r.used_by_name)}: ${String(r.evidence)}`);
    expect(rows({ kind: 'status', id: '10010' })).toEqual(['Park stale work: rule action Transition work item (jira.issue.transition): status it moves the work item to (at components[0].value.destinationStatus)']);
    expect(rows({ kind: 'field', id: 'customfield_10065' })).toEqual([
      'Renewals due: rule condition JQL condition (jira.jql.condition) at components[0].value: clause `"Renewal Date" < endOfMonth()`',
      'Renewals due: rule action Send email (jira.issue.outgoing.email): smart value {{issue.Renewal Date.jiraDate}} (at components[1].value.body)',
    ]);
  });

  it('a rule scoped to projects uses them; a name two fields share is ambiguous and a name no field has is broken, never guessed', () => {
    const g = buildGraph(sample);
    expect(g.usesOf({ kind: 'automation-rule', id: '0192e5ac-0e25-71de-ba7b-d972e6a20005' }).filter((e) => e.relation === 'automation-scope').map((e) => e.to.id)).toEqual(['10000', '10001']);
    const findings = g.jqlFindings.filter((f) => f.from.kind === 'automation-rule').map((f) => (f.finding.type === 'syntax' ? 'syntax' : `${f.finding.type} ${f.finding.written}`));
    expect(findings).toEqual(['ambiguous Team', 'broken Customer Tier', 'broken Cost Centre']);
    // The ambiguous smart value uses neither Team field: it possibly means each of them (never safe, never counted).
    const fromRule = (id: string): string[] => g.usersOf({ kind: 'field', id }).filter((e) => e.from.id === '0192e5ac-0e25-71de-ba7b-d972e6a20006').map((e) => e.relation);
    const teams = sample.fields.filter((f) => f.name === 'Team').map((f) => f.id);
    expect(teams.length).toBe(2);
    for (const id of teams) expect(fromRule(id)).toEqual(['possible-reference']);
  });

  it('a rule whose scope names only archived or trashed projects, and a disabled rule, are unused rules, with the reason; a rule in a live project is not', () => {
    const rules: AutomationRule[] = [
      { id: 'r1', name: 'In trash only', state: 'ENABLED', scope: { global: false, projectIds: ['2'], projectTypes: [] }, trigger: null, components: [], source: 'export' },
      { id: 'r2', name: 'Live', state: 'ENABLED', scope: { global: false, projectIds: ['1', '2'], projectTypes: [] }, trigger: null, components: [], source: 'export' },
      { id: 'r3', name: 'Off', state: 'DISABLED', scope: { global: true, projectIds: [], projectTypes: [] }, trigger: null, components: [], source: 'export' },
    ];
    const s = aSnapshot({ automationRules: rules, projects: [{ id: '1', key: 'A', name: 'A', style: 'classic', issueTypeIds: [], schemes: {} }, { id: '2', key: 'T', name: 'T', style: 'classic', deleted: true, issueTypeIds: [], schemes: {} }] });
    expect(unused(analyse(s), 'automation-rule').rows.map((r) => `${String(r.id)} ${String(r.criterion).split(':')[0] ?? ''}`)).toEqual(['r1 runs only in project T (in the trash)', 'r3 disabled']);
  });

  it('until rules are read, every unused field, status and filter says "Automation rules not read"', () => {
    const s: ConfigSnapshot = { ...sample, automationRules: [], coverage: [...sample.coverage, { kind: 'automation-rule', reason: 'not-exposed', detail: 'Automation rules not read: …' }] };
    const rows = unused(analyse(s)).rows.filter((r) => ['field', 'status'].includes(String(r.kind)));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.criterion).toContain('Automation rules not read');
    expect(unused(analyse(s), 'screen').rows.every((r) => !String(r.criterion).includes('Automation'))).toBe(true);
  });
});

describe('reading rules: the Automation API through the gateway, and the export file', () => {
  const sample = loadSample();
  const SITE = 'https://rules.fake-jira.test';
  // Two summaries a page: the scan follows `links.next` cursors.
  const server = setupServer(...createFakeJiraHandlers(sample, { pageCaps: { 'automation-rules': 2 } }));
  beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
  afterAll(() => { server.close(); });

  it('reads every rule over cursor pages and rule details, keeping ids of people but no e-mail address or display name', async () => {
    const snapshot = await new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: () => Promise.resolve() }).load();
    expect(snapshot.automationRules.map((r) => r.id)).toEqual(sample.automationRules.map((r) => r.id));
    expect(snapshot.automationRules.every((r) => r.source === 'api')).toBe(true);
    expect(snapshot.automationRules.find((r) => r.name === 'Flag highest priority')?.scope).toEqual({ global: false, projectIds: [], projectTypes: ['jira-software'] });
    const text = JSON.stringify(snapshot.automationRules);
    expect(text).not.toMatch(/jane\.doe@acme\.example|displayName"|emailAddress"/);
    expect(snapshot.coverage.filter((g) => g.kind === 'automation-rule')).toEqual([]);
  });

  it('answers in the shape Atlassian documents for rule summaries and rule details', async () => {
    const summary = (await (await fetch(`${SITE}/gateway/api/automation/public/jira/${FAKE_CLOUD_ID}/rest/v1/rule/summary`)).json()) as { links: Record<string, unknown>; data: Record<string, unknown>[] };
    // https://developer.atlassian.com/cloud/automation/rest/api-group-rule-management/ (RuleSummaryResponse example)
    expect(Object.keys(summary.links).sort()).toEqual(['next', 'prev', 'self']);
    const documented = new Set(['actorAccountId', 'ruleScopeARIs', 'authorAccountId', 'created', 'updated', 'description', 'uuid', 'labels', 'name', 'state']);
    for (const item of summary.data) for (const key of Object.keys(item)) expect(documented.has(key), key).toBe(true);
    const detail = (await (await fetch(`${SITE}/gateway/api/automation/public/jira/${FAKE_CLOUD_ID}/rest/v1/rule/${String(summary.data[0]?.uuid)}`)).json()) as { rule: Record<string, unknown> };
    expect(detail.rule).toMatchObject({ uuid: summary.data[0]?.uuid, trigger: expect.objectContaining({ component: 'TRIGGER' }) as unknown, components: expect.any(Array) as unknown, ruleScopeARIs: expect.any(Array) as unknown });
  });

  it('an export: rules wrapped as { rules }, a bare list, or one API detail; a file that is not one is one message with the JSON path; an odd rule costs that rule', () => {
    const one = { id: 7, name: 'Seven', state: 'ENABLED', projects: [{ projectId: '10000' }], trigger: { component: 'TRIGGER', type: 'jira.manual.trigger.issue' }, components: [] };
    const wrapped = parseAutomationExport(JSON.stringify({ cloud: true, rules: [one, { ...one, id: 8, name: 42 }] }));
    expect(wrapped.ok && wrapped.value.rules.map((r) => `${r.id} ${r.scope.projectIds.join()}`)).toEqual(['7 10000']);
    expect(wrapped.ok && wrapped.value.invalid).toEqual([{ path: '$.rules[1]', id: '8', message: '$.rules[1].name: Invalid input: expected string, received number' }]);
    expect(parseAutomationExport(JSON.stringify([one])).ok).toBe(true);
    expect(parseAutomationExport(JSON.stringify({ rule: { ...one, uuid: 'u-1' } }))).toMatchObject({ ok: true, value: { rules: [{ id: 'u-1' }] } });
    expect(parseAutomationExport('{"filters": []}')).toEqual({ ok: false, error: '$: expected an Automation rules export ({ "rules": [ … ] } as Jira\'s global automation exports it), found an object with keys filters' });
    expect(parseAutomationExport('{"rules": [{"name": "x"}]}')).toEqual({ ok: false, error: 'no rule of the file could be read; the first: $.rules[0].trigger: Invalid input: expected record, received undefined' });
    expect(parseAutomationExport('{"rules": [').ok).toBe(false);
  });
});

describe('the CLI: a site whose rules are the only users of some fields and of one status', () => {
  const dir = tempDir('config-lens-automation-');
  let open: FakeJiraServer;
  let refusing: FakeJiraServer;
  beforeAll(async () => {
    open = await startFakeJiraServer(loadSample());
    refusing = await startFakeJiraServer(loadSample(), { forbidden: ['/gateway/api/automation/'] });
  });
  afterAll(async () => {
    await open.close();
    await refusing.close();
  });
  const cli = cliInProcess;
  const whereUsedByRules = async (snapshot: string): Promise<string[]> => {
    const rows: string[] = [];
    for (const object of ['field:customfield_10062', 'field:customfield_10063', 'field:customfield_10064', 'field:customfield_10065', 'field:customfield_10066', 'status:10010']) {
      const r = await cli('report', 'where-used', '--instance', snapshot, '--object', object, '--format', 'json', '--quiet');
      for (const row of JSON.parse(r.out) as Record<string, string>[]) if (row.used_by_kind === 'automation-rule') rows.push(`${object} ${row.used_by_name}: ${row.evidence}`);
    }
    return rows;
  };

  it('scan --site reads the rules; where-used names the rule and the component; none of those fields or the status is unused', async () => {
    const out = join(dir, 'api.json');
    expect((await cli('scan', '--site', open.url, '--out', out, '--quiet')).code).toBe(0);
    const rows = await whereUsedByRules(out);
    expect(rows).toHaveLength(7);
    expect(rows).toContain('field:customfield_10066 Sync legacy ids (retired): rule action Edit work item (jira.issue.edit): field it sets (at components[0].value.operations[0].field)');
    const unusedRows = JSON.parse((await cli('report', 'unused', '--instance', out, '--format', 'json', '--quiet')).out) as Record<string, string>[];
    expect(unusedRows.filter((r) => ['customfield_10062', 'customfield_10063', 'customfield_10064', 'customfield_10065', 'customfield_10066', '10010'].includes(r.id ?? ''))).toEqual([]);
  }, 30_000);

  it('against a site that refuses the Automation API: a gap saying how to get the rules in; with --automation <export.json>, the same where-used rows', async () => {
    const bare = join(dir, 'refused.json');
    expect((await cli('scan', '--site', refusing.url, '--out', bare, '--quiet')).code).toBe(0);
    const refused = await readSnapshotFile(bare);
    expect(refused.automationRules).toEqual([]);
    expect(refused.coverage.find((g) => g.kind === 'automation-rule')?.detail).toMatch(/^Automation rules not read: GET \/gateway\/api\/automation\/public\/jira\/.+\/rule\/summary: the Automation API refused these credentials .*--automation <export\.json>/);
    const unusedField = (JSON.parse((await cli('report', 'unused', '--instance', bare, '--kind', 'field', '--format', 'json', '--quiet')).out) as Record<string, string>[]).find((r) => r.id === 'customfield_10062');
    expect(unusedField?.criterion).toContain('Automation rules not read');

    // The export an admin downloads: numeric ids and idUuid, project lists, actor e-mail addresses and names.
    const exported = {
      cloud: true,
      rules: loadSample().automationRules.map((r, i) => ({
        id: 1000 + i, idUuid: r.id, name: r.name, state: r.state, authorAccountId: '557058:x', actor: { type: 'ACCOUNT_ID', value: '557058:x', displayName: 'Jane Doe', emailAddress: 'jane@acme.example' },
        projects: r.scope.projectIds.map((projectId) => ({ projectId, projectTypeKey: null })), ruleScope: { resources: r.scope.global ? [`ari:cloud:jira::site/${FAKE_CLOUD_ID}`] : [...r.scope.projectIds.map((p) => `ari:cloud:jira:${FAKE_CLOUD_ID}:project/${p}`), ...r.scope.projectTypes.map((t) => `ari:cloud:${t}::site/${FAKE_CLOUD_ID}`)] },
        trigger: r.trigger, components: r.components, updated: Date.parse(r.updated ?? '2026-01-01'),
      })),
    };
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(exported));
    const merged = join(dir, 'merged.json');
    const result = await cli('scan', '--site', refusing.url, '--automation', file, '--out', merged, '--quiet');
    expect(result.code).toBe(0);
    expect(result.err).toContain(`merged 12 Automation rule(s) from ${file}`);
    expect(await whereUsedByRules(merged)).toEqual(await whereUsedByRules(join(dir, 'api.json')));
    const snapshot = readFileSync(merged, 'utf8');
    expect(snapshot).not.toMatch(/jane@acme\.example|jane\.doe@acme\.example|Jane Doe/);
    expect((await readSnapshotFile(merged)).coverage.filter((g) => g.kind === 'automation-rule')).toEqual([]);
    // A rule of the export keeps Jira's numeric id beside its uuid, so its editor can be linked.
    const mergedSnapshot = await readSnapshotFile(merged);
    const first = mergedSnapshot.automationRules.find((r) => r.name === loadSample().automationRules[0]?.name);
    expect(first?.ruleNumber).toBe('1000');
    expect(adminUrl({ ...mergedSnapshot, site: { ...mergedSnapshot.site, baseUrl: 'https://acme.atlassian.net' } }, 'automation-rule', first?.id ?? '', first?.name ?? '')).toBe('https://acme.atlassian.net/jira/settings/automation#/rule/1000');
  }, 30_000);

  it('a bad export file stops the scan before it starts, naming the flag, the file and what was wrong', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"rules": 3}');
    const result = await cli('scan', '--site', open.url, '--automation', bad, '--out', join(dir, 'never.json'), '--quiet');
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(`--automation ${bad}: $: expected an Automation rules export`);
  });
});
