import type { ConfigSnapshot, ObjectKind } from './model';

/**
 * Where an admin edits each kind of object in Jira Cloud, as a path on the site. One table: each pattern names what
 * it was checked against. Two kinds of evidence count: the link Jira's own admin pages put on the object (Atlassian's
 * page templates and actions, e.g. the screen scheme page links each screen as `ConfigureFieldScreen.jspa?id=`), and
 * the same address observed working on a Jira Cloud site (Salto's Jira adapter records each type's `serviceUrl`
 * and tests it against a cloud site). A kind with no checked pattern has no link: no link is better than a wrong one.
 * Objects that belong to one team-managed project (its fields, statuses, issue types, workflows) are edited in that
 * project's settings, for which no checked pattern exists: they get no link either.
 */
interface AdminPage {
  /** The path for an object, or undefined when the object cannot be linked (a system field, a name that is missing). */
  readonly path: (id: string, name: string, s?: ConfigSnapshot) => string | undefined;
  readonly checked: string;
}

const numeric = (id: string): string | undefined => (/^\d+$/.test(id) ? id : undefined);
const withId = (prefix: string) => (id: string): string | undefined => {
  const n = numeric(id);
  return n === undefined ? undefined : `${prefix}${n}`;
};

/** The objects of a snapshot's collections by id, made once per snapshot: a page of rows asks for many links. */
const byIdIndexes = new WeakMap<ConfigSnapshot, Map<string, ReadonlyMap<string, unknown>>>();

function byId<K extends 'fieldContexts' | 'options' | 'queues' | 'requestTypes' | 'projects' | 'plans' | 'automationRules'>(
  s: ConfigSnapshot | undefined,
  collection: K,
  id: string,
): ConfigSnapshot[K][number] | undefined {
  if (s === undefined) return undefined;
  let indexes = byIdIndexes.get(s);
  if (indexes === undefined) {
    indexes = new Map();
    byIdIndexes.set(s, indexes);
  }
  let index = indexes.get(collection);
  if (index === undefined) {
    index = new Map((s[collection] as readonly { readonly id: string }[]).map((x) => [x.id, x]));
    indexes.set(collection, index);
  }
  return index.get(id) as ConfigSnapshot[K][number] | undefined;
}

const JIRA_PAGES = "the link Jira's own admin pages put on it";
const CLOUD = "the service URL Salto's Jira adapter records for it, tested against a Jira Cloud site";

export const ADMIN_PAGES: Readonly<Partial<Record<ObjectKind, AdminPage>>> = {
  // Custom fields only: the field's configuration page (contexts, options, default values), by its number.
  field: {
    path: (id) => {
      const m = /^customfield_(\d+)$/.exec(id);
      return m === null ? undefined : `/secure/admin/ConfigureCustomField!default.jspa?customFieldId=${m[1] ?? ''}`;
    },
    checked: `${JIRA_PAGES} (the address Jira returns to after editing a field's options or default value)`,
  },
  // A custom field's context: its projects, issue types, default value and options, by the field's number and the context's id.
  'field-context': {
    path: (id, _name, s) => {
      const m = /^customfield_(\d+)$/.exec(byId(s, 'fieldContexts', id)?.fieldId ?? '');
      return m === null || numeric(id) === undefined ? undefined : `/secure/admin/ManageConfigurationScheme!default.jspa?customFieldId=${m[1] ?? ''}&fieldConfigSchemeId=${id}`;
    },
    checked: CLOUD,
  },
  // An option is edited from its context's configuration page, which lists the context's options.
  option: {
    path: (id, name, s) => {
      const o = byId(s, 'options', id);
      return o === undefined || numeric(id) === undefined ? undefined : ADMIN_PAGES['field-context']?.path(o.contextId, name, s);
    },
    checked: `${CLOUD} (the option's context)`,
  },
  screen: { path: withId('/secure/admin/ConfigureFieldScreen.jspa?id='), checked: `${JIRA_PAGES} (screen scheme and workflow transition pages), and ${CLOUD}` },
  'screen-scheme': { path: withId('/secure/admin/ConfigureFieldScreenScheme.jspa?id='), checked: CLOUD },
  'issue-type-screen-scheme': { path: withId('/secure/admin/ConfigureIssueTypeScreenScheme.jspa?id='), checked: CLOUD },
  'field-configuration': { path: withId('/secure/admin/ConfigureFieldLayout!default.jspa?id='), checked: CLOUD },
  'field-configuration-scheme': { path: withId('/secure/admin/ConfigureFieldLayoutScheme!default.jspa?id='), checked: CLOUD },
  'issue-type-scheme': { path: withId('/secure/admin/ConfigureOptionSchemes!default.jspa?fieldId=&schemeId='), checked: CLOUD },
  workflow: { path: (_id, name) => (name === '' ? undefined : `/secure/admin/workflows/ViewWorkflowSteps.jspa?workflowMode=live&workflowName=${encodeURIComponent(name)}`), checked: CLOUD },
  'workflow-scheme': { path: withId('/secure/admin/EditWorkflowScheme.jspa?schemeId='), checked: CLOUD },
  'permission-scheme': { path: withId('/secure/admin/EditPermissions!default.jspa?schemeId='), checked: CLOUD },
  'notification-scheme': { path: withId('/secure/admin/EditNotifications!default.jspa?schemeId='), checked: CLOUD },
  'issue-security-scheme': { path: withId('/secure/admin/EditIssueSecurityScheme!default.jspa?schemeId='), checked: CLOUD },
  'priority-scheme': { path: withId('/secure/admin/EditPriorityScheme!default.jspa?schemeId='), checked: CLOUD },
  status: { path: withId('/secure/admin/EditStatus!default.jspa?id='), checked: CLOUD },
  'issue-type': { path: withId('/secure/admin/EditIssueType!default.jspa?id='), checked: CLOUD },
  priority: { path: withId('/secure/admin/EditPriority!default.jspa?id='), checked: CLOUD },
  resolution: { path: withId('/secure/admin/EditResolution!default.jspa?id='), checked: CLOUD },
  'project-role': { path: withId('/secure/project/EditProjectRole!default.jspa?id='), checked: CLOUD },
  project: { path: withId('/secure/project/EditProject!default.jspa?pid='), checked: CLOUD },
  filter: { path: withId('/issues/?filter='), checked: CLOUD },
  board: { path: withId('/secure/RapidBoard.jspa?rapidView='), checked: 'board links on Jira Cloud sites (atlassian.net) that open the board by its id' },
  dashboard: { path: withId('/jira/dashboards/'), checked: CLOUD },
  // A queue's page, where its settings are edited, under its service project's key.
  queue: {
    path: (id, _name, s) => {
      const q = byId(s, 'queues', id);
      const key = q === undefined ? undefined : byId(s, 'projects', q.projectId)?.key;
      return key === undefined || numeric(id) === undefined ? undefined : `/jira/servicedesk/projects/${encodeURIComponent(key)}/queues/custom/${id}`;
    },
    checked: 'queue addresses of Jira Cloud sites (atlassian.net) that open a queue by its project key and id',
  },
  // A request type's settings (its portal form and hidden fields), under its service project's key.
  'request-type': {
    path: (id, _name, s) => {
      const r = byId(s, 'requestTypes', id);
      const key = r === undefined ? undefined : byId(s, 'projects', r.projectId)?.key;
      return key === undefined || numeric(id) === undefined ? undefined : `/jira/servicedesk/projects/${encodeURIComponent(key)}/settings/request-types/request-type/${id}/request-form`;
    },
    checked: 'request type addresses of Jira Cloud sites (atlassian.net) that open its request form by project key and id',
  },
  // A plan opens on its current scenario, whose settings hold the issue sources and exclusion rules; a plan in the trash does not open.
  plan: {
    path: (id, _name, s) => (byId(s, 'plans', id)?.status === 'Trashed' ? undefined : withId('/jira/plans/')(id)),
    checked: 'plan addresses of Jira Cloud sites (atlassian.net) that open a plan by its id',
  },
  // The rule editor's address takes Jira's numeric rule id (rules of an export carry it beside the uuid); a uuid does not fit it.
  'automation-rule': {
    path: (id, _name, s) => {
      const n = numeric(id) ?? byId(s, 'automationRules', id)?.ruleNumber;
      return n === undefined ? undefined : `/jira/settings/automation#/rule/${n}`;
    },
    checked: `${CLOUD}, and rule addresses of Jira Cloud sites that open a rule by its numeric id`,
  },
};

/** Kinds of which one object may belong to a single team-managed project (`projectId` or a PROJECT scope). */
function projectScoped(s: ConfigSnapshot): ReadonlySet<string> {
  const out = new Set<string>();
  for (const f of s.fields) if (f.projectId !== undefined) out.add(`field:${f.id}`);
  for (const x of s.statuses) if (x.projectId !== undefined) out.add(`status:${x.id}`);
  for (const t of s.issueTypes) if (t.projectId !== undefined) out.add(`issue-type:${t.id}`);
  for (const w of s.workflows) if (w.scope.type === 'PROJECT') out.add(`workflow:${w.id}`);
  return out;
}

const scopedBySnapshot = new WeakMap<ConfigSnapshot, ReadonlySet<string>>();

/** Why a row names an object without a link into Jira, in words an admin reads beside the name. */
export const LINK_WHY = {
  removed: 'removed from Jira: there is nothing to open',
  'team-managed': "it belongs to a team-managed space: it is edited in that space's settings, for which no address is checked",
  'no-page': 'Jira has no page for it whose address Config Lens has checked (a system object, or a kind without one)',
  'no-site': "the snapshot's site has no web address (a fixture or a generated site)",
  several: 'the row names several objects (their ids are in the row): find each in the Explorer, which links it',
} as const;
export type LinkWhy = keyof typeof LINK_WHY;

/**
 * The address of the page where an admin edits an object, on the snapshot's site, or why there is none: no checked
 * pattern for it, it belongs to a team-managed project, or the snapshot's site has no web address (fixtures,
 * generated sites).
 */
export function linkOf(s: ConfigSnapshot, kind: ObjectKind, id: string, name: string): { readonly url: string } | { readonly why: LinkWhy } {
  if (!/^https?:\/\//.test(s.site.baseUrl)) return { why: 'no-site' };
  const page = ADMIN_PAGES[kind];
  if (page === undefined) return { why: 'no-page' };
  let scoped = scopedBySnapshot.get(s);
  if (scoped === undefined) {
    scoped = projectScoped(s);
    scopedBySnapshot.set(s, scoped);
  }
  if (scoped.has(`${kind}:${id}`)) return { why: 'team-managed' };
  const path = page.path(id, name, s);
  return path === undefined ? { why: 'no-page' } : { url: `${s.site.baseUrl.replace(/\/+$/, '')}${path}` };
}

/** The address of the page where an admin edits an object, on the snapshot's site; undefined where there is none ({@link linkOf} says why). */
export function adminUrl(s: ConfigSnapshot, kind: ObjectKind, id: string, name: string): string | undefined {
  const l = linkOf(s, kind, id, name);
  return 'url' in l ? l.url : undefined;
}
