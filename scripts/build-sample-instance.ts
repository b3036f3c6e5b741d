/**
 * Builds test/fixtures/sample-instance.json: a hand-made company Jira site ("Acme") in which every relation of
 * the dependency graph occurs and the tricky cases occur too (same-name fields, cf[n], aliases, a broken name,
 * a private filter on a board, a status in no workflow, unused objects of each kind, dangling ids).
 * Run with `npx tsx scripts/build-sample-instance.ts`; the JSON is committed.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packScriptRunnerConfig } from '../src/adapters/jira-rest/packed-config';
import { unreadablePlaces } from '../src/domain/scan-plan';
import { mulberry32 } from '../src/adapters/synthetic/prng';
import { sampleAutomationRules } from './sample-automation';
import type {
  ConfigSnapshot,
  IssueRecord,
  UserRecord,
  Field,
  FieldContext,
  Filter,
  Gadget,
  Screen,
  Workflow,
  WorkflowRule,
  WorkflowTransition,
} from '../src/domain/model';

const G = {
  admins: '5f1c2a9e-0d3b-4f51-9a1e-7c4d2b8e6a01',
  software: '8a3e4b1c-6f2d-4e7a-b9c0-1d2e3f4a5b02',
  support: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e03',
  hr: 'd9e8f7a6-b5c4-4d3e-a2f1-0e9d8c7b6a04',
  marketing: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a05',
  opsApprovers: 'f0e1d2c3-b4a5-4968-8776-655443322106',
  releaseManagers: 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c07',
  securityChampions: 'b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d08',
};

const sys = (id: string, name: string, type: string, clauseNames: string[] = [id], items?: string): Field => ({
  id,
  name,
  custom: false,
  schema: items === undefined ? { type, system: id } : { type, items, system: id },
  clauseNames,
});

type LastUsed = Field['lastUsed'];
const T = (value?: string): LastUsed => (value === undefined ? { type: 'TRACKED' } : { type: 'TRACKED', value });
const NOT_TRACKED: LastUsed = { type: 'NOT_TRACKED' };
const NO_INFO: LastUsed = { type: 'NO_INFORMATION' };

const CF = 'com.atlassian.jira.plugin.system.customfieldtypes:';
const custom = (n: number, name: string, type: string, customKey: string, lastUsed: LastUsed, items?: string, extraClauses: string[] = []): Field => ({
  id: `customfield_${n}`,
  name,
  custom: true,
  schema: items === undefined ? { type, custom: customKey, customId: n } : { type, items, custom: customKey, customId: n },
  clauseNames: [`cf[${n}]`, name, ...extraClauses],
  lastUsed,
  ...(lastUsed?.type === 'TRACKED' ? {} : {}),
});

const fields: Field[] = [
  sys('summary', 'Summary', 'string', ['summary']),
  sys('description', 'Description', 'string', ['description']),
  sys('issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type']),
  sys('project', 'Project', 'project', ['project']),
  sys('status', 'Status', 'status', ['status']),
  sys('priority', 'Priority', 'priority', ['priority']),
  sys('resolution', 'Resolution', 'resolution', ['resolution']),
  sys('assignee', 'Assignee', 'user', ['assignee']),
  sys('reporter', 'Reporter', 'user', ['reporter']),
  sys('labels', 'Labels', 'array', ['labels'], 'string'),
  sys('components', 'Components', 'array', ['component'], 'component'),
  sys('fixVersions', 'Fix versions', 'array', ['fixVersion'], 'version'),
  sys('versions', 'Affects versions', 'array', ['affectedVersion'], 'version'),
  sys('duedate', 'Due date', 'date', ['due', 'duedate']),
  sys('created', 'Created', 'datetime', ['created', 'createdDate']),
  sys('updated', 'Updated', 'datetime', ['updated', 'updatedDate']),
  sys('resolutiondate', 'Resolved', 'datetime', ['resolutiondate', 'resolved']),
  sys('parent', 'Parent', 'issuelink', ['parent']),
  sys('timetracking', 'Time tracking', 'timetracking', ['timetracking']),
  sys('timeoriginalestimate', 'Original estimate', 'number', ['originalEstimate', 'timeoriginalestimate']),
  sys('environment', 'Environment', 'string', ['environment']),
  sys('watches', 'Watchers', 'watches', ['watchers']),
  sys('votes', 'Votes', 'votes', ['votes']),
  sys('security', 'Security Level', 'securitylevel', ['level']),
  sys('comment', 'Comment', 'comments-page', ['comment']),
  sys('attachment', 'Attachment', 'array', ['attachments'], 'attachment'),
  sys('issuelinks', 'Linked Issues', 'array', ['issuelinks'], 'issuelinks'),
  custom(10010, 'Team', 'team', 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team', T('2026-11-20T09:12:00.000+0000')),
  custom(10011, 'Team', 'option', `${CF}select`, T('2026-10-02T14:40:00.000+0000')),
  custom(10014, 'Start date', 'date', `${CF}datepicker`, T('2026-11-18T08:00:00.000+0000')),
  custom(10015, 'Rank', 'any', 'com.pyxis.greenhopper.jira:gh-lexo-rank', T('2026-11-21T16:30:00.000+0000')),
  custom(10016, 'Story point estimate', 'number', 'com.pyxis.greenhopper.jira:jsw-story-points', T('2026-11-21T10:05:00.000+0000')),
  custom(10020, 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint', T('2026-11-21T10:05:00.000+0000'), 'json'),
  custom(10021, 'Flagged', 'array', `${CF}multicheckboxes`, T('2026-11-12T11:00:00.000+0000'), 'option'),
  custom(10022, 'Story Points', 'number', `${CF}float`, T('2026-06-30T12:00:00.000+0000')),
  custom(10023, 'Severity', 'option', `${CF}select`, T('2026-11-19T07:45:00.000+0000'), undefined, ['Severity[Dropdown]']),
  custom(10024, 'Root Cause', 'string', `${CF}textarea`, T('2026-11-01T09:00:00.000+0000')),
  custom(10025, 'Customer', 'string', `${CF}textfield`, T('2026-11-21T13:20:00.000+0000')),
  custom(10026, 'Approver', 'user', `${CF}userpicker`, T('2026-11-15T15:00:00.000+0000')),
  custom(10027, 'Reviewers', 'array', `${CF}multiuserpicker`, T('2026-11-20T17:00:00.000+0000'), 'user'),
  custom(10028, 'Region', 'option-with-child', `${CF}cascadingselect`, T('2026-09-09T09:09:00.000+0000')),
  custom(10030, 'Environment Type', 'option', `${CF}select`, T('2026-11-17T10:00:00.000+0000')),
  custom(10031, 'Change Risk', 'option', `${CF}select`, T('2026-11-19T12:00:00.000+0000')),
  custom(10032, 'Change Window', 'datetime', `${CF}datetime`, T('2026-11-19T12:00:00.000+0000')),
  custom(10033, 'Impact', 'option', `${CF}select`, T('2026-11-10T12:00:00.000+0000')),
  custom(10034, 'Budget', 'number', `${CF}float`, T('2026-10-28T12:00:00.000+0000')),
  custom(10035, 'Campaign Channel', 'array', `${CF}multiselect`, T('2026-11-05T12:00:00.000+0000'), 'option'),
  custom(10036, 'Launch Date', 'date', `${CF}datepicker`, T('2026-11-05T12:00:00.000+0000')),
  custom(10037, 'Legacy Cost Center', 'string', `${CF}textfield`, T('2023-02-14T12:00:00.000+0000')),
  custom(10038, 'Old Priority', 'option', `${CF}select`, T()),
  custom(10039, 'Department', 'option', `${CF}select`, T('2026-11-14T12:00:00.000+0000')),
  custom(10040, 'Employee', 'user', `${CF}userpicker`, T('2026-11-14T12:00:00.000+0000')),
  custom(10041, 'Onboarding Checklist', 'array', `${CF}multicheckboxes`, T('2026-11-14T12:00:00.000+0000'), 'option'),
  custom(10042, 'Support Tier', 'option', `${CF}select`, T('2026-11-21T18:00:00.000+0000')),
  custom(10043, 'SLA Breached', 'option', `${CF}radiobuttons`, T('2026-11-21T18:00:00.000+0000')),
  custom(10044, 'Customer Email', 'string', `${CF}url`, T('2026-11-21T18:00:00.000+0000')),
  custom(10045, 'Product Area', 'option', `${CF}select`, T('2026-11-20T18:00:00.000+0000')),
  custom(10046, 'Request Group', 'group', `${CF}grouppicker`, NOT_TRACKED),
  custom(10047, 'Escalation Contact', 'user', `${CF}userpicker`, T('2026-11-02T18:00:00.000+0000')),
  custom(10048, 'QA Owner', 'user', `${CF}userpicker`, T('2026-11-18T18:00:00.000+0000')),
  custom(10049, 'Deprecated Estimate', 'number', `${CF}float`, T('2022-11-30T18:00:00.000+0000')),
  custom(10050, 'Acceptance Criteria', 'string', `${CF}textarea`, T('2026-11-21T08:00:00.000+0000')),
  custom(10051, 'Vendor', 'string', `${CF}textfield`, NOT_TRACKED),
  custom(10052, 'Contract Value', 'number', `${CF}float`, T('2026-08-01T18:00:00.000+0000')),
  custom(10053, 'Region', 'option', `${CF}select`, T('2026-11-11T18:00:00.000+0000')),
  custom(10054, 'Test Notes', 'string', `${CF}textarea`, NO_INFO),
  custom(10055, 'Design Link', 'string', `${CF}url`, T('2026-11-03T18:00:00.000+0000')),
  custom(10056, 'Labels (old)', 'array', `${CF}labels`, T(), 'string'),
  custom(10057, 'Dashboard Metric', 'option', `${CF}select`, T('2026-07-07T18:00:00.000+0000')),
  // Real shapes (test/fixtures/real-shapes): used only inside a ScriptRunner post-function's packed config, only by
  // the filter a bubble chart shows, only by a validator whose exempt groups are named by groupsExemptFromValidation.
  custom(10058, 'Release Note', 'string', `${CF}textarea`, T('2026-11-19T18:00:00.000+0000')),
  custom(10059, 'Bubble Score', 'number', `${CF}float`, T('2026-11-12T18:00:00.000+0000')),
  custom(10060, 'Security Review', 'string', `${CF}textfield`, T('2026-11-16T18:00:00.000+0000')),
  // Used only by Automation rules (scripts/sample-automation.ts): set by id, in a smart value by id, in a smart value by
  // name, in a JQL condition, and edited only by a disabled rule.
  custom(10062, 'Automation Score', 'number', `${CF}float`, T('2026-11-20T18:00:00.000+0000')),
  custom(10063, 'Triage Notes', 'string', `${CF}textarea`, T('2026-11-18T18:00:00.000+0000')),
  custom(10064, 'Escalation Reason', 'string', `${CF}textfield`, T('2026-11-17T18:00:00.000+0000')),
  custom(10065, 'Renewal Date', 'date', `${CF}datepicker`, T('2026-11-15T18:00:00.000+0000')),
  custom(10066, 'Legacy Sync Id', 'string', `${CF}textfield`, T('2025-02-01T18:00:00.000+0000')),
  // Used only in the service project: a request type's hidden field, and a queue's column.
  custom(10067, 'Customer Contract', 'string', `${CF}textfield`, T('2026-11-21T18:00:00.000+0000')),
  custom(10068, 'First Response Due', 'datetime', `${CF}datetime`, T('2026-11-21T18:00:00.000+0000')),
  // A team-managed project's own field: GET /rest/api/3/field gives it with scope PROJECT and no schema.
  { id: 'customfield_10061', name: 'App Sign-off', custom: true, clauseNames: ['cf[10061]', 'App Sign-off'], projectId: '10005' },
];
const screensCount: Record<string, number> = {};
const contextsCount: Record<string, number> = {};

const cfId = (n: number): string => `customfield_${n}`;

const statuses: ConfigSnapshot['statuses'] = [
  { id: '1', name: 'Open', statusCategory: 'TODO' },
  { id: '3', name: 'In Progress', statusCategory: 'IN_PROGRESS' },
  { id: '4', name: 'Reopened', statusCategory: 'TODO' },
  { id: '5', name: 'Resolved', statusCategory: 'DONE' },
  { id: '6', name: 'Closed', statusCategory: 'DONE' },
  { id: '10000', name: 'To Do', statusCategory: 'TODO' },
  { id: '10001', name: 'Done', statusCategory: 'DONE' },
  { id: '10002', name: 'In Review', statusCategory: 'IN_PROGRESS' },
  { id: '10003', name: 'Blocked', statusCategory: 'IN_PROGRESS' },
  { id: '10004', name: 'Waiting for Customer', statusCategory: 'IN_PROGRESS' },
  { id: '10005', name: 'Backlog', statusCategory: 'TODO' },
  { id: '10006', name: 'Selected for Development', statusCategory: 'TODO' },
  { id: '10007', name: 'Approved', statusCategory: 'IN_PROGRESS' },
  { id: '10008', name: 'Legacy Triage', statusCategory: 'TODO' },
  { id: '10009', name: 'Implementing', statusCategory: 'IN_PROGRESS' },
  // In no workflow or board: only an Automation rule moves issues to it.
  { id: '10010', name: 'Awaiting Automation', statusCategory: 'IN_PROGRESS' },
  // In no workflow or board: only a service project queue's JQL names it.
  { id: '10011', name: 'Escalated to Vendor', statusCategory: 'IN_PROGRESS' },
  { id: '10100', name: 'To Do', statusCategory: 'TODO', projectId: '10005' },
  { id: '10101', name: 'In Progress', statusCategory: 'IN_PROGRESS', projectId: '10005' },
  { id: '10102', name: 'Done', statusCategory: 'DONE', projectId: '10005' },
];

const issueTypes: ConfigSnapshot['issueTypes'] = [
  { id: '10000', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
  { id: '10004', name: 'Bug', subtask: false, hierarchyLevel: 0 },
  { id: '10005', name: 'Incident', subtask: false, hierarchyLevel: 0 },
  { id: '10006', name: 'Change', subtask: false, hierarchyLevel: 0 },
  { id: '10007', name: 'Campaign', subtask: false, hierarchyLevel: 0 },
  { id: '10100', name: 'Task', subtask: false, hierarchyLevel: 0, projectId: '10005' },
  { id: '10101', name: 'Bug', subtask: false, hierarchyLevel: 0, projectId: '10005' },
];

const tab = (id: string, name: string, fieldIds: string[]) => ({ id, name, fieldIds });
const screens: Screen[] = [
  { id: '1', name: 'Default Screen', description: 'Allows to update all system fields.', tabs: [tab('10000', 'Field Tab', ['summary', 'issuetype', 'priority', 'description', 'assignee', 'reporter', 'labels', 'duedate', 'security'])] },
  { id: '2', name: 'Resolve Issue Screen', description: 'Allows to set resolution, change fix versions and assign an issue.', tabs: [tab('10001', 'Field Tab', ['resolution', 'fixVersions', 'assignee', 'comment'])] },
  {
    id: '10000',
    name: 'ENG: Scrum Default Issue Screen',
    tabs: [
      tab('10100', 'Field Tab', ['summary', 'issuetype', 'description', cfId(10020), cfId(10016), cfId(10010), 'assignee', 'labels', 'components', 'fixVersions', cfId(10022), 'parent']),
      tab('10101', 'Details', [cfId(10023), cfId(10024), cfId(10027), cfId(10050)]),
      tab('10102', 'Dates', [cfId(10014), 'duedate']),
    ],
  },
  { id: '10001', name: 'ENG: Bug Screen', tabs: [tab('10103', 'Field Tab', ['summary', 'description', 'environment', cfId(10023), cfId(10030), 'priority', 'versions']), tab('10104', 'Triage', [cfId(10024), cfId(10048)])] },
  { id: '10002', name: 'OPS: Change Screen', tabs: [tab('10105', 'Change', ['summary', cfId(10031), cfId(10032), cfId(10033), cfId(10026)]), tab('10106', 'Finance', [cfId(10034), cfId(10052), cfId(10051)])] },
  { id: '10003', name: 'SUP: Incident Screen', tabs: [tab('10107', 'Incident', ['summary', cfId(10025), cfId(10042), cfId(10044), cfId(10043), cfId(10045), cfId(10028)]), tab('10108', 'Escalation', [cfId(10047)])] },
  { id: '10004', name: 'HR: Onboarding Screen', tabs: [tab('10109', 'Employee', ['summary', cfId(10039), cfId(10040), cfId(10041)])] },
  { id: '10005', name: 'MKT: Campaign Screen', tabs: [tab('10110', 'Campaign', ['summary', cfId(10035), cfId(10036), cfId(10034), cfId(10011), cfId(10053)]), tab('10111', 'Assets', [cfId(10055)])] },
  { id: '10006', name: 'Review Transition Screen', tabs: [tab('10112', 'Review', [cfId(10027), 'comment'])] },
  { id: '10007', name: 'Old Import Screen', description: 'Used by the 2021 CSV import; nothing refers to it now.', tabs: [tab('10113', 'Import', [cfId(10037), 'summary'])] },
];
for (const s of screens) for (const t of s.tabs) for (const f of t.fieldIds) screensCount[f] = (screensCount[f] ?? 0) + 1;

const ctx = (id: string, field: number, name: string, projectIds: string[] = [], issueTypeIds: string[] = []): FieldContext => ({
  id,
  fieldId: cfId(field),
  name,
  isGlobalContext: projectIds.length === 0,
  isAnyIssueType: issueTypeIds.length === 0,
  projectIds,
  issueTypeIds,
});
const fieldContexts: FieldContext[] = [];
let ctxId = 10100;
for (const f of fields) {
  if (!f.custom || f.projectId !== undefined) continue;
  const n = Number(f.id.slice(12));
  if (n === 10023) fieldContexts.push(ctx(String(ctxId++), n, 'Severity for engineering and support', ['10000', '10004'], ['10004', '10005']));
  else if (n === 10031) fieldContexts.push(ctx(String(ctxId++), n, 'Change risk for OPS changes', ['10001'], ['10006']));
  else if (n === 10039) {
    fieldContexts.push(ctx(String(ctxId++), n, 'Department (HR)', ['10002']));
    fieldContexts.push(ctx(String(ctxId++), n, 'Department (Marketing)', ['10003'], ['10007']));
  } else if (n === 10035) fieldContexts.push(ctx(String(ctxId++), n, 'Campaign channels', ['10003']));
  else fieldContexts.push(ctx(String(ctxId++), n, `Default Configuration Scheme for ${f.name}`));
}
for (const c of fieldContexts) contextsCount[c.fieldId] = (contextsCount[c.fieldId] ?? 0) + 1;
/** Options in the field's first context: `[id, value, { disabled, parentId }]`. */
const optionsOf = (n: number, list: readonly (readonly [string, string, { disabled?: boolean; parentId?: string }?])[]): ConfigSnapshot['options'][number][] => {
  const contextId = fieldContexts.find((c) => c.fieldId === cfId(n))?.id ?? '';
  return list.map(([id, name, extra]) => ({ id, name, fieldId: cfId(n), contextId, disabled: extra?.disabled ?? false, ...(extra?.parentId === undefined ? {} : { parentId: extra.parentId }) }));
};
const fieldsWithCounts: Field[] = fields.map((f) =>
  // field/search (where these counts come from) lists company-managed fields only.
  f.custom && f.projectId === undefined ? { ...f, screensCount: screensCount[f.id] ?? 0, contextsCount: contextsCount[f.id] ?? 0, isLocked: f.schema?.custom?.startsWith('com.pyxis') ?? false } : f,
);

const rule = (kind: WorkflowRule['kind'], ruleKey: string, parameters: Record<string, string>): WorkflowRule => ({ kind, ruleKey, parameters });
const tr = (id: string, name: string, type: WorkflowTransition['type'], from: string[], to: string, rules: WorkflowRule[] = [], screenId?: string): WorkflowTransition =>
  screenId === undefined ? { id, name, type, fromStatusIds: from, toStatusId: to, rules } : { id, name, type, fromStatusIds: from, toStatusId: to, rules, screenId };
const looped = (id: string, name: string, rules: WorkflowRule[]): WorkflowTransition => ({ id, name, type: 'GLOBAL', fromStatusIds: [], rules });
/** A ScriptRunner for Jira Cloud post-function as the workflows API gives it: settings packed as base64 of gzipped JSON. */
const scriptRunner = (settings: Record<string, unknown>): WorkflowRule =>
  rule('post-function', 'connect:remote-workflow-function', { appKey: 'com.onresolve.jira.groovy.groovyrunner__script-postfunction', id: 'c3f0a1b2-5d6e-4f70-8a9b-0c1d2e3f4a50', config: packScriptRunnerConfig(settings) });
const wf = (id: string, name: string, statusIds: string[], transitions: WorkflowTransition[], description?: string, projectId?: string, statusSettings?: Workflow['statusSettings']): Workflow => ({
  id,
  name,
  ...(description === undefined ? {} : { description }),
  scope: projectId === undefined ? { type: 'GLOBAL' } : { type: 'PROJECT', projectId },
  statusIds,
  transitions,
  ...(statusSettings === undefined ? {} : { statusSettings }),
});
const workflows: Workflow[] = [
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0001', 'jira', ['1', '3', '4', '5', '6'], [
    tr('1', 'Create', 'INITIAL', [], '1'),
    tr('4', 'Start Progress', 'DIRECTED', ['1', '4'], '3'),
    tr('5', 'Resolve Issue', 'DIRECTED', ['1', '3', '4'], '5', [rule('post-function', 'system:update-field', { field: 'resolution', fieldValue: '10000' })], '2'),
    tr('2', 'Close Issue', 'GLOBAL', [], '6', [], '2'),
    tr('3', 'Reopen Issue', 'DIRECTED', ['5', '6'], '4'),
  ], 'The default Jira workflow.'),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0002', 'ENG: Scrum Workflow', ['10005', '10000', '3', '10002', '10003', '10001'], [
    tr('1', 'Create', 'INITIAL', [], '10005'),
    tr('11', 'Select for sprint', 'DIRECTED', ['10005'], '10000'),
    tr('21', 'Start', 'DIRECTED', ['10000'], '3', [rule('condition', 'system:restrict-issue-transition', { roleIds: '10003', groupIds: '', permissionKeys: '' })]),
    tr('31', 'Request review', 'DIRECTED', ['3'], '10002', [rule('validator', 'system:validate-field-value', { ruleType: 'fieldRequired', fieldsRequired: `${cfId(10027)},${cfId(10050)}`, ignoreContext: 'false', errorMessage: 'Reviewers and acceptance criteria are required' })], '10006'),
    tr('41', 'Block', 'GLOBAL', [], '10003', [rule('condition', 'system:restrict-issue-transition', { groupIds: G.software, roleIds: '' })]),
    tr('51', 'Done', 'DIRECTED', ['10002'], '10001', [
      rule('condition', 'system:previous-status-condition', { previousStatusIds: '10002', mostRecentStatusOnly: 'false' }),
      rule('post-function', 'system:update-field', { field: 'resolution', fieldValue: '10000' }),
      scriptRunner({ className: 'com.adaptavist.sr.cloud.workflow.RunScript', description: 'Copy the release note', script: `def note = issue.fields['${cfId(10058)}']\nif (note) { post('/rest/api/3/issue/' + issue.key + '/comment').body([body: note]).asString() }`, groupName: 'release-managers', accountIds: '' }),
    ]),
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0003', 'ENG: Bug Workflow', ['1', '3', '5', '6'], [
    tr('1', 'Create', 'INITIAL', [], '1', [rule('validator', 'system:check-field-value', { fieldId: cfId(10023), fieldValue: '', comparator: '!=' })]),
    tr('11', 'Triage', 'DIRECTED', ['1'], '3', [rule('validator', 'system:check-field-value', { fieldId: cfId(10030), comparator: '!=', fieldValue: '' })]),
    tr('21', 'Fix', 'DIRECTED', ['3'], '5', [rule('post-function', 'system:copy-value-from-other-field', { sourceFieldKey: cfId(10022), targetFieldKey: cfId(10016), copyType: 'same' })], '2'),
    tr('31', 'Close', 'DIRECTED', ['5'], '6'),
    // A looped transition: from any status back to the same one; Jira sends no toStatusReference for it.
    looped('41', 'Add root cause', [rule('post-function', 'system:update-field', { field: cfId(10024), fieldValue: '' })]),
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0004', 'OPS: Change Workflow', ['10000', '10007', '10009', '10001'], [
    tr('1', 'Create', 'INITIAL', [], '10000', [], '10002'),
    tr('11', 'Approve', 'DIRECTED', ['10000'], '10007', [
      rule('condition', 'system:restrict-issue-transition', { groupIds: G.opsApprovers, roleIds: '10002' }),
      rule('validator', 'system:check-field-value', { fieldId: cfId(10031), comparator: '!=', fieldValue: '' }),
    ]),
    tr('21', 'Implement', 'DIRECTED', ['10007'], '10009', [
      rule('validator', 'system:validate-field-value', { ruleType: 'fieldRequired', fieldsRequired: cfId(10060), ignoreContext: 'false', groupsExemptFromValidation: G.securityChampions, errorMessage: 'A security review is required' }),
    ], '10002'),
    tr('31', 'Complete', 'DIRECTED', ['10009'], '10001', [rule('post-function', 'system:update-field', { field: cfId(10032), fieldValue: '' })]),
  ], undefined, undefined, [
    // Status properties: while Approved, only the approvers (a group, named as older sites do) and the approver
    // field's user may edit; at To Do, JSM asks the Approver field for approval.
    { statusId: '10000', properties: {}, approval: { active: true, fieldId: cfId(10026) } },
    { statusId: '10007', properties: { 'jira.permission.edit.group': 'ops-change-approvers', 'jira.permission.edit.userCF': cfId(10026), 'jira.issue.editable': 'true' } },
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0005', 'SUP: Incident Workflow', ['1', '10004', '3', '5', '6'], [
    tr('1', 'Create', 'INITIAL', [], '1'),
    tr('11', 'Wait for customer', 'DIRECTED', ['1', '3'], '10004'),
    tr('21', 'Escalate', 'GLOBAL', [], '3', [rule('post-function', 'system:change-assignee', { type: 'FIELD', field: cfId(10047) })]),
    tr('31', 'Resolve', 'DIRECTED', ['3', '10004'], '5', [], '2'),
    tr('41', 'Close', 'DIRECTED', ['5'], '6'),
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0006', 'HR: Onboarding Workflow', ['10000', '3', '10001'], [
    tr('1', 'Create', 'INITIAL', [], '10000'),
    tr('11', 'Start onboarding', 'DIRECTED', ['10000'], '3', [rule('condition', 'system:restrict-issue-transition', { groupIds: G.hr })]),
    tr('21', 'Complete', 'DIRECTED', ['3'], '10001', [rule('validator', 'system:validate-field-value', { ruleType: 'fieldRequired', fieldsRequired: cfId(10041) })]),
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0007', 'MKT: Campaign Workflow', ['10000', '10002', '10007', '10001'], [
    tr('1', 'Create', 'INITIAL', [], '10000'),
    tr('11', 'Submit', 'DIRECTED', ['10000'], '10002'),
    tr('21', 'Approve', 'DIRECTED', ['10002'], '10007', [rule('condition', 'system:restrict-issue-transition', { groupIds: G.marketing })]),
    tr('31', 'Launch', 'DIRECTED', ['10007'], '10001'),
  ]),
  wf('b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0008', 'Legacy Approval Workflow', ['1', '10007', '6'], [
    tr('1', 'Create', 'INITIAL', [], '1'),
    tr('11', 'Approve', 'DIRECTED', ['1'], '10007', [rule('validator', 'system:check-field-value', { fieldId: cfId(10038), comparator: '!=', fieldValue: '' })]),
    tr('21', 'Close', 'GLOBAL', [], '6'),
  ], 'Replaced by the OPS change workflow in 2024.'),
  wf('c7a2e0f1-9b8d-4c6e-a5f4-3e2d1c0b0009', 'Software Simplified Workflow for Project APP', ['10100', '10101', '10102'], [
    tr('1', 'Create', 'INITIAL', [], '10100'),
    tr('11', 'In Progress', 'GLOBAL', [], '10101'),
    tr('21', 'Done', 'GLOBAL', [], '10102'),
  ], undefined, '10005'),
];

const sharedWith = (projectId: string) => [{ type: 'project', projectId }];
const filter = (id: number, name: string, jql: string, opts: Partial<Filter> = {}): Filter => ({
  id: String(id),
  name,
  jql,
  ownerAccountId: '5b10a2844c20165700ede21g',
  sharePermissions: [{ type: 'loggedin' }],
  approximateLastUsed: '2026-11-21T09:00:00.000+0000',
  ...opts,
});
const filters: Filter[] = [
  filter(10000, 'ENG: All open bugs', 'project = ENG AND issuetype = Bug AND status != Done ORDER BY priority DESC, created ASC', { sharePermissions: sharedWith('10000'), favouritedCount: 12 }),
  filter(10001, 'ENG: Sprint board', 'project = ENG ORDER BY Rank ASC', { sharePermissions: sharedWith('10000') }),
  filter(10002, 'ENG: Bugs board', 'project = ENG AND type = Bug ORDER BY Rank ASC', { sharePermissions: sharedWith('10000') }),
  filter(10003, 'OPS: Changes', 'project = OPS AND issuetype = Change AND "Change Risk" in (High, Critical) ORDER BY "Change Window" ASC'),
  filter(10004, 'SUP: Queue', 'project = SUP AND status in (Open, "Waiting for Customer") AND cf[10042] = "Tier 1" ORDER BY created ASC'),
  filter(10005, 'MKT: Campaigns', 'project = MKT AND "Campaign Channel" in (Email, Social) AND "Launch Date" >= startOfMonth()'),
  filter(10006, 'HR: Onboarding (private)', 'project = HR AND Department = Engineering AND Employee is not EMPTY', { sharePermissions: [], ownerAccountId: '60c1f2e3d4b5a6000000hr01' }),
  filter(10007, 'Team Alpha work', 'Team = "Alpha" AND statusCategory != Done ORDER BY updated DESC'),
  filter(10008, 'Stories over 5 points', '"Story Points" > 5 AND sprint in openSprints()'),
  filter(10009, 'Estimate check (old)', '"Old Estimate" > 3 AND project = ENG', { approximateLastUsed: '2025-03-02T10:00:00.000+0000' }),
  filter(10010, 'Legacy project work', 'project = LEGACY AND resolution = Unresolved', { approximateLastUsed: '2024-12-24T10:00:00.000+0000' }),
  filter(10011, 'Copy of ENG: All open bugs', 'project = ENG  AND issuetype = Bug and status != Done\nORDER BY priority DESC, created ASC', { approximateLastUsed: '2025-01-10T10:00:00.000+0000' }),
  filter(10012, 'My open issues', 'assignee = currentUser() AND resolution = Unresolved ORDER BY updated DESC'),
  filter(10013, 'Reported by me', 'reporter = currentUser() ORDER BY createdDate DESC'),
  filter(10014, 'Recently resolved', 'resolved >= -7d ORDER BY resolved DESC'),
  filter(10015, 'Overdue', 'due < now() AND statusCategory != Done'),
  filter(10016, 'Urgent open ENG bugs', 'filter = 10000 AND priority in (Highest, High)'),
  filter(10017, 'Flagged sprint and bug work', 'Flagged is not EMPTY AND filter in ("ENG: Sprint board", 10002)'),
  filter(10018, 'Root cause review', '"Root Cause" ~ "config*" AND status was "In Review" BY currentUser() AFTER -30d'),
  filter(10019, 'Reopened incidents this month', 'project = SUP AND status changed FROM Resolved TO Reopened DURING (startOfMonth(), now())'),
  filter(10020, 'Work in progress (draft)', 'project = ENG AND (status = "In Progress" OR status = Blocked', { sharePermissions: [] }),
  filter(10021, 'Waiting for my approval', 'Approver = currentUser() AND status = Approved'),
  filter(10022, 'Sev 1 in EMEA', 'Severity = "Sev 1" AND Region = "EMEA"'),
  filter(10023, 'Big budgets', 'Budget > 10000 ORDER BY "Contract Value" DESC'),
  filter(10024, 'Acme tickets', 'Customer ~ "Acme" AND "Customer Email" is not EMPTY AND "Request Group" = support-agents'),
  filter(10025, 'Web product area, unreleased', '"Product Area" = Web AND fixVersion in unreleasedVersions()'),
  filter(10026, 'Sev 2 bugs', 'Severity[Dropdown] = "Sev 2" AND issuetype = 10004'),
  filter(10027, 'Dashboard: sprint health', 'project = ENG AND sprint in openSprints()'),
  filter(10028, 'Dashboard: support SLA', 'project = SUP AND "SLA Breached" = Yes'),
  filter(10029, 'Epic roadmap', 'issuetype = Epic AND project in (ENG, "Mobile App") ORDER BY "Start date" ASC'),
  filter(10030, 'Stale personal filter', 'project = OPS AND "Environment Type" = Production', { sharePermissions: [], approximateLastUsed: '2025-01-01T10:00:00.000+0000' }),
  filter(10031, 'To do and in progress by id', 'status in (10000, 3) AND issuetype = 10004 AND "Story point estimate" > 3'),
  filter(10032, 'Filter for APP board', 'project = APP ORDER BY Rank ASC', { sharePermissions: sharedWith('10005') }),
  filter(10033, 'Bubble chart: scored work', '"Bubble Score" > 0 AND project = ENG', { approximateLastUsed: '2026-11-20T09:00:00.000+0000' }),
  // Not opened for a year, but mailed every week to its subscribers: in use.
  filter(10034, 'Weekly incident digest', 'project = SUP AND created >= -7d ORDER BY created DESC', {
    approximateLastUsed: '2025-10-01T09:00:00.000+0000',
    subscriptions: [{ id: '10100', groupId: G.support }, { id: '10101', accountId: '60c1f2e3d4b5a6000000su01' }],
  }),
];

const boards: ConfigSnapshot['boards'] = [
  {
    id: '1',
    name: 'ENG Sprint Board',
    type: 'scrum',
    filterId: '10001',
    columns: [
      { name: 'To Do', statusIds: ['10005', '10000'] },
      { name: 'In Progress', statusIds: ['3', '10003'] },
      { name: 'Review', statusIds: ['10002'] },
      { name: 'Done', statusIds: ['10001'] },
    ],
    estimationFieldId: cfId(10016),
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10000' },
    quickFilters: [
      { id: '1', name: 'Only bugs', jql: 'type = Bug' },
      { id: '2', name: 'Big stories', jql: '"Story point estimate" >= 8' },
      { id: '3', name: 'Blocked', jql: 'Flagged is not EMPTY OR status = Blocked' },
    ],
  },
  {
    id: '2',
    name: 'ENG Bugs',
    type: 'kanban',
    filterId: '10002',
    subQuery: 'fixVersion in unreleasedVersions() OR fixVersion is EMPTY',
    columns: [
      { name: 'Open', statusIds: ['1'] },
      { name: 'Fixing', statusIds: ['3'] },
      { name: 'Resolved', statusIds: ['5', '6'] },
    ],
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10000' },
    quickFilters: [{ id: '4', name: 'Sev 1', jql: 'Severity = "Sev 1"' }],
  },
  {
    id: '3',
    name: 'OPS Changes',
    type: 'kanban',
    filterId: '10003',
    subQuery: 'resolution = Unresolved OR resolved >= -2w',
    columns: [
      { name: 'Requested', statusIds: ['10000'] },
      { name: 'Approved', statusIds: ['10007'] },
      { name: 'Implementing', statusIds: ['10009'] },
      { name: 'Done', statusIds: ['10001'] },
    ],
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10001' },
    quickFilters: [{ id: '5', name: 'High impact', jql: 'Impact = High' }],
  },
  {
    id: '4',
    name: 'SUP Queue',
    type: 'kanban',
    filterId: '10004',
    columns: [
      { name: 'Open', statusIds: ['1', '10004'] },
      { name: 'In Progress', statusIds: ['3'] },
      { name: 'Done', statusIds: ['5', '6'] },
    ],
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10004' },
    quickFilters: [{ id: '6', name: 'Tier 2', jql: '"Support Tier" = "Tier 2"' }],
  },
  {
    id: '5',
    name: 'HR Onboarding',
    type: 'kanban',
    filterId: '10006',
    columns: [
      { name: 'To Do', statusIds: ['10000'] },
      { name: 'Onboarding', statusIds: ['3'] },
      { name: 'Done', statusIds: ['10001'] },
    ],
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10002' },
    quickFilters: [],
  },
  {
    id: '6',
    name: 'APP board',
    type: 'simple',
    filterId: '10032',
    columns: [
      { name: 'To Do', statusIds: ['10100'] },
      { name: 'In Progress', statusIds: ['10101'] },
      { name: 'Done', statusIds: ['10102'] },
    ],
    rankFieldId: cfId(10015),
    location: { type: 'project', projectId: '10005' },
    quickFilters: [],
  },
  {
    id: '7',
    name: 'Old release board',
    type: 'scrum',
    filterId: '10099',
    columns: [{ name: 'All', statusIds: ['1', '3', '6'] }],
    estimationFieldId: cfId(10022),
    rankFieldId: cfId(10015),
    location: { type: 'user', accountId: '5b10a2844c20165700ede21g' },
    quickFilters: [],
  },
];

const gadget = (id: string, title: string, moduleKey: string, properties: Record<string, string>, propertiesVisible = true): Gadget => ({ id, title, moduleKey, properties, propertiesVisible });
const dashboards: ConfigSnapshot['dashboards'] = [
  {
    id: '10000',
    name: 'Engineering overview',
    ownerAccountId: '5b10a2844c20165700ede21g',
    sharePermissions: [{ type: 'project', projectId: '10000' }],
    gadgets: [
      gadget('10001', 'Sprint health', 'com.atlassian.jira.gadgets:filter-results-gadget', { filterId: 'filter-10027', columnNames: `issuetype|issuekey|summary|${cfId(10016)}`, num: '10', refresh: 'false' }),
      gadget('10002', 'Bugs by severity', 'com.atlassian.jira.gadgets:pie-chart-gadget', { projectOrFilterId: 'filter-10000', statType: cfId(10023), refresh: '15' }),
      gadget('10003', 'Created vs resolved', 'com.atlassian.jira.gadgets:created-vs-resolved-issues-chart-gadget', { projectOrFilterId: 'project-10000', periodName: 'daily', daysprevious: '30' }),
      // The bubble chart keeps its source as a nested object with a numeric id and a type.
      gadget('10004', 'Bubble Chart', 'com.atlassian.jira.gadgets:bubble-chart-dashboard-item', { config: JSON.stringify({ id: 10033, type: 'filter', name: 'Bubble chart: scored work', bubbleType: 'participants', recentCommentsPeriod: 7, refresh: false }) }),
    ],
  },
  {
    id: '10001',
    name: 'Support SLA',
    ownerAccountId: '60c1f2e3d4b5a6000000su01',
    sharePermissions: [{ type: 'group', groupId: G.support }],
    gadgets: [
      gadget('10010', 'SLA breaches by tier', 'com.atlassian.jira.gadgets:two-dimensional-stats-gadget', { filterId: '10028', xstattype: cfId(10042), ystattype: 'statuses', sortBy: 'natural' }),
      gadget('10011', 'Metrics', 'com.acme.metrics:metric-gadget', { config: JSON.stringify({ filterId: '10004', field: cfId(10057), chart: 'bar' }) }),
    ],
  },
  {
    id: '10002',
    name: 'Marketing launchpad',
    ownerAccountId: '60c1f2e3d4b5a6000000mk01',
    sharePermissions: [{ type: 'loggedin' }],
    gadgets: [
      gadget('10020', 'Activity Stream', 'com.atlassian.streams.streams-jira-plugin:activitystream-gadget', {}, false),
      gadget('10021', 'Campaign calendar', 'com.atlassian.jira.gadgets:calendar-gadget', { projectId: '10003', dateFields: cfId(10036) }),
    ],
  },
];

const project = (
  id: string,
  key: string,
  name: string,
  issueTypeIds: string[],
  schemes: ConfigSnapshot['projects'][number]['schemes'],
  style: 'classic' | 'next-gen' = 'classic',
  state: { archived?: true; deleted?: true } = {},
) => ({
  id,
  key,
  name,
  style,
  projectTypeKey: key === 'SUP' ? 'service_desk' : key === 'HR' || key === 'MKT' ? 'business' : 'software',
  leadAccountId: '5b10a2844c20165700ede21g',
  ...state,
  issueTypeIds,
  schemes,
});

const snapshot: ConfigSnapshot = {
  version: 1,
  site: { baseUrl: 'https://acme-sample.atlassian.net', scannedAt: '2026-11-22T08:00:00.000Z', timeZone: 'Europe/Berlin' },
  projects: [
    project('10000', 'ENG', 'Engineering', ['10000', '10001', '10002', '10003', '10004'], {
      'issue-type-screen-scheme': '10000',
      'field-configuration-scheme': '10000',
      'workflow-scheme': '10000',
      'issue-type-scheme': '10001',
      'permission-scheme': '10000',
      'notification-scheme': '10000',
    }),
    project('10001', 'OPS', 'Operations', ['10002', '10005', '10006'], {
      'issue-type-screen-scheme': '10001',
      'field-configuration-scheme': '10000',
      'workflow-scheme': '10001',
      'issue-type-scheme': '10002',
      'permission-scheme': '10000',
      'notification-scheme': '10000',
    }),
    project('10002', 'HR', 'People Team', ['10002', '10003'], {
      'issue-type-screen-scheme': '10003',
      'workflow-scheme': '10003',
      'issue-type-scheme': '10003',
      'permission-scheme': '0',
      'notification-scheme': '10000',
    }),
    project('10003', 'MKT', 'Marketing', ['10007', '10002'], {
      'issue-type-screen-scheme': '10002',
      'field-configuration-scheme': '10001',
      'issue-type-scheme': '10004',
      'permission-scheme': '10001',
      'notification-scheme': '10000',
    }),
    project('10004', 'SUP', 'Customer Support', ['10002', '10005', '10006'], {
      'issue-type-screen-scheme': '10001',
      'field-configuration-scheme': '10000',
      'workflow-scheme': '10001',
      'issue-type-scheme': '10002',
      'permission-scheme': '10000',
      'notification-scheme': '10001',
    }),
    project('10005', 'APP', 'Mobile App', ['10100', '10101'], {}, 'next-gen'),
    // An archived project and one in the trash: the only users of a permission and a notification scheme.
    project('10006', 'ARCV', 'Archived Website', ['10002'], { 'permission-scheme': '10003', 'notification-scheme': '10000' }, 'classic', { archived: true }),
    project('10007', 'TRSH', 'Old Experiments', ['10002'], { 'permission-scheme': '0', 'notification-scheme': '10003' }, 'classic', { deleted: true }),
  ],
  issueTypes,
  statuses,
  priorities: [
    { id: '1', name: 'Highest' },
    { id: '2', name: 'High' },
    { id: '3', name: 'Medium' },
    { id: '4', name: 'Low' },
    { id: '5', name: 'Lowest' },
  ],
  resolutions: [
    { id: '10000', name: 'Done' },
    { id: '10001', name: "Won't Do" },
    { id: '10002', name: 'Duplicate' },
  ],
  projectRoles: [
    { id: '10002', name: 'Administrators' },
    { id: '10003', name: 'Member' },
    { id: '10004', name: 'Viewer' },
    { id: '10005', name: 'Service Desk Team' },
  ],
  groups: [
    { id: G.admins, name: 'jira-admins-acme' },
    { id: G.software, name: 'jira-software-users-acme' },
    { id: G.support, name: 'support-agents' },
    { id: G.hr, name: 'hr-team' },
    { id: G.marketing, name: 'marketing' },
    { id: G.opsApprovers, name: 'ops-change-approvers' },
    { id: G.releaseManagers, name: 'release-managers' },
    { id: G.securityChampions, name: 'security-champions' },
  ],
  fields: fieldsWithCounts,
  // SLA Breached defaults to No: the only place that names that option.
  fieldContexts: fieldContexts.map((c) => (c.fieldId === cfId(10043) ? { ...c, defaultOptionIds: ['10221'] } : c)),
  screens,
  screenSchemes: [
    { id: '1', name: 'Default Screen Scheme', screens: { default: '1' } },
    { id: '10000', name: 'ENG: Scrum Screen Scheme', screens: { default: '10000', create: '10000', edit: '10000', view: '10000' } },
    { id: '10001', name: 'ENG: Bug Screen Scheme', screens: { default: '10001' } },
    { id: '10002', name: 'OPS: Change Screen Scheme', screens: { default: '10002', create: '10002' } },
    { id: '10003', name: 'SUP: Incident Screen Scheme', screens: { default: '10003', view: '10003' } },
    { id: '10004', name: 'HR: Onboarding Screen Scheme', screens: { default: '10004' } },
    { id: '10005', name: 'MKT: Campaign Screen Scheme', screens: { default: '10005' } },
    { id: '10006', name: 'Unused Screen Scheme', description: 'Left over from a 2023 migration.', screens: { default: '1', edit: '2' } },
  ],
  issueTypeScreenSchemes: [
    { id: '1', name: 'Default Issue Type Screen Scheme', mappings: [{ issueTypeId: 'default', screenSchemeId: '1' }] },
    { id: '10000', name: 'ENG: Issue Type Screen Scheme', mappings: [{ issueTypeId: 'default', screenSchemeId: '10000' }, { issueTypeId: '10004', screenSchemeId: '10001' }] },
    {
      id: '10001',
      name: 'OPS/SUP: Issue Type Screen Scheme',
      mappings: [
        { issueTypeId: 'default', screenSchemeId: '1' },
        { issueTypeId: '10006', screenSchemeId: '10002' },
        { issueTypeId: '10005', screenSchemeId: '10003' },
      ],
    },
    { id: '10002', name: 'MKT: Issue Type Screen Scheme', mappings: [{ issueTypeId: 'default', screenSchemeId: '10005' }] },
    { id: '10003', name: 'HR: Issue Type Screen Scheme', mappings: [{ issueTypeId: 'default', screenSchemeId: '10004' }] },
  ],
  fieldConfigurations: [
    {
      id: '10000',
      name: 'Default Field Configuration',
      description: 'The default field configuration',
      isDefault: true,
      items: [
        { fieldId: 'summary', isHidden: false, isRequired: true },
        { fieldId: 'issuetype', isHidden: false, isRequired: true },
        { fieldId: 'description', isHidden: false, isRequired: false, renderer: 'wiki-renderer' },
        { fieldId: 'environment', isHidden: false, isRequired: false, renderer: 'wiki-renderer' },
        { fieldId: cfId(10025), isHidden: false, isRequired: false, renderer: 'text-renderer' },
      ],
    },
    {
      id: '10001',
      name: 'ENG Field Configuration',
      isDefault: false,
      items: [
        { fieldId: 'summary', isHidden: false, isRequired: true },
        { fieldId: cfId(10023), isHidden: false, isRequired: true },
        { fieldId: cfId(10024), isHidden: false, isRequired: false, renderer: 'wiki-renderer' },
        { fieldId: cfId(10038), isHidden: true, isRequired: false },
        { fieldId: cfId(10022), isHidden: false, isRequired: false },
      ],
    },
    {
      id: '10002',
      name: 'OPS Change Field Configuration',
      isDefault: false,
      items: [
        { fieldId: 'summary', isHidden: false, isRequired: true },
        { fieldId: cfId(10031), isHidden: false, isRequired: true },
        { fieldId: cfId(10032), isHidden: false, isRequired: true },
      ],
    },
    {
      id: '10003',
      name: 'Archived Field Configuration',
      isDefault: false,
      items: [{ fieldId: cfId(10049), isHidden: true, isRequired: false }],
    },
  ],
  fieldConfigurationSchemes: [
    { id: '10000', name: 'Engineering & Support Field Configuration Scheme', mappings: [{ issueTypeId: 'default', fieldConfigurationId: '10001' }, { issueTypeId: '10006', fieldConfigurationId: '10002' }] },
    { id: '10001', name: 'Marketing Field Configuration Scheme', mappings: [{ issueTypeId: 'default', fieldConfigurationId: '10000' }] },
    { id: '10002', name: 'Unused Field Configuration Scheme', mappings: [{ issueTypeId: 'default', fieldConfigurationId: '10001' }] },
  ],
  issueTypeSchemes: [
    { id: '10000', name: 'Default Issue Type Scheme', isDefault: true, defaultIssueTypeId: '10002', issueTypeIds: ['10000', '10001', '10002', '10003', '10004', '10005', '10006', '10007'] },
    { id: '10001', name: 'ENG: Scrum Issue Type Scheme', isDefault: false, defaultIssueTypeId: '10001', issueTypeIds: ['10000', '10001', '10002', '10003', '10004'] },
    { id: '10002', name: 'OPS/SUP: Issue Type Scheme', isDefault: false, defaultIssueTypeId: '10005', issueTypeIds: ['10002', '10005', '10006'] },
    { id: '10003', name: 'HR: Issue Type Scheme', isDefault: false, issueTypeIds: ['10002', '10003'] },
    { id: '10004', name: 'MKT: Issue Type Scheme', isDefault: false, issueTypeIds: ['10007', '10002'] },
    { id: '10005', name: 'Kanban Issue Type Scheme (unused)', isDefault: false, issueTypeIds: ['10002', '10004'] },
  ],
  workflows,
  workflowSchemes: [
    { id: '10000', name: 'ENG Workflow Scheme', defaultWorkflow: 'ENG: Scrum Workflow', issueTypeMappings: [{ issueTypeId: '10004', workflow: 'ENG: Bug Workflow' }] },
    { id: '10001', name: 'OPS/SUP Workflow Scheme', defaultWorkflow: 'SUP: Incident Workflow', issueTypeMappings: [{ issueTypeId: '10006', workflow: 'OPS: Change Workflow' }] },
    {
      id: '10002',
      name: 'MKT Workflow Scheme (draft)',
      defaultWorkflow: 'MKT: Campaign Workflow',
      issueTypeMappings: [{ issueTypeId: '10002', workflow: 'Old Release Workflow' }],
    },
    { id: '10003', name: 'HR Workflow Scheme', defaultWorkflow: 'HR: Onboarding Workflow', issueTypeMappings: [] },
  ],
  notificationSchemes: [
    {
      id: '10000',
      name: 'Default Notification Scheme',
      events: [
        { eventId: '1', eventName: 'Issue Created', notifications: [{ type: 'CurrentAssignee' }, { type: 'Reporter' }, { type: 'AllWatchers' }] },
        { eventId: '5', eventName: 'Issue Resolved', notifications: [{ type: 'CurrentAssignee' }, { type: 'Reporter' }, { type: 'Group', parameter: G.admins }] },
        { eventId: '2', eventName: 'Issue Updated', notifications: [{ type: 'UserCustomField', parameter: cfId(10026) }] },
      ],
    },
    {
      id: '10001',
      name: 'Support Notification Scheme',
      events: [
        { eventId: '1', eventName: 'Issue Created', notifications: [{ type: 'UserCustomField', parameter: cfId(10047) }, { type: 'ProjectRole', parameter: '10005' }, { type: 'Group', parameter: G.support }] },
        { eventId: '5', eventName: 'Issue Resolved', notifications: [{ type: 'Reporter' }] },
      ],
    },
    { id: '10002', name: 'Quiet Notification Scheme', events: [{ eventId: '1', eventName: 'Issue Created', notifications: [{ type: 'Reporter' }] }] },
    { id: '10003', name: 'Experiments Notification Scheme', events: [{ eventId: '1', eventName: 'Issue Created', notifications: [{ type: 'CurrentAssignee' }] }] },
  ],
  permissionSchemes: [
    {
      id: '0',
      name: 'Default Permission Scheme',
      grants: [
        { id: '10000', permission: 'BROWSE_PROJECTS', holder: { type: 'applicationRole' } },
        { id: '10001', permission: 'CREATE_ISSUES', holder: { type: 'projectRole', parameter: '10003' } },
        { id: '10002', permission: 'ADMINISTER_PROJECTS', holder: { type: 'projectRole', parameter: '10002' } },
      ],
    },
    {
      id: '10000',
      name: 'Engineering Permission Scheme',
      grants: [
        { id: '10100', permission: 'BROWSE_PROJECTS', holder: { type: 'group', parameter: G.software } },
        { id: '10101', permission: 'EDIT_ISSUES', holder: { type: 'projectRole', parameter: '10003' } },
        { id: '10102', permission: 'ASSIGN_ISSUES', holder: { type: 'userCustomField', parameter: cfId(10048) } },
        { id: '10103', permission: 'BROWSE_PROJECTS', holder: { type: 'groupCustomField', parameter: cfId(10046) } },
        { id: '10104', permission: 'TRANSITION_ISSUES', holder: { type: 'assignee' } },
        { id: '10105', permission: 'ADMINISTER_PROJECTS', holder: { type: 'group', parameter: G.admins } },
      ],
    },
    {
      id: '10001',
      name: 'Marketing Permission Scheme',
      grants: [
        { id: '10200', permission: 'BROWSE_PROJECTS', holder: { type: 'group', parameter: G.marketing } },
        { id: '10201', permission: 'ADMINISTER_PROJECTS', holder: { type: 'projectRole', parameter: '10002' } },
      ],
    },
    { id: '10002', name: 'Contractors Permission Scheme', grants: [{ id: '10300', permission: 'BROWSE_PROJECTS', holder: { type: 'projectRole', parameter: '10004' } }] },
    { id: '10003', name: 'Website Archive Permission Scheme', grants: [{ id: '10400', permission: 'BROWSE_PROJECTS', holder: { type: 'projectRole', parameter: '10004' } }] },
  ],
  // Field schemes, as sites on the new field association model have: QA Owner associated with SUP's bugs, and one
  // scheme no project uses.
  // A plan whose issue sources are a board, a project and a filter, showing Story Points, scheduled by Start date.
  plans: [
    {
      id: '1',
      name: 'Q3 Roadmap',
      status: 'Active',
      issueSources: [{ type: 'board', id: '1' }, { type: 'project', id: '10001' }, { type: 'filter', id: '10029' }],
      customFieldIds: [cfId(10022)],
      dateFieldIds: [cfId(10014)],
      excludedStatusIds: ['6'],
      excludedIssueTypeIds: ['10003'],
    },
  ],
  fieldSchemes: [
    { id: '10000', name: 'Support field scheme', description: 'Fields of support work', isDefault: false, fields: [{ fieldId: 'summary', issueTypeIds: [] }, { fieldId: cfId(10048), issueTypeIds: ['10004'] }], projectIds: ['10004'] },
    { id: '10001', name: 'Unused field scheme', isDefault: false, fields: [{ fieldId: 'summary', issueTypeIds: [] }], projectIds: [] },
  ],
  issueSecuritySchemes: [
    {
      id: '10000',
      name: 'HR Confidential',
      description: 'Who may see people matters',
      defaultLevelId: '10101',
      levels: [
        { id: '10100', name: 'Confidential', isDefault: false, members: [{ type: 'group', parameter: G.hr }, { type: 'userCustomField', parameter: cfId(10040) }, { type: 'projectRole', parameter: '10002' }] },
        { id: '10101', name: 'Internal', isDefault: true, members: [{ type: 'applicationRole' }, { type: 'reporter' }] },
      ],
      projectIds: ['10002'],
    },
    { id: '10001', name: 'Legacy security scheme', levels: [{ id: '10102', name: 'Restricted', isDefault: false, members: [{ type: 'reporter' }] }], projectIds: [] },
  ],
  prioritySchemes: [
    { id: '1', name: 'Default priority scheme', isDefault: true, defaultPriorityId: '3', priorityIds: ['1', '2', '3', '4', '5'], projectIds: ['10000', '10001', '10002', '10003', '10006', '10007'] },
    { id: '10100', name: 'Support priorities', description: 'Incidents: no Lowest', isDefault: false, defaultPriorityId: '3', priorityIds: ['1', '2', '3', '4'], projectIds: ['10004'] },
    { id: '10101', name: 'Legacy priorities', isDefault: false, priorityIds: ['2', '3', '4'], projectIds: [] },
  ],
  // Options of the select fields JQL names (in field order, as a scan reads them): Sev 3, Tier 3 and the disabled Sev 4
  // are named nowhere; Region is cascading.
  options: [
    ...optionsOf(10023, [['10200', 'Sev 1'], ['10201', 'Sev 2'], ['10202', 'Sev 3'], ['10203', 'Sev 4', { disabled: true }]]),
    ...optionsOf(10028, [['10230', 'EMEA'], ['10231', 'APAC'], ['10232', 'Germany', { parentId: '10230' }], ['10233', 'United Kingdom', { parentId: '10230' }], ['10234', 'Japan', { parentId: '10231' }]]),
    ...optionsOf(10042, [['10210', 'Tier 1'], ['10211', 'Tier 2'], ['10212', 'Tier 3']]),
    ...optionsOf(10043, [['10220', 'Yes'], ['10221', 'No']]),
  ],
  // SUP is a service project: three queues (one names a tier no option has) and two request types.
  queues: [
    { id: '1', name: 'All open requests', serviceDeskId: '1', projectId: '10004', jql: 'project = SUP AND resolution = EMPTY ORDER BY created DESC', fieldIds: ['issuetype', 'issuekey', 'summary', 'reporter', 'status', 'created'] },
    {
      id: '2',
      name: 'Waiting for support',
      serviceDeskId: '1',
      projectId: '10004',
      jql: 'project = SUP AND status in (Open, "Escalated to Vendor") AND "SLA Breached" = Yes AND cf[10028] in cascadeOption(EMEA, Germany) ORDER BY cf[10068] ASC',
      fieldIds: ['issuekey', 'summary', 'status', cfId(10068), cfId(10042)],
    },
    { id: '3', name: 'Platinum customers', serviceDeskId: '1', projectId: '10004', jql: 'project = SUP AND "Support Tier" = Platinum', fieldIds: ['issuekey', 'summary'] },
  ],
  requestTypes: [
    {
      id: '10',
      name: 'Report an incident',
      serviceDeskId: '1',
      projectId: '10004',
      issueTypeId: '10005',
      fields: [
        { fieldId: 'summary', required: true, visible: true },
        { fieldId: 'description', required: false, visible: true },
        { fieldId: cfId(10042), required: true, visible: true },
        { fieldId: cfId(10067), required: false, visible: false },
      ],
    },
    { id: '11', name: 'Ask a question', serviceDeskId: '1', projectId: '10004', issueTypeId: '10002', fields: [{ fieldId: 'summary', required: true, visible: true }, { fieldId: 'description', required: false, visible: true }] },
  ],
  automationRules: sampleAutomationRules(G),
  filters,
  boards,
  dashboards,
  coverage: [
    { kind: 'dashboard', objectId: '10002', reason: 'not-exposed', detail: 'gadget 10020 "Activity Stream": a built-in gadget whose configuration GET /rest/api/3/dashboard/10002/items/10020/properties does not expose', hides: ['project'] },
    { kind: 'field', objectId: cfId(10046), reason: 'not-tracked', detail: 'usage data (lastUsed) is not tracked for group picker fields' },
    { kind: 'field', objectId: cfId(10051), reason: 'not-tracked', detail: 'usage data (lastUsed) is not tracked for this field' },
    { kind: 'project', objectId: '10005', reason: 'team-managed', detail: 'team-managed project APP has no schemes: its fields, issue layout and workflow are its own, and which fields its issue layout shows cannot be read through the API' },
  ],
};

const users: UserRecord[] = [
  { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', active: true },
  { accountId: '60c1f2e3d4b5a6000000hr01', displayName: 'Hanna Ruiz', active: true },
  { accountId: '60c1f2e3d4b5a6000000su01', displayName: 'Sam Uchenna', active: true },
  { accountId: '60c1f2e3d4b5a6000000mk01', displayName: 'Marta Kowalski', active: true },
  { accountId: '70d2a3b4c5d6e7000000eng1', displayName: 'Ömer Ağaoğlu', active: true },
  { accountId: '70d2a3b4c5d6e7000000eng2', displayName: 'Zoë "Z" Smith, PhD', active: true },
  { accountId: '70d2a3b4c5d6e7000000old1', displayName: 'Former Employee', active: false },
  // Privacy settings hide this person's name in issue payloads; only the user directory knows it.
  { accountId: '70d2a3b4c5d6e7000000priv', displayName: 'Private Person', active: true },
];

/** A few hundred issues that exercise every value type issue export renders, with hostile text. */
function sampleIssues(): IssueRecord[] {
  const rand = mulberry32(4242);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const userValue = (u: UserRecord): Record<string, unknown> =>
    u.accountId.endsWith('priv') ? { accountId: u.accountId, accountType: 'atlassian', active: u.active } : { accountId: u.accountId, displayName: u.displayName, active: u.active, accountType: 'atlassian' };
  const summaries = [
    'Fix login, then logout',
    'Say "hello" to the API',
    'Multi-line\nsummary here',
    '=HYPERLINK("http://example.invalid","click")',
    '+1 for dark mode',
    '@channel heads-up',
    '-5 degrees alert',
    'Emoji 🎉 release',
    'Tab\tseparated',
    'Plain summary',
    'Ümlauts and ñ and 漢字',
    '  leading spaces',
  ];
  const projects = [
    { id: '10000', key: 'ENG', types: ['10001', '10002', '10004'] },
    { id: '10001', key: 'OPS', types: ['10002', '10006'] },
    { id: '10004', key: 'SUP', types: ['10005', '10002'] },
    { id: '10003', key: 'MKT', types: ['10007'] },
  ];
  const typeName: Record<string, string> = { '10001': 'Story', '10002': 'Task', '10004': 'Bug', '10005': 'Incident', '10006': 'Change', '10007': 'Campaign' };
  const statusOf = [
    { id: '10000', name: 'To Do' },
    { id: '3', name: 'In Progress' },
    { id: '10001', name: 'Done' },
  ];
  const out: IssueRecord[] = [];
  const counters: Record<string, number> = {};
  for (let i = 0; i < 320; i++) {
    const p = pick(projects);
    const n = (counters[p.key] = (counters[p.key] ?? 0) + 1);
    const type = pick(p.types);
    const status = pick(statusOf);
    const day = 1 + (i % 28);
    const fields: Record<string, unknown> = {
      summary: `${pick(summaries)} #${i}`,
      issuetype: { id: type, name: typeName[type] },
      project: { id: p.id, key: p.key, name: p.key },
      status: { id: status.id, name: status.name },
      priority: { id: String(1 + (i % 5)), name: ['Highest', 'High', 'Medium', 'Low', 'Lowest'][i % 5] },
      resolution: status.name === 'Done' ? { id: '10000', name: 'Done' } : null,
      assignee: i % 7 === 0 ? null : userValue(pick(users)),
      reporter: userValue(pick(users)),
      labels: i % 3 === 0 ? [] : ['backend', 'customer-facing', 'q4', 'tech-debt'].filter(() => rand() < 0.5),
      components: i % 4 === 0 ? [{ id: '1', name: 'API' }, { id: '2', name: 'Web, Frontend' }] : [],
      fixVersions: i % 5 === 0 ? [{ id: '1', name: '2.0' }] : [],
      duedate: i % 6 === 0 ? null : `2026-12-${String(day).padStart(2, '0')}`,
      created: `2026-11-${String(day).padStart(2, '0')}T0${i % 10}:1${i % 6}:00.000+0100`,
      updated: `2026-11-${String(day).padStart(2, '0')}T1${i % 10}:00:00.000-0530`,
      description:
        i % 4 === 0
          ? null
          : {
              type: 'doc',
              version: 1,
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: `Steps for #${i}: ` }, { type: 'mention', attrs: { id: users[0]?.accountId, text: '@Mia Krystof' } }] },
                { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'open, "then" close' }] }] }] },
              ],
            },
      customfield_10016: i % 3 === 0 ? null : [1, 2, 3, 5, 8, 0.5][i % 6],
      customfield_10020: p.key === 'ENG' ? [{ id: 41, name: 'Sprint 41', state: 'closed' }, ...(i % 2 === 0 ? [{ id: 42, name: 'Sprint 42', state: 'active' }] : [])] : null,
      customfield_10023: p.key === 'ENG' || p.key === 'SUP' ? { id: String(i % 3), value: ['Sev 1', 'Sev 2', 'Sev 3'][i % 3] } : null,
      customfield_10035: p.key === 'MKT' ? [{ value: 'Email' }, { value: 'Social' }].slice(0, 1 + (i % 2)) : null,
      customfield_10028: p.key === 'SUP' ? { value: 'EMEA', ...(i % 2 === 0 ? { child: { value: 'Germany' } } : {}) } : null,
      customfield_10027: i % 4 === 1 ? [userValue(users[4] as UserRecord), userValue(users[7] as UserRecord)] : [],
      customfield_10010: p.key === 'ENG' ? { id: 'team-1', name: 'Platform' } : null,
      parent: type !== '10000' && p.key === 'ENG' && i % 5 === 0 ? { id: '100', key: 'ENG-1', fields: { summary: 'Epic' } } : null,
      timetracking: i % 3 === 0 ? { originalEstimate: '1d', remainingEstimate: '4h', timeSpent: '2h', originalEstimateSeconds: 28800 } : {},
      issuelinks: i % 6 === 0 ? [{ id: String(i), type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: `${p.key}-${n + 1}` } }] : [],
      customfield_10025: i % 9 === 0 ? '=cmd|\' /C calc\'!A0' : `Acme ${i % 4 === 0 ? 'GmbH, Berlin' : 'Inc.'}`,
    };
    out.push({ id: String(20000 + i), key: `${p.key}-${n}`, fields });
  }
  return out;
}

// The places no API shows, as a scan of this site would name them; and, as the scan counts them, the issues holding a
// value of each company-managed custom field.
const issues = sampleIssues();
const holding = (fieldId: string): number => issues.filter((i) => { const v = i.fields[fieldId]; return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0); }).length;
const withIssues: ConfigSnapshot = {
  ...snapshot,
  fields: snapshot.fields.map((f) => (f.custom && f.projectId === undefined ? { ...f, issuesWithValue: holding(f.id) } : f)),
  coverage: [...snapshot.coverage, ...unreadablePlaces(snapshot)],
  issues,
  users,
};

const out = fileURLToPath(new URL('../test/fixtures/sample-instance.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(withIssues, null, 2)}\n`);
console.log(`wrote ${out}`);
