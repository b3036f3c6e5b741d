import type { z } from 'zod';
import {
  SNAPSHOT_VERSION,
  type Board,
  type ConfigSnapshot,
  type CoverageGap,
  type CoverageReason,
  type Dashboard,
  type Field,
  type FieldConfiguration,
  type FieldContext,
  type Filter,
  type Gadget,
  type Holder,
  type ObjectKind,
  type Project,
  type Screen,
  type SharePermission,
  type Workflow,
  type WorkflowRule,
  type WorkflowTransition,
} from '../../domain/model';
import type { ConfigurationSource } from '../../ports/configuration-source';
import type { JiraHttp } from '../../ports/jira-http';
import type { ProgressListener } from '../../ports/progress';
import { collect, JiraAuthError, JiraClient, JiraHttpError, RequestBudgetError, withQuery, type JiraClientOptions } from './client';
import * as S from './schemas';

export interface RestScanOptions extends JiraClientOptions {
  /** The site's base URL, recorded in the snapshot. */
  readonly siteUrl: string;
  readonly now?: () => Date;
}

/** Ids per request for endpoints that take a repeatable id parameter. */
const BATCH = 50;

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
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function rules(kind: WorkflowRule['kind'], list: readonly S.RuleConfiguration[] | undefined): WorkflowRule[] {
  return (list ?? []).map((r) => ({ kind, ruleKey: r.ruleKey, parameters: r.parameters ?? {} }));
}

function conditionRules(group: S.ConditionGroup | null | undefined): WorkflowRule[] {
  if (group === null || group === undefined) return [];
  return [...rules('condition', group.conditions), ...(group.conditionGroups ?? []).flatMap(conditionRules)];
}

/**
 * Reads a Jira Cloud site's configuration over the modern REST endpoints into a snapshot. A 401 stops the scan;
 * a 403, 404 or 410 on one kind, a spent request budget, or another failure of one part becomes a coverage gap
 * and the scan goes on.
 */
export class RestConfigurationSource implements ConfigurationSource {
  private readonly client: JiraClient;
  private readonly gaps: CoverageGap[] = [];

  constructor(
    http: JiraHttp,
    private readonly options: RestScanOptions,
  ) {
    this.client = new JiraClient(http, options);
  }

  /** Requests sent by the last scan, retries included. */
  get requestCount(): number {
    return this.client.requestCount;
  }

  /**
   * Runs one part of the scan; failures that only hide part of the site become coverage gaps.
   * @throws JiraAuthError: without credentials nothing can be read; JiraHttpError with status 0 when the site
   * does not answer at all.
   */
  private async part<T>(kind: ObjectKind, what: string, fallback: T, run: () => Promise<T>, objectId?: string): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof JiraAuthError) throw e;
      // No response at all, after retries: the site is unreachable, and an empty snapshot would be a lie.
      if (e instanceof JiraHttpError && e.status === 0) throw e;
      let reason: CoverageReason = 'endpoint-error';
      if (e instanceof RequestBudgetError) reason = 'budget';
      else if (e instanceof JiraHttpError && e.status === 403) reason = 'permission';
      else if (e instanceof JiraHttpError && e.status === 410) reason = 'removed-endpoint';
      if (!(e instanceof JiraHttpError || e instanceof RequestBudgetError)) throw e;
      this.gaps.push({ kind, ...(objectId === undefined ? {} : { objectId }), reason, detail: `${what}: ${e.message}` });
      return fallback;
    }
  }

  async load(progress?: ProgressListener): Promise<ConfigSnapshot> {
    this.gaps.length = 0;
    const c = this.client;
    const steps = 10;
    let done = 0;
    const step = (phase: string): void => progress?.({ phase, done: ++done, total: steps, message: `${c.requestCount} requests` });

    const [fieldsRaw, usage, issueTypes, statuses, priorities, resolutions, projectRoles, groups] = await Promise.all([
      this.part('field', 'fields', [], () => c.json('/rest/api/3/field', S.fieldDetails.array())),
      this.part('field', 'field usage data', [], () =>
        collect(c, withQuery('/rest/api/3/field/search', { type: 'custom', expand: 'key,lastUsed,screensCount,contextsCount,isLocked,searcherKey' }), S.fieldSearchItem),
      ),
      this.part('issue-type', 'issue types', [], () => c.json('/rest/api/3/issuetype', S.issueTypeDetails.array())),
      this.part('status', 'statuses', [], () => collect(c, '/rest/api/3/statuses/search', S.jiraStatus, { pageSize: 200 })),
      this.part('priority', 'priorities', [], () => collect(c, '/rest/api/3/priority/search', S.named)),
      this.part('resolution', 'resolutions', [], () => collect(c, '/rest/api/3/resolution/search', S.named)),
      this.part('project-role', 'project roles', [], () => c.json('/rest/api/3/role', S.named.array())),
      this.part('group', 'groups', [], () => collect(c, '/rest/api/3/group/bulk', S.group)),
    ]);
    step('fields, issue types, statuses');

    const usageById = new Map(usage.map((u) => [u.id, u]));
    const fields: Field[] = fieldsRaw.map((f) => {
      const u = usageById.get(f.id);
      const schema = f.schema;
      return {
        id: f.id,
        name: f.name,
        custom: f.custom ?? f.id.startsWith('customfield_'),
        ...(schema === undefined ? {} : { schema: schema }),
        clauseNames: f.clauseNames ?? [],
        ...(u?.searcherKey === undefined ? {} : { searcherKey: u.searcherKey }),
        ...(u?.description === undefined ? {} : { description: u.description }),
        ...(u?.lastUsed === undefined ? {} : { lastUsed: u.lastUsed.value === undefined ? { type: u.lastUsed.type } : { type: u.lastUsed.type, value: u.lastUsed.value } }),
        ...(u?.screensCount === undefined ? {} : { screensCount: u.screensCount }),
        ...(u?.contextsCount === undefined ? {} : { contextsCount: u.contextsCount }),
        ...(u?.isLocked === undefined ? {} : { isLocked: u.isLocked }),
      };
    });
    for (const f of fields) {
      if (f.lastUsed?.type === 'NOT_TRACKED') this.gaps.push({ kind: 'field', objectId: f.id, reason: 'not-tracked', detail: `usage data (lastUsed) of ${f.name} is not tracked by Jira` });
    }
    const customIds = fields.filter((f) => f.custom).map((f) => f.id);

    const fieldContexts = (
      await all(customIds, (id) => {
        const base = `/rest/api/3/field/${encodeURIComponent(id)}/context`;
        return this.part('field-context', `contexts of ${id}`, [] as FieldContext[], async () => {
          const [contexts, projectMap, typeMap] = await Promise.all([
            collect(c, base, S.customFieldContext),
            collect(c, `${base}/projectmapping`, S.contextProjectMapping),
            collect(c, `${base}/issuetypemapping`, S.contextIssueTypeMapping),
          ]);
          return contexts.map((ctx) => ({
            id: ctx.id,
            fieldId: id,
            name: ctx.name,
            isGlobalContext: ctx.isGlobalContext,
            isAnyIssueType: ctx.isAnyIssueType,
            projectIds: projectMap.filter((m) => m.contextId === ctx.id && m.projectId !== undefined).map((m) => m.projectId ?? ''),
            issueTypeIds: typeMap.filter((m) => m.contextId === ctx.id && m.issueTypeId !== undefined).map((m) => m.issueTypeId ?? ''),
          }));
        }, id);
      })
    ).flat();
    step('field contexts');

    const screenList = await this.part('screen', 'screens', [], () => collect(c, '/rest/api/3/screens', S.screen));
    const tabs = (
      await all(chunks(screenList.map((s) => s.id), BATCH), (ids) =>
        this.part('screen', 'screen tabs', [], () => collect(c, withQuery('/rest/api/3/screens/tabs', { screenId: ids }), S.screenTab, { sizeParam: 'maxResult' })),
      )
    ).flat();
    const tabFields = await all(tabs, (t) =>
      this.part('screen', `fields of tab ${t.tabId}`, [], () => c.json(`/rest/api/3/screens/${encodeURIComponent(t.screenId)}/tabs/${encodeURIComponent(t.tabId)}/fields`, S.screenableField.array()), t.screenId),
    );
    const tabsByScreen = new Map<string, Screen['tabs'][number][]>();
    tabs.forEach((t, i) => {
      const list = tabsByScreen.get(t.screenId) ?? [];
      list.push({ id: t.tabId, name: t.tabName, fieldIds: (tabFields[i] ?? []).map((f) => f.id) });
      tabsByScreen.set(t.screenId, list);
    });
    const screens: Screen[] = screenList.map((s) => ({ id: s.id, name: s.name, ...(s.description === undefined ? {} : { description: s.description }), tabs: tabsByScreen.get(s.id) ?? [] }));
    step('screens');

    const [screenSchemes, itssList, fcList, fcsList, itsList] = await Promise.all([
      this.part('screen-scheme', 'screen schemes', [], () => collect(c, '/rest/api/3/screenscheme', S.screenScheme)),
      this.part('issue-type-screen-scheme', 'issue type screen schemes', [], () => collect(c, '/rest/api/3/issuetypescreenscheme', S.namedScheme)),
      this.part('field-configuration', 'field configurations', [], () => collect(c, '/rest/api/3/fieldconfiguration', S.fieldConfiguration)),
      this.part('field-configuration-scheme', 'field configuration schemes', [], () => collect(c, '/rest/api/3/fieldconfigurationscheme', S.namedScheme)),
      this.part('issue-type-scheme', 'issue type schemes', [], () => collect(c, '/rest/api/3/issuetypescheme', S.issueTypeScheme)),
    ]);
    const [itssMappings, fcItems, fcsMappings, itsMappings] = await Promise.all([
      // Mapping endpoints list every scheme's mappings when no id is given: plain paging, the fewest requests.
      this.part('issue-type-screen-scheme', 'issue type screen scheme mappings', [], () => collect(c, '/rest/api/3/issuetypescreenscheme/mapping', S.itssMapping)),
      all(fcList, (fc) => this.part('field-configuration', `items of field configuration ${fc.id}`, [], () => collect(c, `/rest/api/3/fieldconfiguration/${encodeURIComponent(fc.id)}/fields`, S.fieldConfigurationItem), fc.id)),
      this.part('field-configuration-scheme', 'field configuration scheme mappings', [], () => collect(c, '/rest/api/3/fieldconfigurationscheme/mapping', S.fcsMapping)),
      this.part('issue-type-scheme', 'issue type scheme mappings', [], () => collect(c, '/rest/api/3/issuetypescheme/mapping', S.itsMapping)),
    ]);
    const fieldConfigurations: FieldConfiguration[] = fcList.map((fc, i) => ({
      id: fc.id,
      name: fc.name,
      ...(fc.description === undefined ? {} : { description: fc.description }),
      isDefault: fc.isDefault ?? false,
      items: (fcItems[i] ?? []).map((item) => ({
        fieldId: item.id,
        isHidden: item.isHidden ?? false,
        isRequired: item.isRequired ?? false,
        ...(item.renderer === undefined ? {} : { renderer: item.renderer }),
        ...(item.description === undefined ? {} : { description: item.description }),
      })),
    }));
    step('schemes');

    const workflowPages = await this.part('workflow', 'workflows', [], async () => {
      const out: z.infer<typeof S.workflowSearch>[] = [];
      for (let startAt = 0; ; ) {
        const page = await c.json(withQuery('/rest/api/3/workflows/search', { expand: 'values.transitions', startAt, maxResults: 50 }), S.workflowSearch);
        out.push(page);
        if (page.isLast === true || page.values.length === 0) break;
        startAt += page.values.length;
      }
      return out;
    });
    const statusByReference = new Map<string, string>();
    for (const p of workflowPages) for (const s of p.statuses ?? []) statusByReference.set(s.statusReference, s.id);
    const statusId = (reference: string): string => statusByReference.get(reference) ?? reference;
    const workflows: Workflow[] = workflowPages.flatMap((p) =>
      p.values.map((w) => ({
        id: w.id,
        name: w.name,
        ...(w.description === undefined || w.description === '' ? {} : { description: w.description }),
        scope: w.scope?.type === 'PROJECT' && w.scope.project !== undefined ? { type: 'PROJECT' as const, projectId: w.scope.project.id } : { type: 'GLOBAL' as const },
        statusIds: (w.statuses ?? []).map((s) => statusId(s.statusReference)),
        transitions: (w.transitions ?? []).map((t): WorkflowTransition => {
          const screenId = t.transitionScreen?.parameters?.screenId;
          return {
            id: t.id,
            name: t.name,
            type: t.type,
            fromStatusIds: (t.links ?? []).flatMap((l) => (l.fromStatusReference === undefined ? [] : [statusId(l.fromStatusReference)])),
            toStatusId: statusId(t.toStatusReference),
            ...(screenId === undefined || screenId === '' ? {} : { screenId }),
            rules: [...conditionRules(t.conditions), ...rules('validator', t.validators), ...rules('post-function', t.actions), ...rules('trigger', t.triggers)],
          };
        }),
      })),
    );
    const workflowSchemeList = await this.part('workflow-scheme', 'workflow schemes', [], () => collect(c, '/rest/api/3/workflowscheme', S.workflowScheme));
    step('workflows');

    const projectList = await this.part('project', 'projects', [], () => collect(c, withQuery('/rest/api/3/project/search', { expand: 'lead,issueTypes' }), S.project));
    const classic = projectList.filter((p) => p.style !== 'next-gen' && p.simplified !== true);
    const classicIds = classic.map((p) => p.id);
    const batches = chunks(classicIds, BATCH);
    const [itssProjects, fcsProjects, itsProjects, wfsProjects, notificationProjects, permissionByProject] = await Promise.all([
      all(batches, (ids) => this.part('project', 'issue type screen schemes of projects', [], () => collect(c, withQuery('/rest/api/3/issuetypescreenscheme/project', { projectId: ids }), S.itssProjects))).then((x) => x.flat()),
      all(batches, (ids) => this.part('project', 'field configuration schemes of projects', [], () => collect(c, withQuery('/rest/api/3/fieldconfigurationscheme/project', { projectId: ids }), S.fcsProjects))).then((x) => x.flat()),
      all(batches, (ids) => this.part('project', 'issue type schemes of projects', [], () => collect(c, withQuery('/rest/api/3/issuetypescheme/project', { projectId: ids }), S.itsProjects))).then((x) => x.flat()),
      all(batches, (ids) => this.part('project', 'workflow schemes of projects', { values: [] }, () => c.json(withQuery('/rest/api/3/workflowscheme/project', { projectId: ids }), S.workflowSchemeProjects))).then((x) => x.flatMap((r) => r.values)),
      this.part('project', 'notification schemes of projects', [], () => collect(c, '/rest/api/3/notificationscheme/project', S.notificationSchemeProject)),
      all(classic, (p) => this.part('project', `permission scheme of ${p.key}`, undefined, () => c.json(`/rest/api/3/project/${encodeURIComponent(p.id)}/permissionscheme`, S.projectPermissionScheme), p.id)),
    ]);
    const schemeOf = new Map<string, Record<string, string>>();
    const assign = (projectId: string, kind: string, id: string | undefined): void => {
      if (id === undefined) return;
      const entry = schemeOf.get(projectId) ?? {};
      entry[kind] = id;
      schemeOf.set(projectId, entry);
    };
    for (const r of itssProjects) for (const p of r.projectIds) assign(p, 'issue-type-screen-scheme', r.issueTypeScreenScheme.id);
    for (const r of fcsProjects) for (const p of r.projectIds) assign(p, 'field-configuration-scheme', r.fieldConfigurationScheme?.id);
    for (const r of itsProjects) for (const p of r.projectIds) assign(p, 'issue-type-scheme', r.issueTypeScheme.id);
    for (const r of wfsProjects) for (const p of r.projectIds) assign(p, 'workflow-scheme', r.workflowScheme.id);
    for (const r of notificationProjects) assign(r.projectId, 'notification-scheme', r.notificationSchemeId);
    classic.forEach((p, i) => { assign(p.id, 'permission-scheme', permissionByProject[i]?.id); });
    const projects: Project[] = projectList.map((p) => {
      const teamManaged = p.style === 'next-gen' || p.simplified === true;
      if (teamManaged) this.gaps.push({ kind: 'project', objectId: p.id, reason: 'team-managed', detail: `team-managed project ${p.key} has no schemes: its fields, screens and workflow are project-scoped` });
      return {
        id: p.id,
        key: p.key,
        name: p.name,
        style: teamManaged ? 'next-gen' : 'classic',
        ...(p.projectTypeKey === undefined ? {} : { projectTypeKey: p.projectTypeKey }),
        ...(p.lead === undefined ? {} : { leadAccountId: p.lead.accountId }),
        ...(p.archived === undefined ? {} : { archived: p.archived }),
        issueTypeIds: (p.issueTypes ?? []).map((t) => t.id),
        schemes: (schemeOf.get(p.id) ?? {}),
      };
    });
    step('projects');

    const [permissionSchemes, notificationSchemes] = await Promise.all([
      this.part('permission-scheme', 'permission schemes', { permissionSchemes: [] }, () => c.json(withQuery('/rest/api/3/permissionscheme', { expand: 'permissions,user,group,projectRole,field' }), S.permissionSchemes)),
      this.part('notification-scheme', 'notification schemes', [], () => collect(c, withQuery('/rest/api/3/notificationscheme', { expand: 'all' }), S.notificationScheme)),
    ]);
    step('permission and notification schemes');

    const filterList = await this.part('filter', 'filters', [], () =>
      collect(c, withQuery('/rest/api/3/filter/search', { expand: 'jql,owner,sharePermissions,editPermissions,approximateLastUsed', overrideSharePermissions: true }), S.filterDetails),
    );
    const filters: Filter[] = filterList.map((f) => ({
      id: f.id,
      name: f.name,
      jql: f.jql ?? '',
      ...(f.owner === undefined ? {} : { ownerAccountId: f.owner.accountId }),
      ...(f.description === undefined || f.description === '' ? {} : { description: f.description }),
      sharePermissions: (f.sharePermissions ?? []).map(share),
      ...(f.approximateLastUsed === undefined ? {} : { approximateLastUsed: f.approximateLastUsed }),
      ...(f.favouritedCount === undefined ? {} : { favouritedCount: f.favouritedCount }),
    }));
    step('filters');

    const projectIdByKey = new Map(projectList.map((p) => [p.key.toUpperCase(), p.id]));
    const boardLocation = (l: NonNullable<z.infer<typeof S.boardConfiguration>['location']>): NonNullable<Board['location']> => {
      const ref = l.id ?? l.projectKeyOrId;
      if (l.type !== 'project') return { type: 'user', ...(ref === undefined ? {} : { accountId: ref }) };
      const projectId = ref === undefined ? undefined : /^\d+$/.test(ref) ? ref : projectIdByKey.get(ref.toUpperCase());
      return { type: 'project', ...(projectId === undefined ? {} : { projectId }) };
    };
    const boardList = await this.part('board', 'boards', [], () => collect(c, '/rest/agile/1.0/board', S.board, { pageSize: 50 }));
    const boards: Board[] = (
      await all(boardList, async (b) => {
        const base = `/rest/agile/1.0/board/${encodeURIComponent(b.id)}`;
        const [config, quick] = await Promise.all([
          this.part('board', `configuration of board ${b.id}`, undefined, () => c.json(`${base}/configuration`, S.boardConfiguration), b.id),
          this.part('board', `quick filters of board ${b.id}`, [], () => collect(c, `${base}/quickfilter`, S.quickFilter, { pageSize: 50 }), b.id),
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
      })
    );
    step('boards');

    const dashboardList = await this.part('dashboard', 'dashboards', [], () => collect(c, '/rest/api/3/dashboard/search', S.dashboard));
    const dashboards: Dashboard[] = await all(dashboardList, async (d) => {
      const base = `/rest/api/3/dashboard/${encodeURIComponent(d.id)}`;
      const gadgets = await this.part('dashboard', `gadgets of dashboard ${d.id}`, { gadgets: [] }, () => c.json(`${base}/gadget`, S.dashboardGadgets), d.id);
      const read = await all(gadgets.gadgets, async (g): Promise<Gadget> => {
        const itemBase = `${base}/items/${encodeURIComponent(g.id)}/properties`;
        const keys = await this.part('dashboard', `properties of gadget ${g.id}`, undefined, () => c.json(itemBase, S.propertyKeys), d.id);
        const values = await all(keys?.keys ?? [], (k) => this.part('dashboard', `property ${k.key} of gadget ${g.id}`, undefined, () => c.json(`${itemBase}/${encodeURIComponent(k.key)}`, S.entityProperty), d.id));
        const properties: Record<string, string> = {};
        for (const v of values) if (v !== undefined) properties[v.key] = propertyText(v.value);
        const visible = Object.keys(properties).length > 0;
        if (!visible) {
          this.gaps.push({ kind: 'dashboard', objectId: d.id, reason: 'not-exposed', detail: `gadget ${g.id}${g.title === undefined ? '' : ` "${g.title}"`}: ${itemBase} exposes no configuration` });
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
      return {
        id: d.id,
        name: d.name,
        ...(d.owner?.accountId === undefined ? {} : { ownerAccountId: d.owner.accountId }),
        sharePermissions: (d.sharePermissions ?? []).map(share),
        gadgets: read,
      };
    });
    step('dashboards');

    const holderOfGrant = (h: { type: string; parameter?: string | undefined; value?: string | undefined }): Holder => {
      // Group holders carry the group name in `parameter` (deprecated) and the groupId in `value`.
      const parameter = h.type === 'group' ? (h.value ?? h.parameter) : (h.parameter ?? h.value);
      return parameter === undefined ? { type: h.type } : { type: h.type, parameter };
    };
    const snapshot: ConfigSnapshot = {
      version: SNAPSHOT_VERSION,
      site: { baseUrl: this.options.siteUrl, scannedAt: (this.options.now?.() ?? new Date()).toISOString() },
      projects,
      issueTypes: issueTypes.map((t) => ({
        id: t.id,
        name: t.name,
        subtask: t.subtask ?? false,
        ...(t.hierarchyLevel === undefined ? {} : { hierarchyLevel: t.hierarchyLevel }),
        ...(t.scope?.type === 'PROJECT' && t.scope.project !== undefined ? { projectId: t.scope.project.id } : {}),
      })),
      statuses: statuses.map((s) => ({
        id: s.id,
        name: s.name,
        statusCategory: s.statusCategory,
        ...(s.scope?.type === 'PROJECT' && s.scope.project !== undefined ? { projectId: s.scope.project.id } : {}),
      })),
      priorities,
      resolutions,
      projectRoles,
      groups: groups.map((g) => ({ id: g.groupId, name: g.name })),
      fields,
      fieldContexts,
      screens,
      screenSchemes: screenSchemes.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        screens: s.screens,
      })),
      issueTypeScreenSchemes: itssList.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        mappings: itssMappings.filter((m) => m.issueTypeScreenSchemeId === s.id).map((m) => ({ issueTypeId: m.issueTypeId, screenSchemeId: m.screenSchemeId })),
      })),
      fieldConfigurations,
      fieldConfigurationSchemes: fcsList.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        mappings: fcsMappings.filter((m) => m.fieldConfigurationSchemeId === s.id).map((m) => ({ issueTypeId: m.issueTypeId, fieldConfigurationId: m.fieldConfigurationId })),
      })),
      issueTypeSchemes: itsList.map((s) => ({
        id: s.id,
        name: s.name,
        ...(s.description === undefined ? {} : { description: s.description }),
        isDefault: s.isDefault ?? false,
        ...(s.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: s.defaultIssueTypeId }),
        issueTypeIds: itsMappings.filter((m) => m.issueTypeSchemeId === s.id).map((m) => m.issueTypeId),
      })),
      workflows,
      workflowSchemes: workflowSchemeList.flatMap((s) =>
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
      ),
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
      filters,
      boards,
      dashboards,
      // Parts finish in whatever order the network allows: sort, so that a scan of the same site reads the same.
      coverage: [...this.gaps].sort((a, b) => a.kind.localeCompare(b.kind) || (a.objectId ?? '').localeCompare(b.objectId ?? '', 'en', { numeric: true }) || a.reason.localeCompare(b.reason) || a.detail.localeCompare(b.detail)),
    };
    return snapshot;
  }
}
