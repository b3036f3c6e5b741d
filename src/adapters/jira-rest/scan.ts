import type { z } from 'zod';
import {
  COLLECTION_OF_KIND,
  type Board,
  type ConfigSnapshot,
  type CoverageGap,
  type CoverageReason,
  type Dashboard,
  type Field,
  type FieldConfiguration,
  type FieldContext,
  type FieldOption,
  isOptionField,
  type Queue,
  type RequestType,
  type Filter,
  type Gadget,
  type Holder,
  type PriorityScheme,
  type Plan,
  type FieldScheme,
  type IssueSecurityScheme,
  type WorkflowStatusSettings,
  type ObjectKind,
  type Project,
  type Screen,
  type SharePermission,
  type Workflow,
  gadgetHides,
  type WorkflowRule,
  type WorkflowTransition,
  type AuditEntry,
  type SnapshotAudit,
} from '../../domain/model';
import type { ConfigurationSource } from '../../ports/configuration-source';
import type { ScanPartRunner } from '../../ports/scan-plan';
import type { JiraHttp } from '../../ports/jira-http';
import type { ProgressListener } from '../../ports/progress';
import { assembleSnapshot, describePart, type FieldUsage, type BoardListing, type DashboardListing, type ScanPart, type ScanPartResult, type ScreenListing, type ServiceDeskListing, type SnapshotPiece, type ValueCount, type WorkTypeCount } from '../../domain/scan-plan';
import { collect, collectServiceDesk, jsonList, validateItems, JiraAuthError, JiraClient, JiraHttpError, JiraPayloadError, RequestBudgetError, RetryAfterTooLongError, withQuery, type InvalidItem, type JiraClientOptions, type PageOptions, type WaitEvent } from './client';
import { toField } from './fields';
import { readAutomationRules } from './automation';
import { AUTOMATION_NOT_READ } from '../../domain/automation';
import { stringifyJson } from '../../domain/json';
import { IMPLICIT_DEFAULT_ID } from '../../domain/implicit-defaults';
import type { PointsSummary } from '../../domain/points';
import { valueCountParts } from '../../domain/read-less';
import { auditEntryOf, auditFrom, AUDIT_TRUST_DAYS, fullPlan, planChanges, touched, type AuditChange, type ChangePlan } from '../../domain/incremental';
import { decodeRule, undecodableGap } from './packed-config';
import * as S from './schemas';
import { HourBudget, QuotaPausedError, RecordMemo } from './quota';
import { PartPausedError, type PartRun } from '../../ports/scan-plan';

/** Where a scanner gets Automation rules: the Automation REST API, or only from an export an admin gives (Forge). */
/** Whether a scan counts the issues holding a value of each custom field (one request a field); default yes. */
export interface ValueCountOptions {
  readonly valueCounts?: boolean;
}

export interface AutomationOptions {
  /** `api` (default): read through the site's gateway; `export-only`: say they were not read until an export is given. */
  readonly automation?: 'api' | 'export-only';
}

/** How a scan reads less: incrementally from a previous snapshot, and without field configuration items. */
export interface ReadLessOptions {
  /**
   * The previous scan's snapshot: the audit records since it say what changed, and the kinds the audit log covers
   * that nothing changed are taken from it instead of read again.
   */
  readonly previous?: ConfigSnapshot;
  /** Read field configurations' items (configuration, not a use; one request a configuration a page). Default no. */
  readonly fieldConfigurationItems?: boolean;
  /** The clock for the audit log's window. */
  readonly now?: () => Date;
}


export interface RestScanOptions extends JiraClientOptions, AutomationOptions, ValueCountOptions, ReadLessOptions {
  /** The site's base URL, recorded in the snapshot. */
  readonly siteUrl: string;
}

/** Ids per request for endpoints that take a repeatable id parameter. */
const BATCH = 50;
/** Audit records a page (Jira's cap is 1,000) and pages at most: past that, reading in full is cheaper and surer. */
const AUDIT_PAGE = 1000;
const MAX_AUDIT_PAGES = 50;
/**
 * Pages of audit records a full scan reads only to say who changed what (the newest first); a snapshot keeps at most
 * as many records' worth of authors, however many pages an incremental scan read to plan.
 */
const ATTRIBUTION_PAGES = 5;
const AUDIT_ENDPOINT = 'GET /rest/api/3/auditing/record';

/** The audit records a scan read: for planning, for the diff's authors, and whether they were all read. */
interface AuditRead {
  readonly changes: AuditChange[];
  readonly entries: AuditEntry[];
  readonly complete: boolean;
}
/** Gap reasons that mean the previous scan did not read a kind whole: such a kind is read again. */
const FAILURE_REASONS: ReadonlySet<CoverageReason> = new Set(['permission', 'endpoint-error', 'invalid-payload', 'inconsistent-paging', 'removed-endpoint', 'rate-limited', 'budget']);
/** The kinds each part after the core reads: a part runs in an incremental scan when one of its kinds changed. */
const SCHEME_PART_KINDS: readonly ObjectKind[] = ['screen-scheme', 'issue-type-screen-scheme', 'field-configuration', 'field-configuration-scheme', 'issue-type-scheme', 'priority-scheme'];
const WORKFLOW_PART_KINDS: readonly ObjectKind[] = ['workflow', 'workflow-scheme', 'status'];
const PROJECT_PART_KINDS: readonly ObjectKind[] = ['project', ...SCHEME_PART_KINDS, 'workflow-scheme', 'permission-scheme', 'notification-scheme', 'issue-security-scheme', 'issue-type'];
const PERMISSION_PART_KINDS: readonly ObjectKind[] = ['permission-scheme', 'notification-scheme', 'issue-security-scheme', 'group', 'project-role', 'field', 'project'];

/**
 * Kinds the previous scan did not read whole: a failure that cost objects (a listing refused, an item left out). A
 * failure inside an object the snapshot kept (a workflow rule's packed configuration) cost no object: reading the kind
 * again would meet it again.
 */
function kindsNotReadWhole(previous: ConfigSnapshot): Set<ObjectKind> {
  const out = new Set<ObjectKind>();
  for (const g of previous.coverage) {
    if (!FAILURE_REASONS.has(g.reason)) continue;
    const kind: ObjectKind = g.kind === 'field-context' || g.kind === 'option' ? 'field' : g.kind;
    const kept = g.objectId !== undefined && (previous[COLLECTION_OF_KIND[g.kind]] as readonly { id: string }[]).some((o) => o.id === g.objectId);
    if (!kept) out.add(kind);
  }
  return out;
}

/** A field's usage data as the previous scan had it. */
function carriedUsage(f: Field | undefined): FieldUsage | undefined {
  if (f === undefined) return undefined;
  const { id, lastUsed, screensCount, contextsCount, isLocked, searcherKey, description } = f;
  return {
    id,
    ...(lastUsed === undefined ? {} : { lastUsed }),
    ...(screensCount === undefined ? {} : { screensCount }),
    ...(contextsCount === undefined ? {} : { contextsCount }),
    ...(isLocked === undefined ? {} : { isLocked }),
    ...(searcherKey === undefined ? {} : { searcherKey }),
    ...(description === undefined ? {} : { description }),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over items with the client's concurrency doing the bounding; keeps input order. */
function all<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map(fn));
}

function share(p: S.SharePermissionPayload): SharePermission {
  const type = p.type;
  return {
    type,
    ...(p.project === undefined ? {} : { projectId: p.project.id }),
    ...(p.role === undefined ? {} : { roleId: p.role.id }),
    ...(p.group?.groupId === undefined ? {} : { groupId: p.group.groupId }),
    ...(p.user === undefined ? {} : { accountId: p.user.accountId }),
  };
}

/** A JSON property value as the snapshot keeps it: strings as they are, anything else as its JSON text. */
function propertyText(value: unknown): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}

/**
 * A rule parameter as text: strings as they are, numbers and booleans as their text, a list of plain values joined
 * with commas (as Jira writes id lists), anything else as its JSON text; `null` as nothing.
 */
export function parameterText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return value.map(String).join(',');
  return stringifyJson(value);
}

function ruleParameters(parameters: Readonly<Record<string, unknown>> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters ?? {})) {
    const text = parameterText(v);
    if (text !== undefined) out[k] = text;
  }
  return out;
}

function rules(kind: WorkflowRule['kind'], list: readonly S.RuleConfiguration[] | null | undefined): WorkflowRule[] {
  return (list ?? []).map((r) => ({ kind, ruleKey: r.ruleKey, parameters: ruleParameters(r.parameters) }));
}

function conditionRules(group: S.ConditionGroup | null | undefined): WorkflowRule[] {
  if (group === null || group === undefined) return [];
  // Groups nest: walked with a list, not by recursion.
  const out: WorkflowRule[] = [];
  const todo: S.ConditionGroup[] = [group];
  for (let g = todo.pop(); g !== undefined; g = todo.pop()) {
    out.push(...rules('condition', g.conditions));
    // Last first, so that the first subgroup is read next (the order of the document).
    todo.push(...[...(g.conditionGroups ?? [])].reverse());
  }
  return out;
}

/** Custom fields per field-contexts part (three paged requests each). */
export const FIELD_CONTEXT_SLICE = 200;
/** Screens per screens part (one request per 50 screens for their tabs, one per tab for its fields). */
export const SCREEN_SLICE = 100;
/** Service desks per service-desks part (two listings each, one request per request type). */
export const SERVICE_DESK_SLICE = 20;
/** Boards per boards part (two requests each). */
export const BOARD_SLICE = 100;
/** Dashboards per dashboards part (one request per dashboard, two or more per gadget). */
export const DASHBOARD_SLICE = 40;

/**
 * Reads a Jira Cloud site's configuration over the modern REST endpoints, one scan part at a time. A 401 stops
 * the part; a 403, 404 or 410 on one kind, a spent request budget, or another failure of one request becomes a
 * coverage gap and the part goes on.
 */
export class RestScanner implements ScanPartRunner {
  readonly client: JiraClient;

  private readonly automation: 'api' | 'export-only';
  private readonly valueCounts: boolean;

  constructor(
    private readonly http: JiraHttp,
    private readonly options: JiraClientOptions & AutomationOptions & ValueCountOptions & ReadLessOptions = {},
  ) {
    this.client = new JiraClient(http, options);
    this.automation = options.automation ?? 'api';
    this.valueCounts = options.valueCounts ?? true;
  }

  /**
   * Runs one part of the scan; with `run`, in a client of its own (its memo, budget and quota behaviour), whose
   * points come back with the result.
   * @throws JiraAuthError: without credentials nothing can be read; JiraHttpError with status 0 when the site
   * does not answer at all; QuotaPausedError when the part pauses on Jira's quota or its budget.
   */
  async run(part: ScanPart, run?: PartRun): Promise<ScanPartResult> {
    if (run === undefined) return this.runHere(part);
    // A part of the queue consumer: its own client, which pauses on Jira's quota rather than wait (a part has 900 s).
    const own = new RestScanner(this.http, {
      ...this.options,
      onQuota: 'pause',
      ...(run.memo === undefined ? {} : { memo: new RecordMemo(run.memo) }),
      ...(run.previous === undefined ? {} : { previous: run.previous }),
      // Background work keeps to its budget, one call at a time (so that a reservation is never overtaken), and leaves
      // the last 20 % of Jira's pool to people.
      ...(run.allowance === undefined ? {} : { pointsBudget: new HourBudget(run.allowance), concurrency: 1, keepShare: BACKGROUND_KEEP_SHARE }),
    });
    try {
      const result = await own.runHere(part);
      return { ...result, points: own.client.ledger.summary() };
    } catch (e) {
      if (e instanceof QuotaPausedError) {
        // The calls already under way finish (their answers go to the memo; those not yet sent pause too).
        await own.client.idle();
        throw new PartPausedError(e.resumeAt, e.why, e.message, own.client.ledger.summary());
      }
      throw e;
    }
  }

  private async runHere(part: ScanPart): Promise<ScanPartResult> {
    const gaps: CoverageGap[] = [];
    const guard: Guard = <T>(kind: ObjectKind, what: string, fallback: T, run: () => Promise<T>, objectId?: string): Promise<T> => guarded(gaps, kind, what, fallback, run, objectId);
    guard.list = (kind: ObjectKind, extra: PageOptions = {}): PageOptions => ({ ...extra, ...listGaps(gaps, kind) });
    switch (part.section) {
      case 'core':
        return this.core(guard, gaps, part.auditFrom);
      case 'field-contexts':
        return { piece: await this.fieldContexts(guard, part.fieldIds, new Set(part.optionFieldIds ?? [])), gaps, next: [] };
      case 'service-desks':
        return { piece: await this.serviceDesks(guard, part.serviceDesks), gaps, next: [] };
      case 'screens':
        return { piece: { screens: await this.screens(guard, part.screens) }, gaps, next: [] };
      case 'schemes':
        return { piece: part.fieldSchemesOnly === true ? { fieldSchemes: await this.fieldSchemes(guard) } : await this.schemes(guard), gaps, next: [] };
      case 'field-configuration-items':
        return { piece: { fieldConfigurationItems: await this.fieldConfigurationItems(guard, part.fieldConfigurationIds) }, gaps, next: [] };
      case 'workflows':
        return { piece: await this.workflows(guard, gaps), gaps, next: [] };
      case 'projects':
        return { piece: { projects: await this.projects(guard, gaps) }, gaps, next: [] };
      case 'permission-notification':
        return { piece: await this.permissionAndNotificationSchemes(guard), gaps, next: [] };
      case 'filters': {
        const [filters, plans] = await Promise.all([this.filters(guard), this.plans(guard)]);
        return { piece: { filters, plans }, gaps, next: [] };
      }
      case 'automation':
        return { piece: { automationRules: await readAutomationRules(this.client, gaps) }, gaps, next: [] };
      case 'value-counts': {
        const [valueCounts, fieldUsage] = await Promise.all([
          part.projectIds === undefined ? this.countValues(part.fieldIds) : this.countValuesIn(part.fieldIds, part.projectIds),
          part.usage === true ? this.fieldUsage(guard, part.fieldIds) : [],
        ]);
        return { piece: { valueCounts, ...(part.usage === true ? { fieldUsage } : {}) }, gaps, next: [] };
      }
      case 'work-type-counts':
        return { piece: { workTypeCounts: await this.countWorkTypes(part.projectId, part.issueTypeIds) }, gaps, next: [] };
      case 'boards':
        return { piece: { boards: await this.boards(guard, part.boards) }, gaps, next: [] };
      case 'dashboards':
        return { piece: { dashboards: await this.dashboards(guard, gaps, part.dashboards) }, gaps, next: [] };
    }
  }

  private async core(guard: Guard, gaps: CoverageGap[], auditFromIso?: string): Promise<ScanPartResult> {
    const c = this.client;
    const previous = this.options.previous;
    const { plan, notes, audit } = await this.auditOf(previous, auditFromIso);
    // A kind is taken from the previous scan when the audit log names no change of it and the previous scan read it whole.
    const failed = previous === undefined ? new Set<ObjectKind>() : kindsNotReadWhole(previous);
    const reuse = (kind: ObjectKind): boolean => plan !== undefined && previous !== undefined && !touched(plan, kind) && !failed.has(kind);
    const whole = (kind: ObjectKind): boolean => plan === undefined || plan.full.has(kind) || failed.has(kind);
    // An object is read again in a full scan, when its kind is read whole, when it is new, or when a record named it.
    const reread = (kind: 'field' | 'screen', known: ReadonlyMap<string, unknown>, id: string): boolean => whole(kind) || !known.has(id) || plan?.changed.get(kind)?.has(id) === true;
    const none = <T>(): Promise<T[]> => Promise.resolve([]);
    const [fieldsRaw, issueTypesRaw, statusesRaw, prioritiesRaw, resolutionsRaw, projectRolesRaw, groupsRaw, boardList, dashboardList, archivedDashboardList, screenList, deskList] = await Promise.all([
      // The field list is what every analysis stands on: a broken one stops the scan (one odd field is a gap).
      reuse('field') ? none<z.infer<typeof S.fieldDetails>>() : coreListing('fields', () => jsonList(c, '/rest/api/3/field', S.fieldDetails, guard.list('field'))),
      reuse('issue-type') ? none<z.infer<typeof S.issueTypeDetails>>() : guard('issue-type', 'issue types', [], () => jsonList(c, '/rest/api/3/issuetype', S.issueTypeDetails, guard.list('issue-type'))),
      reuse('status') ? none<z.infer<typeof S.jiraStatus>>() : guard('status', 'statuses', [], () => collect(c, '/rest/api/3/statuses/search', S.jiraStatus, guard.list('status', { pageSize: 200 }))),
      reuse('priority') ? none<z.infer<typeof S.named>>() : guard('priority', 'priorities', [], () => collect(c, '/rest/api/3/priority/search', S.named, guard.list('priority'))),
      reuse('resolution') ? none<z.infer<typeof S.named>>() : guard('resolution', 'resolutions', [], () => collect(c, '/rest/api/3/resolution/search', S.named, guard.list('resolution'))),
      reuse('project-role') ? none<z.infer<typeof S.named>>() : guard('project-role', 'project roles', [], () => jsonList(c, '/rest/api/3/role', S.named, guard.list('project-role'))),
      reuse('group') ? none<z.infer<typeof S.group>>() : guard('group', 'groups', [], () => collect(c, '/rest/api/3/group/bulk', S.group, guard.list('group'))),
      guard('board', 'boards', [], () => collect(c, '/rest/agile/1.0/board', S.board, guard.list('board', { pageSize: 50 }))),
      guard('dashboard', 'dashboards', [], () => collect(c, '/rest/api/3/dashboard/search', S.dashboard, guard.list('dashboard'))),
      // Archived dashboards are listed only when asked for by status; restoring one needs what its gadgets name.
      guard('dashboard', 'archived dashboards', [], () => collect(c, '/rest/api/3/dashboard/search?status=archived', S.dashboard, guard.list('dashboard'))),
      reuse('screen') ? none<z.infer<typeof S.screen>>() : guard('screen', 'screens', [], () => collect(c, '/rest/api/3/screens', S.screen, guard.list('screen'))),
      // A site without Jira Service Management answers 404: no service desks, nothing unseen.
      guard('queue', 'service desks', [] as z.infer<typeof S.serviceDesk>[], async () => {
        try {
          return await collectServiceDesk(c, '/rest/servicedeskapi/servicedesk', S.serviceDesk, guard.list('queue'));
        } catch (e) {
          if (e instanceof JiraHttpError && e.status === 404) return [];
          throw e;
        }
      }),
    ]);
    const before = new Map((previous?.fields ?? []).map((f) => [f.id, f]));
    let fields: Field[];
    if (reuse('field') && previous !== undefined) {
      // Counts of issues holding a value are made anew for the fields that need them, at the end of the scan.
      fields = previous.fields.map(({ issuesWithValue: _n, issuesWithValueUnknown: _u, issuesWithValueIn: _s, ...f }) => f);
    } else {
      const listed = fieldsRaw.map(toField);
      // Usage data of every custom field in a full scan; in an incremental one, of the fields named or new (the rest keep theirs).
      const fresh = listed.filter((f) => f.custom && f.projectId === undefined && reread('field', before, f.id));
      const usage = whole('field') ? await this.fieldUsage(guard) : await this.fieldUsage(guard, fresh.map((f) => f.id));
      const usageById = new Map(usage.map((u) => [u.id, u]));
      fields = listed.map((f) => {
        const u = usageById.get(f.id) ?? carriedUsage(before.get(f.id));
        return u === undefined ? f : { ...f, ...u, id: f.id };
      });
    }
    for (const f of fields) {
      if (f.projectId !== undefined) {
        gaps.push({ kind: 'field', objectId: f.id, reason: 'team-managed', detail: `${f.name} belongs to team-managed project ${f.projectId}: where it is used there (its screens and rules) cannot be seen through the API` });
      }
      if (f.lastUsed?.type === 'NOT_TRACKED') gaps.push({ kind: 'field', objectId: f.id, reason: 'not-tracked', detail: `usage data (lastUsed) of ${f.name} is not tracked by Jira` });
    }
    // Team-managed fields have no contexts to read: the contexts API answers for company-managed fields only.
    const companyIds = fields.filter((f) => f.custom && f.projectId === undefined).map((f) => f.id);
    const customIds = companyIds.filter((id) => reread('field', before, id));
    const keptFields = new Set(companyIds.filter((id) => !reread('field', before, id)));
    const active = new Set(dashboardList.map((d) => d.id));
    // A Jira that ignores `status` lists its active dashboards twice: an id listed as active is active.
    const archivedDashboards = archivedDashboardList.filter((d) => !active.has(d.id));
    const dashboards: DashboardListing[] = [...dashboardList, ...archivedDashboards].map((d) => ({
      id: d.id,
      name: d.name,
      ...(d.owner?.accountId === undefined ? {} : { ownerAccountId: d.owner.accountId }),
      sharePermissions: (d.sharePermissions ?? []).map(share),
      ...(active.has(d.id) ? {} : { archived: true }),
    }));
    const optionFields = new Set(fields.filter(isOptionField).map((f) => f.id));
    // Screens: all of them in a full scan; in an incremental one, those named or new (the rest keep their tabs, under their listed name).
    const screensBefore = new Map((previous?.screens ?? []).map((x) => [x.id, x]));
    const listedScreens = screenList.map((x): ScreenListing => ({ id: x.id, name: x.name, ...(x.description === undefined ? {} : { description: x.description }) }));
    const keptScreens: Screen[] = reuse('screen') ? [...(previous?.screens ?? [])] : listedScreens.filter((x) => !reread('screen', screensBefore, x.id)).map((x) => ({ ...x, tabs: screensBefore.get(x.id)?.tabs ?? [] }));
    const screensToRead = reuse('screen') ? [] : listedScreens.filter((x) => reread('screen', screensBefore, x.id));
    const schemesTouched = SCHEME_PART_KINDS.some((k) => !reuse(k));
    const workflowsTouched = WORKFLOW_PART_KINDS.some((k) => !reuse(k));
    const projectsTouched = PROJECT_PART_KINDS.some((k) => !reuse(k));
    const permissionsTouched = PERMISSION_PART_KINDS.some((k) => !reuse(k));
    const next: ScanPart[] = [
      ...chunks(customIds, FIELD_CONTEXT_SLICE).map((fieldIds): ScanPart => {
        const optionFieldIds = fieldIds.filter((id) => optionFields.has(id));
        return optionFieldIds.length === 0 ? { section: 'field-contexts', fieldIds } : { section: 'field-contexts', fieldIds, optionFieldIds };
      }),
      ...chunks(screensToRead, SCREEN_SLICE).map((screens): ScanPart => ({ section: 'screens', screens })),
      schemesTouched ? { section: 'schemes' } : { section: 'schemes', fieldSchemesOnly: true },
      ...(workflowsTouched ? [{ section: 'workflows' } as const] : []),
      ...(projectsTouched ? [{ section: 'projects' } as const] : []),
      ...(permissionsTouched ? [{ section: 'permission-notification' } as const] : []),
      { section: 'filters' },
      ...(this.automation === 'api' ? [{ section: 'automation' } as const] : []),
      ...chunks(deskList.map((d): ServiceDeskListing => ({ id: d.id, projectId: d.projectId })), SERVICE_DESK_SLICE).map((serviceDesks): ScanPart => ({ section: 'service-desks', serviceDesks })),
      ...chunks(boardList.map((b) => ({ id: b.id, name: b.name, type: b.type })), BOARD_SLICE).map((boards): ScanPart => ({ section: 'boards', boards })),
      ...chunks(dashboards, DASHBOARD_SLICE).map((d): ScanPart => ({ section: 'dashboards', dashboards: d })),
    ];
    const p = previous;
    const piece: SnapshotPiece = {
      issueTypes:
        reuse('issue-type') && p !== undefined
          ? p.issueTypes
          : issueTypesRaw.map((t) => ({
              id: t.id,
              name: t.name,
              subtask: t.subtask ?? false,
              ...(t.hierarchyLevel === undefined ? {} : { hierarchyLevel: t.hierarchyLevel }),
              ...(t.scope?.type === 'PROJECT' && t.scope.project !== undefined ? { projectId: t.scope.project.id } : {}),
            })),
      statuses:
        reuse('status') && p !== undefined
          ? p.statuses
          : statusesRaw.map((s) => ({
              id: s.id,
              name: s.name,
              statusCategory: s.statusCategory,
              ...(s.scope?.type === 'PROJECT' && s.scope.project !== undefined ? { projectId: s.scope.project.id } : {}),
            })),
      priorities: reuse('priority') && p !== undefined ? p.priorities : prioritiesRaw,
      resolutions: reuse('resolution') && p !== undefined ? p.resolutions : resolutionsRaw,
      projectRoles: reuse('project-role') && p !== undefined ? p.projectRoles : projectRolesRaw,
      groups: reuse('group') && p !== undefined ? p.groups : groupsRaw.map((g) => ({ id: g.groupId, name: g.name })),
      fields,
      ...(keptScreens.length === 0 ? {} : { screens: keptScreens }),
    };
    if (p !== undefined) {
      // What the audit log says did not change comes from the previous scan.
      if (keptFields.size > 0) {
        piece.fieldContexts = p.fieldContexts.filter((x) => keptFields.has(x.fieldId));
        piece.options = p.options.filter((x) => keptFields.has(x.fieldId));
      }
      if (!schemesTouched) Object.assign(piece, { screenSchemes: p.screenSchemes, issueTypeScreenSchemes: p.issueTypeScreenSchemes, fieldConfigurations: p.fieldConfigurations, fieldConfigurationSchemes: p.fieldConfigurationSchemes, issueTypeSchemes: p.issueTypeSchemes, prioritySchemes: p.prioritySchemes });
      if (!workflowsTouched) {
        Object.assign(piece, { workflows: p.workflows, workflowSchemes: p.workflowSchemes });
        // What could not be read inside a kept workflow (a rule's packed configuration) stays said.
        gaps.push(...p.coverage.filter((g) => g.kind === 'workflow' && g.objectId !== undefined && FAILURE_REASONS.has(g.reason)));
      }
      if (!projectsTouched) {
        // Counts by work type are made anew, for the spaces that need them, at the end of the scan.
        piece.projects = p.projects.map(({ issuesByWorkType: _w, ...x }) => x);
        gaps.push(...p.coverage.filter((g) => g.kind === 'project' && g.reason === 'team-managed'));
      }
      if (!permissionsTouched) Object.assign(piece, { permissionSchemes: p.permissionSchemes, notificationSchemes: p.notificationSchemes, issueSecuritySchemes: p.issueSecuritySchemes });
    }
    if (audit !== undefined) piece.audit = audit;
    if (this.automation === 'export-only') gaps.push(AUTOMATION_NOT_READ);
    return { piece, gaps, next, ...(notes.length === 0 ? {} : { notes }) };
  }

  /**
   * What the audit log says since the scan before this one: for an incremental scan, what to read again (and who
   * changed what); for a full scan after an earlier one, who changed what; for a first scan, nothing (no call).
   */
  private async auditOf(previous: ConfigSnapshot | undefined, auditFromIso: string | undefined): Promise<{ plan?: ChangePlan; notes: string[]; audit?: SnapshotAudit }> {
    if (previous !== undefined) return this.changePlan(previous);
    if (auditFromIso !== undefined) return this.attribution(auditFromIso);
    return { notes: [] };
  }

  /**
   * What changed since the previous scan, from Jira's audit records (`GET /rest/api/3/auditing/record` from the
   * previous scan's start less a margin; only category, time and the items' types and ids are kept). A log that
   * cannot be read, or a previous scan too old for it, means reading every kind again; the notes say why.
   */
  private async changePlan(previous: ConfigSnapshot): Promise<{ plan: ChangePlan; notes: string[]; audit?: SnapshotAudit }> {
    const now = this.options.now?.() ?? new Date();
    const from = auditFrom(previous, now);
    if (from === undefined) {
      const plan = fullPlan(`the previous scan (${previous.site.scannedAt}) is older than ${AUDIT_TRUST_DAYS} days, longer than the audit log is trusted to reach back: every kind is read again`);
      return { plan, notes: [...plan.notes] };
    }
    let read: AuditRead;
    try {
      read = await this.readAudit(from, MAX_AUDIT_PAGES);
      if (!read.complete) throw new JiraPayloadError(AUDIT_ENDPOINT, `more than ${MAX_AUDIT_PAGES} pages of audit records since ${from.toISOString()}; reading in full instead`);
    } catch (e) {
      if (!(e instanceof Error) || stopsThePart(e)) throw e;
      // Nothing is missing (every kind is read whole): a note, not a coverage gap.
      const plan = fullPlan(`the audit log could not be read (${e.message}): every kind is read again`);
      return { plan, notes: [...plan.notes] };
    }
    const fieldOfContext = new Map(previous.fieldContexts.map((x) => [x.id, x.fieldId]));
    const plan = planChanges(read.changes, (id) => fieldOfContext.get(id));
    const named = [...plan.full].map((k) => `${k} (all)`).concat([...plan.changed].map(([k, ids]) => `${k} (${ids.size})`));
    return {
      plan,
      notes: [`${read.changes.length} audit record(s) since ${from.toISOString()}: read again ${named.length === 0 ? 'no kind the audit log covers' : named.join(', ')}`, ...plan.notes],
      audit: { from: from.toISOString(), entries: read.entries },
    };
  }

  /**
   * Who changed what since an earlier scan, for a full scan after it (`auditFrom` of the core part: its start less a
   * margin, as an incremental scan asks): the newest
   * {@link ATTRIBUTION_PAGES} pages of the audit log. A log that cannot be read costs the diff its authors, nothing else.
   */
  private async attribution(auditFromIso: string): Promise<{ notes: string[]; audit?: SnapshotAudit }> {
    const from = new Date(auditFromIso);
    try {
      const read = await this.readAudit(from, ATTRIBUTION_PAGES);
      const notes = read.complete ? [] : [`the audit log holds more than ${(ATTRIBUTION_PAGES * AUDIT_PAGE).toLocaleString('en-US')} records since ${from.toISOString()}: who changed what is said for the newest of them only`];
      return { notes, audit: { from: from.toISOString(), entries: read.entries } };
    } catch (e) {
      if (!(e instanceof Error) || stopsThePart(e)) throw e;
      return { notes: [`the audit log could not be read (${e.message}): the changes since the previous scan are listed without who made them`] };
    }
  }

  /**
   * Audit records from `from` on (`GET /rest/api/3/auditing/record`, newest first), at most `maxPages` pages: what an
   * incremental scan must read again, and what a diff says of who changed what. Of a record only category, time,
   * summary, the author's account id and the items of our kinds are kept; never its remote address.
   */
  private async readAudit(from: Date, maxPages: number): Promise<AuditRead> {
    const changes: AuditChange[] = [];
    const entries: AuditEntry[] = [];
    for (let offset = 0, page = 0; ; page++) {
      if (page >= maxPages) return { changes, entries, complete: false };
      const body = await this.client.json(withQuery('/rest/api/3/auditing/record', { from: from.toISOString(), offset, limit: AUDIT_PAGE }), S.auditRecords);
      const records = body.records ?? [];
      for (const r of records) {
        const items = [r.objectItem, ...(r.associatedItems ?? [])].flatMap((i) =>
          i?.typeName === undefined || i.typeName === null ? [] : [{ typeName: i.typeName, ...(i.id === undefined || i.id === null ? {} : { id: i.id }), ...(typeof i.name === 'string' ? { name: i.name } : {}), ...(i.parentId === undefined || i.parentId === null ? {} : { parentId: i.parentId }) }],
        );
        changes.push({ category: r.category, created: r.created, items: items.map(({ typeName, id, parentId }) => ({ typeName, ...(id === undefined ? {} : { id }), ...(parentId === undefined ? {} : { parentId }) })) });
        const entry = auditEntryOf({ created: r.created, summary: r.summary ?? '', ...(typeof r.authorAccountId === 'string' ? { authorAccountId: r.authorAccountId } : {}), items });
        // The newest records say who made the changes a diff shows; the snapshot keeps no more than a full scan reads.
        if (entry !== undefined && entries.length < ATTRIBUTION_PAGES * AUDIT_PAGE) entries.push(entry);
      }
      offset += records.length;
      if (records.length === 0 || (body.total !== undefined && offset >= body.total)) return { changes, entries, complete: true };
    }
  }

  /** Usage data of custom fields (`GET /rest/api/3/field/search`): every custom field, or the ones given (50 ids a request). */
  private async fieldUsage(guard: Guard, ids?: readonly string[]): Promise<FieldUsage[]> {
    const c = this.client;
    const expand = 'key,lastUsed,screensCount,contextsCount,isLocked,searcherKey';
    const lists =
      ids === undefined
        ? [await guard('field', 'field usage data', [], () => collect(c, withQuery('/rest/api/3/field/search', { type: 'custom', expand }), S.fieldSearchItem, guard.list('field')))]
        : await all(chunks(ids, BATCH), (batch) => guard('field', 'field usage data', [], () => collect(c, withQuery('/rest/api/3/field/search', { type: 'custom', expand, id: batch }), S.fieldSearchItem, guard.list('field'))));
    return lists.flat().map((u) => ({
      id: u.id,
      ...(u.searcherKey === undefined ? {} : { searcherKey: u.searcherKey }),
      ...(u.description === undefined ? {} : { description: u.description }),
      ...(u.lastUsed === undefined ? {} : { lastUsed: u.lastUsed.value === undefined ? { type: u.lastUsed.type } : { type: u.lastUsed.type, value: u.lastUsed.value } }),
      ...(u.screensCount === undefined ? {} : { screensCount: u.screensCount }),
      ...(u.contextsCount === undefined ? {} : { contextsCount: u.contextsCount }),
      ...(u.isLocked === undefined ? {} : { isLocked: u.isLocked }),
    }));
  }

  /** Items of field configurations (configuration, not a use): one listing a configuration. */
  private async fieldConfigurationItems(guard: Guard, ids: readonly string[]): Promise<{ id: string; items: FieldConfiguration['items'] }[]> {
    const c = this.client;
    return all(ids, async (id) => ({
      id,
      items: (await guard('field-configuration', `items of field configuration ${id}`, [], () => collect(c, `/rest/api/3/fieldconfiguration/${encodeURIComponent(id)}/fields`, S.fieldConfigurationItem, guard.list('field-configuration')), id)).map((item) => ({
        fieldId: item.id,
        isHidden: item.isHidden ?? false,
        isRequired: item.isRequired ?? false,
        ...(item.renderer === undefined ? {} : { renderer: item.renderer }),
        ...(item.description === undefined ? {} : { description: item.description }),
      })),
    }));
  }

  /**
   * Issues holding a value of each field: `cf[N] is not EMPTY` counted by `POST /rest/api/3/search/approximate-count`,
   * as the scan reads (the app on Forge). A field JQL cannot test (a 400) or a count that fails is "unknown", with why.
   */
  private countValues(fieldIds: readonly string[]): Promise<ValueCount[]> {
    return all(fieldIds, async (fieldId): Promise<ValueCount> => ({ fieldId, ...(await this.countValue(fieldId)) }));
  }

  /** One count of issues holding a value of `fieldId` (within `projectIds` when given), or why it is not known. */
  private async countValue(fieldId: string, projectIds?: readonly string[]): Promise<{ readonly issues: number } | { readonly unknown: string }> {
    const n = /^customfield_(\d+)$/.exec(fieldId)?.[1];
    if (n === undefined) return { unknown: 'not a custom field JQL can name by cf[id]' };
    const counted = await this.approximateCount(projectIds === undefined ? `cf[${n}] is not EMPTY` : `project in (${projectIds.join(', ')}) AND cf[${n}] is not EMPTY`);
    if ('issues' in counted) return counted;
    return { unknown: counted.status === 400 ? `Jira cannot search this field with JQL (${counted.message})` : `the count failed: ${counted.message}` };
  }

  /**
   * One `POST /rest/api/3/search/approximate-count`: the count, or why Jira gave none (its status, when it answered).
   * What stops the whole scan (authentication, the quota, an unreachable site) is thrown.
   */
  private async approximateCount(jql: string): Promise<{ readonly issues: number } | { readonly status?: number; readonly message: string }> {
    try {
      return { issues: (await this.client.json('/rest/api/3/search/approximate-count', S.approximateCount, { method: 'POST', body: JSON.stringify({ jql }), idempotent: true })).count };
    } catch (e) {
      if (e instanceof JiraAuthError || e instanceof CoreListingError || e instanceof QuotaPausedError || unreachable(e)) throw e;
      return { ...(e instanceof JiraHttpError ? { status: e.status } : {}), message: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Issues of a space of each of its work types (`project = P AND issuetype = T`, one count each). A count that fails
   * is left out: the limits report then names no candidate it would decide.
   */
  private async countWorkTypes(projectId: string, issueTypeIds: readonly string[]): Promise<WorkTypeCount[]> {
    const counted = await all(issueTypeIds, async (issueTypeId): Promise<WorkTypeCount | undefined> => {
      const c = await this.approximateCount(`project = ${projectId} AND issuetype = ${issueTypeId}`);
      return 'issues' in c ? { projectId, issueTypeId, issues: c.issues } : undefined;
    });
    return counted.filter((c) => c !== undefined);
  }

  /**
   * Issues holding a value of each field in each of the spaces near the field limit: one count over all of them, and
   * a count a space only where that one found values (most fields counted here hold none in those spaces).
   */
  private countValuesIn(fieldIds: readonly string[], projectIds: readonly string[]): Promise<ValueCount[]> {
    return all(fieldIds, async (fieldId): Promise<ValueCount[]> => {
      const together = await this.countValue(fieldId, projectIds);
      if (projectIds.length === 1 || !('issues' in together) || together.issues === 0) return projectIds.map((projectId) => ({ fieldId, projectId, ...together }));
      return all(projectIds, async (projectId): Promise<ValueCount> => ({ fieldId, projectId, ...(await this.countValue(fieldId, [projectId])) }));
    }).then((lists) => lists.flat());
  }

  private async fieldContexts(guard: Guard, customIds: readonly string[], optionFields: ReadonlySet<string>): Promise<SnapshotPiece> {
    const c = this.client;
    const read = await all(customIds, (id) => {
      const base = `/rest/api/3/field/${encodeURIComponent(id)}/context`;
      return guard('field-context', `contexts of ${id}`, { contexts: [] as FieldContext[], options: [] as FieldOption[] }, async () => {
        // An option field's context defaults come in one list, read beside the contexts (it does not need them).
        const [contexts, defaults] = await Promise.all([
          collect(c, base, S.customFieldContext, guard.list('field-context')),
          optionFields.has(id)
            ? guard('field-context', `default values of ${id}`, [] as z.infer<typeof S.contextDefault>[], () => collect(c, `${base}/defaultValue`, S.contextDefault, guard.list('field-context')), id)
            : [],
        ]);
        // The project and issue type mappings name only what a context is limited to: a field whose contexts are all
        // global (or all for any issue type) has none to read. Most fields have one global context.
        const [projectMap, typeMap, options] = await Promise.all([
          contexts.some((ctx) => !ctx.isGlobalContext) ? collect(c, `${base}/projectmapping`, S.contextProjectMapping, guard.list('field-context')) : [],
          contexts.some((ctx) => !ctx.isAnyIssueType) ? collect(c, `${base}/issuetypemapping`, S.contextIssueTypeMapping, guard.list('field-context')) : [],
          // Options of a select, radio, checkbox or cascading field: one list a context (second-level options name their parent).
          optionFields.has(id)
            ? all(contexts, (ctx) =>
                guard('option', `options of ${id} in context ${ctx.id}`, [] as FieldOption[], async () =>
                  (await collect(c, `${base}/${encodeURIComponent(ctx.id)}/option`, S.contextOption, guard.list('option'))).map((o): FieldOption => ({
                    id: o.id,
                    name: o.value,
                    fieldId: id,
                    contextId: ctx.id,
                    disabled: o.disabled ?? false,
                    ...(o.optionId === undefined || o.optionId === null ? {} : { parentId: o.optionId }),
                  })),
                ),
              ).then((lists) => lists.flat())
            : [],
        ]);
        const defaultsOf = new Map(defaults.map((d) => [d.contextId, [d.optionId, ...(d.optionIds ?? []), d.cascadingOptionId].filter((x): x is string => typeof x === 'string' && x !== '')]));
        return {
          contexts: contexts.map((ctx) => ({
            id: ctx.id,
            fieldId: id,
            name: ctx.name,
            isGlobalContext: ctx.isGlobalContext,
            isAnyIssueType: ctx.isAnyIssueType,
            projectIds: projectMap.filter((m) => m.contextId === ctx.id && m.projectId !== undefined).map((m) => m.projectId ?? ''),
            issueTypeIds: typeMap.filter((m) => m.contextId === ctx.id && m.issueTypeId !== undefined).map((m) => m.issueTypeId ?? ''),
            ...((defaultsOf.get(ctx.id)?.length ?? 0) > 0 ? { defaultOptionIds: defaultsOf.get(ctx.id) ?? [] } : {}),
          })),
          options,
        };
      }, id);
    });
    return { fieldContexts: read.flatMap((r) => r.contexts), options: read.flatMap((r) => r.options) };
  }

  /**
   * Queues and request types of each service desk, and each request type's fields with the hidden ones
   * (`expand=hiddenFields`, which an administrator sees). A desk that cannot be read is a gap on its project.
   */
  private async serviceDesks(guard: Guard, desks: readonly ServiceDeskListing[]): Promise<SnapshotPiece> {
    const c = this.client;
    const read = await all(desks, async (d) => {
      const base = `/rest/servicedeskapi/servicedesk/${encodeURIComponent(d.id)}`;
      const [queues, types] = await Promise.all([
        guard('queue', `queues of service desk ${d.id} (project ${d.projectId})`, [] as z.infer<typeof S.queue>[], () => collectServiceDesk(c, base + '/queue', S.queue, guard.list('queue'))),
        guard('request-type', `request types of service desk ${d.id} (project ${d.projectId})`, [] as z.infer<typeof S.requestType>[], () => collectServiceDesk(c, base + '/requesttype', S.requestType, guard.list('request-type'))),
      ]);
      const requestTypes = await all(types, async (t): Promise<RequestType> => {
        const fields = await guard('request-type', `fields of request type ${t.id}`, undefined, () => c.json(withQuery(`${base}/requesttype/${encodeURIComponent(t.id)}/field`, { expand: 'hiddenFields' }), S.requestTypeFields), t.id);
        return {
          id: t.id,
          name: t.name,
          serviceDeskId: d.id,
          projectId: d.projectId,
          ...(t.issueTypeId === undefined ? {} : { issueTypeId: t.issueTypeId }),
          fields: (fields?.requestTypeFields ?? []).map((f) => ({ fieldId: f.fieldId, required: f.required ?? false, visible: f.visible ?? true })),
        };
      });
      return {
        queues: queues.map((q): Queue => ({ id: q.id, name: q.name, serviceDeskId: d.id, projectId: d.projectId, jql: q.jql ?? '', fieldIds: q.fields ?? [] })),
        requestTypes,
      };
    });
    return { queues: read.flatMap((r) => r.queues), requestTypes: read.flatMap((r) => r.requestTypes) };
  }

  private async screens(guard: Guard, screenList: readonly ScreenListing[]): Promise<Screen[]> {
    const c = this.client;
    const tabs = (
      await all(chunks(screenList.map((s) => s.id), BATCH), (ids) =>
        guard('screen', 'screen tabs', [], () => collect(c, withQuery('/rest/api/3/screens/tabs', { screenId: ids }), S.screenTab, guard.list('screen', { sizeParam: 'maxResult' }))),
      )
    ).flat();
    const tabFields = await all(tabs, (t) =>
      guard('screen', `fields of tab ${t.tabId}`, [], () => jsonList(c, `/rest/api/3/screens/${encodeURIComponent(t.screenId)}/tabs/${encodeURIComponent(t.tabId)}/fields`, S.screenableField, guard.list('screen')), t.screenId),
    );
    const tabsByScreen = new Map<string, Screen['tabs'][number][]>();
    tabs.forEach((t, i) => {
      const list = tabsByScreen.get(t.screenId) ?? [];
      list.push({ id: t.tabId, name: t.tabName, fieldIds: (tabFields[i] ?? []).map((f) => f.id) });
      tabsByScreen.set(t.screenId, list);
    });
    return screenList.map((s) => ({ ...s, tabs: tabsByScreen.get(s.id) ?? [] }));
  }

  private async schemes(guard: Guard): Promise<SnapshotPiece> {
    const c = this.client;
    const [screenSchemes, itssList, fcList, fcsList, itsList, prioritySchemes, fieldSchemes] = await Promise.all([
      guard('screen-scheme', 'screen schemes', [], () => collect(c, '/rest/api/3/screenscheme', S.screenScheme, guard.list('screen-scheme'))),
      guard('issue-type-screen-scheme', 'issue type screen schemes', [], () => collect(c, '/rest/api/3/issuetypescreenscheme', S.namedScheme, guard.list('issue-type-screen-scheme'))),
      guard('field-configuration', 'field configurations', [], () => collect(c, '/rest/api/3/fieldconfiguration', S.fieldConfiguration, guard.list('field-configuration'))),
      guard('field-configuration-scheme', 'field configuration schemes', [], () => collect(c, '/rest/api/3/fieldconfigurationscheme', S.namedScheme, guard.list('field-configuration-scheme'))),
      guard('issue-type-scheme', 'issue type schemes', [], () => collect(c, '/rest/api/3/issuetypescheme', S.issueTypeScheme, guard.list('issue-type-scheme'))),
      this.prioritySchemes(guard),
      this.fieldSchemes(guard),
    ]);
    const [itssMappings, fcItems, fcsMappings, itsMappings] = await Promise.all([
      // Mapping endpoints list every scheme's mappings when no id is given: plain paging, the fewest requests.
      guard('issue-type-screen-scheme', 'issue type screen scheme mappings', [], () => collect(c, '/rest/api/3/issuetypescreenscheme/mapping', S.itssMapping, guard.list('issue-type-screen-scheme'))),
      // Items are configuration, not a use, and cost one listing a configuration (every field of the site in each): read
      // only when asked for.
      this.options.fieldConfigurationItems === true ? this.fieldConfigurationItems(guard, fcList.map((fc) => fc.id)).then((x) => x.map((r) => r.items)) : fcList.map(() => []),
      guard('field-configuration-scheme', 'field configuration scheme mappings', [], () => collect(c, '/rest/api/3/fieldconfigurationscheme/mapping', S.fcsMapping, guard.list('field-configuration-scheme'))),
      guard('issue-type-scheme', 'issue type scheme mappings', [], () => collect(c, '/rest/api/3/issuetypescheme/mapping', S.itsMapping, guard.list('issue-type-scheme'))),
    ]);
    const described = (s: { description?: string | undefined }): { description?: string } => (s.description === undefined ? {} : { description: s.description });
    return {
      screenSchemes: screenSchemes.map((s) => ({ id: s.id, name: s.name, ...described(s), screens: s.screens })),
      issueTypeScreenSchemes: itssList.map((s) => ({
        id: s.id,
        name: s.name,
        ...described(s),
        mappings: itssMappings.filter((m) => m.issueTypeScreenSchemeId === s.id).map((m) => ({ issueTypeId: m.issueTypeId, screenSchemeId: m.screenSchemeId })),
      })),
      fieldConfigurations: fcList.map((fc, i): FieldConfiguration => ({
        id: fc.id,
        name: fc.name,
        ...described(fc),
        isDefault: fc.isDefault ?? false,
        items: fcItems[i] ?? [],
      })),
      fieldConfigurationSchemes: fcsList.map((s) => ({
        id: s.id,
        name: s.name,
        ...described(s),
        mappings: fcsMappings.filter((m) => m.fieldConfigurationSchemeId === s.id).map((m) => ({ issueTypeId: m.issueTypeId, fieldConfigurationId: m.fieldConfigurationId })),
      })),
      prioritySchemes,
      fieldSchemes,
      issueTypeSchemes: itsList.map((s) => ({
        id: s.id,
        name: s.name,
        ...described(s),
        isDefault: s.isDefault ?? false,
        ...(s.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: s.defaultIssueTypeId }),
        issueTypeIds: itsMappings.filter((m) => m.issueTypeSchemeId === s.id).map((m) => m.issueTypeId),
      })),
    };
  }

  /**
   * Priority schemes with their priorities and projects. The scheme list carries the first page of each; a longer
   * list is read from the scheme's own priorities and projects endpoints.
   */
  private async prioritySchemes(guard: Guard): Promise<PriorityScheme[]> {
    const c = this.client;
    const list = await guard('priority-scheme', 'priority schemes', [], () => collect(c, withQuery('/rest/api/3/priorityscheme', { expand: 'priorities,projects' }), S.priorityScheme, guard.list('priority-scheme')));
    const complete = (page: { isLast?: boolean | undefined; total?: number | undefined; values?: readonly unknown[] | undefined } | null | undefined): boolean =>
      page !== null && page !== undefined && (page.isLast === true || (page.isLast === undefined && (page.total === undefined || page.total <= (page.values?.length ?? 0))));
    return all(list, async (s) => {
      const base = `/rest/api/3/priorityscheme/${encodeURIComponent(s.id)}`;
      const [priorities, projects] = await Promise.all([
        complete(s.priorities) ? (s.priorities?.values ?? []) : guard('priority-scheme', `priorities of priority scheme ${s.id}`, s.priorities?.values ?? [], () => collect(c, `${base}/priorities`, S.named, guard.list('priority-scheme')), s.id),
        complete(s.projects) ? (s.projects?.values ?? []) : guard('priority-scheme', `projects of priority scheme ${s.id}`, s.projects?.values ?? [], () => collect(c, `${base}/projects`, S.named, guard.list('priority-scheme')), s.id),
      ]);
      return {
        id: s.id,
        name: s.name,
        ...(s.description === undefined || s.description === null || s.description === '' ? {} : { description: s.description }),
        isDefault: s.default === true || s.isDefault === true,
        ...(s.defaultPriorityId === undefined ? {} : { defaultPriorityId: s.defaultPriorityId }),
        priorityIds: priorities.map((p) => p.id),
        projectIds: projects.map((p) => p.id),
      };
    });
  }

  /**
   * Field schemes (field association schemes) with their fields and projects, where the site has them: a site
   * without the feature answers 404, which is no gap.
   */
  private async fieldSchemes(guard: Guard): Promise<FieldScheme[]> {
    const c = this.client;
    const list = await guard('field-scheme', 'field schemes', [], () =>
      collect(c, '/rest/api/3/config/fieldschemes', S.fieldScheme, guard.list('field-scheme')).catch((e: unknown) => {
        if (e instanceof JiraHttpError && e.status === 404) return [];
        throw e;
      }),
    );
    return all(list, async (s) => {
      const base = `/rest/api/3/config/fieldschemes/${encodeURIComponent(s.id)}`;
      const [fields, projects] = await Promise.all([
        guard('field-scheme', `fields of field scheme ${s.id}`, [], () => collect(c, `${base}/fields`, S.fieldSchemeField, guard.list('field-scheme')), s.id),
        guard('field-scheme', `projects of field scheme ${s.id}`, [], () => collect(c, `${base}/projects`, S.named, guard.list('field-scheme')), s.id),
      ]);
      return {
        id: s.id,
        name: s.name,
        ...(s.description === undefined || s.description === null || s.description === '' ? {} : { description: s.description }),
        isDefault: s.isDefault ?? false,
        fields: fields.map((f) => ({ fieldId: f.fieldId, issueTypeIds: f.restrictedToWorkTypes ?? [] })),
        projectIds: projects.map((p) => p.id),
      };
    });
  }

  private async workflows(guard: Guard, gaps: CoverageGap[]): Promise<SnapshotPiece> {
    const c = this.client;
    const statusByReference = new Map<string, string>();
    const readStatuses = (body: Readonly<Record<string, unknown>>): void => {
      const list = Array.isArray(body.statuses) ? (body.statuses as unknown[]) : [];
      for (const raw of list) {
        const parsed = S.workflowStatus.safeParse(raw);
        if (parsed.success) statusByReference.set(parsed.data.statusReference, parsed.data.id);
      }
    };
    const [workflowList, workflowSchemeList] = await Promise.all([
      guard('workflow', 'workflows', [], () =>
        collect(c, withQuery('/rest/api/3/workflows/search', { expand: 'values.transitions' }), S.workflow, guard.list('workflow', { pageSize: 50, onPage: readStatuses })),
      ),
      guard('workflow-scheme', 'workflow schemes', [], () => collect(c, '/rest/api/3/workflowscheme', S.workflowScheme, guard.list('workflow-scheme'))),
    ]);
    const statusId = (reference: string): string => statusByReference.get(reference) ?? reference;
    const workflows: Workflow[] = workflowList.map((w) => {
      const transitions = (w.transitions ?? []).map((t): WorkflowTransition => {
        const screenId = parameterText(t.transitionScreen?.parameters?.screenId);
        const to = t.toStatusReference ?? undefined;
        const decodedRules = [...conditionRules(t.conditions), ...rules('validator', t.validators), ...rules('post-function', t.actions), ...rules('trigger', t.triggers)].map((r) => {
          const { rule, problem } = decodeRule(r);
          if (problem !== undefined) gaps.push(undecodableGap(w, t.name, problem));
          return rule;
        });
        return {
          id: t.id,
          name: t.name,
          type: t.type,
          fromStatusIds: (t.links ?? []).flatMap((l) => (l.fromStatusReference === undefined || l.fromStatusReference === null ? [] : [statusId(l.fromStatusReference)])),
          ...(to === undefined || to === '' ? {} : { toStatusId: statusId(to) }),
          ...(screenId === undefined || screenId === '' ? {} : { screenId }),
          rules: decodedRules,
          ...(Object.keys(ruleParameters(t.properties)).length === 0 ? {} : { properties: ruleParameters(t.properties) }),
        };
      });
      const statusSettings = (w.statuses ?? []).flatMap((x): WorkflowStatusSettings[] => {
        const properties = ruleParameters(x.properties);
        const a = x.approvalConfiguration;
        const approval =
          a === undefined || a === null
            ? undefined
            : {
                active: a.active === true || a.active === 'true',
                ...(a.fieldId === undefined || a.fieldId === null ? {} : { fieldId: a.fieldId }),
                ...(a.prePopulatedFieldId === undefined || a.prePopulatedFieldId === null ? {} : { prePopulatedFieldId: a.prePopulatedFieldId }),
              };
        if (Object.keys(properties).length === 0 && approval === undefined) return [];
        return [{ statusId: statusId(x.statusReference), properties, ...(approval === undefined ? {} : { approval }) }];
      });
      return {
        id: w.id,
        name: w.name,
        ...(w.description === undefined || w.description === null || w.description === '' ? {} : { description: w.description }),
        scope: w.scope?.type === 'PROJECT' && w.scope.project !== undefined ? { type: 'PROJECT' as const, projectId: w.scope.project.id } : { type: 'GLOBAL' as const },
        statusIds: (w.statuses ?? []).map((x) => statusId(x.statusReference)),
        transitions,
        ...(statusSettings.length === 0 ? {} : { statusSettings }),
      };
    });
    const workflowSchemes = workflowSchemeList.flatMap((s) =>
      s.id === undefined
        ? []
        : [
            {
              id: s.id,
              name: s.name,
              ...(s.description === undefined ? {} : { description: s.description }),
              ...(s.defaultWorkflow === undefined ? {} : { defaultWorkflow: s.defaultWorkflow }),
              issueTypeMappings: Object.entries(s.issueTypeMappings ?? {}).map(([issueTypeId, workflow]) => ({ issueTypeId, workflow })),
            },
          ],
    );
    return { workflows, workflowSchemes };
  }

  private async projects(guard: Guard, gaps: CoverageGap[]): Promise<Project[]> {
    const c = this.client;
    // Archived and trashed projects too: their scheme associations stand, and restoring them needs the schemes.
    const projectList = await coreListing('projects', () =>
      collect(c, withQuery('/rest/api/3/project/search', { expand: 'lead,issueTypes', status: ['live', 'archived', 'deleted'] }), S.project, guard.list('project')),
    );
    const classic = projectList.filter((p) => p.style !== 'next-gen' && p.simplified !== true);
    // Live and inactive projects in batches of their own: an endpoint that refuses an archived or trashed project
    // then costs only those, and the gap says so.
    const inactive = (p: { archived?: boolean | undefined; deleted?: boolean | undefined }): boolean => p.archived === true || p.deleted === true;
    const batches = [...chunks(classic.filter((p) => !inactive(p)).map((p) => p.id), BATCH), ...chunks(classic.filter(inactive).map((p) => p.id), BATCH)];
    const inactiveIds = new Set(classic.filter(inactive).map((p) => p.id));
    const about = (ids: readonly string[]): string => (ids.every((id) => inactiveIds.has(id)) ? ' (archived or trashed projects)' : '');
    const [itssProjects, fcsProjects, itsProjects, wfsProjects, notificationProjects, permissionByProject] = await Promise.all([
      all(batches, (ids) => guard('project', `issue type screen schemes of projects${about(ids)}`, [], () => collect(c, withQuery('/rest/api/3/issuetypescreenscheme/project', { projectId: ids }), S.itssProjects, guard.list('project')))).then((x) => x.flat()),
      all(batches, (ids) => guard('project', `field configuration schemes of projects${about(ids)}`, [], () => collect(c, withQuery('/rest/api/3/fieldconfigurationscheme/project', { projectId: ids }), S.fcsProjects, guard.list('project')))).then((x) => x.flat()),
      all(batches, (ids) => guard('project', `issue type schemes of projects${about(ids)}`, [], () => collect(c, withQuery('/rest/api/3/issuetypescheme/project', { projectId: ids }), S.itsProjects, guard.list('project')))).then((x) => x.flat()),
      all(batches, (ids) => guard('project', `workflow schemes of projects${about(ids)}`, { values: [] }, () => c.json(withQuery('/rest/api/3/workflowscheme/project', { projectId: ids }), S.workflowSchemeProjects))).then((x) => x.flatMap((r) => r.values)),
      guard('project', 'notification schemes of projects', [], () => collect(c, '/rest/api/3/notificationscheme/project', S.notificationSchemeProject, guard.list('project'))),
      all(classic, (p) => guard('project', `permission scheme of ${inactive(p) ? (p.deleted === true ? 'trashed project ' : 'archived project ') : ''}${p.key}`, undefined, async () => {
        try {
          return await c.json(`/rest/api/3/project/${encodeURIComponent(p.id)}/permissionscheme`, S.projectPermissionScheme);
        } catch (e) {
          // Jira answers 404 for the permission scheme of a project in the trash (and of some archived ones), every
          // time: a fact of the site, not a failure to scan again. It concerns the permission schemes alone.
          if (!(e instanceof JiraHttpError) || e.status !== 404 || !inactive(p)) throw e;
          const where = p.deleted === true ? 'in the trash' : 'archived';
          gaps.push({ kind: 'project', objectId: p.id, reason: 'not-exposed', hides: ['permission-scheme'], detail: `project ${p.key} is ${where}: Jira does not say which permission scheme it uses (GET /rest/api/3/project/${p.id}/permissionscheme answers 404 for such projects); a permission scheme used only by it shows without that use` });
          return undefined;
        }
      }, p.id)),
    ]);
    const schemeOf = new Map<string, Record<string, string>>();
    const assign = (projectId: string, kind: string, id: string | undefined): void => {
      if (id === undefined) return;
      const entry = schemeOf.get(projectId) ?? {};
      entry[kind] = id;
      schemeOf.set(projectId, entry);
    };
    for (const r of itssProjects) for (const p of r.projectIds) assign(p, 'issue-type-screen-scheme', r.issueTypeScreenScheme.id);
    // Jira answers its implicit defaults without an id (the Default Workflow Scheme) or without a scheme (the System
    // Default Field Configuration): recorded as such, they become objects of the analysis (domain/implicit-defaults.ts).
    for (const r of fcsProjects) for (const p of r.projectIds) assign(p, 'field-configuration-scheme', r.fieldConfigurationScheme?.id ?? IMPLICIT_DEFAULT_ID);
    for (const r of itsProjects) for (const p of r.projectIds) assign(p, 'issue-type-scheme', r.issueTypeScheme.id);
    for (const r of wfsProjects) for (const p of r.projectIds) assign(p, 'workflow-scheme', r.workflowScheme.id ?? IMPLICIT_DEFAULT_ID);
    for (const r of notificationProjects) assign(r.projectId, 'notification-scheme', r.notificationSchemeId);
    classic.forEach((p, i) => { assign(p.id, 'permission-scheme', permissionByProject[i]?.id); });
    return projectList.map((p) => {
      const teamManaged = p.style === 'next-gen' || p.simplified === true;
      if (teamManaged) gaps.push({ kind: 'project', objectId: p.id, reason: 'team-managed', detail: `team-managed project ${p.key} has no schemes: its fields, issue layout and workflow are its own, and which fields its issue layout shows cannot be read through the API` });
      return {
        id: p.id,
        key: p.key,
        name: p.name,
        style: teamManaged ? 'next-gen' : 'classic',
        ...(p.projectTypeKey === undefined ? {} : { projectTypeKey: p.projectTypeKey }),
        ...(p.lead === undefined ? {} : { leadAccountId: p.lead.accountId }),
        ...(p.archived === true ? { archived: true } : {}),
        ...(p.deleted === true ? { deleted: true } : {}),
        issueTypeIds: (p.issueTypes ?? []).map((t) => t.id),
        schemes: (schemeOf.get(p.id) ?? {}),
      };
    });
  }

  private async permissionAndNotificationSchemes(guard: Guard): Promise<SnapshotPiece> {
    const c = this.client;
    const [permissionSchemes, notificationSchemes, securitySchemes, securityLevels, securityMembers] = await Promise.all([
      guard('permission-scheme', 'permission schemes', { permissionSchemes: [] }, () => c.json(withQuery('/rest/api/3/permissionscheme', { expand: 'permissions,user,group,projectRole,field' }), S.permissionSchemes)),
      guard('notification-scheme', 'notification schemes', [], () => collect(c, withQuery('/rest/api/3/notificationscheme', { expand: 'all' }), S.notificationScheme, guard.list('notification-scheme'))),
      // Issue security: schemes with their projects, then every level and every member in two listings, not one a scheme.
      guard('issue-security-scheme', 'issue security schemes', [], () => collect(c, '/rest/api/3/issuesecurityschemes/search', S.securityScheme, guard.list('issue-security-scheme'))),
      guard('issue-security-scheme', 'issue security levels', [], () => collect(c, '/rest/api/3/issuesecurityschemes/level', S.securityLevel, guard.list('issue-security-scheme'))),
      guard('issue-security-scheme', 'issue security level members', [], () => collect(c, withQuery('/rest/api/3/issuesecurityschemes/level/member', { expand: 'all' }), S.securityLevelMember, guard.list('issue-security-scheme'))),
    ]);
    const holderOfGrant = (h: { type: string; parameter?: string | undefined; value?: string | undefined }): Holder => {
      // Group holders carry the group name in `parameter` (deprecated) and the groupId in `value`.
      const parameter = h.type === 'group' ? (h.value ?? h.parameter) : (h.parameter ?? h.value);
      return parameter === undefined ? { type: h.type } : { type: h.type, parameter };
    };
    const membersOf = new Map<string, Holder[]>();
    for (const m of securityMembers) {
      const list = membersOf.get(m.issueSecurityLevelId) ?? [];
      list.push(holderOfGrant(m.holder));
      membersOf.set(m.issueSecurityLevelId, list);
    }
    return {
      issueSecuritySchemes: securitySchemes.map((s): IssueSecurityScheme => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined || s.description === null || s.description === '' ? {} : { description: s.description }),
        ...(s.defaultLevel === undefined || s.defaultLevel === null ? {} : { defaultLevelId: s.defaultLevel }),
        levels: securityLevels
          .filter((l) => l.issueSecuritySchemeId === s.id)
          .map((l) => ({
            id: l.id,
            name: l.name,
            ...(l.description === undefined || l.description === null || l.description === '' ? {} : { description: l.description }),
            isDefault: l.isDefault ?? false,
            members: membersOf.get(l.id) ?? [],
          })),
        projectIds: s.projectIds ?? [],
      })),
      notificationSchemes: notificationSchemes.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        events: (s.notificationSchemeEvents ?? []).map((e) => ({
          eventId: e.event.id,
          eventName: e.event.name ?? e.event.id,
          notifications: e.notifications.map((n): Holder => {
            const parameter = n.group?.groupId ?? n.field?.id ?? n.projectRole?.id ?? n.parameter;
            return parameter === undefined ? { type: n.notificationType } : { type: n.notificationType, parameter };
          }),
        })),
      })),
      permissionSchemes: permissionSchemes.permissionSchemes.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        grants: (s.permissions ?? []).flatMap((g) => (g.holder === undefined ? [] : [{ ...(g.id === undefined ? {} : { id: g.id }), permission: g.permission, holder: holderOfGrant(g.holder) }])),
      })),
    };
  }

  /**
   * Plans (Advanced Roadmaps), active, archived and trashed: the list pages by cursor, then one request a plan for
   * its fields, schedule and exclusion rules. A site without plans (no Premium) answers 404: none, no gap.
   */
  private async plans(guard: Guard): Promise<Plan[]> {
    const c = this.client;
    const endpoint = 'GET /rest/api/3/plans/plan';
    const list = await guard('plan', 'plans', [] as z.infer<typeof S.planListItem>[], async () => {
      const out: z.infer<typeof S.planListItem>[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= 10_000) throw new JiraPayloadError(endpoint, 'more than 10000 pages; stopping instead of paging on');
        let body: z.infer<typeof S.planPage>;
        try {
          body = await c.json(withQuery('/rest/api/3/plans/plan', { includeArchived: true, includeTrashed: true, maxResults: 50, cursor }), S.planPage);
        } catch (e) {
          if (page === 0 && e instanceof JiraHttpError && e.status === 404) return [];
          throw e;
        }
        out.push(...validateItems(endpoint, '$.values', body.values, S.planListItem, guard.list('plan').onInvalid));
        const next = body.nextPageCursor ?? undefined;
        if (body.last === true || next === undefined || next === '') return out;
        if (seen.has(next)) throw new JiraPayloadError(endpoint, `$.nextPageCursor: cursor '${next}' came back twice; stopping instead of looping forever`);
        seen.add(next);
        cursor = next;
      }
    });
    const sourceType = (t: string): 'board' | 'project' | 'filter' | undefined => {
      const k = t.toLowerCase();
      return k === 'board' || k === 'project' || k === 'filter' ? k : undefined;
    };
    const customField = (id: string | null | undefined): string[] => (id === undefined || id === null ? [] : [/^\d+$/.test(id) ? `customfield_${id}` : id]);
    return all(list, async (p) => {
      const d = await guard('plan', `plan ${p.id}`, undefined, () => c.json(`/rest/api/3/plans/plan/${encodeURIComponent(p.id)}`, S.planDetail), p.id);
      const sources = d?.issueSources ?? p.issueSources ?? [];
      return {
        id: p.id,
        name: d?.name ?? p.name,
        status: d?.status ?? p.status ?? 'Active',
        issueSources: sources.flatMap((s) => {
          const type = sourceType(s.type);
          return type === undefined ? [] : [{ type, id: s.value }];
        }),
        customFieldIds: (d?.customFields ?? []).flatMap((f) => customField(f.customFieldId)),
        dateFieldIds: [d?.scheduling?.startDate?.dateCustomFieldId, d?.scheduling?.endDate?.dateCustomFieldId].flatMap(customField),
        excludedStatusIds: d?.exclusionRules?.workStatusIds ?? [],
        excludedIssueTypeIds: d?.exclusionRules?.issueTypeIds ?? [],
      };
    });
  }

  private async filters(guard: Guard): Promise<Filter[]> {
    const filterList = await guard('filter', 'filters', [], () =>
      collect(this.client, withQuery('/rest/api/3/filter/search', { expand: 'jql,owner,sharePermissions,editPermissions,approximateLastUsed,subscriptions', overrideSharePermissions: true }), S.filterDetails, guard.list('filter')),
    );
    return filterList.map((f) => ({
      id: f.id,
      name: f.name,
      jql: f.jql ?? '',
      ...(f.owner === undefined ? {} : { ownerAccountId: f.owner.accountId }),
      ...(f.description === undefined || f.description === '' ? {} : { description: f.description }),
      sharePermissions: (f.sharePermissions ?? []).map(share),
      ...(f.approximateLastUsed === undefined || f.approximateLastUsed === null ? {} : { approximateLastUsed: f.approximateLastUsed }),
      ...(f.favouritedCount === undefined ? {} : { favouritedCount: f.favouritedCount }),
      ...(f.subscriptions === undefined || f.subscriptions.length === 0
        ? {}
        : {
            // A group subscription may name the group only (older sites): the name stands where the id is missing.
            subscriptions: f.subscriptions.map((x) => {
              const groupId = x.group?.groupId ?? x.group?.name ?? undefined;
              return { id: x.id, ...(groupId === undefined ? {} : { groupId }), ...(x.user?.accountId === undefined ? {} : { accountId: x.user.accountId }) };
            }),
          }),
    }));
  }

  private boards(guard: Guard, boardList: readonly BoardListing[]): Promise<Board[]> {
    const c = this.client;
    // A project location may name the project by key: assembleSnapshot turns keys into ids once projects are known.
    const boardLocation = (l: NonNullable<z.infer<typeof S.boardConfiguration>['location']>): NonNullable<Board['location']> => {
      const ref = l.id ?? l.projectKeyOrId;
      if (l.type !== 'project') return { type: 'user', ...(ref === undefined ? {} : { accountId: ref }) };
      return { type: 'project', ...(ref === undefined ? {} : { projectId: ref }) };
    };
    return all(boardList, async (b) => {
      const base = `/rest/agile/1.0/board/${encodeURIComponent(b.id)}`;
      const [config, quick] = await Promise.all([
        guard('board', `configuration of board ${b.id}`, undefined, () => c.json(`${base}/configuration`, S.boardConfiguration), b.id),
        guard('board', `quick filters of board ${b.id}`, [], () => collect(c, `${base}/quickfilter`, S.quickFilter, guard.list('board', { pageSize: 50 })), b.id),
      ]);
      const type = b.type === 'scrum' || b.type === 'kanban' ? b.type : 'simple';
      const location = config?.location;
      const board: Board = {
        id: b.id,
        name: b.name,
        type,
        ...(config?.filter === undefined ? {} : { filterId: config.filter.id }),
        ...(config?.subQuery?.query === undefined || config.subQuery.query === '' ? {} : { subQuery: config.subQuery.query }),
        columns: (config?.columnConfig?.columns ?? []).map((col) => ({ name: col.name, statusIds: (col.statuses ?? []).map((s) => s.id) })),
        ...(config?.estimation?.type === 'field' && config.estimation.field !== undefined ? { estimationFieldId: config.estimation.field.fieldId } : {}),
        ...(config?.ranking === undefined ? {} : { rankFieldId: `customfield_${config.ranking.rankCustomFieldId}` }),
        ...(location === undefined ? {} : { location: boardLocation(location) }),
        quickFilters: quick.map((q) => ({ id: q.id, name: q.name, jql: q.jql ?? '' })),
      };
      return board;
    });
  }

  private dashboards(guard: Guard, gaps: CoverageGap[], dashboardList: readonly DashboardListing[]): Promise<Dashboard[]> {
    const c = this.client;
    return all(dashboardList, async (d) => {
      const base = `/rest/api/3/dashboard/${encodeURIComponent(d.id)}`;
      const gadgets = await guard('dashboard', `gadgets of dashboard ${d.id}`, { gadgets: [] }, () => c.json(`${base}/gadget`, S.dashboardGadgets), d.id);
      const read = await all(gadgets.gadgets, async (g): Promise<Gadget> => {
        const itemBase = `${base}/items/${encodeURIComponent(g.id)}/properties`;
        const keys = await guard('dashboard', `properties of gadget ${g.id}`, undefined, () => c.json(itemBase, S.propertyKeys), d.id);
        const values = await all(keys?.keys ?? [], (k) => guard('dashboard', `property ${k.key} of gadget ${g.id}`, undefined, () => c.json(`${itemBase}/${encodeURIComponent(k.key)}`, S.entityProperty), d.id));
        const properties: Record<string, string> = {};
        for (const v of values) if (v !== undefined) properties[v.key] = propertyText(v.value);
        const visible = Object.keys(properties).length > 0;
        if (!visible) {
          gaps.push({ kind: 'dashboard', objectId: d.id, reason: 'not-exposed', detail: `gadget ${g.id}${g.title === undefined ? '' : ` "${g.title}"`}: ${itemBase} exposes no configuration`, hides: gadgetHides(g) });
        }
        return {
          id: g.id,
          ...(g.title === undefined ? {} : { title: g.title }),
          ...(g.moduleKey === undefined ? {} : { moduleKey: g.moduleKey }),
          ...(g.uri === undefined ? {} : { uri: g.uri }),
          properties,
          propertiesVisible: visible,
        };
      });
      return { ...d, gadgets: read };
    });
  }
}

interface Guard {
  <T>(kind: ObjectKind, what: string, fallback: T, run: () => Promise<T>, objectId?: string): Promise<T>;
  /** Paging options that turn each odd item and each repeated id of a list of `kind` into a coverage gap. */
  list: (kind: ObjectKind, extra?: PageOptions) => PageOptions;
}

/** A failure no reading of the audit log may turn into a note: no login, Jira's quota, a site that does not answer. */
function stopsThePart(e: Error): boolean {
  return e instanceof JiraAuthError || e instanceof QuotaPausedError || unreachable(e);
}

/** No response at all (refused, reset, DNS), as opposed to one request that did not answer in time. */
function unreachable(e: unknown): boolean {
  return e instanceof JiraHttpError && e.status === 0 && !(e.cause instanceof Error && e.cause.name === 'RequestTimeout');
}

/** The share of Jira's pool background work leaves to people: it makes no call while Jira says less is left. */
export const BACKGROUND_KEEP_SHARE = 0.2;

/** A listing the scan cannot do without (fields, projects) failed: the scan stops, naming the endpoint. */
export class CoreListingError extends Error {
  constructor(what: string, cause: Error) {
    super(`the ${what} listing could not be read, and a scan without it would be wrong: ${cause.message}`, { cause });
    this.name = 'CoreListingError';
  }
}

async function coreListing<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // A 401 or a site that does not answer at all is said as it is, whichever request met it first.
    if (e instanceof JiraAuthError || e instanceof QuotaPausedError || !(e instanceof Error) || unreachable(e)) throw e;
    throw new CoreListingError(what, e);
  }
}

/** Paging callbacks that record odd items and overlapping pages of a list as coverage gaps. */
function listGaps(gaps: CoverageGap[], kind: ObjectKind): Pick<PageOptions, 'onInvalid' | 'onRepeatedIds'> {
  return {
    onInvalid: (item: InvalidItem) => {
      gaps.push({ kind, ...(item.id === undefined ? {} : { objectId: item.id }), reason: 'invalid-payload', detail: `${item.endpoint}: ${item.path}: ${item.message}; this ${kind} was left out` });
    },
    onRepeatedIds: ({ endpoint, startAt, ids }) => {
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, … (${ids.length} in all)` : '');
      gaps.push({ kind, reason: 'inconsistent-paging', detail: `${endpoint}: the page at startAt ${startAt} repeated ids earlier pages gave (${shown}); the repeats were dropped, and objects may be missing where the pages shifted` });
    },
  };
}

/** Runs one request (or a few) of a part; failures that only hide part of the site become coverage gaps. */
async function guarded<T>(gaps: CoverageGap[], kind: ObjectKind, what: string, fallback: T, run: () => Promise<T>, objectId?: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // A part paused by Jira's quota stops here and continues later: nothing is a gap yet.
    if (e instanceof JiraAuthError || e instanceof CoreListingError || e instanceof QuotaPausedError) throw e;
    // No response at all, after retries: the site is unreachable, and an empty snapshot would be a lie.
    if (unreachable(e)) throw e;
    let reason: CoverageReason;
    if (e instanceof RequestBudgetError) reason = 'budget';
    else if (e instanceof RetryAfterTooLongError) reason = 'rate-limited';
    else if (e instanceof JiraPayloadError) reason = 'invalid-payload';
    else if (e instanceof JiraHttpError) reason = e.status === 403 ? 'permission' : e.status === 410 ? 'removed-endpoint' : 'endpoint-error';
    else throw e;
    gaps.push({ kind, ...(objectId === undefined ? {} : { objectId }), reason, detail: `${what}: ${e.message}` });
    return fallback;
  }
}

/**
 * The whole scan in one process (the CLI, tests, the benchmark): the core part, then every part it names, run
 * concurrently under the client's bound, assembled into one snapshot.
 */
export class RestConfigurationSource implements ConfigurationSource {
  private readonly scanner: RestScanner;
  private progress: ProgressListener | undefined;
  private done = 0;
  private total: number | undefined;

  constructor(
    http: JiraHttp,
    private readonly options: RestScanOptions,
  ) {
    // Every wait longer than a few seconds is said on the progress line, with what it waits for.
    const onWait = (e: WaitEvent): void => {
      options.onWait?.(e);
      const why = e.reason === 'rate-limited' ? 'Jira asked to slow down (429)' : 'retrying after a failure';
      this.progress?.({ phase: 'waiting', done: this.done, ...(this.total === undefined ? {} : { total: this.total }), message: `${Math.round(e.ms / 1000)} s for ${e.endpoint}: ${why}` });
    };
    this.scanner = new RestScanner(http, { ...options, onWait });
  }

  /** Requests sent by the last scan, retries included. */
  get requestCount(): number {
    return this.scanner.client.requestCount;
  }

  /** What the last scan's calls cost. */
  get points(): PointsSummary {
    return this.scanner.client.ledger.summary();
  }

  /** What the last scan said of how it read (an incremental scan: what it read again, and why). */
  notes: readonly string[] = [];

  async load(progress?: ProgressListener): Promise<ConfigSnapshot> {
    const c = this.scanner.client;
    this.progress = progress;
    this.done = 0;
    this.total = undefined;
    const core = await this.scanner.run({ section: 'core' });
    this.notes = core.notes ?? [];
    let total = 1 + core.next.length;
    this.total = total;
    this.done = 1;
    const said = (): string => `${c.requestCount} requests, ${c.ledger.points.toLocaleString('en-US')} points`;
    progress?.({ phase: 'core', done: this.done, total, message: said() });
    const runAll = (parts: readonly ScanPart[]): Promise<ScanPartResult[]> =>
      all(parts, async (part) => {
        const result = await this.scanner.run(part);
        progress?.({ phase: describePart(part), done: ++this.done, total, message: said() });
        return result;
      });
    const results = [core, ...(await runAll(core.next))];
    const site = { baseUrl: this.options.siteUrl, scannedAt: (this.options.now?.() ?? new Date()).toISOString() };
    const assembled = assembleSnapshot(site, results.map((r) => r.piece), results.flatMap((r) => r.gaps));
    if (this.options.valueCounts === false) return assembled;
    // Values are counted only for the fields nothing else found a use of: there the count decides the verdict.
    const counts = valueCountParts(assembled, this.options.previous !== undefined);
    if (counts.length === 0) return assembled;
    total += counts.length;
    this.total = total;
    results.push(...(await runAll(counts)));
    return assembleSnapshot(site, results.map((r) => r.piece), results.flatMap((r) => r.gaps));
  }
}
