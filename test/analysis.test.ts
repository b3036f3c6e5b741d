import { describe, expect, it } from 'vitest';
import { analyse, duplicates, health, impact, inventory, normaliseJql, references, runReport, siteCaveats, unused, userCount, whereUsed } from '../src/domain/analysis';
import { COLLECTION_OF_KIND, type Project } from '../src/domain/model';
import { aField, aFilter, aSnapshot } from './builders';
import { loadSample } from './support/sample';

const a = analyse(loadSample());
const ids = (rows: readonly { kind: unknown; id: unknown }[]): string[] => rows.map((r) => `${String(r.kind)}:${String(r.id)}`);

describe('unused report on the sample instance', () => {
  it('finds the objects nothing uses, of every kind, and nothing else', () => {
    expect(ids(unused(a).rows)).toEqual([
      // Hidden in a field configuration and nothing more: configuration is not a use.
      'field:customfield_10049',
      'field:customfield_10054',
      'field:customfield_10056',
      'field:customfield_10061',
      'screen:10007',
      'screen-scheme:10006',
      'field-configuration:10003',
      'field-configuration-scheme:10002',
      'issue-type-scheme:10005',
      'workflow:b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0008',
      'workflow-scheme:10002',
      'permission-scheme:10002',
      'notification-scheme:10002',
      'priority-scheme:10101',
      'issue-security-scheme:10001',
      'field-scheme:10001',
      'status:10006',
      'status:10008',
      // Disabled, and scoped only to the archived project.
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20004',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20011',
    ]);
  });

  it('states the criterion, says what coverage gaps could hide, and shows last use for custom fields', () => {
    const rows = unused(a, 'field').rows;
    const [testNotes, oldLabels] = [rows.find((r) => r.id === 'customfield_10054'), rows.find((r) => r.id === 'customfield_10056')];
    expect(testNotes).toMatchObject({ name: 'Test Notes', last_used: 'no information' });
    expect(oldLabels).toMatchObject({ name: 'Labels (old)', last_used: 'never' });
    // The service project's SLAs and forms, ScriptRunner's scripts and private dashboards are site caveats, said once
    // for the site, not on every row; the Activity Stream gadget's hidden settings name projects only, and untracked
    // usage data hides nothing: no coverage note on the field's row.
    expect(testNotes?.criterion).toMatch(/^custom field on no screen, .*are not listed\)$/);
    expect(siteCaveats(a.snapshot)).toEqual([expect.stringMatching(/^service project SUP: /), expect.stringMatching(/^dashboards private to their owners/), expect.stringMatching(/^ScriptRunner is in use/)]);
  });

  it('says a team-managed field cannot be known to be unused, naming its project', () => {
    const row = unused(a, 'field').rows.find((r) => r.id === 'customfield_10061');
    expect(row?.criterion).toMatch(/^team-managed field of project APP: its use there \(screens, rules\) cannot be seen through the API, so this is not known to be unused; custom field on no screen/);
  });

  it('never reports system fields, the default field configuration, the default issue type (screen) scheme or team-managed workflows', () => {
    const rows = ids(unused(a).rows);
    expect(rows).not.toContain('field:summary');
    // Jira's own Default Issue Type Screen Scheme, which no project names but which cannot be deleted.
    expect(rows).not.toContain('issue-type-screen-scheme:1');
    expect(rows).not.toContain('field-configuration:10000');
    expect(rows).not.toContain('issue-type-scheme:10000');
    expect(rows).not.toContain('workflow:c7a2e0f1-9b8d-4c6e-a5f4-3e2d1c0b0009');
  });

  it('counts the built-in jira workflow as used while a company-managed project has no workflow scheme', () => {
    expect(ids(unused(a, 'workflow').rows)).not.toContain('workflow:b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0001');
    const s = loadSample();
    // The sample's projects on Jira's id-less Default Workflow Scheme (the scan records it as 'default') moved to a scheme.
    const allSchemed = { ...s, projects: s.projects.map((p) => (p.style === 'classic' && (p.schemes['workflow-scheme'] ?? 'default') === 'default' ? { ...p, schemes: { ...p.schemes, 'workflow-scheme': '10000' } } : p)) };
    expect(ids(unused(analyse(allSchemed), 'workflow').rows)).toContain('workflow:b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0001');
  });

  it('reports filters only when asked, by board/gadget/filter use and last run', () => {
    expect(ids(unused(a).rows).some((r) => r.startsWith('filter:'))).toBe(false);
    expect(ids(unused(a, 'filter').rows)).toEqual(['filter:10009', 'filter:10010', 'filter:10011', 'filter:10030']);
  });
});

describe('places beyond the live projects: archived and trashed projects, filter subscriptions', () => {
  it('a scheme used only by an archived project, or by one in the trash, is not unused, and where-used says why it matters', () => {
    const all = ids(unused(a).rows);
    expect(all).not.toContain('permission-scheme:10003');
    expect(all).not.toContain('notification-scheme:10003');
    const archived = whereUsed(a, { kind: 'permission-scheme', id: '10003', name: 'Website Archive Permission Scheme' }).rows;
    expect(archived.map((r) => [r.used_by_name, r.evidence])).toEqual([['Archived Website', 'archived project uses this permission scheme (restoring the project needs it)']]);
    const trashed = whereUsed(a, { kind: 'notification-scheme', id: '10003', name: 'Experiments Notification Scheme' }).rows;
    expect(trashed.map((r) => r.evidence)).toEqual(['project in the trash uses this notification scheme (restoring the project needs it)']);
    const detail = new Map(inventory(a, 'project').rows.map((r) => [r.id, r.detail]));
    expect(detail.get('10006')).toBe('ARCV · company-managed · archived');
    expect(detail.get('10007')).toBe('TRSH · company-managed · in the trash');
  });

  it('priority schemes: the default is never unused, one with no project is, and each project using one is its user', () => {
    const rows = ids(unused(a, 'priority-scheme').rows);
    expect(rows).toEqual(['priority-scheme:10101']);
    const sup = whereUsed(a, { kind: 'priority-scheme', id: '10100', name: 'Support priorities' }).rows;
    expect(sup.map((r) => [r.used_by_kind, r.used_by_name, r.relation, r.evidence])).toEqual([['project', 'Customer Support', 'uses the scheme', 'project uses this priority scheme']]);
    const lowest = whereUsed(a, { kind: 'priority', id: '5', name: 'Lowest' }).rows;
    expect(lowest.map((r) => `${String(r.used_by_kind)}:${String(r.used_by_id)}`)).toEqual(['priority-scheme:1']);
    expect(new Map(inventory(a, 'priority-scheme').rows.map((r) => [r.id, r.detail])).get('1')).toBe('5 priorities, 6 project(s) · default');
  });

  it('issue security levels name fields, groups and roles: "security level Confidential: member user custom field"', () => {
    const employee = whereUsed(a, { kind: 'field', id: 'customfield_10040', name: 'Employee' }).rows.filter((r) => r.used_by_kind === 'issue-security-scheme');
    expect(employee.map((r) => [r.used_by_name, r.relation, r.evidence])).toEqual([['HR Confidential', 'lets it see issues of a security level', 'security level "Confidential" (id 10100): member user custom field']]);
    const hr = whereUsed(a, { kind: 'issue-security-scheme', id: '10000', name: 'HR Confidential' }).rows;
    expect(hr.map((r) => [r.used_by_kind, r.used_by_name, r.evidence])).toEqual([['project', 'People Team', 'project uses this issue security scheme']]);
    expect(ids(unused(a, 'issue-security-scheme').rows)).toEqual(['issue-security-scheme:10001']);
  });

  it('field schemes associate fields with the projects that use them; one no project uses is unused', () => {
    const qa = whereUsed(a, { kind: 'field', id: 'customfield_10048', name: 'QA Owner' }).rows.filter((r) => r.used_by_kind === 'field-scheme');
    expect(qa.map((r) => [r.used_by_name, r.relation, r.evidence])).toEqual([['Support field scheme', 'associates the field with its projects', 'field associated for work type(s) 10004']]);
    expect(ids(unused(a, 'field-scheme').rows)).toEqual(['field-scheme:10001']);
  });

  it('plans: issue sources, custom and date fields and exclusion rules are uses, said as "plan issue source"', () => {
    const epic = whereUsed(a, { kind: 'filter', id: '10029', name: 'Epic roadmap' }).rows;
    expect(epic.filter((r) => r.used_by_kind === 'plan').map((r) => [r.used_by_name, r.relation, r.evidence])).toEqual([['Q3 Roadmap', 'draws its issues from it', 'plan issue source']]);
    const uses = whereUsed(a, { kind: 'field', id: 'customfield_10014', name: 'Start date' }).rows;
    expect(uses.filter((r) => r.used_by_kind === 'plan').map((r) => r.evidence)).toEqual(['plan date field']);
    expect(new Map(inventory(a, 'plan').rows.map((r) => [r.id, r.detail])).get('1')).toBe('active · 3 issue source(s)');
  });

  it('a filter with a subscription is in use whatever its last run, and the subscribed group is used by it', () => {
    expect(ids(unused(a, 'filter').rows)).not.toContain('filter:10034');
    const support = whereUsed(a, { kind: 'group', id: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e03', name: 'support-agents' }).rows;
    expect(support.filter((r) => r.used_by_kind === 'filter').map((r) => [r.used_by_id, r.relation, r.evidence])).toEqual([
      ['10034', "mails the filter's results to the group", "subscription 10100: the group's members are mailed the filter's results"],
    ]);
  });
});

describe('duplicates, references and health', () => {
  it('finds same-name custom fields and same-JQL filters written differently', () => {
    expect(duplicates(a).rows).toEqual([
      { kind: 'field', name: 'Region', ids: 'customfield_10028;customfield_10053' },
      { kind: 'field', name: 'Team', ids: 'customfield_10010;customfield_10011' },
      { kind: 'filter', name: 'same JQL: project = eng and issuetype = bug and status != done order by priority desc, created asc', ids: '10000;10011' },
    ]);
  });

  it('keeps quoted text as written when normalising JQL', () => {
    expect(normaliseJql('A  =  "X  Y"\nAND b = \'Q\\\' R\'')).toBe('a = "X  Y" and b = \'Q\\\' R\'');
  });

  it('lists broken, ambiguous, syntax and dangling references with where they are', () => {
    const rows = references(a).rows.map((r) => `${String(r.source_kind)}:${String(r.source_id)} ${String(r.problem)} ${String(r.reference)}`);
    expect(rows).toEqual([
      'workflow-scheme:10002 dangling workflow:Old Release Workflow',
      'queue:3 broken option value option value "Platinum"',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20006 broken field "Customer Tier"',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20006 ambiguous field "Team"',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20007 broken field "Cost Centre"',
      'filter:10007 ambiguous field "Team"',
      'filter:10009 broken field "Old Estimate"',
      'filter:10010 broken project "LEGACY"',
      'filter:10020 syntax project = ENG AND (status = "In Progress" OR status = Blocked',
      'filter:10022 ambiguous field "Region"',
      'board:7 dangling filter:10099',
    ]);
    expect(references(a).rows[1]?.detail).toBe('queue JQL: clause `"Support Tier" = Platinum`: no option of field Support Tier has this value or id');
    expect(references(a).rows[5]?.detail).toBe('filter JQL: clause `Team = "Alpha"`: could be field:customfield_10010, field:customfield_10011');
  });

  it('a health row is a check over many objects: each says where its objects are listed one by one (the report and kind), a limit row the limits report', () => {
    const rows = health(a).rows;
    for (const r of rows) expect(r.see, String(r.check)).not.toBe('');
    const byCheck = new Map(rows.map((r) => [r.check, r.see]));
    expect(byCheck.get('unused: status')).toBe('unused report, kind status (Cleanup gives the verdicts)');
    expect(byCheck.get('ambiguous references')).toBe('references report, problem ambiguous');
    const limitRows = rows.filter((r) => /^(limit|guardrail): /.test(String(r.check)));
    expect(limitRows.length).toBeGreaterThanOrEqual(7);
    for (const r of limitRows) expect(r.see).toBe('limits report (space by space, with what could go)');
  });

  it('summarises counts, problems, global contexts, coverage gaps and the most used fields', () => {
    const byCheck = new Map(health(a).rows.map((r) => [r.check, r]));
    expect(byCheck.get('objects: field')?.count).toBe(80);
    // Context hints: a global context on a field the screens of one project show; Story Points is on several projects' screens.
    const hints = byCheck.get('context hints: global contexts of fields few projects show');
    expect(hints).toMatchObject({ severity: 'warning', count: 16 });
    expect(String(hints?.detail)).toContain('Acceptance Criteria (on screens of 1 of 5 company-managed projects: ENG)');
    // The same fields shown by every project (all on ENG's screens) need no hint.
    const sample = loadSample();
    const engItss = sample.projects.find((p) => p.key === 'ENG')?.schemes['issue-type-screen-scheme'];
    const shared = { ...sample, projects: sample.projects.map((p) => (p.style === 'classic' ? { ...p, schemes: { ...p.schemes, 'issue-type-screen-scheme': engItss } } : p)) };
    expect(health(analyse(shared)).rows.find((r) => r.check === 'context hints: global contexts of fields few projects show')).toMatchObject({ severity: 'info', count: 0 });
    expect(byCheck.get('JQL values that match no option')).toMatchObject({ severity: 'error', count: 1, detail: expect.stringContaining('queue:3 option value "Platinum"') as unknown });
    expect(byCheck.get('unused: status')).toMatchObject({ severity: 'warning', count: 2, detail: 'Selected for Development, Legacy Triage' });
    expect(byCheck.get('broken references')).toMatchObject({ severity: 'error', count: 4 });
    expect(byCheck.get('automation rules by state')).toMatchObject({ severity: 'info', count: 12, detail: '11 enabled, 1 disabled' });
    expect(byCheck.get('dangling references')).toMatchObject({ severity: 'error', count: 2 });
    expect(byCheck.get('coverage gaps: not-exposed')).toMatchObject({ severity: 'warning', count: 3 });
    expect(byCheck.get('coverage gaps: private')).toMatchObject({ severity: 'warning', count: 1, detail: expect.stringContaining('dashboards private to their owners') as unknown });
    // Counted as every surface counts users (distinct objects, and Jira Software managing Rank), most first.
    const most = String(byCheck.get('most used custom fields')?.detail).split(', ').map((part) => /^(.*) \((customfield_\d+)\): (\d+)$/.exec(part));
    expect(most[0]?.[2]).toBe('customfield_10015');
    for (const m of most) expect(Number(m?.[3])).toBe(userCount(a, a.graph.node({ kind: 'field', id: m?.[2] ?? '' })!));
    expect(most.map((m) => Number(m?.[3]))).toEqual(most.map((m) => Number(m?.[3])).sort((x, y) => y - x));
  });
});

describe('where-used, impact and requests', () => {
  it('follows impact up to the projects that use a scheme, and stops there, with depth, path and the last relation in words', () => {
    const rows = impact(a, { kind: 'screen', id: '10001', name: 'ENG: Bug Screen' }).rows;
    expect(rows.map((r) => `${String(r.depth)} ${String(r.relation)}: ${String(r.path)}`)).toEqual([
      '1 shows the screen for an operation: screen:10001 ← screen-scheme:10001',
      '2 uses the screen scheme for issue types: screen:10001 ← screen-scheme:10001 ← issue-type-screen-scheme:10000',
      // ENG is affected; the filters, boards, contexts and rules that merely name ENG are not.
      '3 uses the scheme: screen:10001 ← screen-scheme:10001 ← issue-type-screen-scheme:10000 ← project:10000',
    ]);
  });

  it('a field used by a workflow of project A and by filter F1 shown on board B1 of project X: impact lists B1, X and F1\'s dashboard, and none of 40 filters naming A', () => {
    const field = aField({ n: 1, name: 'Risk' });
    const project = (id: string, key: string, schemes: Project['schemes'] = {}): Project => ({ id, key, name: key, style: 'classic', issueTypeIds: [], schemes });
    const s = aSnapshot({
      fields: [field],
      projects: [project('1', 'A', { 'workflow-scheme': 'ws' }), project('2', 'X')],
      workflows: [{ id: 'wf', name: 'A workflow', scope: { type: 'GLOBAL' }, statusIds: [], transitions: [{ id: '1', name: 'Go', type: 'GLOBAL', fromStatusIds: [], rules: [{ kind: 'validator', ruleKey: 'system:validate-field-value', parameters: { fieldId: field.id } }] }] }],
      workflowSchemes: [{ id: 'ws', name: 'A scheme', defaultWorkflow: 'A workflow', issueTypeMappings: [] }],
      filters: [aFilter('Risk > 3', { id: '10100', name: 'F1' }), ...Array.from({ length: 40 }, (_, i) => aFilter('project = A', { id: `n${i}`, name: `Names A ${i}` }))],
      boards: [{ id: 'b1', name: 'B1', type: 'kanban', filterId: '10100', columns: [], quickFilters: [], location: { type: 'project', projectId: '2' } }],
      dashboards: [{ id: 'd1', name: 'D1', sharePermissions: [], gadgets: [{ id: 'g1', properties: { filterId: '10100' }, propertiesVisible: true }] }],
    });
    const rows = impact(analyse(s), { kind: 'field', id: field.id, name: 'Risk' }).rows.map((r) => `${String(r.affected_kind)}:${String(r.affected_id)} (${String(r.relation)})`);
    expect(rows).toEqual([
      'workflow:wf (names it in a transition rule)',
      'filter:10100 (names it in JQL)',
      'workflow-scheme:ws (uses the workflow for issue types)',
      'board:b1 (shows the filter\'s issues)',
      "dashboard:d1 (names it in a gadget's settings)",
      'project:1 (uses the scheme)',
      'project:2 (location of the affected board)',
    ]);
    // Project A changed: then the filters naming it are affected.
    expect(impact(analyse(s), { kind: 'project', id: '1', name: 'A' }).rows.filter((r) => r.affected_kind === 'filter')).toHaveLength(40);
  });

  it('needs an object for where-used and impact and names an unknown one', () => {
    expect(runReport(a, { report: 'where-used' })).toEqual({ ok: false, error: { type: 'missing-object', message: 'the where-used report needs an object (kind:id)' } });
    expect(runReport(a, { report: 'impact', object: { kind: 'field', id: 'customfield_1' } })).toEqual({
      ok: false,
      error: { type: 'unknown-object', message: "no field with id 'customfield_1' in this snapshot" },
    });
  });

  it('lists every object in the inventory with a detail, and sorts ids numerically', () => {
    const rows = inventory(analyse(aSnapshot({ fields: [aField({ n: 100 }), aField({ n: 9 })] })), 'field').rows;
    expect(rows.map((r) => r.id)).toEqual(['customfield_9', 'customfield_100']);
    expect(rows[0]?.detail).toBe('custom · com.atlassian.jira.plugin.system.customfieldtypes:textfield');
    const sample = loadSample();
    // Every object of the snapshot, and Jira's two implicit defaults its projects are on (the id-less Default Workflow
    // Scheme, the System Default Field Configuration scheme).
    expect(inventory(a).rows).toHaveLength(Object.values(COLLECTION_OF_KIND).reduce((n, c) => n + sample[c].length, 0) + 2);
    expect(inventory(a).rows.filter((r) => r.id === 'default').map((r) => `${String(r.kind)}:${String(r.name)}`).sort()).toEqual(['field-configuration-scheme:System Default Field Configuration', 'workflow-scheme:Default Workflow Scheme']);
  });
});
