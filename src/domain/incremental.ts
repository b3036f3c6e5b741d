import type { AuditEntry, ConfigSnapshot, ObjectKind } from './model';

/**
 * Incremental scans: what Jira's audit log says changed since the previous scan, and so what a scan must read again.
 * Kinds the audit log covers are taken from the previous snapshot unless a record names them; the rest (filters,
 * boards, dashboards, Automation rules, plans, service desks, field schemes) are read in full every time.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-audit-records/ (GET /rest/api/3/auditing/record)
 * @see https://support.atlassian.com/jira-cloud-administration/docs/audit-activities-in-jira-applications/ (what is audited)
 */

/** Kinds whose changes Jira's audit log records (custom fields and contexts, screens, schemes, workflows, projects …). */
export const AUDITED_KINDS: readonly ObjectKind[] = [
  'field',
  'field-context',
  'option',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'issue-type',
  'issue-type-scheme',
  'workflow',
  'workflow-scheme',
  'status',
  'priority',
  'resolution',
  'project-role',
  'group',
  'project',
  'permission-scheme',
  'notification-scheme',
  'issue-security-scheme',
  'priority-scheme',
];

/**
 * What an audit record's item (`objectItem`, `associatedItems[]`) names, by its `typeName`: one line an entry, so that
 * a type Jira adds is one line here. Field contexts and options are changes of their field.
 */
export const AUDIT_ITEM_TYPES: Readonly<Record<string, ObjectKind>> = {
  CUSTOM_FIELD: 'field',
  FIELD: 'field',
  CUSTOM_FIELD_CONTEXT: 'field',
  FIELD_CONFIGURATION_CONTEXT: 'field',
  SCREEN: 'screen',
  SCREEN_TAB: 'screen',
  SCREEN_SCHEME: 'screen-scheme',
  ISSUE_TYPE_SCREEN_SCHEME: 'issue-type-screen-scheme',
  FIELD_LAYOUT: 'field-configuration',
  FIELD_CONFIGURATION: 'field-configuration',
  FIELD_LAYOUT_SCHEME: 'field-configuration-scheme',
  FIELD_CONFIGURATION_SCHEME: 'field-configuration-scheme',
  ISSUE_TYPE: 'issue-type',
  ISSUE_TYPE_SCHEME: 'issue-type-scheme',
  WORKFLOW: 'workflow',
  WORKFLOW_SCHEME: 'workflow-scheme',
  STATUS: 'status',
  PRIORITY: 'priority',
  RESOLUTION: 'resolution',
  PROJECT_ROLE: 'project-role',
  GROUP: 'group',
  PROJECT: 'project',
  PERMISSION_SCHEME: 'permission-scheme',
  NOTIFICATION_SCHEME: 'notification-scheme',
  ISSUE_SECURITY_SCHEME: 'issue-security-scheme',
  SECURITY_SCHEME: 'issue-security-scheme',
  PRIORITY_SCHEME: 'priority-scheme',
};

/**
 * What a record of a category may have changed, when none of its items can be placed: every kind listed is read again
 * in full. Categories that change no configuration we read (users, logins) change nothing.
 */
export const AUDIT_CATEGORIES: Readonly<Record<string, readonly ObjectKind[]>> = {
  fields: ['field'],
  screens: ['screen', 'screen-scheme', 'issue-type-screen-scheme'],
  workflows: ['workflow', 'workflow-scheme', 'status'],
  schemes: ['screen-scheme', 'issue-type-screen-scheme', 'field-configuration-scheme', 'issue-type-scheme', 'workflow-scheme', 'permission-scheme', 'notification-scheme', 'issue-security-scheme', 'priority-scheme'],
  projects: ['project'],
  'group management': ['group'],
  permissions: ['permission-scheme'],
  'issue types': ['issue-type', 'issue-type-scheme'],
  'field configurations': ['field-configuration', 'field-configuration-scheme'],
  'user management': [],
};

/** One audit record, as much of it as a scan keeps: its category and the items it names (never its remote address or author). */
export interface AuditChange {
  readonly category: string;
  readonly created: string;
  readonly items: readonly { readonly typeName: string; readonly id?: string; readonly parentId?: string }[];
}

/** What an incremental scan must read again. */
export interface ChangePlan {
  /** Kinds read again in full (their listings, every object). */
  readonly full: ReadonlySet<ObjectKind>;
  /** Objects a record named, by kind (kinds read again as a whole need none). */
  readonly changed: ReadonlyMap<ObjectKind, ReadonlySet<string>>;
  /** Why kinds are read in full, in words, for the scan's notes. */
  readonly notes: readonly string[];
}

/** An item's id as the snapshot writes it: custom fields as `customfield_N`. */
function snapshotId(kind: ObjectKind, id: string): string {
  return kind === 'field' && /^\d+$/.test(id) ? `customfield_${id}` : id;
}

/** Kinds read per object (their parts need the ids); the others are listings, read again as a whole when touched. */
const PER_OBJECT: ReadonlySet<ObjectKind> = new Set(['field', 'screen']);

/** Item types that are part of another object: the object they belong to is their parent (a context's field, a tab's screen). */
const PART_OF: Readonly<Record<string, ObjectKind>> = {
  CUSTOM_FIELD_CONTEXT: 'field-context',
  FIELD_CONFIGURATION_CONTEXT: 'field-context',
  SCREEN_TAB: 'screen',
};

/**
 * What the audit records since the previous scan make a scan read again: each item of a known type marks its object
 * (per-object kinds) or its kind (listings); a record none of whose items can be placed marks every kind of its
 * category, and a record of an unknown category marks every audited kind.
 */
export function planChanges(changes: readonly AuditChange[], contextField: (contextId: string) => string | undefined = () => undefined): ChangePlan {
  const full = new Set<ObjectKind>();
  const changed = new Map<ObjectKind, Set<string>>();
  const notes: string[] = [];
  const touch = (kind: ObjectKind, id: string | undefined): boolean => {
    // A context or option is read with its field; an item of an unknown id is its whole kind.
    if (PER_OBJECT.has(kind) && id !== undefined && id !== '') {
      const ids = changed.get(kind) ?? new Set<string>();
      ids.add(snapshotId(kind, id));
      changed.set(kind, ids);
      // The listing too: a new or renamed object shows there.
      return true;
    }
    if (PER_OBJECT.has(kind) && !full.has(kind)) notes.push(`${kind}: an audit record names one without its id; every ${kind} is read again`);
    full.add(kind);
    return true;
  };
  for (const c of changes) {
    let placed = false;
    for (const item of c.items) {
      const type = item.typeName.toUpperCase();
      if (PART_OF[type] === 'field-context') {
        // A context's record changes its field: named as the item's parent, or known from the previous scan by the
        // context's id; a context of no field we can tell means reading every field again (never a wrong field).
        placed = touch('field', item.parentId ?? (item.id === undefined ? undefined : contextField(item.id))) || placed;
        continue;
      }
      const kind = AUDIT_ITEM_TYPES[type];
      if (kind !== undefined) placed = touch(kind, item.id) || placed;
    }
    if (placed) continue;
    const category = AUDIT_CATEGORIES[c.category.toLowerCase()];
    if (category === undefined) {
      if (!AUDITED_KINDS.every((k) => full.has(k))) notes.push(`an audit record of category "${c.category}" (${c.created}) could not be placed: every kind the audit log covers is read again`);
      for (const k of AUDITED_KINDS) full.add(k);
      continue;
    }
    for (const k of category) {
      if (!full.has(k) && PER_OBJECT.has(k)) notes.push(`an audit record of category "${c.category}" names no ${k}: every ${k} is read again`);
      full.add(k);
    }
  }
  return { full, changed, notes };
}

/** Whether a kind is read again: in full, or some of its objects. */
export function touched(plan: ChangePlan, kind: ObjectKind): boolean {
  return plan.full.has(kind) || (plan.changed.get(kind)?.size ?? 0) > 0;
}

/** Every audited kind in full: a scan without usable audit records. */
export function fullPlan(note: string): ChangePlan {
  return { full: new Set(AUDITED_KINDS), changed: new Map(), notes: [note] };
}

/** Minutes taken off the previous scan's start when asking the audit log, for clocks that disagree and records written late. */
export const AUDIT_MARGIN_MINUTES = 15;
/**
 * A previous scan older than this is not trusted to the audit log: Jira Cloud keeps audit records for a limited time
 * that depends on the plan; we assume no more than this.
 */
export const AUDIT_TRUST_DAYS = 30;

/** When to ask the audit log from, for a previous snapshot; undefined when it is too old to trust the log. */
export function auditFrom(previous: Pick<ConfigSnapshot, 'site'>, now: Date): Date | undefined {
  const started = Date.parse(previous.site.scannedAt);
  if (Number.isNaN(started) || now.getTime() - started > AUDIT_TRUST_DAYS * 86_400_000) return undefined;
  return new Date(started - AUDIT_MARGIN_MINUTES * 60_000);
}

/** An instant as ISO 8601: Jira writes `2026-12-03T14:02:11.123+0000`, which not every parser takes. */
function isoInstant(text: string): string {
  const t = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

/**
 * What a diff may say of an audit record: when, summary, author's account id and the objects of our kinds it names
 * (a custom field as `customfield_N`, a context with its field, a tab as its screen). Items of other types (users,
 * logins) are left out, and a record that names none of our objects is none.
 */
export function auditEntryOf(r: {
  readonly created: string;
  readonly summary: string;
  readonly authorAccountId?: string;
  readonly items: readonly { readonly typeName: string; readonly id?: string; readonly name?: string; readonly parentId?: string }[];
}): AuditEntry | undefined {
  const objects: AuditEntry['objects'][number][] = [];
  for (const item of r.items) {
    const type = item.typeName.toUpperCase();
    const part = PART_OF[type];
    if (part === 'screen') {
      if (item.parentId !== undefined) objects.push({ kind: 'screen', id: item.parentId });
      continue;
    }
    if (part === 'field-context') {
      objects.push({ kind: 'field-context', ...(item.id === undefined ? {} : { id: item.id }), ...(item.name === undefined ? {} : { name: item.name }), ...(item.parentId === undefined ? {} : { parentId: snapshotId('field', item.parentId) }) });
      continue;
    }
    const kind = AUDIT_ITEM_TYPES[type];
    if (kind === undefined) continue;
    objects.push({ kind, ...(item.id === undefined ? {} : { id: snapshotId(kind, item.id) }), ...(item.name === undefined ? {} : { name: item.name }) });
  }
  if (objects.length === 0) return undefined;
  return { created: isoInstant(r.created), summary: r.summary, ...(r.authorAccountId === undefined || r.authorAccountId === '' ? {} : { authorAccountId: r.authorAccountId }), objects };
}
