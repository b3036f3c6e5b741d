import { buildGraph, describeEvidence, meaningOf, refKey, type DependencyGraph, type GraphNode } from '../graph';
import { describeJqlSource } from '../graph/evidence';
import { OBJECT_KINDS, type ConfigSnapshot, type CoverageGap, type ObjectKind, type ObjectRef } from '../model';
import { err, ok, type Result } from '../result';
import { REPORT_COLUMNS, type AnyReportTable, type Cell, type ReportError, type ReportName, type ReportRequest, type ReportRow, type ReportTable } from './types';

export type * from './types';
export { REPORT_COLUMNS, REPORT_NAMES } from './types';

/** A snapshot with its graph, built once and shared by every report. */
export interface Analysis {
  readonly snapshot: ConfigSnapshot;
  readonly graph: DependencyGraph;
}

/** Builds the graph every report needs. */
export function analyse(snapshot: ConfigSnapshot): Analysis {
  return { snapshot, graph: buildGraph(snapshot) };
}

/** How many references use an object: incoming edges, structural ones (a context belongs to its field) left out. */
export function usageCount(a: Analysis, ref: ObjectRef): number {
  return a.graph.useCount(ref);
}

const memo = new WeakMap<Analysis, Map<string, AnyReportTable>>();

/** Reports without an object are computed once per analysis (health reuses unused, duplicates and references). */
function memoised<T extends AnyReportTable>(a: Analysis, key: string, make: () => T): T {
  let cache = memo.get(a);
  if (cache === undefined) {
    cache = new Map();
    memo.set(a, cache);
  }
  const hit = cache.get(key) as T | undefined;
  if (hit !== undefined) return hit;
  const table = make();
  cache.set(key, table);
  return table;
}

const KIND_ORDER = new Map<ObjectKind, number>(OBJECT_KINDS.map((k, i) => [k, i]));

/** Orders ids numerically where both are numbers, otherwise as text, so `9` sorts before `10`. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  const ca = /^customfield_\d+$/.test(a);
  const cb = /^customfield_\d+$/.test(b);
  if (ca && cb) return compareIds(a.slice(12), b.slice(12));
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || compareIds(a.id, b.id);
}

function table<R extends ReportName>(report: R, rows: ReportRow<R>[]): ReportTable<R> {
  return { report, columns: REPORT_COLUMNS[report], rows };
}

function describeObject(snapshot: ConfigSnapshot, node: GraphNode, index: DetailIndex): string {
  switch (node.kind) {
    case 'project': {
      const p = index.project.get(node.id);
      if (p === undefined) return '';
      const state = p.deleted === true ? ' · in the trash' : p.archived === true ? ' · archived' : '';
      return `${p.key} · ${p.style === 'classic' ? 'company-managed' : 'team-managed'}${state}`;
    }
    case 'field': {
      const f = index.field.get(node.id);
      if (f === undefined) return '';
      const type = f.schema?.custom ?? f.schema?.type ?? 'unknown type';
      return `${f.custom ? 'custom' : 'system'} · ${type}`;
    }
    case 'field-context': {
      const c = index.context.get(node.id);
      if (c === undefined) return '';
      const projects = c.isGlobalContext ? 'global' : `${c.projectIds.length} project(s)`;
      const types = c.isAnyIssueType ? 'any issue type' : `${c.issueTypeIds.length} issue type(s)`;
      return `field ${c.fieldId} · ${projects} · ${types}`;
    }
    case 'screen': {
      const s = index.screen.get(node.id);
      if (s === undefined) return '';
      const fields = s.tabs.reduce((n, t) => n + t.fieldIds.length, 0);
      return `${s.tabs.length} tab(s), ${fields} field(s)`;
    }
    case 'workflow': {
      const w = index.workflow.get(node.id);
      if (w === undefined) return '';
      const scope = w.scope.type === 'PROJECT' ? ` · team-managed (project ${w.scope.projectId ?? '?'})` : '';
      return `${w.statusIds.length} status(es), ${w.transitions.length} transition(s)${scope}`;
    }
    case 'status': {
      const s = index.status.get(node.id);
      if (s === undefined) return '';
      return s.projectId === undefined ? s.statusCategory : `${s.statusCategory} · team-managed (project ${s.projectId})`;
    }
    case 'issue-type': {
      const t = index.issueType.get(node.id);
      if (t === undefined) return '';
      return `${t.subtask ? 'sub-task' : 'standard'}${t.projectId === undefined ? '' : ` · team-managed (project ${t.projectId})`}`;
    }
    case 'filter': {
      const f = index.filter.get(node.id);
      if (f === undefined) return '';
      return `${f.sharePermissions.length === 0 ? 'private' : 'shared'}${f.ownerAccountId === undefined ? '' : ` · owner ${f.ownerAccountId}`}`;
    }
    case 'board': {
      const b = index.board.get(node.id);
      if (b === undefined) return '';
      return `${b.type}${b.filterId === undefined ? '' : ` · filter ${b.filterId}`}`;
    }
    case 'dashboard': {
      const d = index.dashboard.get(node.id);
      return d === undefined ? '' : `${d.gadgets.length} gadget(s)`;
    }
    case 'plan': {
      const p = index.plan.get(node.id);
      return p === undefined ? '' : `${p.status.toLowerCase()} · ${p.issueSources.length} issue source(s)`;
    }
    case 'field-scheme': {
      const s = index.fieldScheme.get(node.id);
      return s === undefined ? '' : `${s.fields.length} field(s), ${s.projectIds.length} project(s)${s.isDefault ? ' · default' : ''}`;
    }
    case 'issue-security-scheme': {
      const s = index.securityScheme.get(node.id);
      return s === undefined ? '' : `${s.levels.length} level(s), ${s.projectIds.length} project(s)`;
    }
    case 'automation-rule': {
      const r = index.automationRule.get(node.id);
      if (r === undefined) return '';
      const scope = r.scope.global ? 'global' : [r.scope.projectIds.length > 0 ? `${r.scope.projectIds.length} project(s)` : '', ...r.scope.projectTypes].filter((x) => x !== '').join(', ');
      return `${r.state === 'ENABLED' ? 'enabled' : 'disabled'} · ${scope} · from the ${r.source === 'api' ? 'Automation API' : 'rules export'}`;
    }
    case 'priority-scheme': {
      const s = index.priorityScheme.get(node.id);
      return s === undefined ? '' : `${s.priorityIds.length} priorit${s.priorityIds.length === 1 ? 'y' : 'ies'}, ${s.projectIds.length} project(s)${s.isDefault ? ' · default' : ''}`;
    }
    case 'priority':
    case 'resolution':
    case 'project-role':
    case 'group':
    case 'screen-scheme':
    case 'issue-type-screen-scheme':
    case 'field-configuration':
    case 'field-configuration-scheme':
    case 'issue-type-scheme':
    case 'workflow-scheme':
    case 'notification-scheme':
    case 'permission-scheme': {
      const users = snapshot.projects.length === 0 ? 0 : countProjects(index, node);
      return node.kind.endsWith('-scheme') ? `${users} project(s)` : '';
    }
  }
}

function countProjects(index: DetailIndex, node: GraphNode): number {
  return index.projectsByScheme.get(refKey(node)) ?? 0;
}

interface DetailIndex {
  readonly project: ReadonlyMap<string, ConfigSnapshot['projects'][number]>;
  readonly field: ReadonlyMap<string, ConfigSnapshot['fields'][number]>;
  readonly context: ReadonlyMap<string, ConfigSnapshot['fieldContexts'][number]>;
  readonly screen: ReadonlyMap<string, ConfigSnapshot['screens'][number]>;
  readonly workflow: ReadonlyMap<string, ConfigSnapshot['workflows'][number]>;
  readonly status: ReadonlyMap<string, ConfigSnapshot['statuses'][number]>;
  readonly issueType: ReadonlyMap<string, ConfigSnapshot['issueTypes'][number]>;
  readonly filter: ReadonlyMap<string, ConfigSnapshot['filters'][number]>;
  readonly board: ReadonlyMap<string, ConfigSnapshot['boards'][number]>;
  readonly dashboard: ReadonlyMap<string, ConfigSnapshot['dashboards'][number]>;
  readonly priorityScheme: ReadonlyMap<string, ConfigSnapshot['prioritySchemes'][number]>;
  readonly securityScheme: ReadonlyMap<string, ConfigSnapshot['issueSecuritySchemes'][number]>;
  readonly fieldScheme: ReadonlyMap<string, ConfigSnapshot['fieldSchemes'][number]>;
  readonly plan: ReadonlyMap<string, ConfigSnapshot['plans'][number]>;
  readonly automationRule: ReadonlyMap<string, ConfigSnapshot['automationRules'][number]>;
  readonly projectsByScheme: ReadonlyMap<string, number>;
}

const detailIndexes = new WeakMap<ConfigSnapshot, DetailIndex>();

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

function detailIndex(s: ConfigSnapshot): DetailIndex {
  const cached = detailIndexes.get(s);
  if (cached !== undefined) return cached;
  const projectsByScheme = new Map<string, number>();
  for (const p of s.projects) {
    for (const [kind, id] of Object.entries(p.schemes)) {
      const k = `${kind}:${id}`;
      projectsByScheme.set(k, (projectsByScheme.get(k) ?? 0) + 1);
    }
  }
  const index: DetailIndex = {
    project: byId(s.projects),
    field: byId(s.fields),
    context: byId(s.fieldContexts),
    screen: byId(s.screens),
    workflow: byId(s.workflows),
    status: byId(s.statuses),
    issueType: byId(s.issueTypes),
    filter: byId(s.filters),
    board: byId(s.boards),
    dashboard: byId(s.dashboards),
    priorityScheme: byId(s.prioritySchemes),
    securityScheme: byId(s.issueSecuritySchemes),
    fieldScheme: byId(s.fieldSchemes),
    plan: byId(s.plans),
    automationRule: byId(s.automationRules),
    projectsByScheme,
  };
  detailIndexes.set(s, index);
  return index;
}

/** Every object of the snapshot, optionally of one kind: `kind,id,name,detail`. */
export function inventory(a: Analysis, kind?: ObjectKind): ReportTable<'inventory'> {
  const index = detailIndex(a.snapshot);
  const rows: ReportRow<'inventory'>[] = [];
  for (const k of kind === undefined ? OBJECT_KINDS : [kind]) {
    const nodes = [...a.graph.nodesOf(k)].sort(compareRefs);
    for (const n of nodes) rows.push({ kind: n.kind, id: n.id, name: n.name, detail: describeObject(a.snapshot, n, index) });
  }
  return table('inventory', rows);
}

/** The direct users of an object, one row per reference, with its relation and evidence. */
export function whereUsed(a: Analysis, target: GraphNode): ReportTable<'where-used'> {
  const rows = [...a.graph.usersOf(target)]
    .sort((x, y) => compareRefs(x.from, y.from))
    .map(
      (e): ReportRow<'where-used'> => ({
        kind: target.kind,
        id: target.id,
        name: target.name,
        used_by_kind: e.from.kind,
        used_by_id: e.from.id,
        used_by_name: (e.from as GraphNode).name,
        // In the admin's words, from the catalogue ("shows the field on a tab"); JSON keeps the same words.
        relation: meaningOf(e.relation).label,
        evidence: describeEvidence(e.evidence),
      }),
    );
  return table('where-used', rows);
}

/**
 * What a change of `target` affects, transitively, with depth, path and the relation of the last step in words.
 * From the changed object to the objects made of it or naming it (catalogue `impact`): a screen's screen schemes,
 * their issue type screen schemes, the projects using those; a filter's boards and the dashboards showing it. Impact
 * stops at a project reached through a scheme it uses: what merely names the project (filters, boards, contexts) is
 * affected only when the project itself is changed. An affected board's location project is affected.
 */
export function impact(a: Analysis, target: GraphNode): ReportTable<'impact'> {
  // Keyed by the graph's own node objects (one per object), so the walk builds no address strings.
  const start = a.graph.node(target) ?? target;
  interface Reach {
    readonly via: GraphNode | undefined;
    readonly depth: number;
    readonly words: string;
  }
  const reached = new Map<GraphNode, Reach>();
  reached.set(start, { via: undefined, depth: 0, words: '' });
  let frontier: GraphNode[] = [start];
  const order: GraphNode[] = [];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: GraphNode[] = [];
    const reach = (node: GraphNode, via: GraphNode, words: string, flows: boolean): void => {
      if (reached.has(node)) return;
      reached.set(node, { via, depth, words });
      order.push(node);
      if (flows) next.push(node);
    };
    for (const n of frontier) {
      for (const e of a.graph.usersOf(n)) {
        const meaning = meaningOf(e.relation);
        reach(e.from as GraphNode, n, meaning.label, meaning.impact === 'flows');
      }
      if (n === start) continue;
      for (const e of a.graph.usesOf(n)) if (meaningOf(e.relation).forward === true) reach(e.to as GraphNode, n, `location of the affected ${n.kind}`, false);
    }
    frontier = next;
  }
  const rows: ReportRow<'impact'>[] = [];
  for (const node of order) {
    const entry = reached.get(node);
    if (entry === undefined) continue;
    const path: string[] = [];
    for (let cur: GraphNode | undefined = node; cur !== undefined; cur = reached.get(cur)?.via) path.push(refKey(cur));
    rows.push({
      kind: target.kind,
      id: target.id,
      name: target.name,
      affected_kind: node.kind,
      affected_id: node.id,
      affected_name: node.name,
      depth: entry.depth,
      relation: entry.words,
      path: path.reverse().join(' ← '),
    });
  }
  rows.sort((x, y) => (x.depth as number) - (y.depth as number) || compareRefs(
    { kind: x.affected_kind as ObjectKind, id: x.affected_id as string },
    { kind: y.affected_kind as ObjectKind, id: y.affected_id as string },
  ));
  return table('impact', rows);
}

/** Kinds whose objects can use an object of the key kind (from DESIGN.md's relation table). */
const USER_KINDS: Readonly<Partial<Record<ObjectKind, readonly ObjectKind[]>>> = {
  field: ['screen', 'field-configuration', 'workflow', 'filter', 'board', 'dashboard', 'permission-scheme', 'notification-scheme', 'issue-security-scheme', 'field-scheme', 'plan', 'automation-rule'],
  screen: ['screen-scheme', 'workflow'],
  'screen-scheme': ['issue-type-screen-scheme'],
  'issue-type-screen-scheme': ['project'],
  'field-configuration': ['field-configuration-scheme'],
  'field-configuration-scheme': ['project'],
  'issue-type-scheme': ['project'],
  workflow: ['workflow-scheme'],
  'workflow-scheme': ['project'],
  'permission-scheme': ['project'],
  'notification-scheme': ['project'],
  'priority-scheme': ['project'],
  'issue-security-scheme': ['project'],
  'field-scheme': ['project'],
  status: ['workflow', 'board', 'filter', 'plan', 'automation-rule'],
  filter: ['board', 'dashboard', 'filter', 'plan', 'automation-rule'],
};

/** The kinds the unused report covers when no kind is asked for (filters only on request). */
export const UNUSED_KINDS: readonly ObjectKind[] = [
  'field',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'issue-type-scheme',
  'workflow',
  'workflow-scheme',
  'permission-scheme',
  'notification-scheme',
  'priority-scheme',
  'issue-security-scheme',
  'field-scheme',
  'status',
  'automation-rule',
];

const CRITERIA: Readonly<Partial<Record<ObjectKind, string>>> = {
  field: 'custom field on no screen, in no field configuration item, workflow rule or property, JQL, board, gadget, permission/notification scheme, issue security level, field scheme, plan or Automation rule',
  screen: 'in no screen scheme and on no workflow transition',
  'screen-scheme': 'in no issue type screen scheme',
  'issue-type-screen-scheme': 'used by no project',
  'field-configuration': 'in no field configuration scheme (not the default configuration)',
  'field-configuration-scheme': 'used by no project',
  'issue-type-scheme': 'used by no project (not the default scheme)',
  workflow: 'in no workflow scheme (company-managed workflows only)',
  'workflow-scheme': 'used by no project',
  'permission-scheme': 'used by no project',
  'notification-scheme': 'used by no project',
  'priority-scheme': 'used by no project (not the default scheme)',
  'issue-security-scheme': 'used by no project',
  'field-scheme': 'used by no project (not the default scheme)',
  status: 'in no workflow, board column, JQL, plan or Automation rule',
  'automation-rule': 'a rule that is disabled, or scoped only to archived projects or projects in the trash, runs nowhere',
  filter: 'used by no board, gadget or filter, with no subscription, and not run in the last 180 days (or never, as far as Jira knows)',
};

const DAY_MS = 86_400_000;

function coverageNote(gaps: readonly CoverageGap[], kinds: readonly ObjectKind[], kind: ObjectKind): string {
  // Team-managed projects have no schemes and untracked usage data hides no reference: neither can hide a use.
  // Gaps about the kinds that could use this kind weigh on it, and so do site-wide gaps about the kind itself
  // ("fields used only in SLAs are not seen"); a gap about one other object of the kind does not.
  const relevant = gaps.filter((g) => (kinds.includes(g.kind) || (g.kind === kind && g.objectId === undefined)) && g.reason !== 'team-managed' && g.reason !== 'not-tracked');
  if (relevant.length === 0) return '';
  // Rules not read at all is said in words: it is the biggest place a field, status or filter is used unseen.
  const rulesUnread = relevant.some((g) => g.kind === 'automation-rule' && g.objectId === undefined && kind !== 'automation-rule');
  const others = relevant.filter((g) => !(rulesUnread && g.kind === 'automation-rule'));
  const byKind = [...new Set(others.map((g) => g.kind))].sort();
  const parts = [rulesUnread ? 'Automation rules not read' : '', others.length > 0 ? `${others.length} gap(s) for ${byKind.join(', ')}` : ''].filter((p) => p !== '');
  return ` (coverage incomplete: ${parts.join('; ')})`;
}

function lastUsedText(node: GraphNode, index: DetailIndex): Cell {
  if (node.kind === 'field') {
    const lu = index.field.get(node.id)?.lastUsed;
    if (lu === undefined) return null;
    switch (lu.type) {
      case 'TRACKED':
        return lu.value ?? 'never';
      case 'NOT_TRACKED':
        return 'not tracked';
      case 'NO_INFORMATION':
        return 'no information';
    }
  }
  if (node.kind === 'filter') return index.filter.get(node.id)?.approximateLastUsed ?? null;
  return null;
}

/** The row's criterion: the kind's, with what weakens the claim for this object said first. */
function criterionOf(node: GraphNode, text: string, index: DetailIndex): string {
  if (node.kind !== 'field') return text;
  const projectId = index.field.get(node.id)?.projectId;
  if (projectId === undefined) return text;
  const project = index.project.get(projectId);
  const where = project === undefined ? `project ${projectId}` : `project ${project.key}`;
  return `team-managed field of ${where}: its use there (screens, rules) cannot be seen through the API, so this is not known to be unused; ${text}`;
}

/** Why a rule runs nowhere (disabled; scoped only to archived or trashed projects), or undefined when it runs. */
function idleRule(rule: ConfigSnapshot['automationRules'][number] | undefined, index: DetailIndex): string | undefined {
  if (rule === undefined) return undefined;
  if (rule.state === 'DISABLED') return 'disabled';
  if (rule.scope.global || rule.scope.projectTypes.length > 0 || rule.scope.projectIds.length === 0) return undefined;
  const projects = rule.scope.projectIds.map((id) => index.project.get(id));
  if (projects.some((p) => p === undefined || (p.archived !== true && p.deleted !== true))) return undefined;
  const named = projects.map((p) => (p?.deleted === true ? `project ${p.key} (in the trash)` : `archived project ${p?.key ?? ''}`));
  return `runs only in ${named.join(', ')}`;
}

/** True when an object counts for the unused report of its kind at all (system fields, defaults and team-managed objects do not). */
function isCandidate(a: Analysis, node: GraphNode, index: DetailIndex, defaultWorkflowInUse: boolean): boolean {
  switch (node.kind) {
    case 'field':
      return index.field.get(node.id)?.custom === true;
    case 'field-configuration':
      return a.snapshot.fieldConfigurations.find((c) => c.id === node.id)?.isDefault !== true;
    case 'issue-type-scheme':
      return a.snapshot.issueTypeSchemes.find((s) => s.id === node.id)?.isDefault !== true;
    case 'field-scheme':
      return index.fieldScheme.get(node.id)?.isDefault !== true;
    case 'priority-scheme':
      // The default scheme serves every project no other scheme has, whether or not Jira lists them.
      return index.priorityScheme.get(node.id)?.isDefault !== true;
    case 'workflow': {
      const w = index.workflow.get(node.id);
      if (w === undefined || w.scope.type === 'PROJECT') return false;
      return !(defaultWorkflowInUse && w.name === 'jira');
    }
    case 'filter': {
      const f = index.filter.get(node.id);
      // A subscription runs the filter on a schedule for its subscribers: in use whatever its last-run date.
      if ((f?.subscriptions?.length ?? 0) > 0) return false;
      if (f?.approximateLastUsed === undefined) return true;
      const scanned = Date.parse(a.snapshot.site.scannedAt);
      const used = Date.parse(f.approximateLastUsed);
      return Number.isNaN(scanned) || Number.isNaN(used) || scanned - used > 180 * DAY_MS;
    }
    default:
      return true;
  }
}

/**
 * Objects nothing uses, per kind, with the criterion in each row. An object is reported only when it has no
 * incoming usage edge; structural edges (a context belongs to its field) do not count as use.
 */
export function unused(a: Analysis, kind?: ObjectKind): ReportTable<'unused'> {
  return memoised(a, `unused:${kind ?? ''}`, () => computeUnused(a, kind));
}

function computeUnused(a: Analysis, kind?: ObjectKind): ReportTable<'unused'> {
  const index = detailIndex(a.snapshot);
  const kinds = kind === undefined ? UNUSED_KINDS : [kind];
  // Company-managed projects without a workflow scheme use Jira's default scheme, whose workflow is `jira`.
  const defaultWorkflowInUse = a.snapshot.projects.some((p) => p.style === 'classic' && p.schemes['workflow-scheme'] === undefined);
  const rows: ReportRow<'unused'>[] = [];
  for (const k of kinds) {
    const criterion = CRITERIA[k];
    if (criterion === undefined) continue;
    const text = criterion + coverageNote(a.snapshot.coverage, USER_KINDS[k] ?? [], k);
    const nodes = [...a.graph.nodesOf(k)].sort(compareRefs);
    for (const n of nodes) {
      if (k === 'automation-rule') {
        const why = idleRule(index.automationRule.get(n.id), index);
        if (why !== undefined) rows.push({ kind: n.kind, id: n.id, name: n.name, criterion: `${why}: ${text}`, last_used: index.automationRule.get(n.id)?.updated ?? null });
        continue;
      }
      if (usageCount(a, n) > 0) continue;
      if (!isCandidate(a, n, index, defaultWorkflowInUse)) continue;
      rows.push({ kind: n.kind, id: n.id, name: n.name, criterion: criterionOf(n, text, index), last_used: lastUsedText(n, index) });
    }
  }
  return table('unused', rows);
}

/** JQL with whitespace collapsed and letters folded outside quoted strings, so trivially different copies compare equal. */
export function normaliseJql(jql: string): string {
  const parts: string[] = [];
  let i = 0;
  const n = jql.length;
  while (i < n) {
    const c = jql.charCodeAt(i);
    if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n && jql.charCodeAt(j) !== c) j += jql.charCodeAt(j) === 92 ? 2 : 1;
      parts.push(jql.slice(i, Math.min(j + 1, n)));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && jql.charCodeAt(j) !== 34 && jql.charCodeAt(j) !== 39) j++;
    parts.push(jql.slice(i, j).toLowerCase().replace(/\s+/g, ' '));
    i = j;
  }
  return parts.join('').trim();
}

const DUPLICATE_NAME_KINDS: readonly ObjectKind[] = [
  'field',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'workflow',
  'workflow-scheme',
  'status',
  'permission-scheme',
  'notification-scheme',
];

/** Same-name objects (custom fields, global statuses, screens, schemes, workflows) and same-JQL filters. */
export function duplicates(a: Analysis, kind?: ObjectKind): ReportTable<'duplicates'> {
  return memoised(a, `duplicates:${kind ?? ''}`, () => computeDuplicates(a, kind));
}

function computeDuplicates(a: Analysis, kind?: ObjectKind): ReportTable<'duplicates'> {
  const index = detailIndex(a.snapshot);
  const rows: ReportRow<'duplicates'>[] = [];
  const kinds = kind === undefined ? [...DUPLICATE_NAME_KINDS, 'filter' as const] : [kind];
  for (const k of kinds) {
    const groups = new Map<string, GraphNode[]>();
    const add = (key: string, n: GraphNode): void => {
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [n]);
      else g.push(n);
    };
    for (const n of a.graph.nodesOf(k)) {
      if (k === 'field' && index.field.get(n.id)?.custom !== true) continue;
      if (k === 'status' && index.status.get(n.id)?.projectId !== undefined) continue;
      if (k === 'filter') {
        const f = index.filter.get(n.id);
        if (f !== undefined && f.jql.trim() !== '') add(`same JQL: ${normaliseJql(f.jql)}`, n);
        continue;
      }
      if (DUPLICATE_NAME_KINDS.includes(k)) add(n.name.trim().toLowerCase(), n);
    }
    const found: ReportRow<'duplicates'>[] = [];
    for (const [key, nodes] of groups) {
      if (nodes.length < 2) continue;
      const sorted = nodes.sort(compareRefs);
      const name = k === 'filter' ? key : (sorted[0]?.name ?? key).trim();
      found.push({ kind: k, name, ids: sorted.map((n) => n.id).join(';') });
    }
    found.sort((x, y) => String(x.name).localeCompare(String(y.name)));
    rows.push(...found);
  }
  return table('duplicates', rows);
}

/** Broken and ambiguous JQL references, JQL syntax errors, and ids that point at nothing. */
export function references(a: Analysis): ReportTable<'references'> {
  return memoised(a, 'references', () => computeReferences(a));
}

function computeReferences(a: Analysis): ReportTable<'references'> {
  const rows: ReportRow<'references'>[] = [];
  for (const f of a.graph.jqlFindings) {
    const where = describeJqlSource(f.source);
    const base = { source_kind: f.from.kind, source_id: f.from.id, source_name: f.from.name };
    const r = f.finding;
    switch (r.type) {
      case 'broken':
        rows.push({
          ...base,
          problem: 'broken',
          reference: `${r.kind} "${r.written}"`,
          detail: `${where}: ${r.evidence.clause} at ${r.evidence.start}–${r.evidence.end}: no ${r.kind} has this name, key or id`,
        });
        break;
      case 'ambiguous':
        rows.push({
          ...base,
          problem: 'ambiguous',
          reference: `${r.kind} "${r.written}"`,
          detail: `${where}: ${r.evidence.clause} at ${r.evidence.start}–${r.evidence.end}: could be ${r.candidates.map((c) => `${r.kind}:${c}`).join(', ')}`,
        });
        break;
      case 'syntax':
        rows.push({ ...base, problem: 'syntax', reference: f.jql, detail: `${where}: ${r.message} at position ${r.position}` });
        break;
    }
  }
  for (const d of a.graph.dangling) {
    const from = d.from as GraphNode;
    rows.push({
      source_kind: from.kind,
      source_id: from.id,
      source_name: from.name,
      problem: 'dangling',
      reference: `${d.to.kind}:${d.to.id}`,
      detail: `${d.relation}: ${describeEvidence(d.evidence)}`,
    });
  }
  const order = { broken: 0, ambiguous: 1, syntax: 2, dangling: 3 } as const;
  rows.sort(
    (x, y) =>
      compareRefs({ kind: x.source_kind as ObjectKind, id: x.source_id as string }, { kind: y.source_kind as ObjectKind, id: y.source_id as string }) ||
      order[x.problem as keyof typeof order] - order[y.problem as keyof typeof order],
  );
  return table('references', rows);
}

function firstNames(nodes: readonly { name: Cell }[], max = 5): string {
  const names = nodes.slice(0, max).map((n) => String(n.name));
  return names.join(', ') + (nodes.length > max ? `, … (${nodes.length - max} more)` : '');
}

/** A one-page summary: counts, what is unused, duplicated or broken, global contexts, coverage gaps, worst offenders. */
export function health(a: Analysis): ReportTable<'health'> {
  const rows: ReportRow<'health'>[] = [];
  const s = a.snapshot;
  for (const k of OBJECT_KINDS) rows.push({ check: `objects: ${k}`, severity: 'info', count: a.graph.nodesOf(k).length, detail: '' });
  const enabled = s.automationRules.filter((r) => r.state === 'ENABLED').length;
  const rulesUnread = s.coverage.some((g) => g.kind === 'automation-rule' && g.objectId === undefined);
  rows.push({
    check: 'automation rules by state',
    severity: rulesUnread ? 'warning' : 'info',
    count: s.automationRules.length,
    detail: `${enabled} enabled, ${s.automationRules.length - enabled} disabled${rulesUnread ? '; Automation rules not read (see coverage gaps)' : ''}`,
  });
  const unusedRows = unused(a).rows;
  for (const k of UNUSED_KINDS) {
    const ofKind = unusedRows.filter((r) => r.kind === k);
    rows.push({ check: `unused: ${k}`, severity: ofKind.length > 0 ? 'warning' : 'info', count: ofKind.length, detail: firstNames(ofKind) });
  }
  const dup = duplicates(a).rows;
  rows.push({ check: 'duplicates', severity: dup.length > 0 ? 'warning' : 'info', count: dup.length, detail: firstNames(dup.map((d) => ({ name: `${String(d.kind)} "${String(d.name)}"` }))) });
  const refs = references(a).rows;
  const problems = [
    ['broken references', 'broken', 'error'],
    ['ambiguous references', 'ambiguous', 'warning'],
    ['JQL syntax errors', 'syntax', 'error'],
    ['dangling references', 'dangling', 'error'],
  ] as const;
  for (const [check, problem, severity] of problems) {
    const list = refs.filter((r) => r.problem === problem);
    rows.push({
      check,
      severity: list.length > 0 ? severity : 'info',
      count: list.length,
      detail: firstNames(list.map((r) => ({ name: `${String(r.source_kind)}:${String(r.source_id)} ${String(r.reference)}` }))),
    });
  }
  const fieldIndex = detailIndex(s).field;
  const globalContexts = s.fieldContexts.filter((c) => c.isGlobalContext && fieldIndex.get(c.fieldId)?.custom === true);
  const globalFields = [...new Set(globalContexts.map((c) => c.fieldId))];
  rows.push({ check: 'custom fields with a global context', severity: 'info', count: globalFields.length, detail: firstNames(globalFields.map((id) => ({ name: a.graph.node({ kind: 'field', id })?.name ?? id }))) });
  const gapsByReason = new Map<string, CoverageGap[]>();
  for (const g of s.coverage) gapsByReason.set(g.reason, [...(gapsByReason.get(g.reason) ?? []), g]);
  for (const [reason, gaps] of [...gapsByReason].sort(([x], [y]) => x.localeCompare(y))) {
    rows.push({ check: `coverage gaps: ${reason}`, severity: 'warning', count: gaps.length, detail: firstNames(gaps.map((g) => ({ name: `${g.kind}${g.objectId === undefined ? '' : `:${g.objectId}`} ${g.detail}` })), 3) });
  }
  const mostUsed = a.graph
    .nodesOf('field')
    .filter((n) => fieldIndex.get(n.id)?.custom === true)
    .map((n) => ({ n, uses: usageCount(a, n) }))
    .filter((x) => x.uses > 0)
    .sort((x, y) => y.uses - x.uses || compareIds(x.n.id, y.n.id))
    .slice(0, 5);
  rows.push({
    check: 'most used custom fields',
    severity: 'info',
    count: mostUsed[0]?.uses ?? 0,
    detail: mostUsed.map((x) => `${x.n.name} (${x.n.id}): ${x.uses}`).join(', '),
  });
  const brokenBySource = new Map<string, { label: string; count: number }>();
  for (const r of refs) {
    if (r.problem !== 'broken' && r.problem !== 'ambiguous') continue;
    const key = `${String(r.source_kind)}:${String(r.source_id)}`;
    const entry = brokenBySource.get(key) ?? { label: `${key} "${String(r.source_name)}"`, count: 0 };
    entry.count++;
    brokenBySource.set(key, entry);
  }
  const worst = [...brokenBySource.values()].sort((x, y) => y.count - x.count || x.label.localeCompare(y.label)).slice(0, 5);
  rows.push({
    check: 'objects with the most broken or ambiguous JQL references',
    severity: worst.length > 0 ? 'warning' : 'info',
    count: worst[0]?.count ?? 0,
    detail: worst.map((w) => `${w.label}: ${w.count}`).join(', '),
  });
  return table('health', rows);
}

/** Runs one report. where-used and impact need an object; the rest ignore it. */
export function runReport(a: Analysis, request: ReportRequest): Result<AnyReportTable, ReportError> {
  const needsObject = (): Result<GraphNode, ReportError> => {
    if (request.object === undefined) return err({ type: 'missing-object', message: `the ${request.report} report needs an object (kind:id)` });
    const node = a.graph.node(request.object);
    if (node === undefined) return err({ type: 'unknown-object', message: `no ${request.object.kind} with id '${request.object.id}' in this snapshot` });
    return ok(node);
  };
  switch (request.report) {
    case 'inventory':
      return ok(inventory(a, request.kind));
    case 'health':
      return ok(health(a));
    case 'unused':
      return ok(unused(a, request.kind));
    case 'duplicates':
      return ok(duplicates(a, request.kind));
    case 'references':
      return ok(references(a));
    case 'where-used': {
      const n = needsObject();
      return n.ok ? ok(whereUsed(a, n.value)) : n;
    }
    case 'impact': {
      const n = needsObject();
      return n.ok ? ok(impact(a, n.value)) : n;
    }
  }
}
