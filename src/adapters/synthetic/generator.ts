import type {
  AutomationRule,
  FieldScheme,
  JsonValue,
  Plan,
  Holder,
  IssueSecurityScheme,
  PriorityScheme,
  Board,
  ConfigSnapshot,
  Dashboard,
  Field,
  FieldConfiguration,
  FieldContext,
  Filter,
  Gadget,
  Project,
  FieldOption,
  Queue,
  RequestType,
  Screen,
  Status,
  Workflow,
  WorkflowRule,
  WorkflowTransition,
} from '../../domain/model';
import { gadgetHides, isOptionField, SNAPSHOT_VERSION } from '../../domain/model';
import { IMPLICIT_DEFAULT_ID } from '../../domain/implicit-defaults';
import { mulberry32 } from './prng';

/**
 * A seeded generator of synthetic Jira sites, for property tests and benchmarks. Deterministic for a seed
 * (its own PRNG, never Math.random), with every relation of the graph, realistic JQL, and a few percent of
 * the problems the reports look for: broken and ambiguous names, syntax errors, dangling ids, unused objects,
 * same-name fields and same-JQL filters.
 */

export interface PresetCounts {
  readonly projects: number;
  readonly customFields: number;
  readonly screens: number;
  readonly workflows: number;
  readonly transitionsPerWorkflow: number;
  readonly filters: number;
  readonly boards: number;
  readonly dashboards: number;
  readonly statuses: number;
  readonly issueTypes: number;
  readonly groups: number;
}

export const SYNTHETIC_PRESETS = {
  small: {
    projects: 8,
    customFields: 40,
    screens: 30,
    workflows: 10,
    transitionsPerWorkflow: 8,
    filters: 60,
    boards: 10,
    dashboards: 8,
    statuses: 20,
    issueTypes: 8,
    groups: 6,
  },
  /** A mid-size site as admins report them (issue 27's: 435 fields, 1,206 filters, 300 screens, 92 workflows). */
  mid: {
    projects: 62,
    customFields: 394,
    screens: 300,
    workflows: 92,
    transitionsPerWorkflow: 14,
    filters: 1206,
    boards: 90,
    dashboards: 60,
    statuses: 70,
    issueTypes: 14,
    groups: 40,
  },
  medium: {
    projects: 200,
    customFields: 300,
    screens: 600,
    workflows: 200,
    transitionsPerWorkflow: 20,
    filters: 5000,
    boards: 500,
    dashboards: 300,
    statuses: 120,
    issueTypes: 25,
    groups: 60,
  },
  enterprise: {
    projects: 2000,
    customFields: 3000,
    screens: 6000,
    workflows: 2000,
    transitionsPerWorkflow: 20,
    filters: 50000,
    boards: 5000,
    dashboards: 3000,
    statuses: 800,
    issueTypes: 60,
    groups: 500,
  },
} as const satisfies Record<string, PresetCounts>;

export type SyntheticPreset = keyof typeof SYNTHETIC_PRESETS;

export interface GenerateOptions {
  readonly preset: SyntheticPreset;
  readonly seed?: number;
}

const WORDS = [
  'Account', 'Budget', 'Customer', 'Delivery', 'Estimate', 'Feature', 'Goal', 'Hardware', 'Impact', 'Journey',
  'Key Result', 'Launch', 'Milestone', 'Network', 'Owner', 'Partner', 'Quarter', 'Region', 'Risk', 'Segment',
  'Team', 'Umbrella', 'Vendor', 'Workstream', 'Area', 'Component Owner', 'Severity', 'Tier', 'Channel', 'Platform',
  'Release Train', 'Cost Center', 'Approver', 'Reviewer', 'Due Window', 'Contract', 'SLA', 'Environment', 'Service', 'Squad',
];
const SUFFIXES = ['', ' Name', ' Type', ' Date', ' Level', ' Code', ' (old)', ' 2', ' Link', ' Score'];
const CUSTOM_TYPES: readonly [string, string, string | undefined][] = [
  ['option', 'com.atlassian.jira.plugin.system.customfieldtypes:select', undefined],
  ['array', 'com.atlassian.jira.plugin.system.customfieldtypes:multiselect', 'option'],
  ['number', 'com.atlassian.jira.plugin.system.customfieldtypes:float', undefined],
  ['string', 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', undefined],
  ['string', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', undefined],
  ['user', 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker', undefined],
  ['array', 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', 'user'],
  ['date', 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker', undefined],
  ['datetime', 'com.atlassian.jira.plugin.system.customfieldtypes:datetime', undefined],
  ['option-with-child', 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect', undefined],
  ['group', 'com.atlassian.jira.plugin.system.customfieldtypes:grouppicker', undefined],
  ['array', 'com.atlassian.jira.plugin.system.customfieldtypes:labels', 'string'],
];
const SYSTEM_FIELDS: readonly [string, string, string, readonly string[]][] = [
  ['summary', 'Summary', 'string', ['summary']],
  ['description', 'Description', 'string', ['description']],
  ['issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type']],
  ['project', 'Project', 'project', ['project']],
  ['status', 'Status', 'status', ['status']],
  ['priority', 'Priority', 'priority', ['priority']],
  ['resolution', 'Resolution', 'resolution', ['resolution']],
  ['assignee', 'Assignee', 'user', ['assignee']],
  ['reporter', 'Reporter', 'user', ['reporter']],
  ['labels', 'Labels', 'array', ['labels']],
  ['components', 'Components', 'array', ['component']],
  ['fixVersions', 'Fix versions', 'array', ['fixVersion']],
  ['versions', 'Affects versions', 'array', ['affectedVersion']],
  ['duedate', 'Due date', 'date', ['due', 'duedate']],
  ['created', 'Created', 'datetime', ['created', 'createdDate']],
  ['updated', 'Updated', 'datetime', ['updated', 'updatedDate']],
  ['resolutiondate', 'Resolved', 'datetime', ['resolutiondate', 'resolved']],
  ['environment', 'Environment', 'string', ['environment']],
  ['comment', 'Comment', 'comments-page', ['comment']],
];
const STATUS_NAMES = ['Open', 'To Do', 'In Progress', 'In Review', 'Blocked', 'Done', 'Closed', 'Resolved', 'Backlog', 'Approved', 'Waiting', 'Testing'];
const CATEGORIES = ['TODO', 'IN_PROGRESS', 'DONE'] as const;
const RULES: readonly [WorkflowRule['kind'], string, string][] = [
  ['validator', 'system:validate-field-value', 'fieldsRequired'],
  ['validator', 'system:check-field-value', 'fieldId'],
  ['post-function', 'system:update-field', 'field'],
  ['post-function', 'system:copy-value-from-other-field', 'sourceFieldKey'],
  ['condition', 'system:restrict-issue-transition', 'groupIds'],
  ['condition', 'system:restrict-issue-transition', 'roleIds'],
  ['condition', 'system:previous-status-condition', 'previousStatusIds'],
];
const ROLE_IDS = ['10002', '10003', '10004', '10005', '10006'];

/** Generates a synthetic site of a preset size. Same preset and seed, same snapshot. */
export function generateSnapshot(options: GenerateOptions): ConfigSnapshot {
  const c: PresetCounts = SYNTHETIC_PRESETS[options.preset];
  const rand = mulberry32(options.seed ?? 1);
  const int = (n: number): number => Math.floor(rand() * n);
  const chance = (p: number): boolean => rand() < p;
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  /** Most of the items (each kept with probability p), never none: what the rest of the site refers to. */
  const mostOf = <T>(items: readonly T[], p = 0.95): T[] => {
    const kept = items.filter(() => chance(p));
    return kept.length > 0 ? kept : [...items];
  };
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const n = Math.min(items.length, min + int(max - min + 1));
    const out = new Set<T>();
    while (out.size < n) out.add(pick(items));
    return [...out];
  };

  const groups = Array.from({ length: c.groups }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    name: i === 0 ? 'jira-administrators' : `group-${i}`,
  }));
  const projectRoles = ROLE_IDS.map((id, i) => ({ id, name: ['Administrators', 'Member', 'Viewer', 'Developers', 'Service Desk Team'][i] ?? id }));
  const issueTypes = Array.from({ length: c.issueTypes }, (_, i) => ({
    id: String(10000 + i),
    name: i < 6 ? (['Epic', 'Story', 'Task', 'Sub-task', 'Bug', 'Incident'][i] ?? 'Task') : `Issue Type ${i}`,
    subtask: i === 3,
  }));
  const statuses: Status[] = Array.from({ length: c.statuses }, (_, i) => ({
    id: String(10000 + i),
    name: i < STATUS_NAMES.length ? (STATUS_NAMES[i] ?? 'Open') : `Status ${i}`,
    statusCategory: pick(CATEGORIES),
  }));

  const fields: Field[] = SYSTEM_FIELDS.map(([id, name, type, clauseNames]) => ({ id, name, custom: false, schema: { type, system: id }, clauseNames: [...clauseNames] }));
  const customIds: string[] = [];
  const customNames = new Map<string, string>();
  for (let i = 0; i < c.customFields; i++) {
    const n = 10000 + i;
    const id = `customfield_${n}`;
    // About 2% reuse an earlier name: same-name fields, which JQL can only name ambiguously.
    const name = i > 10 && chance(0.02) ? (customNames.get(pick(customIds)) ?? 'Team') : `${pick(WORDS)}${pick(SUFFIXES)} ${i}`;
    const [type, custom, items] = pick(CUSTOM_TYPES);
    const r = rand();
    const lastUsed: Field['lastUsed'] =
      r < 0.7 ? { type: 'TRACKED', value: new Date(Date.UTC(2026, 0, 1) - int(900) * 86_400_000).toISOString() } : r < 0.8 ? { type: 'TRACKED' } : r < 0.95 ? { type: 'NOT_TRACKED' } : { type: 'NO_INFORMATION' };
    fields.push({
      id,
      name,
      custom: true,
      schema: items === undefined ? { type, custom, customId: n } : { type, items, custom, customId: n },
      clauseNames: [`cf[${n}]`, name],
      lastUsed,
    });
    customIds.push(id);
    customNames.set(id, name);
  }
  // 90% of custom fields are in use somewhere; the rest are left for the unused report to find.
  const usedFields = mostOf(customIds, 0.9);
  const fieldPool = [...usedFields, ...SYSTEM_FIELDS.map(([id]) => id)];
  const userFields = fields.filter((f) => f.schema?.type === 'user').map((f) => f.id);
  const groupFields = fields.filter((f) => f.schema?.type === 'group').map((f) => f.id);

  const projects: Project[] = [];
  const keys: string[] = [];
  for (let i = 0; i < c.projects; i++) {
    let key = '';
    for (let n = i; ; n = Math.floor(n / 26) - 1) {
      key = String.fromCharCode(65 + (n % 26)) + key;
      if (n < 26) break;
    }
    keys.push(`P${key}`);
  }

  const screens: Screen[] = [];
  let tabId = 10000;
  for (let i = 0; i < c.screens; i++) {
    const tabs = Array.from({ length: 1 + int(3) }, (_, t) => ({
      id: String(tabId++),
      name: t === 0 ? 'Field Tab' : pick(['Details', 'Dates', 'Finance', 'People', 'Triage']),
      fieldIds: some(fieldPool, 2, 9),
    }));
    screens.push({ id: String(10000 + i), name: `Screen ${i}`, tabs });
  }
  const screenIds = screens.map((s) => s.id);
  const usedScreens = mostOf(screenIds);

  const screenSchemes = Array.from({ length: Math.max(2, Math.floor(c.screens / 2)) }, (_, i) => {
    const screensOf: Record<string, string> = { default: pick(usedScreens) };
    if (chance(0.5)) screensOf.create = pick(usedScreens);
    if (chance(0.3)) screensOf.edit = pick(usedScreens);
    if (chance(0.3)) screensOf.view = pick(usedScreens);
    return { id: String(10000 + i), name: `Screen Scheme ${i}`, screens: screensOf };
  });
  const usedScreenSchemes = mostOf(screenSchemes.map((s) => s.id));
  const typeIds = issueTypes.map((t) => t.id);
  const mappingsOf = <K extends string>(targets: readonly string[], key: K) => [
    { issueTypeId: 'default', [key]: pick(targets) } as { issueTypeId: string } & Record<K, string>,
    ...some(typeIds, 0, 3).map((t) => ({ issueTypeId: t, [key]: pick(targets) }) as { issueTypeId: string } & Record<K, string>),
  ];
  const issueTypeScreenSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.75)) }, (_, i) => ({
    id: String(10000 + i),
    name: `Issue Type Screen Scheme ${i}`,
    mappings: mappingsOf(usedScreenSchemes, 'screenSchemeId'),
  }));
  const fieldConfigurations: FieldConfiguration[] = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.4)) }, (_, i) => ({
    id: String(10000 + i),
    name: i === 0 ? 'Default Field Configuration' : `Field Configuration ${i}`,
    isDefault: i === 0,
    items: some(fieldPool, 1, 8).map((fieldId) => {
      const r = rand();
      return r < 0.4 ? { fieldId, isHidden: false, isRequired: true } : r < 0.7 ? { fieldId, isHidden: true, isRequired: false } : { fieldId, isHidden: false, isRequired: false, renderer: 'wiki-renderer' };
    }),
  }));
  const configIds = mostOf(fieldConfigurations.map((f) => f.id));
  const fieldConfigurationSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.3)) }, (_, i) => ({
    id: String(10000 + i),
    name: `Field Configuration Scheme ${i}`,
    mappings: mappingsOf(configIds, 'fieldConfigurationId'),
  }));
  const issueTypeSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.25)) }, (_, i) => ({
    id: String(10000 + i),
    name: i === 0 ? 'Default Issue Type Scheme' : `Issue Type Scheme ${i}`,
    isDefault: i === 0,
    issueTypeIds: i === 0 ? typeIds : some(typeIds, 2, 6),
  }));

  const statusIds = statuses.map((s) => s.id);
  const usedStatuses = mostOf(statusIds, 0.97);
  const workflows: Workflow[] = [];
  for (let i = 0; i < c.workflows; i++) {
    const wfStatuses = some(usedStatuses, 3, 8);
    const transitions: WorkflowTransition[] = [];
    for (let t = 0; t < c.transitionsPerWorkflow; t++) {
      const rules: WorkflowRule[] = [];
      for (let r = int(3); r > 0; r--) {
        const [kind, ruleKey, parameter] = pick(RULES);
        const value =
          parameter === 'groupIds' ? pick(groups).id : parameter === 'roleIds' ? pick(ROLE_IDS) : parameter === 'previousStatusIds' ? pick(wfStatuses) : some(fieldPool, 1, 2).join(',');
        rules.push({ kind, ruleKey, parameters: { [parameter]: value } });
      }
      const base = { id: String(t + 1), name: t === 0 ? 'Create' : `Transition ${t}`, rules };
      const to = pick(wfStatuses);
      const tr: WorkflowTransition =
        t === 0
          ? { ...base, type: 'INITIAL', fromStatusIds: [], toStatusId: to }
          : chance(0.1)
            ? { ...base, type: 'GLOBAL', fromStatusIds: [], toStatusId: to }
            : { ...base, type: 'DIRECTED', fromStatusIds: some(wfStatuses, 1, 2), toStatusId: to };
      transitions.push(chance(0.2) ? { ...tr, screenId: pick(usedScreens) } : tr);
    }
    workflows.push({ id: `wf-${String(i).padStart(6, '0')}`, name: i === 0 ? 'jira' : `Workflow ${i}`, scope: { type: 'GLOBAL' }, statusIds: wfStatuses, transitions });
  }
  const workflowNames = mostOf(workflows.map((w) => w.name));
  const workflowSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.6)) }, (_, i) => ({
    id: String(10000 + i),
    name: `Workflow Scheme ${i}`,
    defaultWorkflow: pick(workflowNames),
    // About 1% name a workflow that no longer exists: a dangling reference by name.
    issueTypeMappings: some(typeIds, 0, 3).map((t) => ({ issueTypeId: t, workflow: chance(0.01) ? `Deleted Workflow ${i}` : pick(workflowNames) })),
  }));
  const permissionSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.15)) }, (_, i) => ({
    id: String(10000 + i),
    name: `Permission Scheme ${i}`,
    grants: Array.from({ length: 4 + int(8) }, (_, g) => {
      const r = rand();
      const holder =
        r < 0.4
          ? { type: 'group', parameter: pick(groups).id }
          : r < 0.75
            ? { type: 'projectRole', parameter: pick(ROLE_IDS) }
            : r < 0.85 && userFields.length > 0
              ? { type: 'userCustomField', parameter: pick(userFields) }
              : r < 0.9 && groupFields.length > 0
                ? { type: 'groupCustomField', parameter: pick(groupFields) }
                : { type: 'assignee' };
      return { id: String(i * 100 + g), permission: pick(['BROWSE_PROJECTS', 'EDIT_ISSUES', 'CREATE_ISSUES', 'ASSIGN_ISSUES', 'ADMINISTER_PROJECTS']), holder };
    }),
  }));
  const notificationSchemes = Array.from({ length: Math.max(2, Math.floor(c.projects * 0.1)) }, (_, i) => ({
    id: String(10000 + i),
    name: `Notification Scheme ${i}`,
    events: ['Issue Created', 'Issue Updated', 'Issue Resolved'].map((eventName, e) => ({
      eventId: String(e + 1),
      eventName,
      notifications: [
        { type: 'CurrentAssignee' },
        chance(0.5) ? { type: 'Group', parameter: pick(groups).id } : { type: 'ProjectRole', parameter: pick(ROLE_IDS) },
        ...(userFields.length > 0 && chance(0.3) ? [{ type: 'UserCustomField', parameter: pick(userFields) }] : []),
      ],
    })),
  }));
  const used = (items: readonly { id: string }[]): string[] => mostOf(items.map((x) => x.id));
  const itssIds = used(issueTypeScreenSchemes);
  const fcsIds = used(fieldConfigurationSchemes);
  const wfsIds = used(workflowSchemes);
  const itsIds = used(issueTypeSchemes.slice(1));
  const permIds = used(permissionSchemes);
  const notifIds = used(notificationSchemes);
  for (let i = 0; i < c.projects; i++) {
    const teamManaged = chance(0.1);
    const schemes: Project['schemes'] = teamManaged
      ? {}
      : {
          'issue-type-screen-scheme': pick(itssIds),
          'field-configuration-scheme': pick(fcsIds),
          // About 5% use Jira's default workflow scheme, which has no id.
          'workflow-scheme': chance(0.05) ? IMPLICIT_DEFAULT_ID : pick(wfsIds),
          'issue-type-scheme': pick(itsIds),
          'permission-scheme': pick(permIds),
          'notification-scheme': pick(notifIds),
        };
    projects.push({
      id: String(10000 + i),
      key: keys[i] ?? `P${i}`,
      name: `Project ${i}`,
      style: teamManaged ? 'next-gen' : 'classic',
      issueTypeIds: some(typeIds, 2, 5),
      schemes,
    });
  }
  const projectIds = projects.map((p) => p.id);

  const fieldContexts: FieldContext[] = customIds.map((fieldId, i) => {
    const limited = chance(0.15);
    const projectIdsOf = limited ? some(projectIds, 1, 3) : [];
    const typesOf = chance(0.1) ? some(typeIds, 1, 2) : [];
    return { id: String(10000 + i), fieldId, name: `Context for ${fieldId}`, isGlobalContext: !limited, isAnyIssueType: typesOf.length === 0, projectIds: projectIdsOf, issueTypeIds: typesOf };
  });

  const quote = (s: string): string => (/^[A-Za-z0-9_.-]+$/.test(s) ? s : `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
  const fieldRef = (): string => {
    const id = pick(usedFields.length > 0 ? usedFields : customIds);
    const n = id.slice(12);
    return chance(0.4) ? `cf[${n}]` : quote(customNames.get(id) ?? id);
  };
  const clause = (filterCount: number): string => {
    const r = rand();
    if (r < 0.2) return `project = ${pick(keys)}`;
    if (r < 0.3) return `project in (${some(keys, 1, 3).join(', ')})`;
    if (r < 0.42) return `status in (${some(statuses, 1, 3).map((s) => quote(s.name)).join(', ')})`;
    if (r < 0.5) return `issuetype = ${quote(pick(issueTypes).name)}`;
    if (r < 0.55) return `type = ${quote(pick(issueTypes).name)}`;
    if (r < 0.75) return `${fieldRef()} ${pick(['=', '!=', '>', '<=', '~'])} ${pick(['"Alpha"', '10', 'Beta', '"x y"'])}`;
    if (r < 0.8) return `${fieldRef()} is not EMPTY`;
    if (r < 0.85) return `assignee = currentUser() AND resolution = Unresolved`;
    if (r < 0.9 && filterCount > 0) return `filter = ${10000 + int(filterCount)}`;
    if (r < 0.95) return `status changed FROM ${quote(pick(statuses).name)} TO ${quote(pick(statuses).name)} AFTER -2w`;
    return `labels in (backend, "front end") OR fixVersion in unreleasedVersions()`;
  };
  const filters: Filter[] = [];
  for (let i = 0; i < c.filters; i++) {
    let jql: string;
    const r = rand();
    const previous = filters.length > 0 ? pick(filters) : undefined;
    if (r < 0.03 && previous !== undefined) jql = previous.jql;
    else {
      const parts = Array.from({ length: 1 + int(4) }, () => clause(i));
      jql = parts.map((p, k) => (k > 0 && p.includes(' OR ') ? `(${p})` : p)).join(pick([' AND ', ' AND ', ' OR ']));
      if (chance(0.3)) jql += ` ORDER BY ${chance(0.5) ? fieldRef() : pick(['created', 'priority', 'Rank', 'updated'])} ${pick(['ASC', 'DESC'])}`;
      if (chance(0.02)) jql = `"Removed Field ${i}" = 1 AND ${jql}`;
      if (chance(0.01)) jql = `${jql} AND (status = Open`;
    }
    filters.push({
      id: String(10000 + i),
      name: `Filter ${i}`,
      jql,
      ownerAccountId: `acct-${int(500)}`,
      sharePermissions: chance(0.3) ? [] : [{ type: 'loggedin' }],
      approximateLastUsed: new Date(Date.UTC(2026, 10, 1) - int(720) * 86_400_000).toISOString(),
    });
  }
  const filterIds = filters.map((f) => f.id);

  const boards: Board[] = Array.from({ length: c.boards }, (_, i) => {
    const cols = some(usedStatuses, 3, 5);
    const scrum = chance(0.5);
    return {
      id: String(i + 1),
      name: `Board ${i}`,
      type: scrum ? 'scrum' : 'kanban',
      filterId: chance(0.01) ? String(900000 + i) : pick(filterIds),
      ...(scrum ? {} : { subQuery: 'fixVersion in unreleasedVersions() OR fixVersion is EMPTY' }),
      columns: cols.map((s, k) => ({ name: `Column ${k}`, statusIds: [s] })),
      ...(scrum ? { estimationFieldId: pick(usedFields.length > 0 ? usedFields : fieldPool) } : {}),
      rankFieldId: customIds[0] ?? 'summary',
      location: { type: 'project', projectId: pick(projectIds) },
      quickFilters: Array.from({ length: int(3) }, (_, q) => ({ id: String(i * 10 + q), name: `Quick filter ${q}`, jql: clause(c.filters) })),
    };
  });

  let gadgetId = 10000;
  const dashboards: Dashboard[] = Array.from({ length: c.dashboards }, (_, i) => ({
    id: String(10000 + i),
    name: `Dashboard ${i}`,
    ownerAccountId: `acct-${int(500)}`,
    sharePermissions: [{ type: 'loggedin' }],
    gadgets: Array.from({ length: 1 + int(5) }, (): Gadget => {
      const id = String(gadgetId++);
      const r = rand();
      if (r < 0.4) return { id, title: 'Filter results', moduleKey: 'com.atlassian.jira.gadgets:filter-results-gadget', properties: { filterId: `filter-${pick(filterIds)}`, num: '10' }, propertiesVisible: true };
      if (r < 0.7) return { id, title: 'Pie chart', moduleKey: 'com.atlassian.jira.gadgets:pie-chart-gadget', properties: { projectOrFilterId: chance(0.5) ? `project-${pick(projectIds)}` : `filter-${pick(filterIds)}`, statType: pick(fieldPool) }, propertiesVisible: true };
      if (r < 0.9) return { id, title: 'Two-dimensional statistics', moduleKey: 'com.atlassian.jira.gadgets:two-dimensional-stats-gadget', properties: { filterId: pick(filterIds), xstattype: pick(fieldPool), ystattype: 'statuses' }, propertiesVisible: true };
      return { id, title: 'Activity stream', moduleKey: 'com.atlassian.streams.streams-jira-plugin:activitystream-gadget', properties: {}, propertiesVisible: false };
    }),
    // Every fifteenth dashboard is archived (listed only by dashboard/search?status=archived).
    ...(i % 15 === 7 ? { archived: true } : {}),
  }));
  const later = laterPlaces(options.seed ?? 1, filters, workflows, groups.map((g) => g.id), userFields);
  // Every twentieth company-managed project is a service project, with queues and request types.
  const serviceProjects = new Set(projects.filter((p) => p.style === 'classic').filter((_, i) => i % 20 === 3).map((p) => p.id));
  const allProjects = projects.map((p) => (serviceProjects.has(p.id) ? { ...p, projectTypeKey: 'service_desk' } : p));
  const fieldOptions = optionsOf(fields, fieldContexts, options.seed ?? 1);
  // A context in ten gives its first option by default.
  const firstOption = new Map<string, string>();
  for (const o of fieldOptions) if (o.parentId === undefined && !firstOption.has(o.contextId)) firstOption.set(o.contextId, o.id);
  const contextsWithDefaults = fieldContexts.map((c, i) => {
    const first = firstOption.get(c.id);
    return first !== undefined && i % 10 === 0 ? { ...c, defaultOptionIds: [first] } : c;
  });
  const desks = serviceDesksOf(allProjects.filter((p) => serviceProjects.has(p.id)), fields, statuses, options.seed ?? 1);

  return {
    version: SNAPSHOT_VERSION,
    site: { baseUrl: `synthetic:${options.preset}/${options.seed ?? 1}`, scannedAt: '2026-11-01T00:00:00.000Z' },
    projects: allProjects,
    issueTypes,
    statuses,
    priorities: ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, i) => ({ id: String(i + 1), name })),
    resolutions: ['Done', "Won't Do", 'Duplicate'].map((name, i) => ({ id: String(10000 + i), name })),
    projectRoles,
    groups,
    fields,
    fieldContexts: contextsWithDefaults,
    screens,
    screenSchemes,
    issueTypeScreenSchemes,
    fieldConfigurations,
    fieldConfigurationSchemes,
    issueTypeSchemes,
    workflows: later.workflows,
    workflowSchemes,
    notificationSchemes,
    permissionSchemes,
    prioritySchemes: prioritySchemesOf(projects, options.seed ?? 1),
    fieldSchemes: fieldSchemesOf(projects, options.seed ?? 1, customIds),
    plans: plansOf(boards, filters, customIds, statusIds, options.seed ?? 1),
    issueSecuritySchemes: securitySchemesOf(projects, options.seed ?? 1, groups.map((g) => g.id), userFields),
    options: fieldOptions,
    queues: desks.queues,
    requestTypes: desks.requestTypes,
    automationRules: automationRulesOf(Math.max(6, Math.round(c.filters / 50)), options.seed ?? 1, projects, fields, statuses, later.filters),
    filters: later.filters,
    boards,
    dashboards,
    coverage: dashboards.flatMap((d) =>
      d.gadgets.filter((g) => !g.propertiesVisible).map((g) => ({ kind: 'dashboard' as const, objectId: d.id, reason: 'not-exposed' as const, detail: `gadget ${g.id}: configuration not exposed`, hides: gadgetHides(g) })),
    ),
  };
}

/**
 * Priority schemes: the default one (all priorities, every company-managed project no other scheme has) and a few
 * more, one of them used by no project. From a generator of their own, so the rest of a site stays as it was.
 */
function prioritySchemesOf(projects: readonly Project[], seed: number): PriorityScheme[] {
  const rand = mulberry32(seed + 7919);
  const priorityIds = ['1', '2', '3', '4', '5'];
  const count = Math.max(2, Math.floor(projects.length * 0.05));
  const extra = Array.from({ length: count }, (_, i): { id: string; name: string; priorityIds: string[]; projectIds: string[] } => ({
    id: String(10001 + i),
    name: `Priority Scheme ${i}`,
    priorityIds: priorityIds.filter(() => rand() < 0.7),
    projectIds: [],
  }));
  const defaults: string[] = [];
  for (const p of projects) {
    if (p.style !== 'classic') continue;
    // The last extra scheme stays unused.
    const target = rand() < 0.3 ? extra[Math.floor(rand() * (extra.length - 1))] : undefined;
    if (target === undefined) defaults.push(p.id);
    else target.projectIds.push(p.id);
  }
  return [
    { id: '1', name: 'Default priority scheme', isDefault: true, defaultPriorityId: '3', priorityIds, projectIds: defaults },
    ...extra.map((x) => ({ ...x, isDefault: false, priorityIds: x.priorityIds.length === 0 ? ['3'] : x.priorityIds })),
  ];
}

/**
 * Places added to sites after the first generator (filter subscriptions, workflow status properties and JSM
 * approvals), from a generator of their own so that everything else of a site stays as it was.
 */
function laterPlaces(seed: number, filters: readonly Filter[], workflows: readonly Workflow[], groupIds: readonly string[], userFields: readonly string[]): { filters: Filter[]; workflows: Workflow[] } {
  const rand = mulberry32(seed + 104_729);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rand() * items.length)];
  return {
    filters: filters.map((f, i) => {
      if (rand() >= 0.05) return f;
      const groupId = pick(groupIds);
      return { ...f, subscriptions: [{ id: String(20000 + i), ...(groupId === undefined ? { accountId: f.ownerAccountId ?? 'someone' } : { groupId }) }] };
    }),
    workflows: workflows.map((w) => {
      const statusId = w.statusIds[0];
      if (statusId === undefined || w.scope.type === 'PROJECT' || rand() >= 0.3) return w;
      const groupId = pick(groupIds);
      const field = pick(userFields);
      return {
        ...w,
        statusSettings: [
          {
            statusId,
            properties: { ...(groupId === undefined ? {} : { 'jira.permission.edit.group': groupId }), 'jira.permission.comment.projectrole': '10003' },
            ...(field === undefined || rand() < 0.5 ? {} : { approval: { active: true, fieldId: field } }),
          },
        ],
      };
    }),
  };
}

/** Issue security schemes: a few, each with two levels whose members name groups, roles and user fields; one unused. */
function securitySchemesOf(projects: readonly Project[], seed: number, groupIds: readonly string[], userFields: readonly string[]): IssueSecurityScheme[] {
  const rand = mulberry32(seed + 15_485_863);
  const count = Math.max(2, Math.floor(projects.length * 0.03));
  const classic = projects.filter((p) => p.style === 'classic');
  return Array.from({ length: count }, (_, i): IssueSecurityScheme => {
    const group = groupIds[Math.floor(rand() * groupIds.length)];
    const field = userFields[Math.floor(rand() * userFields.length)];
    const members: Holder[] = [{ type: 'reporter' }, ...(group === undefined ? [] : [{ type: 'group', parameter: group }]), { type: 'projectRole', parameter: '10003' }, ...(field === undefined ? [] : [{ type: 'userCustomField', parameter: field }])];
    return {
      id: String(10000 + i),
      name: `Security Scheme ${i}`,
      defaultLevelId: String(20000 + i * 2 + 1),
      levels: [
        { id: String(20000 + i * 2), name: 'Confidential', isDefault: false, members },
        { id: String(20000 + i * 2 + 1), name: 'Internal', isDefault: true, members: [{ type: 'applicationRole' }] },
      ],
      // The last scheme stays unused.
      projectIds: i === count - 1 ? [] : classic.filter(() => rand() < 0.05).map((p) => p.id),
    };
  });
}

/** Field schemes: a site part-way onto field association schemes has a couple, for a few projects; one unused. */
function fieldSchemesOf(projects: readonly Project[], seed: number, customIds: readonly string[]): FieldScheme[] {
  const rand = mulberry32(seed + 32_452_843);
  const classic = projects.filter((p) => p.style === 'classic');
  return [0, 1].map((i): FieldScheme => ({
    id: String(10000 + i),
    name: `Field Scheme ${i}`,
    isDefault: false,
    fields: [{ fieldId: 'summary', issueTypeIds: [] }, ...customIds.filter(() => rand() < 0.02).map((fieldId) => ({ fieldId, issueTypeIds: [] }))],
    projectIds: i === 1 ? [] : classic.filter(() => rand() < 0.03).map((p) => p.id),
  }));
}

/**
 * Automation rules in the shapes of the Automation API: triggers on creation, on a field's change or on a JQL schedule;
 * field conditions, edits by id and by name, comments with smart values, transitions by status name; a tenth disabled.
 */
function automationRulesOf(count: number, seed: number, projects: readonly Project[], fields: readonly Field[], statuses: readonly Status[], filters: readonly Filter[]): AutomationRule[] {
  const rand = mulberry32(seed + 71_233_519);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rand() * items.length)];
  const custom = fields.filter((f) => f.custom);
  return Array.from({ length: count }, (_, i): AutomationRule => {
    const field = pick(custom);
    const other = pick(custom);
    const status = pick(statuses);
    const project = pick(projects);
    const fieldRef = (f: Field | undefined, byName: boolean): JsonValue => (f === undefined ? null : byName ? { type: 'NAME', value: f.name } : { type: 'ID', value: f.id });
    const r = rand();
    const trigger: JsonValue =
      r < 0.4
        ? { component: 'TRIGGER', schemaVersion: 1, type: 'jira.issue.event.trigger:created', value: null, children: [], conditions: [] }
        : r < 0.7
          ? { component: 'TRIGGER', schemaVersion: 1, type: 'jira.issue.field.changed', value: { changeType: 'ANY_CHANGE', fields: [fieldRef(field, false)] }, children: [], conditions: [] }
          : { component: 'TRIGGER', schemaVersion: 1, type: 'jira.jql.scheduled', value: { jql: `filter = ${pick(filters)?.id ?? '1'} AND status != Done`, onlyUpdatedIssues: false }, children: [], conditions: [] };
    const components: JsonValue[] = [
      { component: 'CONDITION', schemaVersion: 3, type: 'jira.issue.condition', value: { selectedField: fieldRef(other, false), selectedFieldType: other?.id ?? '', comparison: 'NOT_EMPTY', compareValue: null }, children: [], conditions: [] },
      { component: 'ACTION', schemaVersion: 12, type: 'jira.issue.edit', value: { operations: [{ field: fieldRef(field, rand() < 0.3), fieldType: field?.id ?? '', type: 'SET', value: '1' }], advancedFields: null, sendNotifications: false }, children: [], conditions: [] },
      { component: 'ACTION', schemaVersion: 1, type: 'jira.issue.comment', value: { comment: `Changed {{issue.${other?.name ?? 'summary'}}} and {{issue.fields.${field?.id ?? 'summary'}}}`, publicComment: false }, children: [], conditions: [] },
      ...(status === undefined ? [] : [{ component: 'ACTION', schemaVersion: 11, type: 'jira.issue.transition', value: { destinationStatus: { type: 'NAME', value: status.name }, operations: [] }, children: [], conditions: [] }]),
    ];
    return {
      id: `0192e5ac-0e25-71de-ba7b-${String(i).padStart(12, '0')}`,
      name: `Rule ${i}`,
      state: i % 10 === 9 ? 'DISABLED' : 'ENABLED',
      scope: rand() < 0.3 || project === undefined ? { global: true, projectIds: [], projectTypes: [] } : { global: false, projectIds: [project.id], projectTypes: [] },
      trigger,
      components,
      updated: '2026-10-01T00:00:00.000Z',
      source: 'api',
    };
  });
}

/** Plans: a few, each drawing issues from a board and a filter and showing a custom field. */
function plansOf(boards: readonly Board[], filters: readonly Filter[], customIds: readonly string[], statusIds: readonly string[], seed: number): Plan[] {
  const rand = mulberry32(seed + 49_979_687);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rand() * items.length)];
  return [0, 1, 2].map((i): Plan => {
    const board = pick(boards);
    const filter = pick(filters);
    const field = pick(customIds);
    return {
      id: String(i + 1),
      name: `Plan ${i}`,
      status: i === 2 ? 'Archived' : 'Active',
      issueSources: [...(board === undefined ? [] : [{ type: 'board' as const, id: board.id }]), ...(filter === undefined ? [] : [{ type: 'filter' as const, id: filter.id }])],
      customFieldIds: field === undefined ? [] : [field],
      dateFieldIds: [],
      excludedStatusIds: i === 0 && statusIds[0] !== undefined ? [statusIds[0]] : [],
      excludedIssueTypeIds: [],
    };
  });
}

/**
 * Options of every option field's contexts: the values generated JQL compares fields with (Alpha, Beta, "x y"), so that
 * JQL names some and misses others, plus a few named nowhere; cascading fields get second-level options.
 */
function optionsOf(fields: readonly Field[], contexts: readonly FieldContext[], seed: number): FieldOption[] {
  const rand = mulberry32(seed + 15_485_863);
  const optionFields = new Set(fields.filter(isOptionField).map((f) => f.id));
  const cascading = new Set(fields.filter((f) => (f.schema?.custom ?? '').endsWith(':cascadingselect')).map((f) => f.id));
  const out: FieldOption[] = [];
  let id = 20000;
  for (const c of contexts) {
    if (!optionFields.has(c.fieldId)) continue;
    const values = ['Alpha', 'Beta', 'x y', '10', 'Gamma', 'Delta'].filter(() => rand() < 0.9);
    for (const value of values) {
      const parent: FieldOption = { id: String(id++), name: value, fieldId: c.fieldId, contextId: c.id, disabled: rand() < 0.05 };
      out.push(parent);
      if (cascading.has(c.fieldId)) for (const child of ['North', 'South']) out.push({ id: String(id++), name: child, fieldId: c.fieldId, contextId: c.id, disabled: false, parentId: parent.id });
    }
  }
  return out;
}

/** Queues (JQL naming statuses, an option field's value, a field in ORDER BY; fields as columns) and request types of each service project. */
function serviceDesksOf(projects: readonly Project[], fields: readonly Field[], statuses: readonly Status[], seed: number): { queues: Queue[]; requestTypes: RequestType[] } {
  const rand = mulberry32(seed + 86_028_121);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rand() * items.length)];
  const custom = fields.filter((f) => f.custom && f.projectId === undefined);
  const optionFields = custom.filter(isOptionField);
  const queues: Queue[] = [];
  const requestTypes: RequestType[] = [];
  projects.forEach((p, d) => {
    const serviceDeskId = String(d + 1);
    for (let q = 0; q < 6; q++) {
      const status = pick(statuses);
      const option = pick(optionFields);
      const column = pick(custom);
      const jql = [`project = ${p.key}`, status === undefined ? '' : `status = "${status.name}"`, option === undefined ? '' : `cf[${option.id.slice(12)}] = ${pick(['Alpha', 'Beta', 'Omega']) ?? 'Alpha'}`].filter((x) => x !== '').join(' AND ');
      queues.push({ id: String(d * 10 + q + 1), name: `Queue ${q} of ${p.key}`, serviceDeskId, projectId: p.id, jql: `${jql} ORDER BY created DESC`, fieldIds: ['issuekey', 'summary', 'status', ...(column === undefined ? [] : [column.id])] });
    }
    for (let r = 0; r < 8; r++) {
      const extra = [pick(custom), pick(custom)].filter((f): f is Field => f !== undefined);
      requestTypes.push({
        id: String(d * 10 + r + 1),
        name: `Request type ${r} of ${p.key}`,
        serviceDeskId,
        projectId: p.id,
        ...(p.issueTypeIds[0] === undefined ? {} : { issueTypeId: p.issueTypeIds[0] }),
        fields: [{ fieldId: 'summary', required: true, visible: true }, ...extra.map((f, i) => ({ fieldId: f.id, required: false, visible: i === 0 }))],
      });
    }
  });
  return { queues, requestTypes };
}
