import type { PointsSummary } from './points';
import { SNAPSHOT_VERSION, type Board, type SnapshotAudit, type ConfigSnapshot, type CoverageGap, type Dashboard, type Field, type FieldConfiguration, type ObjectKind, type Screen } from './model';

/** Snapshot collections a scan part can fill. */
export type SnapshotCollection = Exclude<keyof ConfigSnapshot, 'version' | 'site' | 'coverage' | 'issues' | 'users' | 'audit'>;

/** How many issues hold a value of a custom field (with `projectId`, in that space), or why that is not known. */
export type ValueCount = { readonly fieldId: string; readonly projectId?: string; readonly issues: number } | { readonly fieldId: string; readonly projectId?: string; readonly unknown: string };

/** Jira's usage data of a custom field (`GET /rest/api/3/field/search`), read apart from the field list. */
export type FieldUsage = Pick<Field, 'id'> & Partial<Pick<Field, 'lastUsed' | 'screensCount' | 'contextsCount' | 'isLocked' | 'searcherKey' | 'description'>>;

/**
 * What one part of a scan read: some collections of the snapshot, counts of issues holding a field's value, and
 * usage data of fields (which replaces what the field list carried).
 */
export type SnapshotPiece = { -readonly [K in SnapshotCollection]?: ConfigSnapshot[K] } & {
  valueCounts?: readonly ValueCount[];
  fieldUsage?: readonly FieldUsage[];
  /** Items of field configurations listed by another part (read only when asked for). */
  fieldConfigurationItems?: readonly { readonly id: string; readonly items: FieldConfiguration['items'] }[];
  /** Issues of a space of each work type (spaces near the work type limit only). */
  workTypeCounts?: readonly WorkTypeCount[];
  /** The audit records since the previous scan (the core part of a scan after an earlier one). */
  audit?: SnapshotAudit;
};

/** How many issues of a space are of one work type. */
export interface WorkTypeCount {
  readonly projectId: string;
  readonly issueTypeId: string;
  readonly issues: number;
}

/** A board as the board list gives it, before its configuration is read. */
export interface BoardListing {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

/** A service desk as the service desk list gives it: its id and the service project it is. */
export interface ServiceDeskListing {
  readonly id: string;
  readonly projectId: string;
}

/** A screen as the screen list gives it, before its tabs are read. */
export type ScreenListing = Omit<Screen, 'tabs'>;

/** A dashboard as the dashboard search gives it, before its gadgets are read. */
export type DashboardListing = Omit<Dashboard, 'gadgets'>;

/**
 * One unit of a scan. The `core` part reads the site's basic objects and lists the objects that need one request
 * each (custom fields, screens, boards, dashboards); it then names the other parts, those lists cut into slices, so that a
 * queue consumer can run each part well inside its time limit. Parts carry everything they need: they can run in
 * any order, in any process.
 */
export type ScanPart =
  /**
   * With `auditFrom` (a full scan after an earlier one): the audit records since then are kept, to say who changed
   * what (an incremental scan reads them anyway).
   */
  | { readonly section: 'core'; readonly auditFrom?: string }
  /** Contexts of custom fields, and the options of those of `optionFieldIds` (select lists, radio buttons, checkboxes). */
  | { readonly section: 'field-contexts'; readonly fieldIds: readonly string[]; readonly optionFieldIds?: readonly string[] }
  | { readonly section: 'screens'; readonly screens: readonly ScreenListing[] }
  /** Schemes; with `fieldSchemesOnly`, only field schemes (the audit log does not cover them; the rest came from the previous scan). */
  | { readonly section: 'schemes'; readonly fieldSchemesOnly?: boolean }
  | { readonly section: 'workflows' }
  | { readonly section: 'projects' }
  | { readonly section: 'permission-notification' }
  | { readonly section: 'filters' }
  /** Automation rules through the Automation REST API (only where it can be called: a site admin's API token). */
  | { readonly section: 'automation' }
  | { readonly section: 'boards'; readonly boards: readonly BoardListing[] }
  /** Queues and request types (with their fields) of service desks (Jira Service Management). */
  | { readonly section: 'service-desks'; readonly serviceDesks: readonly ServiceDeskListing[] }
  /**
   * Issues holding a value of each custom field (`POST /rest/api/3/search/approximate-count`, one per field), for the
   * fields that could be cleanup candidates (nothing else found a use); with `usage`, their usage data read again too.
   */
  | {
      readonly section: 'value-counts';
      readonly fieldIds: readonly string[];
      readonly usage?: boolean;
      /** Count in each of these spaces (those near Jira's field limit) instead of the whole site. */
      readonly projectIds?: readonly string[];
    }
  /** Issues of one space (near Jira's work type limit) of each of its work types: one count a work type. */
  | { readonly section: 'work-type-counts'; readonly projectId: string; readonly issueTypeIds: readonly string[] }
  /** Field configurations' items (configuration, not a use): read only when asked for. */
  | { readonly section: 'field-configuration-items'; readonly fieldConfigurationIds: readonly string[] }
  | { readonly section: 'dashboards'; readonly dashboards: readonly DashboardListing[] };

export type ScanSection = ScanPart['section'];

export interface ScanPartResult {
  readonly piece: SnapshotPiece;
  readonly gaps: readonly CoverageGap[];
  /** Parts this one found work for (only `core` names any). */
  readonly next: readonly ScanPart[];
  /** What the part's calls cost, when it ran in a client of its own. */
  readonly points?: PointsSummary;
  /** What the scan should say of how it read (an incremental scan: which kinds were read again in full, and why). */
  readonly notes?: readonly string[];
}

/** The object kind a part reads most of, for the coverage gap recorded when a part fails for good. */
export const KIND_OF_SECTION: Readonly<Record<ScanSection, ObjectKind>> = {
  core: 'field',
  'field-contexts': 'field-context',
  screens: 'screen',
  schemes: 'screen-scheme',
  workflows: 'workflow',
  projects: 'project',
  'permission-notification': 'permission-scheme',
  filters: 'filter',
  automation: 'automation-rule',
  'value-counts': 'field',
  'work-type-counts': 'issue-type',
  'field-configuration-items': 'field-configuration',
  boards: 'board',
  'service-desks': 'queue',
  dashboards: 'dashboard',
};

/** A short description of a part, for progress and coverage: `field contexts (200 fields from customfield_10010)`. */
export function describePart(part: ScanPart): string {
  switch (part.section) {
    case 'field-contexts':
      return `field contexts (${part.fieldIds.length} fields from ${part.fieldIds[0] ?? '-'})`;
    case 'value-counts':
      return `issues holding a value (${part.fieldIds.length} fields from ${part.fieldIds[0] ?? '-'}${part.projectIds === undefined ? '' : `, in ${part.projectIds.length} spaces near the field limit`})`;
    case 'screens':
      return `screens (${part.screens.length} from screen ${part.screens[0]?.id ?? '-'})`;
    case 'service-desks':
      return `service desks (${part.serviceDesks.length} from service desk ${part.serviceDesks[0]?.id ?? '-'})`;
    case 'boards':
      return `boards (${part.boards.length} from board ${part.boards[0]?.id ?? '-'})`;
    case 'dashboards':
      return `dashboards (${part.dashboards.length} from dashboard ${part.dashboards[0]?.id ?? '-'})`;
    case 'permission-notification':
      return 'permission and notification schemes';
    case 'work-type-counts':
      return `issues by work type (${part.issueTypeIds.length} work types of space ${part.projectId})`;
    case 'field-configuration-items':
      return `field configuration items (${part.fieldConfigurationIds.length} configurations)`;
    case 'automation':
      return 'Automation rules';
    default:
      return part.section;
  }
}

const NUMERIC = new Intl.Collator('en', { numeric: true });
const COVERAGE_ORDER = (a: CoverageGap, b: CoverageGap): number =>
  a.kind.localeCompare(b.kind) || NUMERIC.compare(a.objectId ?? '', b.objectId ?? '') || a.reason.localeCompare(b.reason) || a.detail.localeCompare(b.detail);

const EMPTY_COLLECTIONS: { readonly [K in SnapshotCollection]: readonly never[] } = {
  projects: [], issueTypes: [], statuses: [], priorities: [], resolutions: [], projectRoles: [], groups: [], fields: [], fieldContexts: [],
  screens: [], screenSchemes: [], issueTypeScreenSchemes: [], fieldConfigurations: [], fieldConfigurationSchemes: [], issueTypeSchemes: [],
  workflows: [], workflowSchemes: [], notificationSchemes: [], permissionSchemes: [], prioritySchemes: [], issueSecuritySchemes: [], fieldSchemes: [], plans: [], options: [], queues: [], requestTypes: [], automationRules: [], filters: [], boards: [], dashboards: [],
};

/** Custom field types whose own configuration no public API gives, with what an admin should know. */
const UNREADABLE_FIELD_TYPES: readonly { readonly prefix: string; readonly words: string }[] = [
  { prefix: 'com.atlassian.jira.plugins.cmdb:', words: 'an Assets object field: its object schema and AQL filter are not read, so what it names there is not seen' },
];

/**
 * Places Jira keeps references in that no public API shows, as coverage gaps in words an admin understands: the
 * verdicts they could change say so. Derived from what the scan found (service projects, apps in use), so that a
 * site without JSM or ScriptRunner is not told about them.
 */
export function unreadablePlaces(s: Pick<ConfigSnapshot, 'projects' | 'fields' | 'workflows'>): CoverageGap[] {
  const gaps: CoverageGap[] = [
    {
      kind: 'dashboard',
      reason: 'private',
      detail: 'dashboards private to their owners: no API lists them, not even to an administrator; a filter, project or field used only on such a dashboard shows without that use (deleting it breaks nothing shared)',
      hides: ['filter', 'project', 'field'],
    },
  ];
  for (const p of s.projects) {
    if (p.projectTypeKey !== 'service_desk') continue;
    gaps.push({
      kind: 'field',
      reason: 'not-exposed',
      detail: `service project ${p.key}: its SLAs, customer notifications and forms have no public configuration API; a field or status used only there is not seen`,
      hides: ['field', 'status'],
    });
  }
  const scriptRunner = s.workflows.some((w) => w.transitions.some((t) => t.rules.some((r) => (r.parameters.appKey ?? '').startsWith('com.onresolve.jira.groovy.groovyrunner'))));
  if (scriptRunner) {
    gaps.push({
      kind: 'field',
      reason: 'not-exposed',
      detail: 'ScriptRunner is in use: its listeners, behaviours, scripted fields, jobs and console scripts are not read (only its workflow rules are); a field, group or status used only there is not seen',
      hides: ['field', 'group', 'status', 'project-role'],
    });
  }
  for (const f of s.fields) {
    const type = f.schema?.custom ?? '';
    const known = UNREADABLE_FIELD_TYPES.find((u) => type.startsWith(u.prefix));
    if (known !== undefined) gaps.push({ kind: 'field', objectId: f.id, reason: 'not-exposed', detail: `${f.name} is ${known.words}` });
  }
  return gaps;
}

/**
 * A snapshot with every collection present: one stored or written before a collection existed (priority schemes
 * came later than version 1 itself) has it empty, so that code never meets a missing list.
 */
export function withAllCollections(snapshot: ConfigSnapshot): ConfigSnapshot {
  const missing = (Object.keys(EMPTY_COLLECTIONS) as SnapshotCollection[]).filter((name) => !Array.isArray((snapshot as unknown as Record<string, unknown>)[name]));
  if (missing.length === 0) return snapshot;
  return { ...snapshot, ...Object.fromEntries(missing.map((name) => [name, []])) };
}

/**
 * Puts the pieces of a scan together into one snapshot, in the order the parts were planned (so a scan reads the
 * same however its parts were scheduled). Board locations that name a project by key get the project's id.
 */
export function assembleSnapshot(site: ConfigSnapshot['site'], pieces: readonly SnapshotPiece[], gaps: readonly CoverageGap[]): ConfigSnapshot {
  const out: Record<string, unknown[]> = {};
  for (const name of Object.keys(EMPTY_COLLECTIONS)) out[name] = [];
  const counts = new Map<string, ValueCount>();
  const inSpaces = new Map<string, Record<string, number>>();
  const usage = new Map<string, FieldUsage>();
  const items = new Map<string, FieldConfiguration['items']>();
  const byWorkType = new Map<string, Record<string, number>>();
  let audit: SnapshotAudit | undefined;
  for (const piece of pieces) {
    for (const [name, list] of Object.entries(piece) as [keyof SnapshotPiece, readonly unknown[]][]) {
      if (name === 'audit') audit = piece.audit;
      else if (name === 'valueCounts') {
        for (const c of list as readonly ValueCount[]) {
          if (c.projectId === undefined) counts.set(c.fieldId, c);
          else if ('issues' in c) {
            const bySpace = inSpaces.get(c.fieldId) ?? {};
            bySpace[c.projectId] = c.issues;
            inSpaces.set(c.fieldId, bySpace);
          }
        }
      }
      else if (name === 'fieldUsage') for (const u of list as readonly FieldUsage[]) usage.set(u.id, u);
      else if (name === 'workTypeCounts') {
        for (const c of list as readonly WorkTypeCount[]) {
          const counts = byWorkType.get(c.projectId) ?? {};
          counts[c.issueTypeId] = c.issues;
          byWorkType.set(c.projectId, counts);
        }
      } else if (name === 'fieldConfigurationItems') for (const x of list as NonNullable<SnapshotPiece['fieldConfigurationItems']>) items.set(x.id, x.items);
      else (out[name] ??= []).push(...list);
    }
  }
  const assembled = out as unknown as { [K in SnapshotCollection]: ConfigSnapshot[K] };
  // Counts of issues holding a value, and usage data read apart, go with their fields.
  const collections =
    counts.size === 0 && inSpaces.size === 0 && usage.size === 0 && items.size === 0
      ? assembled
      : {
          ...assembled,
          fields: assembled.fields.map((f) => {
            const u = usage.get(f.id);
            const spaces = inSpaces.get(f.id);
            const withUsage = u === undefined && spaces === undefined ? f : { ...f, ...u, ...(spaces === undefined ? {} : { issuesWithValueIn: spaces }) };
            const c = counts.get(f.id);
            if (c === undefined) return withUsage;
            return 'issues' in c ? { ...withUsage, issuesWithValue: c.issues } : { ...withUsage, issuesWithValueUnknown: c.unknown };
          }),
          fieldConfigurations: assembled.fieldConfigurations.map((fc) => (items.has(fc.id) ? { ...fc, items: items.get(fc.id) ?? [] } : fc)),
        };
  const projects = byWorkType.size === 0 ? collections.projects : collections.projects.map((p) => (byWorkType.has(p.id) ? { ...p, issuesByWorkType: byWorkType.get(p.id) ?? {} } : p));
  const projectIdByKey = new Map(collections.projects.map((p) => [p.key.toUpperCase(), p.id]));
  const boards = collections.boards.map((b): Board => {
    const ref = b.location?.type === 'project' ? b.location.projectId : undefined;
    if (ref === undefined || /^\d+$/.test(ref)) return b;
    const projectId = projectIdByKey.get(ref.toUpperCase());
    return { ...b, location: { type: 'project', ...(projectId === undefined ? {} : { projectId }) } };
  });
  return { version: SNAPSHOT_VERSION, site, ...collections, projects, boards, coverage: [...gaps, ...unreadablePlaces(collections)].sort(COVERAGE_ORDER), ...(audit === undefined ? {} : { audit }) };
}

