/**
 * The sample instance's Automation rules, in the component shapes of Jira's Automation API and rules export
 * (`component`/`type`/`value`, `{ type: ID|NAME, value }` references, `children` and `conditions`): every reference form
 * the graph reads, a disabled rule, an ambiguous smart value, a broken field name, and rules that are the only users of
 * some fields and of one status.
 */
import type { AutomationRule, JsonValue } from '../src/domain/model';

const C = (component: string, type: string, value: JsonValue, extra: { children?: JsonValue[]; conditions?: JsonValue[] } = {}): JsonValue => ({
  component,
  schemaVersion: 1,
  type,
  value,
  children: extra.children ?? [],
  conditions: extra.conditions ?? [],
});
const id = (value: string): JsonValue => ({ type: 'ID', value });
const name = (value: string): JsonValue => ({ type: 'NAME', value });
const uuid = (n: number): string => `0192e5ac-0e25-71de-ba7b-d972e6a2${String(n).padStart(4, '0')}`;
const projects = (...ids: string[]): AutomationRule['scope'] => ({ global: false, projectIds: ids, projectTypes: [] });
const GLOBAL: AutomationRule['scope'] = { global: true, projectIds: [], projectTypes: [] };

export function sampleAutomationRules(groups: { readonly support: string }): AutomationRule[] {
  const rule = (n: number, ruleName: string, scope: AutomationRule['scope'], trigger: JsonValue, components: JsonValue[], state: AutomationRule['state'] = 'ENABLED'): AutomationRule => ({
    id: uuid(n),
    name: ruleName,
    state,
    scope,
    trigger,
    components,
    updated: `2026-11-${String(10 + n).padStart(2, '0')}T09:00:00.000Z`,
    source: 'api',
  });
  return [
    // Sets a field by id: Automation Score is used by this rule only.
    rule(1, 'Score new bugs', projects('10000'), C('TRIGGER', 'jira.issue.event.trigger:created', null), [
      C('CONDITION', 'jira.issue.condition', { selectedField: id('issuetype'), selectedFieldType: 'issuetype', comparison: 'EQUALS', compareValue: { type: 'ID', value: '10004', multiValue: false } }),
      C('ACTION', 'jira.issue.edit', { operations: [{ field: id('customfield_10062'), fieldType: 'customfield_10062', type: 'SET', value: '10' }], advancedFields: null, sendNotifications: false }),
    ]),
    // Mentions a field by id in a smart value (Triage Notes), and by name (Escalation Reason).
    rule(2, 'Comment with triage details', projects('10004'), C('TRIGGER', 'jira.issue.event.trigger:commented', null), [
      C('ACTION', 'jira.issue.comment', { comment: 'Triage: {{issue.customfield_10063}}; reason: {{issue.Escalation Reason.toUpperCase()}}; reporter {{issue.reporter.displayName}}', publicComment: false }),
    ]),
    // JQL in a condition names Renewal Date; a transitioned trigger names statuses by name.
    rule(3, 'Renewals due', projects('10004'), C('TRIGGER', 'jira.issue.event.trigger:transitioned', { fromStatus: [name('Waiting for Customer')], toStatus: [name('In Progress')] }), [
      C('CONDITION', 'jira.jql.condition', '"Renewal Date" < endOfMonth() AND project = {{issue.project.key}}'),
      C('ACTION', 'jira.issue.outgoing.email', { to: [{ type: 'GROUP', value: 'support-agents' }, { type: 'ROLE', value: 'Service Desk Team' }], subject: 'Renewal of {{issue.key}}', body: 'Renew before {{issue.Renewal Date.jiraDate}}. Contact jane.doe@acme.example.' }),
    ]),
    // A disabled rule: edits Legacy Sync Id (used by nothing else).
    rule(4, 'Sync legacy ids (retired)', GLOBAL, C('TRIGGER', 'jira.issue.event.trigger:updated', null), [
      C('ACTION', 'jira.issue.edit', { operations: [{ field: name('Legacy Sync Id'), fieldType: 'customfield_10066', type: 'SET', value: '{{issue.key}}' }] }),
    ], 'DISABLED'),
    // Moves issues to a status no workflow or board has: Awaiting Automation is used by this rule only.
    rule(5, 'Park stale work', projects('10000', '10001'), C('TRIGGER', 'jira.jql.scheduled', { jql: 'status = "In Review" AND updated < -14d AND filter = 10000', onlyUpdatedIssues: false, schedule: { rate: '1d' } }), [
      C('ACTION', 'jira.issue.transition', { destinationStatus: name('Awaiting Automation'), operations: [] }),
    ]),
    // An ambiguous smart value (two fields are named Team) and a broken one (no field is named Customer Tier).
    rule(6, 'Notify team lead', projects('10000'), C('TRIGGER', 'jira.issue.field.changed', { changeType: 'ANY_CHANGE', fields: [id('customfield_10022')] }), [
      C('ACTION', 'jira.issue.comment', { comment: 'Team {{issue.Team}} changed the estimate; tier {{triggerIssue.Customer Tier}}', publicComment: true }),
    ]),
    // A broken field name in an edit operation, inside an if block.
    rule(7, 'Default cost centre', projects('10002'), C('TRIGGER', 'jira.issue.event.trigger:created', null), [
      C('CONDITION', 'jira.condition.container.block', null, {
        children: [
          C('CONDITION_BLOCK', 'jira.condition.if.block', { conditionMatchType: 'ALL' }, {
            conditions: [C('CONDITION', 'jira.issue.condition', { selectedField: name('Department'), selectedFieldType: 'customfield_10039', comparison: 'IS_EMPTY', compareValue: null })],
            children: [C('ACTION', 'jira.issue.edit', { operations: [{ field: name('Cost Centre'), fieldType: 'customfield_99999', type: 'SET', value: 'CC-100' }] })],
          }),
        ],
      }),
    ]),
    // Creates an issue in another project with an issue type, copying a field by the fields. prefix.
    rule(8, 'Open change for approved incidents', projects('10004'), C('TRIGGER', 'jira.issue.event.trigger:transitioned', { fromStatus: [], toStatus: [id('10007')] }), [
      C('ACTION', 'jira.issue.create', {
        operations: [
          { field: id('project'), fieldType: 'project', type: 'SET', value: id('10001') },
          { field: id('issuetype'), fieldType: 'issuetype', type: 'SET', value: id('10006') },
          { field: id('summary'), fieldType: 'summary', type: 'SET', value: 'Change for {{triggerIssue.key}}: {{triggerIssue.fields.customfield_10031}}' },
        ],
      }),
    ]),
    // A branch over related work items whose JQL and nested action name fields; a lookup by JQL.
    rule(9, 'Roll up story points', projects('10000'), C('TRIGGER', 'jira.issue.event.trigger:transitioned', { toStatus: [name('Done')] }), [
      C('ACTION', 'jira.lookup.issues', { name: { type: 'FREE', value: 'siblings' }, type: 'JQL', query: { type: 'SMART', value: 'parent = {{issue.parent.key}} AND "Story Points" is not EMPTY' } }),
      C('BRANCH', 'jira.issue.related', { relatedType: 'parent', jql: '' }, {
        children: [C('ACTION', 'jira.issue.edit', { operations: [{ field: id('customfield_10022'), fieldType: 'customfield_10022', type: 'SET', value: '{{lookupIssues.Story Points.sum}}' }] })],
      }),
    ]),
    // A manual trigger for one group; related-issues condition with JQL.
    rule(10, 'Escalate to tier 2', projects('10004'), C('TRIGGER', 'jira.manual.trigger.issue', { groups: [groups.support] }), [
      C('CONDITION', 'jira.issues.related.condition', { relatedType: 'subtasks', compareJql: 'status != Done', condition: 'ALL_MATCH' }),
      // Severity compared with the option Sev 3 by its id: the only place that names Sev 3.
      C('CONDITION', 'jira.issue.condition', { selectedField: id('customfield_10023'), selectedFieldType: 'customfield_10023', comparison: 'NOT_EQUALS', compareValue: { type: 'ID', value: '10202', multiValue: false } }),
      C('ACTION', 'jira.issue.edit', { operations: [{ field: id('customfield_10042'), fieldType: 'customfield_10042', type: 'SET', value: { type: 'NAME', value: 'Tier 2' } }] }),
    ]),
    // Runs only in the archived project: runs nowhere.
    rule(11, 'Archive reminders', projects('10006'), C('TRIGGER', 'jira.jql.scheduled', { jql: 'project = ARCV', onlyUpdatedIssues: true }), [
      C('ACTION', 'jira.issue.comment', { comment: 'Reminder', publicComment: false }),
    ]),
    // A project-type scope (every software project) with a priority condition.
    rule(12, 'Flag highest priority', { global: false, projectIds: [], projectTypes: ['jira-software'] }, C('TRIGGER', 'jira.issue.event.trigger:created', null), [
      C('CONDITION', 'jira.issue.condition', { selectedField: id('priority'), selectedFieldType: 'priority', comparison: 'EQUALS', compareValue: { type: 'NAME', value: 'Highest', multiValue: false } }),
      C('ACTION', 'jira.issue.edit', { operations: [{ field: id('customfield_10021'), fieldType: 'customfield_10021', type: 'ADD', value: 'Impediment' }] }),
    ]),
  ];
}
