import { IMPLICIT_DEFAULT_ID, SYSTEM_WORKFLOW } from '../implicit-defaults';
import { describeEvidence, RELATION_CATALOGUE, RELATIONS, type GraphNode, type Relation } from '../graph';
import { AUTOMATION_HIDES } from '../automation';
import { OBJECT_KINDS, type ConfigSnapshot, type CoverageGap, type Field, type ObjectKind } from '../model';
import { detailIndex, memoised, nodesInOrder, sharedWith, table, type Analysis, type DetailIndex } from './common';
import type { Cell, ReportRow, ReportTable } from './types';

/**
 * Kinds whose objects can use an object of the key kind: from the relation catalogue, the relations that are uses.
 * A gap about one of these kinds may hide a use.
 */
const USER_KINDS: ReadonlyMap<ObjectKind, readonly ObjectKind[]> = (() => {
  const out = new Map<ObjectKind, Set<ObjectKind>>();
  for (const r of RELATIONS) {
    const meaning = RELATION_CATALOGUE[r];
    if (!meaning.use) continue;
    for (const to of meaning.to) for (const from of meaning.from) (out.get(to) ?? out.set(to, new Set()).get(to))?.add(from);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
})();

/**
 * Kinds a project or a dashboard can use (from the relation catalogue): only their objects can be used by archived
 * or trashed projects or archived dashboards alone.
 */
const RESTORABLE_USED_KINDS: ReadonlySet<ObjectKind> = new Set(
  RELATIONS.flatMap((r) => {
    const meaning = RELATION_CATALOGUE[r];
    return meaning.use && (meaning.from.includes('project') || meaning.from.includes('dashboard')) ? meaning.to : [];
  }),
);

/** The kinds the unused and cleanup reports cover when no kind is asked for (the {@link ON_REQUEST_KINDS} only when asked for). */
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

/**
 * Kinds the unused and cleanup reports judge only when asked for by kind (`--kind`, the page's kind choice): a site
 * has tens of thousands of filters and options, and nothing records a board or dashboard being opened, so their rows
 * are many and mostly `review`. Same criterion, same rows, wherever they are asked for.
 */
export const ON_REQUEST_KINDS: readonly ObjectKind[] = ['filter', 'option', 'board', 'dashboard'];

/** Every kind the unused and cleanup reports judge: the default ones, then those on request. */
export const JUDGED_KINDS: readonly ObjectKind[] = [...UNUSED_KINDS, ...ON_REQUEST_KINDS];

/** What "unused" means for each kind, stated in every row. */
const CRITERIA: Readonly<Partial<Record<ObjectKind, string>>> = {
  field:
    'custom field on no screen, in no workflow rule or property, JQL, board, gadget, permission/notification scheme, issue security level, field scheme, plan, queue, request type or Automation rule (field configuration settings are configuration, not use; locked fields and fields of Jira Software, Service Management and apps are not listed)',
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
  option: 'an option named in no JQL (filter, board, queue or Automation rule) and the default of no context; issues holding the option are not counted here, so check them before deleting it',
  filter: 'used by no board, gadget, filter, plan or Automation rule, with no subscription, and not run in the last 180 days (or never, as far as Jira knows)',
  board: 'the issue source of no plan and named by no Automation rule (Jira keeps no record of a board being opened: ask the people of its project before deleting it)',
  dashboard: 'nothing in the configuration uses a dashboard (Jira keeps no record of one being opened: ask its owner before deleting it)',
};

/** Why a board or dashboard is never `safe` here, whatever else is known of it. */
const NOT_OPENED_KNOWN = 'Jira does not say when it was last opened';

/** Jira's lastUsed (fields) or approximateLastUsed (filters) within this many days makes a candidate one to review. */
export const RECENT_DAYS = 180;

/** Kinds an unseen place could hold uses of: the gap's own `hides`, else what its kind can use (and, site-wide, the kind itself). */
function hiddenKinds(g: CoverageGap): readonly ObjectKind[] {
  if (g.hides !== undefined) return g.hides;
  if (g.kind === 'automation-rule' && g.objectId === undefined) return AUTOMATION_HIDES;
  const usable = OBJECT_KINDS.filter((k) => USER_KINDS.get(k)?.includes(g.kind) === true);
  return g.objectId === undefined ? [...usable, g.kind] : usable;
}

/** What the coverage says of a claim that an object of `kind` is unused: gaps that could hide a use, and notes. */
interface CoverageWeight {
  /** Gaps that could hide a use of this kind in shared configuration, in words (each a reason to review). */
  readonly blocking: readonly string[];
  /** The text added to the unused criterion. */
  readonly note: string;
}

/**
 * Whether a gap is a site caveat: a place no API shows to anyone, admin or app (dashboards private to their owners,
 * a service project's SLAs and forms, ScriptRunner's scripts). Nobody can close it, so it is said once for the site
 * (Cleanup, the Overview, the report) and keeps nothing from `safe`. Gaps an admin can close (Automation rules not
 * read, a permission Jira refused, a failed call) and gaps about one object (a gadget that hides its settings) still
 * weigh on the verdicts they could change.
 */
export function isSiteCaveat(g: CoverageGap): boolean {
  return g.reason === 'private' || (g.reason === 'not-exposed' && g.objectId === undefined && g.kind !== 'automation-rule');
}

/** The site caveats, each said once: service projects together, then each other place. */
export function siteCaveats(s: ConfigSnapshot): string[] {
  const caveats = s.coverage.filter(isSiteCaveat);
  const serviceProjects = caveats.map((g) => /^service project (\S+):/.exec(g.detail)?.[1]).filter((k): k is string => k !== undefined);
  const out: string[] = [];
  if (serviceProjects.length > 0) {
    out.push(`service project${serviceProjects.length === 1 ? '' : 's'} ${serviceProjects.join(', ')}: SLAs, customer notifications and forms have no public configuration API; a field or status used only there is not seen`);
  }
  for (const g of caveats) if (!/^service project \S+:/.test(g.detail)) out.push(g.detail);
  return out;
}

/** A gap as a reason an admin reads: its place, without the endpoint detail. */
function gapWords(g: CoverageGap): string {
  if (g.kind === 'automation-rule' && g.objectId === undefined) return 'Automation rules not read';
  const place = g.detail.split(/: /)[0] ?? g.detail;
  return `${place}${g.objectId === undefined ? '' : ` (${g.kind} ${g.objectId})`}`;
}

const weights = new WeakMap<ConfigSnapshot, Map<ObjectKind, CoverageWeight>>();

function coverageWeight(s: ConfigSnapshot, kind: ObjectKind): CoverageWeight {
  let cache = weights.get(s);
  if (cache === undefined) {
    cache = new Map();
    weights.set(s, cache);
  }
  const hit = cache.get(kind);
  if (hit !== undefined) return hit;
  // Team-managed projects have no schemes and untracked usage data hides no reference: neither can hide a use. Site
  // caveats (places no API shows anyone) are said once for the site, not on every row, and block nothing.
  const relevant = s.coverage.filter((g) => g.reason !== 'team-managed' && g.reason !== 'not-tracked' && !isSiteCaveat(g) && hiddenKinds(g).includes(kind) && !(g.kind === kind && g.objectId !== undefined && kind !== 'dashboard'));
  // Said by place: "Automation rules not read; gadget 10020 …".
  const places = [...new Set(relevant.map(gapWords))];
  const shown = places.slice(0, 3).join('; ') + (places.length > 3 ? `; and ${places.length - 3} more (see the coverage gaps)` : '');
  const note = places.length === 0 ? '' : ` (coverage incomplete: ${shown})`;
  const weight: CoverageWeight = { blocking: places.map((w) => (w === 'Automation rules not read' ? w : `not seen: ${w}`)), note };
  cache.set(kind, weight);
  return weight;
}

function lastUsedText(node: GraphNode, index: DetailIndex): Cell {
  if (node.kind === 'field') {
    const lu = index.field.get(node)?.lastUsed;
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
  if (node.kind === 'filter') return index.filter.get(node)?.approximateLastUsed ?? null;
  if (node.kind === 'automation-rule') return index.automationRule.get(node)?.updated ?? null;
  return null;
}

/** "team-managed field of project APP: …", when the field belongs to a team-managed project. */
function teamManaged(f: Field | undefined, index: DetailIndex): string | undefined {
  if (f?.projectId === undefined) return undefined;
  const project = index.project.get(f.projectId);
  return `team-managed field of project ${project?.key ?? f.projectId}: its use there (screens, rules) cannot be seen through the API`;
}

/** The row's criterion: the kind's, with what weakens the claim for this object said first. */
function criterionOf(node: GraphNode, text: string, index: DetailIndex): string {
  if (node.kind !== 'field') return text;
  const field = index.field.get(node);
  const team = teamManaged(field, index);
  // Values held are said first: nothing uses the field, but deleting it deletes them.
  const held = field?.issuesWithValue !== undefined && field.issuesWithValue > 0 ? `holds a value in ${field.issuesWithValue} issue(s); ` : '';
  return team === undefined ? `${held}${text}` : `${team}, so this is not known to be unused; ${held}${text}`;
}

/** Custom field type keys of Jira's own plain field types: anything else is managed by Jira Software, Service Management or an app. */
const PLAIN_FIELD_TYPES = 'com.atlassian.jira.plugin.system.customfieldtypes:';
const MANAGERS: readonly (readonly [string, string])[] = [
  ['com.pyxis.greenhopper.jira:', 'Jira Software'],
  ['com.atlassian.servicedesk', 'Jira Service Management'],
  ['com.atlassian.jira.plugins.cmdb:', 'Assets'],
  ['com.atlassian.jpo:', 'Advanced Roadmaps'],
  ['com.atlassian.teams:', 'Atlassian Teams'],
  ['ari:cloud:ecosystem::extension/', 'a Forge app'],
  ['com.atlassian.plugins.atlassian-connect-plugin:', 'a Connect app'],
];

/** Who manages a custom field, when it is not the admin's own: a locked field, a field of Jira Software, JSM or an app. */
export function managedBy(f: Field | undefined): string | undefined {
  if (f === undefined || !f.custom) return undefined;
  const type = f.schema?.custom;
  if (type !== undefined && !type.startsWith(PLAIN_FIELD_TYPES)) {
    const known = MANAGERS.find(([prefix]) => type.startsWith(prefix));
    if (known?.[1] === 'a Connect app') return `a Connect app (${type.slice(known[0].length).split('__')[0] ?? type})`;
    return known === undefined ? `an app (field type ${type})` : known[1];
  }
  if (f.isLocked === true) return 'Jira (a locked field)';
  return undefined;
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

/**
 * The objects Jira itself falls back to where nothing else is set, by kind, found once per analysis: Jira's own
 * Default Issue Type Screen Scheme (id 1), the default field configuration, issue type, field and priority schemes,
 * and the implicit schemes of implicit-defaults.ts. None can be deleted; each is in use by Jira.
 */
interface JiraDefaults {
  readonly ids: ReadonlyMap<ObjectKind, ReadonlySet<string>>;
  readonly defaultWorkflowInUse: boolean;
}

/** Each analysis's defaults, by the analysis (asked once per object a kind's verdicts judge: no closure made per ask). */
const defaultsOf = new WeakMap<Analysis, JiraDefaults>();

function jiraDefaults(a: Analysis): JiraDefaults {
  let known = defaultsOf.get(a);
  if (known === undefined) {
    known = findJiraDefaults(a);
    defaultsOf.set(a, known);
  }
  return known;
}

function findJiraDefaults(a: Analysis): JiraDefaults {
  const s = a.snapshot;
  const ids = new Map<ObjectKind, Set<string>>();
  const add = (kind: ObjectKind, list: readonly { readonly id: string }[], isDefault: (x: never) => boolean): void => {
    const set = ids.get(kind) ?? new Set<string>();
    for (const x of list) if (isDefault(x as never)) set.add(x.id);
    ids.set(kind, set);
  };
  add('issue-type-screen-scheme', s.issueTypeScreenSchemes, (x: { id: string }) => x.id === '1');
  add('field-configuration', s.fieldConfigurations, (x: { isDefault: boolean }) => x.isDefault);
  add('workflow-scheme', s.workflowSchemes, (x: { implicit?: true }) => x.implicit === true);
  add('field-configuration-scheme', s.fieldConfigurationSchemes, (x: { implicit?: true }) => x.implicit === true);
  add('issue-type-scheme', s.issueTypeSchemes, (x: { isDefault: boolean }) => x.isDefault);
  add('field-scheme', s.fieldSchemes, (x: { isDefault: boolean }) => x.isDefault);
  add('priority-scheme', s.prioritySchemes, (x: { isDefault: boolean }) => x.isDefault);
  return { ids, defaultWorkflowInUse: defaultWorkflowInUse(s) };
}

/** Company-managed projects without a workflow scheme use Jira's default scheme, whose workflow is `jira`. */
function defaultWorkflowInUse(s: ConfigSnapshot): boolean {
  return s.projects.some((p) => p.style === 'classic' && (p.schemes['workflow-scheme'] === undefined || p.schemes['workflow-scheme'] === IMPLICIT_DEFAULT_ID));
}

/**
 * What Jira itself does with an object that makes it used, though no object of the site names it: a system or
 * app-managed field, a default Jira falls back to, a filter's subscriptions and recent runs, a rule that runs. Each is
 * a use in every surface: where-used lists it (kind `jira` or `subscription`), the count counts it, Cleanup says
 * `in-use` with its words.
 */
export interface JiraUse {
  readonly kind: 'jira' | 'subscription';
  readonly id: string;
  readonly name: string;
  /** In an admin's words, as the row's relation and Cleanup's reason. */
  readonly words: string;
}

/** No use by Jira itself (most objects): one list for all. */
const NO_USES: readonly JiraUse[] = Object.freeze([]);

/** One use by Jira, in words. */
function jira(words: string, name = 'Jira'): readonly JiraUse[] {
  return [{ kind: 'jira', id: 'jira', name, words }];
}

/** A system field's use by Jira: the same for every system field. */
const SYSTEM_FIELD: readonly JiraUse[] = Object.freeze(jira('a system field'));

/** The uses Jira makes of an object whatever the object, made once: most objects Jira uses say one of these. */
const AUTOMATION_RUNS: readonly JiraUse[] = Object.freeze(jira('enabled, in a project that is live', 'Automation'));
const TEAM_MANAGED_WORKFLOW: readonly JiraUse[] = Object.freeze(jira('the workflow of a team-managed project (it goes with the project)'));
const DEFAULT_WORKFLOW: readonly JiraUse[] = Object.freeze(jira("the workflow of Jira's Default Workflow Scheme"));
const JIRA_DEFAULT: readonly JiraUse[] = Object.freeze(jira('a default Jira uses where nothing else is set'));
/** A recent run, as counted (its words, which name the day, are made only where they are shown). */
const RECENT_RUN: readonly JiraUse[] = Object.freeze(jira('run recently', 'Jira issue search'));

export function jiraUses(a: Analysis, node: GraphNode, index: DetailIndex = detailIndex(a)): readonly JiraUse[] {
  return usesByJira(a, node, index, true);
}

/**
 * {@link jiraUses}, with their words only when `words` (counting needs the uses, not what they say): the one place
 * that decides what Jira itself does with an object.
 */
function usesByJira(a: Analysis, node: GraphNode, index: DetailIndex, words: boolean): readonly JiraUse[] {
  switch (node.kind) {
    case 'field': {
      const f = index.field.get(node);
      if (f === undefined) return NO_USES;
      if (!f.custom) return SYSTEM_FIELD;
      const managed = managedBy(f);
      return managed === undefined ? NO_USES : jira(`managed by ${managed}: not a candidate for cleanup`, managed);
    }
    case 'filter': {
      const f = index.filter.get(node);
      const days = index.daysBefore(f?.approximateLastUsed);
      const recent = days !== undefined && days <= RECENT_DAYS;
      const subscriptions = f?.subscriptions ?? [];
      if (subscriptions.length === 0 && !recent) return NO_USES;
      const out: JiraUse[] = subscriptions.map((sub) => {
        const group = sub.groupId === undefined ? undefined : a.graph.node({ kind: 'group', id: sub.groupId });
        return { kind: 'subscription', id: sub.id, name: sub.groupId === undefined ? "a user's subscription" : `subscription of group ${group?.name ?? sub.groupId}`, words: `runs the filter on a schedule and e-mails its results${sub.groupId === undefined ? '' : ` to group ${group?.name ?? sub.groupId}`}` };
      });
      if (!recent) return out;
      if (out.length === 0 && !words) return RECENT_RUN;
      out.push(...(words ? jira(`run ${f?.approximateLastUsed ?? ''} (within ${RECENT_DAYS} days)`, 'Jira issue search') : RECENT_RUN));
      return out;
    }
    case 'automation-rule': {
      const rule = index.automationRule.get(node);
      return rule === undefined || idleRule(rule, index) !== undefined ? NO_USES : AUTOMATION_RUNS;
    }
    case 'workflow': {
      const w = index.workflow.get(node);
      if (w?.scope.type === 'PROJECT') return TEAM_MANAGED_WORKFLOW;
      // A snapshot that names no scheme for a company-managed project (older scans): Jira's default scheme uses `jira`.
      return w?.name === SYSTEM_WORKFLOW && jiraDefaults(a).defaultWorkflowInUse ? DEFAULT_WORKFLOW : NO_USES;
    }
    default:
      return jiraDefaults(a).ids.get(node.kind)?.has(node.id) === true ? JIRA_DEFAULT : NO_USES;
  }
}

/**
 * Why a user of an object is kept only for a restore: a project archived or in the trash, an archived dashboard. Its
 * references are not uses (nothing uses the object until the user is restored), but restoring it needs them.
 */
function restorable(from: GraphNode, index: DetailIndex): { readonly short: string; readonly long: string } | undefined {
  if (from.kind === 'project') {
    const p = index.project.get(from);
    if (p?.deleted === true) return { short: `project in the trash ${p.key}`, long: 'project in the trash: restoring it needs this, nothing uses it until then' };
    if (p?.archived === true) return { short: `archived project ${p.key}`, long: 'archived project: restoring it needs this, nothing uses it until then' };
  } else if (from.kind === 'dashboard' && index.dashboard.get(from)?.archived === true) {
    return { short: `archived dashboard ${from.name}`, long: 'archived dashboard: restoring it needs this, nothing uses it until then' };
  }
  return undefined;
}

/** Whether a reference makes its target used: a use in the catalogue, and not from an archived or trashed user. */
function isLiveUse(from: GraphNode, relation: Relation, index: DetailIndex): boolean {
  return RELATION_CATALOGUE[relation].use && isLiveUser(from, index);
}

/** Whether an object's references can make what they name used: not an archived or trashed project, not an archived dashboard. */
function isLiveUser(from: GraphNode, index: DetailIndex): boolean {
  return (from.kind !== 'project' && from.kind !== 'dashboard') || restorable(from, index) === undefined;
}

/**
 * How many objects use an object: its distinct users through references that are uses (archived and trashed projects
 * aside: restoring one would need it, but nothing uses it until then), and what Jira itself does with it. The one
 * count every surface shows: search, the object's page, where-used, unused and Cleanup (`in-use` exactly when > 0).
 */
export function userCount(a: Analysis, node: GraphNode): number {
  return countOf(userCounts(a), a, node);
}

/** The counts of one analysis: the graph's users of each node through uses, and each node's count once made. */
interface UserCounts {
  readonly graph: Uint32Array;
  readonly total: Int32Array;
  /** What counted them (kept with them: see LiveUses). */
  readonly by: LiveUses;
}

/**
 * What {@link userCount} counts: relations that are uses, from users that are live. A class whose methods the graph's
 * count calls, not closures made per analysis: the engine inlined the closures of one analysis into its code for the
 * count and threw that code away when they died, so the count ran unoptimised in every analysis.
 */
class LiveUses {
  constructor(private readonly index: DetailIndex) {}

  relation(r: Relation): boolean {
    return RELATION_CATALOGUE[r].use;
  }

  user(from: GraphNode): boolean {
    return isLiveUser(from, this.index);
  }
}

/** Each analysis's counts, by the analysis (asked once per object of a site's surfaces: no closure made per ask). */
const countsOf = new WeakMap<Analysis, UserCounts>();

function userCounts(a: Analysis): UserCounts {
  let counts = countsOf.get(a);
  if (counts === undefined) {
    const by = new LiveUses(detailIndex(a));
    counts = { graph: a.graph.distinctUsers(by), total: new Int32Array(a.graph.nodeCount).fill(-1), by };
    countsOf.set(a, counts);
  }
  return counts;
}

/** {@link userCount} with the analysis's counts at hand (a kind's verdicts ask it for thousands of objects in a row). */
function countOf(counts: UserCounts, a: Analysis, node: GraphNode): number {
  const i = a.graph.numberOf(node);
  if (i === undefined) return distinctUses(usesByJira(a, node, detailIndex(a), false));
  const known = counts.total[i] ?? -1;
  if (known >= 0) return known;
  // The graph's users through uses (as isLiveUse decides, asked once per user), and Jira's own uses.
  const count = (counts.graph[i] ?? 0) + distinctUses(usesByJira(a, node, detailIndex(a), false));
  counts.total[i] = count;
  return count;
}

/** How many distinct users a list of Jira's own uses names (most objects have none or one). */
function distinctUses(uses: readonly JiraUse[]): number {
  return uses.length <= 1 ? uses.length : new Set(uses.map((u) => `${u.kind}:${u.id}`)).size;
}

/** One user of an object as where-used lists it: a reference of the graph, or a {@link JiraUse}. */
export interface UseRow {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  readonly relation: string;
  readonly evidence: string;
  /** Whether it makes the object used ({@link userCount} counts exactly the distinct users of these rows). */
  readonly use: boolean;
}

/** Every user of an object, uses first (as {@link userCount} counts them), then configuration and structure. */
export function useRows(a: Analysis, node: GraphNode): UseRow[] {
  const index = detailIndex(a);
  const rows: UseRow[] = jiraUses(a, node, index).map((u) => ({ kind: u.kind, id: u.id, name: u.name, relation: u.words, evidence: '', use: true }));
  for (const e of a.graph.usersOf(node)) {
    const from = e.from as GraphNode;
    const use = isLiveUse(from, e.relation, index);
    const kept = RELATION_CATALOGUE[e.relation].use ? restorable(from, index) : undefined;
    rows.push({ kind: from.kind, id: from.id, name: from.name, relation: `${RELATION_CATALOGUE[e.relation].label}${kept === undefined ? '' : ` (${kept.long})`}`, evidence: describeEvidence(e.evidence), use });
  }
  return rows.sort((x, y) => Number(y.use) - Number(x.use));
}

/**
 * Objects nothing uses, per kind, with the criterion in each row. An object is reported only when no relation that
 * is a use (the catalogue's `use`) points at it: a context belongs to its field, a field configuration configures it.
 */
export function unused(a: Analysis, kind?: ObjectKind): ReportTable<'unused'> {
  return memoised(a, `unused:${kind ?? ''}`, () => table('unused', rowsOf(a, false, kind, 'unused')));
}

/** The users of an object, in words, for the reasons of an in-use row: Jira's own use as it is said, else the first few users. */
function usersInWords(a: Analysis, node: GraphNode, count: number): string {
  const own = jiraUses(a, node);
  const index = detailIndex(a);
  const edges = a.graph.usersOf(node).filter((e) => isLiveUse(e.from as GraphNode, e.relation, index));
  if (own.length > 0 && edges.length === 0) return own.map((u) => u.words).join('; ');
  const words = [...own.map((u) => `${u.name} ${u.words}`), ...edges.map((e) => `${e.from.kind} ${(e.from as GraphNode).name} ${RELATION_CATALOGUE[e.relation].label}`)];
  return `used by ${count} object(s): ${words.slice(0, 3).join('; ')}${words.length > 3 ? `; … (${words.length} uses in all)` : ''}`;
}

/** The archived or trashed projects and archived dashboards that use an object nothing else uses, in words; undefined when there are none. */
function onlyRestorable(a: Analysis, node: GraphNode, index: DetailIndex): string | undefined {
  // Most objects have no such user: that is seen without making an edge or a set.
  if (a.graph.eachUser(node, (from, relation) => !RELATION_CATALOGUE[relation].use || (from.kind !== 'project' && from.kind !== 'dashboard') || restorable(from, index) === undefined)) return undefined;
  const kept = new Set<string>();
  for (const e of a.graph.usersOf(node)) {
    if (!RELATION_CATALOGUE[e.relation].use) continue;
    const why = restorable(e.from as GraphNode, index);
    if (why !== undefined) kept.add(`${why.short} uses it (restoring the ${e.from.kind} needs it)`);
  }
  return kept.size === 0 ? undefined : [...kept].join('; ');
}

/**
 * The objects that may mean this one by a name several objects share (a JQL name two fields have), in words; an
 * object so named is never `safe` (ambiguity never makes anything safe).
 */
function possibleUsers(a: Analysis, node: GraphNode): string | undefined {
  if (a.graph.eachUser(node, (_from, relation) => RELATION_CATALOGUE[relation].possible !== true)) return undefined;
  const maybe = a.graph.usersOf(node).filter((e) => RELATION_CATALOGUE[e.relation].possible === true);
  if (maybe.length === 0) return undefined;
  const shown = maybe.slice(0, 2).map((e) => `${e.from.kind} ${(e.from as GraphNode).name} (${describeEvidence(e.evidence)})`);
  return `possibly used by ${shown.join('; ')}${maybe.length > 2 ? `; … (${maybe.length} places in all)` : ''}: a name several objects share, so check which one is meant`;
}

/** What a board or dashboard shows, in words, for an admin deciding whether anyone still opens it. */
function shownBy(a: Analysis, n: GraphNode, index: DetailIndex): string[] {
  if (n.kind === 'dashboard') {
    const d = index.dashboard.get(n);
    if (d === undefined) return [];
    const shared = sharedWith(a, index, d.sharePermissions);
    return [d.archived === true ? 'archived' : shared, d.gadgets.length === 0 ? 'no gadgets: it shows nothing' : `${d.gadgets.length} gadget(s)`];
  }
  const b = index.board.get(n);
  if (b === undefined) return [];
  const out: string[] = [];
  const project = b.location?.projectId === undefined ? undefined : index.project.get(b.location.projectId);
  if (project !== undefined) out.push(`in project ${project.key}${project.deleted === true ? ' (in the trash)' : project.archived === true ? ' (archived)' : ''}`);
  if (b.filterId !== undefined) {
    const filter = a.graph.node({ kind: 'filter', id: b.filterId });
    out.push(filter === undefined ? `its saved filter ${b.filterId} was not found (deleted, or private to its owner)` : `shows filter ${filter.name}`);
  }
  return out;
}

/** The values column of a cleanup row: a count, `unknown`, or empty when not counted or not a field. */
function valuesCell(f: Field | undefined): Cell {
  if (f === undefined) return null;
  if (f.issuesWithValue !== undefined) return f.issuesWithValue;
  return f.issuesWithValueUnknown === undefined ? null : 'unknown';
}

/**
 * The cleanup report: for every candidate of the unused kinds (or of `kind`), a verdict with its reasons.
 * - `safe`: used by nothing, holds no value (fields), not used in the last {@link RECENT_DAYS} days where Jira tracks
 *   it, and no coverage gap that could hide a use of its kind in shared configuration;
 * - `review`: used by nothing (or only by archived or trashed projects), but something says look first: values held,
 *   recent or unknown last use, a gap that could hide a use, a team-managed field, a rule that may be turned on again;
 * - `in-use`: referenced (the first few users and how many in all), listed only with `all`.
 */
export function cleanup(a: Analysis, kind?: ObjectKind, all = false): ReportTable<'cleanup'> {
  return memoised(a, `cleanup:${kind ?? ''}:${all ? 'all' : ''}`, () => table('cleanup', rowsOf(a, all, kind, 'cleanup')));
}

/** The unused and cleanup rows of one kind. */
interface KindVerdicts {
  readonly unused: ReportRow<'unused'>[];
  readonly cleanup: ReportRow<'cleanup'>[];
  /** Beside each cleanup row: its object, and its reasons one by one (the row joins them with "; "). */
  readonly nodes: GraphNode[];
  readonly reasons: (readonly string[])[];
}

/** The rows of one kind, or of every unused kind in their order (the {@link ON_REQUEST_KINDS} only when asked for). */
function rowsOf<R extends 'unused' | 'cleanup'>(a: Analysis, all: boolean, kind: ObjectKind | undefined, report: R): KindVerdicts[R] {
  if (kind !== undefined) return verdicts(a, all, kind)[report].slice() as KindVerdicts[R];
  const rows: KindVerdicts[R][number][] = [];
  // Appended one by one: a kind's tens of thousands of rows are too many to spread as arguments.
  for (const k of UNUSED_KINDS) for (const row of verdicts(a, all, k)[report]) rows.push(row);
  return rows as KindVerdicts[R];
}

/** One object's cleanup verdict: its Cleanup row's verdict and reasons one by one, and the kind's criterion. */
export interface ObjectVerdict {
  readonly verdict: 'safe' | 'review' | 'in-use';
  readonly reasons: readonly string[];
  /** What "unused" means for the kind (the unused report's criterion). */
  readonly criterion: string;
}

/**
 * The cleanup verdict of one object, the very row Cleanup (with in-use rows) shows for it; undefined for a kind
 * Cleanup does not judge (projects, issue types, contexts …).
 */
export function verdictOf(a: Analysis, node: GraphNode): ObjectVerdict | undefined {
  const criterion = CRITERIA[node.kind];
  if (criterion === undefined) return undefined;
  const judged = verdicts(a, true, node.kind);
  const at = judged.nodes.indexOf(node);
  const reasons = judged.reasons[at];
  const row = judged.cleanup[at];
  const verdict = row?.verdict;
  return reasons === undefined || (verdict !== 'safe' && verdict !== 'review' && verdict !== 'in-use') ? undefined : { verdict, reasons, criterion };
}

/** The verdicts of one kind, made once per analysis (and once more for cleanup's in-use rows, when asked). */
function verdicts(a: Analysis, all: boolean, kind: ObjectKind): KindVerdicts {
  return memoised(a, `verdicts:${kind}:${all ? 'all' : ''}`, () => judge(a, all, kind));
}

/** A row of the cleanup report (its last use and values made only for the rows that are kept). */
function cleanupRow(n: GraphNode, index: DetailIndex, field: Field | undefined, verdict: ReportRow<'cleanup'>['verdict'], reasons: string): ReportRow<'cleanup'> {
  return { kind: n.kind, id: n.id, name: n.name, last_used: lastUsedText(n, index), issues_with_value: valuesCell(field), verdict, reasons };
}

/**
 * Judges every object of a kind with a criterion, in one pass: whether it is unused (with the criterion), and its
 * cleanup verdict (with `all`, the in-use objects too). Both read the same facts: its uses, whether only archived or
 * trashed projects use it, whether it counts at all.
 */
function judge(a: Analysis, all: boolean, k: ObjectKind): KindVerdicts {
  const s = a.snapshot;
  const index = detailIndex(a);
  const unusedRows: ReportRow<'unused'>[] = [];
  const rows: ReportRow<'cleanup'>[] = [];
  const nodesOf: GraphNode[] = [];
  const reasonsOf: (readonly string[])[] = [];
  const criterion = CRITERIA[k];
  if (criterion === undefined) return { unused: unusedRows, cleanup: rows, nodes: nodesOf, reasons: reasonsOf };
  const weight = coverageWeight(s, k);
  const text = criterion + weight.note;
  const gaps = weight.blocking;
  const restorableMayUse = RESTORABLE_USED_KINDS.has(k);
  const counts = userCounts(a);
  const nodes = nodesInOrder(a, k);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as GraphNode;
    const field = k === 'field' ? index.field.get(n) : undefined;
    // One count decides: used (by objects of the site, or by Jira itself) exactly when it is above 0.
    const uses = countOf(counts, a, n);
    if (uses > 0) {
      if (all) {
        const words = usersInWords(a, n, uses);
        rows.push(cleanupRow(n, index, field, 'in-use', words));
        nodesOf.push(n);
        reasonsOf.push([words]);
      }
      continue;
    }
    if (k === 'automation-rule') {
      const why = idleRule(index.automationRule.get(n), index) ?? 'runs nowhere';
      unusedRows.push({ kind: n.kind, id: n.id, name: n.name, criterion: `${why}: ${text}`, last_used: lastUsedText(n, index) });
      const words = `${why}: it runs nowhere, but someone may mean to turn it on or move it`;
      rows.push(cleanupRow(n, index, field, 'review', words));
      nodesOf.push(n);
      reasonsOf.push([words]);
      continue;
    }
    // Only objects of a kind projects or dashboards use can be used by archived or trashed ones alone.
    const kept = restorableMayUse ? onlyRestorable(a, n, index) : undefined;
    if (kept === undefined) unusedRows.push({ kind: n.kind, id: n.id, name: n.name, criterion: criterionOf(n, text, index), last_used: lastUsedText(n, index) });
    const reasons: string[] = [];
    if (kept !== undefined) reasons.push(kept);
    const maybe = possibleUsers(a, n);
    if (maybe !== undefined) reasons.push(maybe);
    const team = teamManaged(field, index);
    if (team !== undefined) reasons.push(team);
    if (field !== undefined) {
      if (field.issuesWithValue !== undefined && field.issuesWithValue > 0) reasons.push(`holds a value in ${field.issuesWithValue} issue(s)`);
      else if (field.issuesWithValueUnknown !== undefined) reasons.push(`issues holding a value unknown: ${field.issuesWithValueUnknown}`);
      // A team-managed field is not counted (JQL names it by project): its reason above says its use cannot be seen.
      else if (field.issuesWithValue === undefined && team === undefined) reasons.push('issues holding a value not counted (scan with value counts)');
      const lu = field.lastUsed;
      const days = lu?.type === 'TRACKED' ? index.daysBefore(lu.value) : undefined;
      // When no issue holds a value, when it was last used cannot change the verdict.
      if (lu === undefined || lu.type !== 'TRACKED') {
        if (field.issuesWithValue !== 0) reasons.push('Jira does not say when it was last used');
      } else if (days !== undefined && days <= RECENT_DAYS) reasons.push(`last used ${lu.value ?? ''} (within ${RECENT_DAYS} days)`);
    }
    if (k === 'filter' && index.filter.get(n)?.approximateLastUsed === undefined) reasons.push('Jira does not say when it was last run');
    if (k === 'option') reasons.push(`issues holding the option are not counted${index.option.get(n)?.disabled === true ? ' (it is disabled: issues may still hold it)' : ''}`);
    if (k === 'board' || k === 'dashboard') reasons.push(...shownBy(a, n, index), NOT_OPENED_KNOWN);
    reasons.push(...gaps);
    const safe = reasons.length === 0;
    if (safe) reasons.push(`${criterion}; nothing hides a use`);
    rows.push(cleanupRow(n, index, field, safe ? 'safe' : 'review', reasons.join('; ')));
    nodesOf.push(n);
    reasonsOf.push(reasons);
  }
  return { unused: unusedRows, cleanup: rows, nodes: nodesOf, reasons: reasonsOf };
}
