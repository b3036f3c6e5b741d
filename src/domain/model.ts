/**
 * The configuration snapshot: a versioned, normalised, JSON-serialisable record of one Jira site's
 * configuration. Fixtures, recordings and stored scans hold snapshots; every analysis runs on one.
 *
 * Conventions:
 * - Every object has a string `id` (numeric ids are kept as strings, exactly as Jira sends them).
 * - References between objects are ids, except where Jira itself refers by name (workflow schemes name
 *   workflows by name; JQL names fields, statuses, projects and issue types as people typed them).
 * - Optional properties are absent when Jira did not say; `coverage` says what could not be seen and why.
 */

export const SNAPSHOT_VERSION = 1 as const;

/** Every kind of object the snapshot holds; the first half of an address `kind:id`. */
export const OBJECT_KINDS = [
  'project',
  'issue-type',
  'status',
  'priority',
  'resolution',
  'project-role',
  'group',
  'field',
  'field-context',
  'option',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'issue-type-scheme',
  'workflow',
  'workflow-scheme',
  'notification-scheme',
  'permission-scheme',
  'priority-scheme',
  'issue-security-scheme',
  'field-scheme',
  'plan',
  'queue',
  'request-type',
  'automation-rule',
  'filter',
  'board',
  'dashboard',
] as const;

export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** An address of one object: `{ kind: 'field', id: 'customfield_10010' }` is written `field:customfield_10010`. */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly id: string;
}

export interface SiteInfo {
  /** Base URL of the site, e.g. `https://acme.atlassian.net`; `fixture:` or `synthetic:` URLs for made-up sites. */
  readonly baseUrl: string;
  /** ISO 8601 instant the scan finished (or the fixture was written). */
  readonly scannedAt: string;
  /** IANA time zone of the site, when known (used by issue export). */
  readonly timeZone?: string;
}

/** Scheme kinds a (company-managed) project is associated with. */
export const PROJECT_SCHEME_KINDS = [
  'issue-type-screen-scheme',
  'field-configuration-scheme',
  'workflow-scheme',
  'issue-type-scheme',
  'permission-scheme',
  'notification-scheme',
] as const;
export type ProjectSchemeKind = (typeof PROJECT_SCHEME_KINDS)[number];

export interface Project {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `classic` = company-managed, `next-gen` = team-managed (which has none of the schemes). */
  readonly style: 'classic' | 'next-gen';
  readonly projectTypeKey?: string;
  readonly leadAccountId?: string;
  /** Archived: read-only, restorable. Its scheme associations stand, and restoring it needs them. */
  readonly archived?: boolean;
  /** In the trash (`deleted` in `project/search?status=deleted`): restorable until Jira purges it. */
  readonly deleted?: boolean;
  /** Issue types available in the project. */
  readonly issueTypeIds: readonly string[];
  /**
   * Issues of the space of each work type (`project = P AND issuetype = T`), by issue type id: counted only for spaces
   * near Jira's work type limit, so that the limits report can name the work types no issue of the space has.
   */
  readonly issuesByWorkType?: Readonly<Record<string, number>>;
  /**
   * Schemes the project uses, by scheme kind. Absent: the project uses Jira's built-in default for that
   * kind (e.g. the default workflow scheme, which has no id) or, for team-managed projects, none at all.
   */
  readonly schemes: Readonly<Partial<Record<ProjectSchemeKind, string>>>;
}

export interface IssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask: boolean;
  readonly hierarchyLevel?: number;
  /** Present for team-managed issue types: the project that owns the issue type. */
  readonly projectId?: string;
}

export type StatusCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';

export interface Status {
  readonly id: string;
  readonly name: string;
  readonly statusCategory: StatusCategory;
  /** Present for team-managed statuses: the project that owns the status. */
  readonly projectId?: string;
}

export interface Priority {
  readonly id: string;
  readonly name: string;
}

export interface Resolution {
  readonly id: string;
  readonly name: string;
}

export interface ProjectRole {
  readonly id: string;
  readonly name: string;
}

export interface Group {
  /** The group's groupId (Jira's stable id; names can change). */
  readonly id: string;
  readonly name: string;
}

/** `lastUsed` from `GET /rest/api/3/field/search?expand=lastUsed`. */
export interface FieldLastUsed {
  readonly type: 'TRACKED' | 'NOT_TRACKED' | 'NO_INFORMATION';
  /** ISO 8601 instant of last use, for TRACKED fields that were used. */
  readonly value?: string;
}

export interface FieldSchema {
  /** `string`, `number`, `array`, `user`, `option`, `option-with-child`, `date`, `datetime`, … */
  readonly type: string;
  /** Element type for arrays. */
  readonly items?: string;
  /** Custom field type key, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:select`. */
  readonly custom?: string;
  readonly customId?: number;
  /** System field name for system fields, e.g. `assignee`. */
  readonly system?: string;
}

export interface Field {
  /** `customfield_10010` for custom fields, the system id (`assignee`, `issuetype`) otherwise. */
  readonly id: string;
  readonly name: string;
  readonly custom: boolean;
  readonly schema?: FieldSchema;
  /** Names JQL accepts for the field, e.g. `["cf[10010]", "Team"]` or `["assignee"]`. */
  readonly clauseNames: readonly string[];
  readonly searcherKey?: string;
  readonly description?: string;
  readonly lastUsed?: FieldLastUsed;
  readonly screensCount?: number;
  readonly contextsCount?: number;
  readonly isLocked?: boolean;
  /**
   * Present for a team-managed project's own field (`scope: { type: "PROJECT" }` in `GET /rest/api/3/field`): the
   * project that owns it. Such a field's use (its project's screens, rules) cannot be seen through the API.
   */
  readonly projectId?: string;
  /**
   * Issues holding a value of the field (`POST /rest/api/3/search/approximate-count` with `cf[N] is not EMPTY`, read
   * as the app), when the scan counted them.
   */
  readonly issuesWithValue?: number;
  /** Why the count is not known (Jira cannot search the field, the count failed), when the scan tried. */
  readonly issuesWithValueUnknown?: string;
  /**
   * Issues holding a value of the field in each space near Jira's field limit, by project id (`project in (…) AND
   * cf[N] is not EMPTY`): counted only for the fields that count there through a global context alone, so that the
   * limits report can say which contexts could be narrowed. A space missing here was not counted.
   */
  readonly issuesWithValueIn?: Readonly<Record<string, number>>;
}

export interface FieldContext {
  readonly id: string;
  readonly fieldId: string;
  readonly name: string;
  /** True when the context applies to every project (no project mapping). */
  readonly isGlobalContext: boolean;
  /** True when the context applies to every issue type (no issue-type mapping). */
  readonly isAnyIssueType: boolean;
  readonly projectIds: readonly string[];
  readonly issueTypeIds: readonly string[];
  /**
   * The options an option field's context gives new issues by default (`…/context/defaultValue`: one, several for a
   * multi-select, a parent and child for a cascading field), when it has a default.
   */
  readonly defaultOptionIds?: readonly string[];
}

/** Custom field types whose values are options of the field's contexts (select lists, radio buttons, checkboxes). */
export const OPTION_FIELD_TYPES: ReadonlySet<string> = new Set(
  ['select', 'multiselect', 'radiobuttons', 'multicheckboxes', 'cascadingselect'].map((t) => `com.atlassian.jira.plugin.system.customfieldtypes:${t}`),
);

/** Whether a field's values are options (`GET /rest/api/3/field/{fieldId}/context/{contextId}/option` lists them). */
export function isOptionField(field: Pick<Field, 'schema'>): boolean {
  return OPTION_FIELD_TYPES.has(field.schema?.custom ?? '');
}

/**
 * An option of a select, multi-select, radio, checkbox or cascading field, in one context of the field. Jira's
 * option ids are unique on the site. A cascading field's second-level option names its parent option.
 */
export interface FieldOption {
  readonly id: string;
  /** The option's value, as people pick it and as JQL names it. */
  readonly name: string;
  readonly fieldId: string;
  readonly contextId: string;
  /** Disabled: kept on the issues that hold it, no longer offered. */
  readonly disabled: boolean;
  /** For a cascading field's second-level option: the option it sits under. */
  readonly parentId?: string;
}

export interface ScreenTab {
  readonly id: string;
  readonly name: string;
  readonly fieldIds: readonly string[];
}

export interface Screen {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly tabs: readonly ScreenTab[];
}

export const SCREEN_SCHEME_SLOTS = ['default', 'create', 'edit', 'view'] as const;
export type ScreenSchemeSlot = (typeof SCREEN_SCHEME_SLOTS)[number];

export interface ScreenScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Screen ids by operation; `default` applies where an operation has none. */
  readonly screens: Readonly<Partial<Record<ScreenSchemeSlot, string>>>;
}

/** The issue type id of a scheme mapping, or `default` for the scheme's default entry. */
export type IssueTypeKey = string;
export const DEFAULT_ISSUE_TYPE_KEY = 'default';

export interface IssueTypeScreenScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly mappings: readonly { readonly issueTypeId: IssueTypeKey; readonly screenSchemeId: string }[];
}

export interface FieldConfigurationItem {
  readonly fieldId: string;
  readonly isHidden: boolean;
  readonly isRequired: boolean;
  /** Renderer type, e.g. `wiki-renderer`, `text-renderer`; absent when Jira did not say. */
  readonly renderer?: string;
  readonly description?: string;
}

export interface FieldConfiguration {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  /** Items as Jira returns them (the adapter keeps all; analyses look only at non-default ones). */
  readonly items: readonly FieldConfigurationItem[];
}

export interface FieldConfigurationScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly mappings: readonly { readonly issueTypeId: IssueTypeKey; readonly fieldConfigurationId: string }[];
  /** Jira's implicit System Default Field Configuration scheme, which Jira lists nowhere (see implicit-defaults.ts). */
  readonly implicit?: true;
}

export interface IssueTypeScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  readonly defaultIssueTypeId?: string;
  readonly issueTypeIds: readonly string[];
}

export type WorkflowRuleKind = 'condition' | 'validator' | 'post-function' | 'trigger';

export interface WorkflowRule {
  readonly kind: WorkflowRuleKind;
  /** e.g. `system:check-field-value`, `system:update-field`, `system:restrict-issue-transition`. */
  readonly ruleKey: string;
  /**
   * Rule parameters as text: strings as Jira gives them (ids often comma-separated); numbers and booleans as their
   * text, lists of plain values joined with commas, objects as their JSON text.
   */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * Parameters an app keeps packed (ScriptRunner's post-function `config`: base64 of gzipped JSON), unpacked to
   * their JSON text by the adapter that read them, so that the references inside can be found.
   */
  readonly decoded?: Readonly<Record<string, string>>;
}

export interface WorkflowTransition {
  readonly id: string;
  readonly name: string;
  readonly type: 'INITIAL' | 'GLOBAL' | 'DIRECTED';
  /** Status ids the transition starts from (empty for INITIAL and GLOBAL transitions). */
  readonly fromStatusIds: readonly string[];
  /**
   * The status the transition goes to. Absent for a looped transition (Jira sends no `toStatusReference`): the issue
   * stays in the status it was in.
   */
  readonly toStatusId?: string;
  /** Screen shown on the transition, if any. */
  readonly screenId?: string;
  readonly rules: readonly WorkflowRule[];
  /** Transition properties (`jira.permission.*`, `jira.field.resolution.include`, …), when it has any. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** What a workflow says of one of its statuses beyond being in it: its properties and JSM approval settings. */
export interface WorkflowStatusSettings {
  readonly statusId: string;
  /** Status properties (`jira.permission.edit.group`, `jira.issue.editable`, …). */
  readonly properties: Readonly<Record<string, string>>;
  /** JSM approval at this status: the approvers field and the field that pre-fills it. */
  readonly approval?: { readonly fieldId?: string; readonly prePopulatedFieldId?: string; readonly active: boolean };
}

export interface Workflow {
  /** The workflow's entity id from the workflows API. */
  readonly id: string;
  /** Workflow schemes refer to workflows by this name. */
  readonly name: string;
  readonly description?: string;
  /** GLOBAL, or PROJECT for team-managed workflows (with the owning project). */
  readonly scope: { readonly type: 'GLOBAL' | 'PROJECT'; readonly projectId?: string };
  readonly statusIds: readonly string[];
  readonly transitions: readonly WorkflowTransition[];
  /** Statuses that carry properties or an approval, when any do. */
  readonly statusSettings?: readonly WorkflowStatusSettings[];
}

export interface WorkflowScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Name of the default workflow (Jira's built-in `jira` workflow when absent). */
  readonly defaultWorkflow?: string;
  readonly issueTypeMappings: readonly { readonly issueTypeId: string; readonly workflow: string }[];
  /** Jira's implicit Default Workflow Scheme, which Jira lists nowhere (see implicit-defaults.ts). */
  readonly implicit?: true;
}

/**
 * A permission or notification holder: who gets a permission or a notification.
 * `type` is Jira's holder type (`group`, `projectRole`, `user`, `userCustomField`, `groupCustomField`,
 * `applicationRole`, `assignee`, `reporter`, `projectLead`, `anyone`, …); `parameter` its value
 * (groupId, role id, field id, account id), when the type has one.
 */
export interface Holder {
  readonly type: string;
  readonly parameter?: string;
}

/**
 * A priority scheme (`GET /rest/api/3/priorityscheme`): the priorities a project may use. Jira lists the projects
 * with the scheme, not the scheme with the project, so the projects are kept here.
 */
export interface PriorityScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  readonly defaultPriorityId?: string;
  readonly priorityIds: readonly string[];
  readonly projectIds: readonly string[];
}

/** An issue security level: who may see issues set to it. */
export interface SecurityLevel {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  /** Holders as for permissions: `group`, `projectRole`, `userCustomField`, `groupCustomField`, `reporter`, … */
  readonly members: readonly Holder[];
}

/** An issue security scheme (`GET /rest/api/3/issuesecurityschemes/search`), its levels and the projects using it. */
export interface IssueSecurityScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly defaultLevelId?: string;
  readonly levels: readonly SecurityLevel[];
  readonly projectIds: readonly string[];
}

/**
 * A field scheme (the field association schemes of `GET /rest/api/3/config/fieldschemes`, which replace field
 * configurations and screens on sites that have them): the fields associated with the projects that use it.
 */
export interface FieldScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  /** Fields associated, each for every work type or only some (`restrictedToWorkTypes`). */
  readonly fields: readonly { readonly fieldId: string; readonly issueTypeIds: readonly string[] }[];
  readonly projectIds: readonly string[];
}

/** A plan of Advanced Roadmaps (`GET /rest/api/3/plans/plan/{planId}`): where its issues come from and what it uses. */
export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly status: 'Active' | 'Archived' | 'Trashed';
  readonly issueSources: readonly { readonly type: 'board' | 'project' | 'filter'; readonly id: string }[];
  /** Custom fields shown in the plan. */
  readonly customFieldIds: readonly string[];
  /** Date fields the plan schedules by (start, end), when custom. */
  readonly dateFieldIds: readonly string[];
  readonly excludedStatusIds: readonly string[];
  readonly excludedIssueTypeIds: readonly string[];
}

/**
 * A queue of a service project (`GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue`): its JQL (Jira
 * adds `project = KEY` to what the admin wrote) and the fields it shows as columns.
 */
export interface Queue {
  readonly id: string;
  readonly name: string;
  readonly serviceDeskId: string;
  /** The service project the queue belongs to. */
  readonly projectId: string;
  readonly jql: string;
  /** Fields shown as the queue's columns, by id (`issuekey`, `summary`, `customfield_10010`, …). */
  readonly fieldIds: readonly string[];
}

/** A field of a request type's form (`…/requesttype/{id}/field?expand=hiddenFields`). */
export interface RequestTypeField {
  readonly fieldId: string;
  readonly required: boolean;
  /** False for a hidden field: not on the portal form, set to its preset value on every request. */
  readonly visible: boolean;
}

/** A request type of a service project (`GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype`). */
export interface RequestType {
  readonly id: string;
  readonly name: string;
  readonly serviceDeskId: string;
  readonly projectId: string;
  /** The issue type its requests are created as. */
  readonly issueTypeId?: string;
  readonly fields: readonly RequestTypeField[];
}

/** A JSON value as Jira gave it: kept whole where we read only part of it (automation rule components). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * An Automation rule (`GET …/automation/public/jira/{cloudId}/rest/v1/rule/{uuid}`, or one rule of the JSON an admin
 * exports from Jira's global automation page). Its trigger and components are kept as Jira gave them (minus names
 * and e-mail addresses of people); the graph finds the references in them.
 */
export interface AutomationRule {
  /** The rule's uuid (`uuid`, `idUuid`, `ruleUuid`); an export without one gives its numeric id. */
  readonly id: string;
  readonly name: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly description?: string;
  /**
   * Where it runs: `global` (every project), the projects named by id (`ruleScopeARIs` `…:project/10001`, or the
   * export's `projects`), and project types (`ari:cloud:jira-software::site/…` runs in every software project).
   */
  readonly scope: { readonly global: boolean; readonly projectIds: readonly string[]; readonly projectTypes: readonly string[] };
  /** The trigger component, as Jira gave it. */
  readonly trigger: JsonValue;
  /** Conditions, actions and branches, with their nested `children` and `conditions`, as Jira gave them. */
  readonly components: readonly JsonValue[];
  /** ISO 8601 instant of the last change, when Jira said. */
  readonly updated?: string;
  /** How the rule was read: the Automation REST API, or an export file an admin gave. */
  readonly source: 'api' | 'export';
  /** Jira's numeric rule id beside the uuid (exports carry both), which the rule editor's address takes. */
  readonly ruleNumber?: string;
}

export interface PermissionScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly grants: readonly { readonly id?: string; readonly permission: string; readonly holder: Holder }[];
}

export interface NotificationScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly events: readonly {
    readonly eventId: string;
    readonly eventName: string;
    readonly notifications: readonly Holder[];
  }[];
}

/** A share permission of a filter or dashboard (`global`, `loggedin`, `project`, `group`, `user`, …). */
export interface SharePermission {
  readonly type: string;
  readonly projectId?: string;
  readonly roleId?: string;
  readonly groupId?: string;
  readonly accountId?: string;
}

export interface Filter {
  readonly id: string;
  readonly name: string;
  readonly jql: string;
  readonly ownerAccountId?: string;
  readonly description?: string;
  /** Empty: private to the owner. */
  readonly sharePermissions: readonly SharePermission[];
  readonly approximateLastUsed?: string;
  readonly favouritedCount?: number;
  /** Subscriptions (`expand=subscriptions`): Jira runs the filter on a schedule and mails the result. */
  readonly subscriptions?: readonly FilterSubscription[];
}

/** A filter subscription: a user's or a group's (account ids only; no names or e-mail addresses are kept). */
export interface FilterSubscription {
  readonly id: string;
  readonly groupId?: string;
  readonly accountId?: string;
}

export interface BoardColumn {
  readonly name: string;
  readonly statusIds: readonly string[];
}

export interface QuickFilter {
  readonly id: string;
  readonly name: string;
  readonly jql: string;
}

export interface Board {
  readonly id: string;
  readonly name: string;
  readonly type: 'scrum' | 'kanban' | 'simple';
  /** The saved filter the board shows (absent when the board's configuration could not be read). */
  readonly filterId?: string;
  /** Kanban sub-query (JQL). */
  readonly subQuery?: string;
  readonly columns: readonly BoardColumn[];
  readonly estimationFieldId?: string;
  readonly rankFieldId?: string;
  readonly location?: { readonly type: 'project' | 'user'; readonly projectId?: string; readonly accountId?: string };
  readonly quickFilters: readonly QuickFilter[];
}

export interface Gadget {
  readonly id: string;
  readonly title?: string;
  readonly moduleKey?: string;
  readonly uri?: string;
  /**
   * Item properties of the gadget, flattened to `key → string` (nested JSON values are kept as their JSON
   * text). Built-in gadgets expose only part of their configuration: `propertiesVisible` is false when
   * none could be read.
   */
  readonly properties: Readonly<Record<string, string>>;
  readonly propertiesVisible: boolean;
}

export interface Dashboard {
  readonly id: string;
  readonly name: string;
  readonly ownerAccountId?: string;
  readonly sharePermissions: readonly SharePermission[];
  readonly gadgets: readonly Gadget[];
  /**
   * Archived by its owner or an admin (`dashboard/search?status=archived`): nobody sees it until it is restored, and
   * restoring it needs what its gadgets name.
   */
  readonly archived?: boolean;
}

/** Why part of the site could not be seen. */
export const COVERAGE_REASONS = [
  'permission',
  'team-managed',
  'private',
  'not-tracked',
  'not-exposed',
  'endpoint-error',
  'removed-endpoint',
  'budget',
  /** An object whose payload did not have the documented shape: left out, the rest of its list kept. */
  'invalid-payload',
  /** Jira asked for a longer wait (Retry-After) than the scan may take: the part was not read. */
  'rate-limited',
  /** Pages of a list overlapped (ids repeated): repeats were dropped, objects may be missing. */
  'inconsistent-paging',
] as const;
export type CoverageReason = (typeof COVERAGE_REASONS)[number];

/** Something the scan could not see: a whole kind, part of one object, or usage data. */
export interface CoverageGap {
  readonly kind: ObjectKind;
  /** The object the gap is about, when it is about one object. */
  readonly objectId?: string;
  readonly reason: CoverageReason;
  /** What was not seen, in words, naming the endpoint where there is one. */
  readonly detail: string;
  /**
   * The kinds whose use the unseen place could hold, when narrower than what the gap's kind can use (an Activity
   * Stream gadget's hidden settings name projects, never fields). Absent: every kind the gap's kind can use.
   */
  readonly hides?: readonly ObjectKind[];
}

/** What a gadget's hidden settings can name: the Activity Stream names projects only; other gadgets filters, projects and fields. */
export function gadgetHides(gadget: { readonly moduleKey?: string; readonly uri?: string; readonly title?: string }): readonly ObjectKind[] {
  const text = `${gadget.moduleKey ?? ''} ${gadget.uri ?? ''} ${gadget.title ?? ''}`.toLowerCase().replace(/[\s-]/g, '');
  return text.includes('activitystream') ? ['project'] : ['filter', 'project', 'field'];
}

/** An issue as Jira's search returns it: field values in Jira's JSON shapes, keyed by field id. */
export interface IssueRecord {
  readonly id: string;
  readonly key: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A user as `GET /rest/api/3/user/bulk` returns one; privacy settings may hide the display name. */
export interface UserRecord {
  readonly accountId: string;
  readonly displayName?: string;
  readonly active: boolean;
}

export interface ConfigSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly site: SiteInfo;
  readonly projects: readonly Project[];
  readonly issueTypes: readonly IssueType[];
  readonly statuses: readonly Status[];
  readonly priorities: readonly Priority[];
  readonly resolutions: readonly Resolution[];
  readonly projectRoles: readonly ProjectRole[];
  readonly groups: readonly Group[];
  readonly fields: readonly Field[];
  readonly fieldContexts: readonly FieldContext[];
  readonly screens: readonly Screen[];
  readonly screenSchemes: readonly ScreenScheme[];
  readonly issueTypeScreenSchemes: readonly IssueTypeScreenScheme[];
  readonly fieldConfigurations: readonly FieldConfiguration[];
  readonly fieldConfigurationSchemes: readonly FieldConfigurationScheme[];
  readonly issueTypeSchemes: readonly IssueTypeScheme[];
  readonly workflows: readonly Workflow[];
  readonly workflowSchemes: readonly WorkflowScheme[];
  readonly notificationSchemes: readonly NotificationScheme[];
  readonly permissionSchemes: readonly PermissionScheme[];
  readonly prioritySchemes: readonly PriorityScheme[];
  readonly issueSecuritySchemes: readonly IssueSecurityScheme[];
  readonly fieldSchemes: readonly FieldScheme[];
  readonly plans: readonly Plan[];
  readonly options: readonly FieldOption[];
  readonly queues: readonly Queue[];
  readonly requestTypes: readonly RequestType[];
  readonly automationRules: readonly AutomationRule[];
  readonly filters: readonly Filter[];
  readonly boards: readonly Board[];
  readonly dashboards: readonly Dashboard[];
  readonly coverage: readonly CoverageGap[];
  /** Issues, in fixtures that exercise issue export (a scan never reads issues). */
  readonly issues?: readonly IssueRecord[];
  /** Users the issues refer to, in such fixtures. */
  readonly users?: readonly UserRecord[];
  /** What Jira's audit log says changed since the previous scan, and who changed it (a scan after an earlier one). */
  readonly audit?: SnapshotAudit;
}

/**
 * An audit record of a configuration change, as much of it as a scan keeps: when, Jira's summary, the author's account
 * id (the name is looked up when shown, never stored) and the objects of our kinds it names. Never the remote address,
 * the changed values or items that are people.
 */
export interface AuditEntry {
  /** ISO 8601 instant the record was written. */
  readonly created: string;
  readonly summary: string;
  readonly authorAccountId?: string;
  /** The objects the record names (`objectItem`, `associatedItems[]`), by our kind; `parentId` is a context's field. */
  readonly objects: readonly { readonly kind: ObjectKind; readonly id?: string; readonly name?: string; readonly parentId?: string }[];
}

/** The audit records of configuration changes since `from` (the previous scan's start, less a margin). */
export interface SnapshotAudit {
  readonly from: string;
  readonly entries: readonly AuditEntry[];
}

/** The snapshot collection that holds each kind. */
export const COLLECTION_OF_KIND = {
  project: 'projects',
  'issue-type': 'issueTypes',
  status: 'statuses',
  priority: 'priorities',
  resolution: 'resolutions',
  'project-role': 'projectRoles',
  group: 'groups',
  field: 'fields',
  'field-context': 'fieldContexts',
  option: 'options',
  screen: 'screens',
  'screen-scheme': 'screenSchemes',
  'issue-type-screen-scheme': 'issueTypeScreenSchemes',
  'field-configuration': 'fieldConfigurations',
  'field-configuration-scheme': 'fieldConfigurationSchemes',
  'issue-type-scheme': 'issueTypeSchemes',
  workflow: 'workflows',
  'workflow-scheme': 'workflowSchemes',
  'notification-scheme': 'notificationSchemes',
  'permission-scheme': 'permissionSchemes',
  'priority-scheme': 'prioritySchemes',
  'issue-security-scheme': 'issueSecuritySchemes',
  'field-scheme': 'fieldSchemes',
  plan: 'plans',
  queue: 'queues',
  'request-type': 'requestTypes',
  'automation-rule': 'automationRules',
  filter: 'filters',
  board: 'boards',
  dashboard: 'dashboards',
} as const satisfies Record<ObjectKind, keyof ConfigSnapshot>;

/** The snapshot's object of a kind, as its collection holds it. */
export type ObjectOfKind<K extends ObjectKind> = ConfigSnapshot[(typeof COLLECTION_OF_KIND)[K]][number];

/** An empty snapshot of the current version, for builders and generators. */
export function emptySnapshot(site: SiteInfo): ConfigSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    site,
    projects: [],
    issueTypes: [],
    statuses: [],
    priorities: [],
    resolutions: [],
    projectRoles: [],
    groups: [],
    fields: [],
    fieldContexts: [],
    screens: [],
    screenSchemes: [],
    issueTypeScreenSchemes: [],
    fieldConfigurations: [],
    fieldConfigurationSchemes: [],
    issueTypeSchemes: [],
    workflows: [],
    workflowSchemes: [],
    notificationSchemes: [],
    permissionSchemes: [],
    prioritySchemes: [],
    issueSecuritySchemes: [],
    fieldSchemes: [],
    plans: [],
    options: [],
    queues: [],
    requestTypes: [],
    automationRules: [],
    filters: [],
    boards: [],
    dashboards: [],
    coverage: [],
  };
}
