import { withImplicitDefaults } from '../implicit-defaults';
import { automationMentions, holdsMask, NON_FIELD_SMART_VALUES, type AutomationPlace } from '../automation';
import { buildJqlCatalogue, optionsNamed, resolveJqlInto, type JqlCatalogue, type JqlResolution, type JqlSink } from '../jql';
import {
  COLLECTION_OF_KIND,
  DEFAULT_ISSUE_TYPE_KEY,
  OBJECT_KINDS,
  PROJECT_SCHEME_KINDS,
  SCREEN_SCHEME_SLOTS,
  type ConfigSnapshot,
  type ObjectOfKind,
  type ScreenSchemeSlot,
  type Holder,
  type ObjectKind,
  type ObjectRef,
  type ProjectSchemeKind,
} from '../model';
import { digitsFrom } from '../text';
import { RELATIONS } from './relations';
import { type DanglingReference, type Edge, type Evidence, type JqlSource, type Relation } from './types';
import { propertyReference, referencesInSettings, ruleParameterKind, updateFieldValueTarget } from './vocabulary';

/** An object of the snapshot as the graph knows it: its address and display name. */
export interface GraphNode extends ObjectRef {
  readonly name: string;
}

/** A JQL problem (broken or ambiguous reference, syntax error) found in one object's JQL. */
export interface JqlFinding {
  readonly from: GraphNode;
  readonly source: JqlSource;
  readonly jql: string;
  readonly finding: Exclude<JqlResolution, { type: 'resolved' }>;
}

/** The dependency graph of one snapshot: every reference between objects as an edge `user → used`. */
export interface DependencyGraph {
  readonly snapshot: ConfigSnapshot;
  /** Every edge, made on first access (the graph keeps edges packed; prefer {@link usersOf} and {@link usesOf}). */
  readonly edges: readonly Edge[];
  /** How many edges the graph holds. */
  readonly edgeCount: number;
  readonly dangling: readonly DanglingReference[];
  readonly jqlFindings: readonly JqlFinding[];
  readonly catalogue: JqlCatalogue;
  /**
   * Each filter's JQL fingerprint (as jql's jqlFingerprint makes it), by the filter's place among the filter nodes, made as the
   * graph read the JQL; -1 for JQL with a character outside ASCII. The duplicates report groups filters by it.
   */
  readonly filterJqlFingerprints: Float64Array;
  /** The node at an address, if the snapshot holds that object. */
  node(ref: ObjectRef): GraphNode | undefined;
  /**
   * The snapshot's object at an address: the last of that id in its collection, as a map by id would hold it. For the
   * graph's own node of a kind whose ids are all different, its own object, found by its place (no lookup by id).
   */
  objectOf<K extends ObjectKind>(ref: ObjectRef & { readonly kind: K }): ObjectOfKind<K> | undefined;
  /** Every node of a kind, in snapshot order. */
  nodesOf(kind: ObjectKind): readonly GraphNode[];
  /** Edges into `ref`: the objects that use it. */
  usersOf(ref: ObjectRef): readonly Edge[];
  /** Edges out of `ref`: the objects it uses. */
  usesOf(ref: ObjectRef): readonly Edge[];
  /**
   * Visits each object that uses `ref`, with the relation, in the order of {@link usersOf}, while `visit` returns true;
   * true when every visit did (as `Array.prototype.every`). No edge is made.
   */
  eachUser(ref: ObjectRef, visit: (from: GraphNode, relation: Relation) => boolean): boolean;
  /** Visits each object `ref` uses, as {@link eachUser} does its users (in the order of {@link usesOf}). */
  eachUse(ref: ObjectRef, visit: (to: GraphNode, relation: Relation) => boolean): boolean;
  /** How many nodes the graph holds: their numbers ({@link numberOf}) are 0 to `nodeCount - 1`. */
  readonly nodeCount: number;
  /** The number of the node at an address (an index for arrays kept beside the graph), if the snapshot holds it. */
  numberOf(ref: ObjectRef): number | undefined;
  /**
   * For every node, by number: how many distinct objects use it through an edge whose relation `counts` and whose user
   * `counts` (each asked once per relation and once per user, not per edge). One pass over the edges, nothing made per
   * edge: what a count per node would cost over a site's half a million edges.
   */
  distinctUsers(counts: { relation(relation: Relation): boolean; user(from: GraphNode): boolean }): Uint32Array;
}

/** The map key of an address. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind}:${ref.id}`;
}

const NONE: readonly Edge[] = [];
/** A workflow without status settings (most): one empty list for all. */
const NO_STATUS_SETTINGS: NonNullable<ConfigSnapshot['workflows'][number]['statusSettings']> = [];
const CONTEXT_SCOPE: Evidence = { type: 'context-scope' };
const CONTEXT_DEFAULT: Evidence = { type: 'context-default' };
const WORKFLOW_STATUS: Evidence = { type: 'workflow-status' };
const BOARD_FILTER: Evidence = { type: 'board-filter' };
const SLOT_EVIDENCE = Object.fromEntries(SCREEN_SCHEME_SLOTS.map((slot): [ScreenSchemeSlot, Evidence] => [slot, { type: 'screen-scheme-slot', slot }])) as Record<ScreenSchemeSlot, Evidence>;
// Evidence is never changed once made: edges that say the same share one object.
const BOARD_ESTIMATION: Evidence = { type: 'board-setting', setting: 'estimation' };
const BOARD_RANK: Evidence = { type: 'board-setting', setting: 'rank' };
const BOARD_LOCATION: Evidence = { type: 'board-setting', setting: 'location' };
type SchemeKindOfProject = ProjectSchemeKind | 'priority-scheme' | 'issue-security-scheme' | 'field-scheme';
/** A project's use of each kind of scheme, for a live, an archived and a trashed project (2,000 projects say the same few things). */
const PROJECT_SCHEME_EVIDENCE = Object.fromEntries(
  ([...PROJECT_SCHEME_KINDS, 'priority-scheme', 'issue-security-scheme', 'field-scheme'] as const).map((schemeKind): [SchemeKindOfProject, readonly [Evidence, Evidence, Evidence]] => [
    schemeKind,
    [{ type: 'project-scheme', schemeKind }, { type: 'project-scheme', schemeKind, projectState: 'archived' }, { type: 'project-scheme', schemeKind, projectState: 'in the trash' }],
  ]),
) as Record<SchemeKindOfProject, readonly [Evidence, Evidence, Evidence]>;
const SERVICE_PROJECT: Evidence = { type: 'service-project' };
const QUEUE_COLUMN: Evidence = { type: 'queue-column' };
const QUEUE_JQL: JqlSource = { type: 'queue' };
const FILTER_JQL: JqlSource = { type: 'filter' };
const BOARD_SUB_QUERY: JqlSource = { type: 'board-sub-query' };

function normaliseHolderType(type: string): string {
  return type.replaceAll('_', '').toLowerCase();
}

const HOLDER_TARGETS: ReadonlyMap<string, ObjectKind> = new Map<string, ObjectKind>([
  ['group', 'group'],
  ['projectrole', 'project-role'],
  ['usercustomfield', 'field'],
  ['groupcustomfield', 'field'],
]);

const CUSTOM_FIELD_TOKEN = /customfield_\d+/g;
const SPLIT = /[\s,;|]+/;

/**
 * N when `id` is `<prefix>N` as Jira writes its ids (digits, no leading zero, at most nine), else undefined: two such
 * ids of one prefix are the same text exactly when their numbers are equal.
 */
function idNumber(id: string, prefix: string): number | undefined {
  const p = prefix.length;
  const n = id.length;
  if (n <= p || n > p + 9) return undefined;
  // 0 is the only number written with a leading 0.
  if (id.charCodeAt(p) === 48 && n !== p + 1) return undefined;
  for (let i = 0; i < p; i++) if (id.charCodeAt(i) !== prefix.charCodeAt(i)) return undefined;
  let value = 0;
  for (let i = p; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  return value;
}

/**
 * The node numbers of one kind's objects by id; where an id repeats, its last object wins (as in a map). Most Jira ids
 * are numbers (`10040`; a custom field's `customfield_10040`): those are kept in a typed array from the lowest number,
 * where a reference, a fresh copy of the id, is found without hashing its text. Other ids (UUIDs, names), or all of
 * them when the numbers are too spread out for an array, are kept in a map.
 */
class IdIndex {
  private readonly byText = new Map<string, number>();
  private readonly table: Int32Array | undefined;
  private readonly base: number = 0;
  /** True when no id repeats. */
  readonly unique: boolean;

  /** The index of the ids of `objects`, the i-th numbered `first + i`; `prefix` what the kind's numeric ids start with. */
  constructor(objects: readonly { readonly id: string }[], first: number, private readonly prefix: string) {
    const numbers = new Int32Array(objects.length);
    let low = Infinity;
    let high = -Infinity;
    let count = 0;
    for (let i = 0; i < objects.length; i++) {
      const n = idNumber(objects[i]?.id ?? '', prefix) ?? -1;
      numbers[i] = n;
      if (n < 0) continue;
      low = Math.min(low, n);
      high = Math.max(high, n);
      count++;
    }
    let repeated = false;
    if (count > 0 && high - low <= 8 * count + 4096) {
      this.base = low;
      this.table = new Int32Array(high - low + 1).fill(-1);
    }
    for (let i = 0; i < objects.length; i++) {
      const id = objects[i]?.id ?? '';
      const n = numbers[i] ?? -1;
      if (this.table !== undefined && n >= 0) {
        repeated ||= (this.table[n - low] ?? -1) >= 0;
        this.table[n - low] = first + i;
      } else {
        repeated ||= this.byText.has(id);
        this.byText.set(id, first + i);
      }
    }
    this.unique = !repeated;
  }

  get(id: string): number | undefined {
    if (this.table !== undefined) {
      const n = idNumber(id, this.prefix);
      if (n !== undefined) {
        const i = this.table[n - this.base] ?? -1;
        return i < 0 ? undefined : i;
      }
    }
    return this.byText.get(id);
  }
}

/** `value` split at blanks, commas, semicolons and bars; a value with none (most: one id) is itself, with no regular expression run. */
export function tokensOf(value: string): readonly string[] {
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // Control characters and non-ASCII ones (Unicode blanks) take the regular expression.
    if (c < 32 || c > 126) return value.split(SPLIT);
    if (c !== 32 && c !== 44 && c !== 59 && c !== 124) continue;
    // ASCII separators (space, comma, semicolon, bar) are cut here, as the expression cuts them.
    (out ??= []).push(value.slice(from, i));
    while (i + 1 < value.length && isSeparator(value.charCodeAt(i + 1))) i++;
    from = i + 1;
  }
  if (out === undefined) return [value];
  out.push(value.slice(from));
  return out;
}

/** A space, comma, semicolon or bar. */
const isSeparator = (c: number): boolean => c === 32 || c === 44 || c === 59 || c === 124;

/** Builds the dependency graph with every relation of DESIGN.md; ids that match nothing become dangling references. */
export function buildGraph(scanned: ConfigSnapshot): DependencyGraph {
  // Jira's implicit defaults are objects: a project on the id-less Default Workflow Scheme reaches workflow `jira`
  // (a snapshot that has them already, as analyse() gives, is taken as it is).
  return new GraphBuild(withImplicitDefaults(scanned)).graph();
}

type Transition = ConfigSnapshot['workflows'][number]['transitions'][number];

/** Where a workflow rule names an object: its transition, the rule and the parameter. */
function ruleEvidence(t: Transition, rule: Transition['rules'][number], parameter: string): Evidence {
  return {
    type: 'workflow-rule',
    transitionId: t.id,
    transitionName: t.name,
    ruleKind: rule.kind,
    ruleKey: rule.parameters.appKey ?? rule.ruleKey,
    parameter,
  };
}

/**
 * One graph build: what its parts share, and each part as a method. Methods of a class, not closures made per build:
 * the engine keeps a method's optimised code from one build to the next, where each build's fresh closures were
 * compiled again (every analysis after the first recompiled about 115 functions, the build's parts among them, and
 * ran them unoptimised meanwhile). Each part is its own method so that the engine optimises its loop alone.
 */
class GraphBuild {
  /** Nodes are numbered; per-kind indexes from id to number avoid building a `kind:id` string per reference. */
  private readonly all: GraphNode[] = [];
  /** A plain object by kind (property access, not a Map lookup, on every reference). */
  private readonly indexOf = {} as Record<ObjectKind, IdIndex>;
  private readonly byKind = new Map<ObjectKind, GraphNode[]>();
  /** Kinds whose objects all have different ids (a snapshot may hold a repeated id: then the id's last object wins). */
  private readonly uniqueIds = new Set<ObjectKind>();
  /** The number of each kind's first node: a kind's nodes are numbered in a row, in the order of its collection. */
  private readonly firstOf = {} as Record<ObjectKind, number>;
  /** Groups are named by groupId, but older payloads (permission holders, rule settings) carry only the group's name. */
  private readonly groupByName = new Map<string, number>();
  private readonly workflowByName = new Map<string, string>();
  private readonly finder: NodeFinder;
  private readonly fieldIds: ReadonlySet<string>;
  /**
   * Edges are packed (node numbers, relation number, evidence) and indexed by node once all are known: an enterprise
   * site has over half a million, and an object plus two list entries per edge costs more than the rest of the build.
   */
  private readonly edges: EdgeStore;
  private readonly dangling: DanglingReference[] = [];
  private readonly jqlFindings: JqlFinding[] = [];
  private readonly catalogue: JqlCatalogue;
  /** Linking is a class's methods (see NodeLinker): the parts call `lk.self`, `lk.link` and `lk.linkJql`. */
  private readonly lk: NodeLinker;
  /** Each filter's JQL fingerprint, in node order, as it was read (-1: none). */
  private readonly filterPrints: Float64Array;
  private readonly projectById: ReadonlyMap<string, ConfigSnapshot['projects'][number]>;
  private readonly statusName: ReadonlyMap<string, string>;
  private readonly judgedParameters = new Map<string, ObjectKind | null>();

  constructor(private readonly snapshot: ConfigSnapshot) {
    this.numberNodes();
    this.indexGroups();
    this.finder = new NodeFinder(this.indexOf, this.groupByName);
    this.indexWorkflowNames();
    this.fieldIds = new Set(snapshot.fields.map((f) => f.id));
    // Sites hold about six references per object (an enterprise site 5.8): room for eight leaves most without a copy.
    this.edges = new EdgeStore(8 * this.all.length);
    // Every node is numbered by now: what JQL names is numbered once per name, not looked up per reference.
    this.catalogue = buildJqlCatalogue(snapshot, this.finder);
    this.lk = new NodeLinker(this.finder, this.all, this.uniqueIds, this.edges, this.dangling, this.jqlFindings, this.catalogue);
    this.filterPrints = new Float64Array(snapshot.filters.length).fill(-1);
    this.projectById = new Map(snapshot.projects.map((p) => [p.id, p]));
    this.statusName = new Map(snapshot.statuses.map((st) => [st.id, st.name]));
  }

  /** Links every part, then indexes the edges by node. */
  graph(): DependencyGraph {
    this.linkOptions();
    this.linkQueues();
    this.linkRequestTypes();
    this.linkScreens();
    this.linkScreenSchemes();
    this.linkIssueTypeScreenSchemes();
    this.linkProjects();
    this.linkPrioritySchemes();
    this.linkPlans();
    this.linkFieldSchemes();
    this.linkFieldConfigurations();
    this.linkFieldConfigurationSchemes();
    this.linkIssueTypeSchemes();
    this.linkContexts();
    this.linkWorkflows();
    this.linkWorkflowSchemes();
    this.linkFilters();
    this.linkBoards();
    this.linkDashboards();
    linkAutomationRules(this.snapshot, this.catalogue, this.lk);
    this.linkPermissionSchemes();
    this.linkSecuritySchemes();
    this.linkNotificationSchemes();
    const { snapshot, all, byKind, indexOf, uniqueIds, firstOf, finder, edges, dangling, jqlFindings, catalogue, filterPrints } = this;
    const incoming = edges.indexBy(edges.to, edges.from, all.length);
    const outgoing = edges.indexBy(edges.from, edges.to, all.length);
    return new PackedGraph({ snapshot, all, byKind, indexOf, uniqueIds, firstOf, finder, edges, incoming, outgoing, dangling, jqlFindings, catalogue, filterJqlFingerprints: filterPrints, build: this });
  }

  private numberNodes(): void {
    for (const kind of OBJECT_KINDS) this.numberKind(kind);
  }

  /** One kind's nodes, numbered after the last kind's, and its index by id. */
  private numberKind(kind: ObjectKind): void {
    const { snapshot, all, indexOf, byKind, uniqueIds, firstOf } = this;
    const first = all.length;
    firstOf[kind] = first;
    const objects = snapshot[COLLECTION_OF_KIND[kind]] as readonly { id: string; name: string }[];
    // Made at their length (no list grows a step at a time), and the index reads its ids from the nodes, one shape.
    const list = new Array<GraphNode>(objects.length);
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i] as { id: string; name: string };
      const node: GraphNode = new NumberedNode(kind, o.id, o.name, first + i, o);
      list[i] = node;
      all.push(node);
    }
    byKind.set(kind, list);
    const index = new IdIndex(list, first, kind === 'field' ? 'customfield_' : '');
    indexOf[kind] = index;
    if (index.unique) uniqueIds.add(kind);
  }

  private indexGroups(): void {
    const { snapshot, indexOf, groupByName } = this;
    for (const g of snapshot.groups) {
      const i = indexOf.group.get(g.id);
      if (i !== undefined && !groupByName.has(g.name.toLowerCase())) groupByName.set(g.name.toLowerCase(), i);
    }
  }

  private indexWorkflowNames(): void {
    const { snapshot, workflowByName } = this;
    for (const w of snapshot.workflows) workflowByName.set(w.name, w.id);
  }

  private linkOptions(): void {
    const { snapshot, lk } = this;
    // One evidence object per context for its options.
    const contextName = new Map(this.snapshot.fieldContexts.map((c) => [c.id, c.name]));
    const contextEvidence = new Map<string, Evidence>();
    const options = snapshot.options;
    for (let i = 0; i < options.length; i++) {
      const o = options[i] as (typeof options)[number];
      const from = lk.self('option', o.id);
      let evidence = contextEvidence.get(o.contextId);
      if (evidence === undefined) {
        evidence = { type: 'option', contextName: contextName.get(o.contextId) ?? o.contextId };
        contextEvidence.set(o.contextId, evidence);
      }
      lk.link(from, 'field-context', o.contextId, 'option-context', evidence);
      if (o.parentId !== undefined) lk.link(from, 'option', o.parentId, 'option-parent', evidence);
    }
  }

  private linkQueues(): void {
    const { snapshot, fieldIds, lk } = this;
    for (const q of snapshot.queues) {
      const from = lk.self('queue', q.id);
      lk.link(from, 'project', q.projectId, 'service-project', SERVICE_PROJECT);
      if (q.jql.trim() !== '') lk.linkJql(from, q.jql, QUEUE_JQL);
      for (const id of q.fieldIds) if (id.startsWith('customfield_') || fieldIds.has(id)) lk.link(from, 'field', id, 'queue-column', QUEUE_COLUMN);
    }
  }

  private linkRequestTypes(): void {
    const { snapshot, lk } = this;
    for (const r of snapshot.requestTypes) {
      const from = lk.self('request-type', r.id);
      lk.link(from, 'project', r.projectId, 'service-project', SERVICE_PROJECT);
      if (r.issueTypeId !== undefined) lk.link(from, 'issue-type', r.issueTypeId, 'request-type-issue-type', { type: 'request-type-issue-type' });
      for (const f of r.fields) lk.link(from, 'field', f.fieldId, 'request-type-field', { type: 'request-type-field', required: f.required, visible: f.visible });
    }
  }

  private linkScreens(): void {
    const { snapshot, lk } = this;
    const screens = snapshot.screens;
    for (let i = 0; i < screens.length; i++) {
      const s = screens[i] as (typeof screens)[number];
      const from = lk.self('screen', s.id);
      for (let t = 0; t < s.tabs.length; t++) {
        const tab = s.tabs[t] as (typeof s.tabs)[number];
        const evidence: Evidence = { type: 'screen-tab', tabId: tab.id, tabName: tab.name };
        const fieldIds = tab.fieldIds;
        for (let f = 0; f < fieldIds.length; f++) lk.link(from, 'field', fieldIds[f] ?? '', 'screen-tab-field', evidence);
      }
    }
  }

  private linkScreenSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.screenSchemes) {
      const from = lk.self('screen-scheme', s.id);
      for (const slot of SCREEN_SCHEME_SLOTS) {
        const id = s.screens[slot];
        if (id !== undefined) lk.link(from, 'screen', id, 'screen-scheme-screen', SLOT_EVIDENCE[slot]);
      }
    }
  }

  private linkIssueTypeScreenSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.issueTypeScreenSchemes) {
      const mappings = s.mappings.map((m) => ({ issueTypeId: m.issueTypeId, target: m.screenSchemeId }));
      this.linkIssueTypeMappings(lk.self('issue-type-screen-scheme', s.id), mappings, 'screen-scheme', 'issue-type-screen-scheme-screen-scheme', 'issue-type-screen-scheme-issue-type');
    }
  }

  private linkProjects(): void {
    const { snapshot, lk } = this;
    for (const p of snapshot.projects) {
      const from = lk.self('project', p.id);
      for (const schemeKind of PROJECT_SCHEME_KINDS) {
        const id = p.schemes[schemeKind];
        if (id !== undefined) lk.link(from, schemeKind, id, 'project-scheme', this.projectSchemeEvidence(p, schemeKind));
      }
    }
  }

  private linkPrioritySchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.prioritySchemes) {
      const scheme = lk.self('priority-scheme', s.id);
      for (const id of s.priorityIds) lk.link(scheme, 'priority', id, 'priority-scheme-priority', { type: 'priority-in-scheme', isDefault: id === s.defaultPriorityId });
      this.linkProjectsOf(scheme, 'priority-scheme', s.projectIds);
    }
  }

  private linkPlans(): void {
    const { snapshot, lk } = this;
    for (const p of snapshot.plans) {
      const from = lk.self('plan', p.id);
      for (const src of p.issueSources) lk.link(from, src.type, src.id, 'plan-source', { type: 'plan', setting: 'issue source' });
      for (const id of p.customFieldIds) lk.link(from, 'field', id, 'plan-field', { type: 'plan', setting: 'custom field' });
      for (const id of p.dateFieldIds) lk.link(from, 'field', id, 'plan-field', { type: 'plan', setting: 'date field' });
      for (const id of p.excludedStatusIds) lk.link(from, 'status', id, 'plan-exclusion', { type: 'plan', setting: 'exclusion rule' });
      for (const id of p.excludedIssueTypeIds) lk.link(from, 'issue-type', id, 'plan-exclusion', { type: 'plan', setting: 'exclusion rule' });
    }
  }

  private linkFieldSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.fieldSchemes) {
      const scheme = lk.self('field-scheme', s.id);
      for (const f of s.fields) lk.link(scheme, 'field', f.fieldId, 'field-scheme-field', { type: 'field-association', issueTypeIds: f.issueTypeIds });
      this.linkProjectsOf(scheme, 'field-scheme', s.projectIds);
    }
  }

  private linkFieldConfigurations(): void {
    for (const c of this.snapshot.fieldConfigurations) this.linkFieldConfiguration(c);
  }

  /**
   * One field configuration's settings. A method per object where its loop's body is long: the part's loop runs once
   * per build, and a loop that runs once per build in the method that holds it ran unoptimised in every build.
   */
  private linkFieldConfiguration(c: ConfigSnapshot['fieldConfigurations'][number]): void {
    const lk = this.lk;
    const from = lk.self('field-configuration', c.id);
    for (const item of c.items) {
      const nonDefaultRenderer = item.renderer !== undefined && item.renderer !== '' && item.renderer !== 'text-renderer';
      if (!item.isHidden && !item.isRequired && !nonDefaultRenderer) continue;
      const evidence: Evidence =
        item.renderer === undefined
          ? { type: 'field-configuration-item', isHidden: item.isHidden, isRequired: item.isRequired }
          : { type: 'field-configuration-item', isHidden: item.isHidden, isRequired: item.isRequired, renderer: item.renderer };
      lk.link(from, 'field', item.fieldId, 'field-configuration-item', evidence);
    }
  }

  private linkFieldConfigurationSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.fieldConfigurationSchemes) {
      const mappings = s.mappings.map((m) => ({ issueTypeId: m.issueTypeId, target: m.fieldConfigurationId }));
      this.linkIssueTypeMappings(lk.self('field-configuration-scheme', s.id), mappings, 'field-configuration', 'field-configuration-scheme-configuration', 'field-configuration-scheme-issue-type');
    }
  }

  private linkIssueTypeSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.issueTypeSchemes) {
      const from = lk.self('issue-type-scheme', s.id);
      for (const id of s.issueTypeIds) lk.link(from, 'issue-type', id, 'issue-type-scheme-issue-type', { type: 'issue-type-mapping', issueTypeId: id });
    }
  }

  private linkContexts(): void {
    const { snapshot, lk } = this;
    const contexts = snapshot.fieldContexts;
    for (let i = 0; i < contexts.length; i++) {
      const c = contexts[i] as (typeof contexts)[number];
      const from = lk.self('field-context', c.id);
      lk.link(from, 'field', c.fieldId, 'context-field', CONTEXT_SCOPE);
      for (const id of c.projectIds) lk.link(from, 'project', id, 'context-project', CONTEXT_SCOPE);
      for (const id of c.issueTypeIds) lk.link(from, 'issue-type', id, 'context-issue-type', CONTEXT_SCOPE);
      if (c.defaultOptionIds !== undefined) for (const id of c.defaultOptionIds) lk.link(from, 'option', id, 'context-default-option', CONTEXT_DEFAULT);
    }
  }

  private linkWorkflows(): void {
    const { snapshot, lk, statusName } = this;
    const workflows = snapshot.workflows;
    for (let i = 0; i < workflows.length; i++) {
      const w = workflows[i] as (typeof workflows)[number];
      const from = lk.self('workflow', w.id);
      for (let k = 0; k < w.statusIds.length; k++) lk.link(from, 'status', w.statusIds[k] ?? '', 'workflow-status', WORKFLOW_STATUS);
      for (const st of w.statusSettings ?? NO_STATUS_SETTINGS) {
        const name = statusName.get(st.statusId) ?? st.statusId;
        this.linkProperties(from, st.properties, 'status', st.statusId, name);
        const approval = st.approval;
        if (approval?.fieldId !== undefined) lk.link(from, 'field', approval.fieldId, 'workflow-approval', { type: 'workflow-approval', statusId: st.statusId, statusName: name, setting: 'approvers field' });
        if (approval?.prePopulatedFieldId !== undefined) lk.link(from, 'field', approval.prePopulatedFieldId, 'workflow-approval', { type: 'workflow-approval', statusId: st.statusId, statusName: name, setting: 'field that pre-fills the approvers' });
      }
      for (let k = 0; k < w.transitions.length; k++) {
        const t = w.transitions[k] as Transition;
        this.linkProperties(from, t.properties, 'transition', t.id, t.name);
        if (t.screenId !== undefined) {
          lk.link(from, 'screen', t.screenId, 'workflow-transition-screen', { type: 'transition-screen', transitionId: t.id, transitionName: t.name });
        }
        for (let r = 0; r < t.rules.length; r++) this.linkRule(from, t, t.rules[r] as Transition['rules'][number]);
      }
    }
  }

  private linkWorkflowSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.workflowSchemes) {
      const from = lk.self('workflow-scheme', s.id);
      if (s.defaultWorkflow !== undefined) this.linkSchemeWorkflow(from, s.defaultWorkflow, DEFAULT_ISSUE_TYPE_KEY);
      for (const m of s.issueTypeMappings) {
        this.linkSchemeWorkflow(from, m.workflow, m.issueTypeId);
        lk.link(from, 'issue-type', m.issueTypeId, 'workflow-scheme-issue-type', { type: 'issue-type-mapping', issueTypeId: m.issueTypeId });
      }
    }
  }

  private linkFilters(): void {
    const { snapshot, lk, filterPrints } = this;
    const filters = snapshot.filters;
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i] as (typeof filters)[number];
      const from = lk.self('filter', f.id);
      filterPrints[i] = lk.linkJql(from, f.jql, FILTER_JQL);
      const subscriptions = f.subscriptions;
      if (subscriptions === undefined) continue;
      for (let k = 0; k < subscriptions.length; k++) {
        const sub = subscriptions[k] as (typeof subscriptions)[number];
        if (sub.groupId !== undefined) lk.link(from, 'group', sub.groupId, 'filter-subscription', { type: 'filter-subscription', subscriptionId: sub.id });
      }
    }
  }

  private linkBoards(): void {
    const { snapshot, lk } = this;
    const boards = snapshot.boards;
    for (let i = 0; i < boards.length; i++) {
      const b = boards[i] as (typeof boards)[number];
      const from = lk.self('board', b.id);
      if (b.filterId !== undefined) lk.link(from, 'filter', b.filterId, 'board-filter', BOARD_FILTER);
      if (b.subQuery !== undefined && b.subQuery.trim() !== '') lk.linkJql(from, b.subQuery, BOARD_SUB_QUERY);
      for (const q of b.quickFilters) {
        if (q.jql.trim() !== '') lk.linkJql(from, q.jql, { type: 'quick-filter', quickFilterId: q.id, quickFilterName: q.name });
      }
      for (let c = 0; c < b.columns.length; c++) {
        const col = b.columns[c] as (typeof b.columns)[number];
        const evidence: Evidence = { type: 'board-column', column: col.name };
        for (let k = 0; k < col.statusIds.length; k++) lk.link(from, 'status', col.statusIds[k] ?? '', 'board-column-status', evidence);
      }
      if (b.estimationFieldId !== undefined) lk.link(from, 'field', b.estimationFieldId, 'board-estimation-field', BOARD_ESTIMATION);
      if (b.rankFieldId !== undefined) lk.link(from, 'field', b.rankFieldId, 'board-rank-field', BOARD_RANK);
      if (b.location?.type === 'project' && b.location.projectId !== undefined) {
        lk.link(from, 'project', b.location.projectId, 'board-location', BOARD_LOCATION);
      }
    }
  }

  private linkDashboards(): void {
    const { snapshot, fieldIds, lk } = this;
    const dashboards = snapshot.dashboards;
    for (let i = 0; i < dashboards.length; i++) {
      const d = dashboards[i] as (typeof dashboards)[number];
      const from = lk.self('dashboard', d.id);
      for (let k = 0; k < d.gadgets.length; k++) {
        const g = d.gadgets[k] as (typeof d.gadgets)[number];
        for (const key in g.properties) {
          for (const target of gadgetReferences(key, g.properties[key] ?? '', fieldIds)) lk.link(from, target.kind, target.id, 'gadget-property', gadgetEvidence(g, key));
        }
        // A gadget that keeps its filter or project as two properties, `id` and `type`.
        const named = idAndType(g.properties);
        if (named !== undefined) lk.link(from, named.kind, named.id, 'gadget-property', gadgetEvidence(g, 'id'));
      }
    }
  }

  private linkPermissionSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.permissionSchemes) {
      const from = lk.self('permission-scheme', s.id);
      for (const g of s.grants) {
        this.linkHolder(from, g.holder, 'permission-holder', { type: 'permission-grant', permission: g.permission, holderType: g.holder.type });
      }
    }
  }

  private linkSecuritySchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.issueSecuritySchemes) {
      const from = lk.self('issue-security-scheme', s.id);
      for (const level of s.levels) {
        for (const h of level.members) this.linkHolder(from, h, 'security-level-member', { type: 'security-level', levelId: level.id, levelName: level.name, holderType: h.type });
      }
      this.linkProjectsOf(from, 'issue-security-scheme', s.projectIds);
    }
  }

  private linkNotificationSchemes(): void {
    const { snapshot, lk } = this;
    for (const s of snapshot.notificationSchemes) {
      const from = lk.self('notification-scheme', s.id);
      for (const e of s.events) {
        for (const h of e.notifications) this.linkHolder(from, h, 'notification-holder', { type: 'notification', eventName: e.eventName, holderType: h.type });
      }
    }
  }

  /** A scheme that maps issue types to objects uses each object, and each issue type but the default slot. */
  private linkIssueTypeMappings(from: GraphNode, mappings: readonly { readonly issueTypeId: string; readonly target: string }[], kind: ObjectKind, relation: Relation, typeRelation: Relation): void {
    const lk = this.lk;
    for (const m of mappings) {
      const evidence: Evidence = { type: 'issue-type-mapping', issueTypeId: m.issueTypeId };
      lk.link(from, kind, m.target, relation, evidence);
      if (m.issueTypeId !== DEFAULT_ISSUE_TYPE_KEY) lk.link(from, 'issue-type', m.issueTypeId, typeRelation, evidence);
    }
  }

  /** A project's use of a scheme, saying when the project is archived or in the trash (restoring it needs the scheme). */
  private projectSchemeEvidence(p: ConfigSnapshot['projects'][number] | undefined, schemeKind: SchemeKindOfProject): Evidence {
    return PROJECT_SCHEME_EVIDENCE[schemeKind][p?.deleted === true ? 2 : p?.archived === true ? 1 : 0];
  }

  /** Jira lists priority, issue security and field schemes with their projects: each project listed uses the scheme. */
  private linkProjectsOf(scheme: GraphNode, schemeKind: 'priority-scheme' | 'issue-security-scheme' | 'field-scheme', projectIds: readonly string[]): void {
    const { finder, all, dangling, lk, projectById } = this;
    for (const projectId of projectIds) {
      const project = finder.find('project', projectId);
      const from = project === undefined ? undefined : all[project];
      if (from === undefined) {
        dangling.push({ from: scheme, to: { kind: 'project', id: projectId }, relation: 'project-scheme', evidence: { type: 'project-scheme', schemeKind } });
        continue;
      }
      lk.link(from, schemeKind, scheme.id, 'project-scheme', this.projectSchemeEvidence(projectById.get(projectId), schemeKind));
    }
  }

  /** A workflow scheme's workflow for an issue type (or its default), named by the workflow's name. */
  private linkSchemeWorkflow(from: GraphNode, name: string, issueTypeId: string): void {
    const evidence: Evidence = { type: 'issue-type-mapping', issueTypeId };
    const id = this.workflowByName.get(name);
    if (id === undefined) this.dangling.push({ from, to: { kind: 'workflow', id: name }, relation: 'workflow-scheme-workflow', evidence });
    else this.lk.link(from, 'workflow', id, 'workflow-scheme-workflow', evidence);
  }

  /** A status's or transition's properties that name a group, role or field (Jira's permission properties). */
  private linkProperties(from: GraphNode, properties: Readonly<Record<string, string>> | undefined, place: 'status' | 'transition', placeId: string, placeName: string): void {
    const { finder, lk } = this;
    for (const key in properties) {
      const target = propertyReference(key, properties[key] ?? '');
      // A group named by a name that matches no group may be a group Jira no longer has, or text: only ids dangle.
      if (target === undefined || (target.kind === 'group' && finder.find('group', target.id) === undefined && !/^[0-9a-f-]{36}$/.test(target.id))) continue;
      lk.link(from, target.kind, target.id, 'workflow-property', { type: 'workflow-property', place, placeId, placeName, key });
    }
  }

  /** What one workflow rule names: an update-field value, its app's unpacked settings, and ids in its parameters. */
  private linkRule(from: GraphNode, t: Transition, rule: Transition['rules'][number]): void {
    const { finder, lk, fieldIds, judgedParameters } = this;
    const valueTarget = updateFieldValueTarget(rule);
    if (valueTarget !== undefined) lk.link(from, valueTarget.kind, valueTarget.id, 'workflow-rule', ruleEvidence(t, rule, valueTarget.parameter));
    const decoded = rule.decoded;
    for (const parameter in decoded) {
      for (const r of referencesInSettings(decoded[parameter] ?? '')) {
        // Text under a key that speaks of groups or roles is a reference only when it names one: settings hold prose too.
        if (r.kind !== 'field' && finder.find(r.kind, r.id) === undefined) continue;
        lk.link(from, r.kind, r.id, 'workflow-rule', ruleEvidence(t, rule, `${parameter} ${r.path}`));
      }
    }
    for (const parameter in rule.parameters) {
      if (decoded?.[parameter] !== undefined) continue;
      const value = rule.parameters[parameter] ?? '';
      const kind = ruleParameterKind(parameter, judgedParameters);
      if (kind === undefined && !value.includes('customfield_')) continue;
      // The ids linked so far and the parameter's evidence, made at its first reference (most values hold one id).
      let seen: string[] | undefined;
      let evidence: Evidence | undefined;
      if (kind !== undefined) {
        for (const token of tokensOf(value)) {
          if (token === '' || seen?.includes(token) === true) continue;
          // A field parameter may hold a value rather than an id (e.g. "-1" for "none"): only ids are references.
          if (kind === 'field' && !token.startsWith('customfield_') && !fieldIds.has(token)) continue;
          if (kind !== 'field' && kind !== 'group' && !digitsFrom(token)) continue;
          (seen ??= []).push(token);
          lk.link(from, kind, token, 'workflow-rule', (evidence ??= ruleEvidence(t, rule, parameter)));
        }
      }
      if (kind !== 'field' && value.includes('customfield_')) {
        for (const m of value.matchAll(CUSTOM_FIELD_TOKEN)) {
          if (seen?.includes(m[0]) === true) continue;
          (seen ??= []).push(m[0]);
          lk.link(from, 'field', m[0], 'workflow-rule', (evidence ??= ruleEvidence(t, rule, parameter)));
        }
      }
    }
  }

  /** A permission, notification or security level holder that names a group, role, field or user. */
  private linkHolder(from: GraphNode, holder: Holder, relation: Relation, evidence: Evidence): void {
    const kind = HOLDER_TARGETS.get(normaliseHolderType(holder.type));
    if (kind !== undefined && holder.parameter !== undefined && holder.parameter !== '') this.lk.link(from, kind, holder.parameter, relation, evidence);
  }
}

/**
 * How the build links objects: the source object of the edges being made (set by {@link self}), each edge, JQL and
 * findings. A class, not closures per build (see {@link PackedGraph}): every part of the build calls these.
 */
class NodeLinker implements Linker {
  private fromIndex = -1;
  private fromNode: GraphNode | undefined;
  /** The node after the last one `self` found: the parts walk each collection in the order its nodes were numbered. */
  private expected = -1;
  private readonly sink: GraphJqlSink;

  constructor(
    private readonly finder: NodeFinder,
    private readonly all: readonly GraphNode[],
    private readonly uniqueIds: ReadonlySet<ObjectKind>,
    private readonly edges: EdgeStore,
    private readonly dangling: DanglingReference[],
    private readonly jqlFindings: JqlFinding[],
    private readonly catalogue: JqlCatalogue,
  ) {
    // One sink for every JQL of the snapshot (no object per resolved reference); linkJql says what it is about.
    this.sink = new GraphJqlSink(finder, edges, dangling, this);
  }

  find(kind: ObjectKind, id: string): number | undefined {
    return this.finder.find(kind, id);
  }

  /** The node of a source object, found (usually as the node after the last one, with no lookup by id) and made the current source. */
  self(kind: ObjectKind, id: string): GraphNode {
    const all = this.all;
    const guess = all[this.expected];
    const i = guess !== undefined && guess.id === id && guess.kind === kind && this.uniqueIds.has(kind) ? this.expected : this.finder.find(kind, id);
    const n = i === undefined ? undefined : all[i];
    if (i === undefined || n === undefined) throw new Error(`graph: ${kind}:${id} is not indexed`);
    this.fromIndex = i;
    this.fromNode = n;
    this.expected = i + 1;
    return n;
  }

  /** The number of a source object: the current one's without a lookup. */
  private numberOfSource(from: GraphNode): number {
    const f = from === this.fromNode ? this.fromIndex : this.finder.find(from.kind, from.id);
    if (f === undefined) throw new Error(`graph: ${from.kind}:${from.id} is not indexed`);
    return f;
  }

  /** Links `from` to `kind:id`; an id that names nothing is a dangling reference. */
  link(from: GraphNode, kind: ObjectKind, id: string, relation: Relation, evidence: Evidence): void {
    const to = this.finder.find(kind, id);
    if (to === undefined) {
      this.dangling.push({ from, to: { kind, id }, relation, evidence });
      return;
    }
    this.edges.add(this.numberOfSource(from), to, relationNumber(relation), evidence);
  }

  /** Links what a JQL names; the query's fingerprint as it was read. */
  linkJql(from: GraphNode, jql: string, source: JqlSource, shown = jql): number {
    this.sink.about(from, this.numberOfSource(from), jql, source, this.edges.sourceNumber(source), shown);
    return resolveJqlInto(jql, this.catalogue, this.sink);
  }

  /** A JQL or rule finding; an ambiguous name also links each object it may mean (ambiguity never makes anything safe). */
  finding(f: JqlFinding): void {
    this.jqlFindings.push(f);
    if (f.finding.type !== 'ambiguous') return;
    const evidence: Evidence = { type: 'jql', source: f.source, jql: f.finding.evidence };
    for (const id of f.finding.candidates) this.link(f.from, f.finding.kind, id, 'possible-reference', evidence);
  }

  dangle(d: DanglingReference): void {
    this.dangling.push(d);
  }
}

/** Node numbers by address: each kind's id index, and groups by name for payloads that name them so. */
class NodeFinder {
  constructor(
    private readonly indexOf: Readonly<Record<ObjectKind, IdIndex>>,
    private readonly groupByName: ReadonlyMap<string, number>,
  ) {}

  find(kind: ObjectKind, id: string): number | undefined {
    return this.indexOf[kind].get(id) ?? (kind === 'group' ? this.groupByName.get(id.toLowerCase()) : undefined);
  }
}

/**
 * Where the build's JQL references go: one sink for every JQL of the snapshot (no object per resolved reference), told
 * by {@link about} what it is about. A JQL edge keeps its JQL, its source's number and its clause's offsets: its
 * evidence is made when asked. A class, not closures per build (see {@link PackedGraph}).
 */
class GraphJqlSink implements JqlSink {
  private from: GraphNode | undefined;
  private fromNumber = 0;
  private text = '';
  private source: JqlSource = FILTER_JQL;
  private sourceNumber = 0;
  private shown = '';

  constructor(
    private readonly finder: NodeFinder,
    private readonly edges: EdgeStore,
    private readonly dangling: DanglingReference[],
    private readonly linker: NodeLinker,
  ) {}

  /** The JQL the next references are found in: whose (and its node's number), where, and as shown in findings. */
  about(from: GraphNode, fromNumber: number, text: string, source: JqlSource, sourceNumber: number, shown: string): void {
    this.from = from;
    this.fromNumber = fromNumber;
    this.text = text;
    this.source = source;
    this.sourceNumber = sourceNumber;
    this.shown = shown;
  }

  resolved(kind: ObjectKind, id: string, start: number, end: number, inOrderBy: boolean, _written: string, number: number | undefined): void {
    if (this.from === undefined) return;
    const to = number ?? this.finder.find(kind, id);
    if (to === undefined) {
      this.dangling.push({ from: this.from, to: { kind, id }, relation: 'jql', evidence: { type: 'jql', source: this.source, jql: { clause: this.text.slice(start, end), start, end, inOrderBy } } });
      return;
    }
    this.edges.addJql(this.fromNumber, to, JQL_RELATION, this.text, this.sourceNumber, start, end, inOrderBy);
  }

  finding(finding: Exclude<JqlResolution, { type: 'resolved' }>): void {
    // A name holding part of a masked smart value (automation JQL) is computed when the rule runs: no reference.
    if (this.from === undefined || (finding.type !== 'syntax' && holdsMask(finding.written))) return;
    this.linker.finding({ from: this.from, source: this.source, jql: this.shown, finding });
  }
}

/** What a {@link PackedGraph} is made of, as the build leaves it. */
interface GraphParts {
  readonly snapshot: ConfigSnapshot;
  readonly all: readonly GraphNode[];
  readonly byKind: ReadonlyMap<ObjectKind, readonly GraphNode[]>;
  readonly indexOf: Readonly<Record<ObjectKind, IdIndex>>;
  readonly uniqueIds: ReadonlySet<ObjectKind>;
  readonly firstOf: Readonly<Record<ObjectKind, number>>;
  readonly finder: NodeFinder;
  readonly edges: EdgeStore;
  readonly incoming: NodeEdges;
  readonly outgoing: NodeEdges;
  readonly dangling: readonly DanglingReference[];
  readonly jqlFindings: readonly JqlFinding[];
  readonly catalogue: JqlCatalogue;
  readonly filterJqlFingerprints: Float64Array;
  /**
   * The build that made the graph (its linker and JQL sink with it), kept with the graph: while an object of a class
   * is alive, the engine keeps the optimised code made for that class's objects, so a process that keeps one analysis
   * (src/app/analysis-shapes.ts) builds every later graph with optimised code. When the last build object died, every
   * part's code was thrown away ("weak objects") and made again in each build. It holds little the graph does not.
   */
  readonly build: object;
}

/**
 * The graph as the build hands it out. Its answers are methods of one class, not closures made per build: a process
 * that analyses one site after another (a Forge instance, the bench) keeps the engine's code for them, where a call
 * to a closure of the last analysis was undone at the first call of the next one's.
 */
class PackedGraph implements DependencyGraph {
  readonly snapshot: ConfigSnapshot;
  readonly edgeCount: number;
  readonly dangling: readonly DanglingReference[];
  readonly jqlFindings: readonly JqlFinding[];
  readonly catalogue: JqlCatalogue;
  readonly filterJqlFingerprints: Float64Array;
  readonly nodeCount: number;
  private readonly p: GraphParts;
  private allEdges: readonly Edge[] | undefined;

  constructor(parts: GraphParts) {
    this.p = parts;
    this.snapshot = parts.snapshot;
    this.edgeCount = parts.edges.count;
    this.dangling = parts.dangling;
    this.jqlFindings = parts.jqlFindings;
    this.catalogue = parts.catalogue;
    this.filterJqlFingerprints = parts.filterJqlFingerprints;
    this.nodeCount = parts.all.length;
  }

  get edges(): readonly Edge[] {
    if (this.allEdges === undefined) {
      const list = new Array<Edge>(this.p.edges.count);
      for (let e = 0; e < this.p.edges.count; e++) list[e] = this.edgeAt(e);
      this.allEdges = list;
    }
    return this.allEdges;
  }

  /** The number of a node: read from the node when it is one of this graph's, else looked up by its address. */
  numberOf(ref: ObjectRef): number | undefined {
    if (ref instanceof NumberedNode) {
      const i = ref.number;
      if (this.p.all[i] === ref) return i;
    }
    return this.p.finder.find(ref.kind, ref.id);
  }

  node(ref: ObjectRef): GraphNode | undefined {
    const i = this.numberOf(ref);
    return i === undefined ? undefined : this.p.all[i];
  }

  objectOf<K extends ObjectKind>(ref: ObjectRef & { readonly kind: K }): ObjectOfKind<K> | undefined {
    const kind = ref.kind;
    const p = this.p;
    // The graph's own node of a kind whose ids all differ holds its object.
    if (ref instanceof NumberedNode && p.all[ref.number] === ref && p.uniqueIds.has(kind)) return ref.object as ObjectOfKind<K>;
    const i = p.indexOf[kind].get(ref.id);
    if (i === undefined) return undefined;
    const collection = p.snapshot[COLLECTION_OF_KIND[kind]] as readonly ObjectOfKind<K>[];
    return collection[i - p.firstOf[kind]];
  }

  nodesOf(kind: ObjectKind): readonly GraphNode[] {
    return this.p.byKind.get(kind) ?? [];
  }

  usersOf(ref: ObjectRef): readonly Edge[] {
    return this.edgesOf(this.p.incoming, this.numberOf(ref));
  }

  usesOf(ref: ObjectRef): readonly Edge[] {
    return this.edgesOf(this.p.outgoing, this.numberOf(ref));
  }

  eachUser(ref: ObjectRef, visit: (from: GraphNode, relation: Relation) => boolean): boolean {
    return this.eachOf(this.p.incoming, this.numberOf(ref), visit);
  }

  eachUse(ref: ObjectRef, visit: (to: GraphNode, relation: Relation) => boolean): boolean {
    return this.eachOf(this.p.outgoing, this.numberOf(ref), visit);
  }

  distinctUsers(counts: { relation(relation: Relation): boolean; user(from: GraphNode): boolean }): Uint32Array {
    const all = this.p.all;
    const relationCounts = RELATIONS.map((r) => counts.relation(r));
    // Per user: 0 not asked yet, 1 counts, 2 does not. Per user too, the last node it was counted for.
    const verdicts = new Uint8Array(all.length);
    const countedFor = new Int32Array(all.length).fill(-1);
    const out = new Uint32Array(all.length);
    // The loop over nodes calls a method per node: a function called once per analysis with one long loop was compiled
    // afresh (on-stack) in every analysis, where a method called for each node keeps its optimised code.
    for (let i = 0; i < all.length; i++) out[i] = this.distinctUsersOf(i, relationCounts, verdicts, countedFor, counts);
    return out;
  }

  /** {@link distinctUsers} of node i, with the verdicts on users made so far. */
  private distinctUsersOf(i: number, relationCounts: readonly boolean[], verdicts: Uint8Array, countedFor: Int32Array, counts: { user(from: GraphNode): boolean }): number {
    const { all, incoming } = this.p;
    const end = incoming.start[i + 1] ?? 0;
    let n = 0;
    for (let k = incoming.start[i] ?? 0; k < end; k++) {
      if (relationCounts[incoming.relation[k] ?? 0] !== true) continue;
      const from = incoming.other[k] ?? 0;
      if (countedFor[from] === i) continue;
      let verdict = verdicts[from];
      if (verdict === 0) {
        verdict = counts.user(all[from] as GraphNode) ? 1 : 2;
        verdicts[from] = verdict;
      }
      if (verdict !== 1) continue;
      countedFor[from] = i;
      n++;
    }
    return n;
  }

  private edgeAt(e: number): Edge {
    const { all, edges } = this.p;
    return new PackedEdge(all[edges.from[e] ?? 0] as GraphNode, all[edges.to[e] ?? 0] as GraphNode, RELATIONS[edges.relationOf(e)] as Relation, edges, e);
  }

  private edgesOf(index: NodeEdges, i: number | undefined): readonly Edge[] {
    if (i === undefined) return NONE;
    const start = index.start[i] ?? 0;
    const end = index.start[i + 1] ?? 0;
    if (start === end) return NONE;
    const out = new Array<Edge>(end - start);
    for (let k = start; k < end; k++) out[k - start] = this.edgeAt(index.edges[k] ?? 0);
    return out;
  }

  /** Visits the nodes at the other end of node i's edges in `index`, with their relations, while `visit` returns true. */
  private eachOf(index: NodeEdges, i: number | undefined, visit: (node: GraphNode, relation: Relation) => boolean): boolean {
    if (i === undefined) return true;
    const all = this.p.all;
    const end = index.start[i + 1] ?? 0;
    for (let k = index.start[i] ?? 0; k < end; k++) {
      if (!visit(all[index.other[k] ?? 0] as GraphNode, RELATIONS[index.relation[k] ?? 0] as Relation)) return false;
    }
    return true;
  }
}

/**
 * A node as the graph makes it: its number and its snapshot object are kept out of sight (not properties that JSON,
 * spreading or equality see), so that the graph answers for its own nodes without looking their address up.
 */
class NumberedNode implements GraphNode {
  readonly #number: number;
  readonly #object: unknown;
  constructor(
    readonly kind: ObjectKind,
    readonly id: string,
    readonly name: string,
    number: number,
    object: unknown,
  ) {
    this.#number = number;
    this.#object = object;
  }

  get number(): number {
    return this.#number;
  }

  /** The snapshot's object the node was made for. */
  get object(): unknown {
    return this.#object;
  }
}

/** Relation names by number (their order in the catalogue) and back, and which numbers are uses. */
const RELATION_NUMBER: ReadonlyMap<Relation, number> = new Map(RELATIONS.map((r, i) => [r, i]));
/** A relation's number (every relation of the catalogue has one). */
const relationNumber = (r: Relation): number => RELATION_NUMBER.get(r) ?? 0;

/** The edges at one end of each node, in the order they were added: node i's are `edges[start[i] .. start[i + 1])`. */
interface NodeEdges {
  readonly start: Uint32Array;
  readonly edges: Uint32Array;
  /**
   * Beside each of `edges`, the node at its other end and its relation's number: read in a row by the walks over a
   * node's edges, where reading them through the edge numbers jumped about half a million edges' arrays.
   */
  readonly other: Uint32Array;
  readonly relation: Uint8Array;
}

/** An edge of the packed store, as the {@link Edge} callers read: its evidence is made when it is read. */
class PackedEdge implements Edge {
  constructor(
    readonly from: GraphNode,
    readonly to: GraphNode,
    readonly relation: Relation,
    private readonly store: EdgeStore,
    private readonly index: number,
  ) {}

  get evidence(): Evidence {
    return this.store.evidenceAt(this.index);
  }
}

const JQL_RELATION = relationNumber('jql');
/** Set in an edge's relation byte when its JQL clause is an ORDER BY field. */
const IN_ORDER_BY = 0x80;

/**
 * Edges packed in typed arrays: node numbers at both ends, the relation's number, and the evidence. A JQL edge keeps,
 * instead of an evidence object, the JQL it was found in, its source's number and the clause's offsets: JQL makes half
 * the edges of a large site.
 */
class EdgeStore {
  from: Uint32Array;
  to: Uint32Array;
  relation: Uint8Array;
  /** Clause offsets and source numbers of JQL edges (unused for the others). */
  clauseStart: Int32Array;
  clauseEnd: Int32Array;
  source: Uint32Array;

  /** Room for `expected` edges first (a power of two, at least 4,096): each doubling copies every array. */
  constructor(expected: number) {
    const size = 2 ** Math.max(12, Math.ceil(Math.log2(Math.max(1, expected))));
    this.from = new Uint32Array(size);
    this.to = new Uint32Array(size);
    this.relation = new Uint8Array(size);
    this.clauseStart = new Int32Array(size);
    this.clauseEnd = new Int32Array(size);
    this.source = new Uint32Array(size);
    this.evidence = new Array<Evidence | string>(size);
  }
  /** An edge's evidence; a JQL edge's JQL (room made with the arrays above: pushing half a million grows it a step at a time). */
  private evidence: (Evidence | string)[];
  /** The sources of JQL edges by number: JQL in a row from one source (50,000 filters) shares one number. */
  private readonly sources: JqlSource[] = [];

  sourceNumber(source: JqlSource): number {
    const last = this.sources.length - 1;
    if (last >= 0 && this.sources[last] === source) return last;
    this.sources.push(source);
    return last + 1;
  }
  count = 0;

  add(from: number, to: number, relation: number, evidence: Evidence): void {
    if (this.count === this.from.length) this.grow();
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.relation[this.count] = relation;
    this.evidence[this.count] = evidence;
    this.count++;
  }

  addJql(from: number, to: number, relation: number, jql: string, source: number, start: number, end: number, inOrderBy: boolean): void {
    if (this.count === this.from.length) this.grow();
    this.clauseStart[this.count] = start;
    this.clauseEnd[this.count] = end;
    this.source[this.count] = source;
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.relation[this.count] = relation | (inOrderBy ? IN_ORDER_BY : 0);
    this.evidence[this.count] = jql;
    this.count++;
  }

  relationOf(e: number): number {
    return (this.relation[e] ?? 0) & ~IN_ORDER_BY;
  }

  evidenceAt(e: number): Evidence {
    const stored = this.evidence[e];
    if (stored === undefined) throw new Error(`graph: edge ${e} has no evidence`);
    if (typeof stored !== 'string') return stored;
    const start = this.clauseStart[e] ?? 0;
    const end = this.clauseEnd[e] ?? 0;
    const inOrderBy = ((this.relation[e] ?? 0) & IN_ORDER_BY) !== 0;
    const source = this.sources[this.source[e] ?? 0];
    if (source === undefined) throw new Error(`graph: JQL edge ${e} has no source`);
    return { type: 'jql', source, jql: { clause: stored.slice(start, end), start, end, inOrderBy } };
  }

  private grow(): void {
    const size = this.from.length * 2;
    const widen = <T extends Uint32Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.from = widen(this.from, (n) => new Uint32Array(n));
    this.to = widen(this.to, (n) => new Uint32Array(n));
    this.relation = widen(this.relation, (n) => new Uint8Array(n));
    this.clauseStart = widen(this.clauseStart, (n) => new Int32Array(n));
    this.clauseEnd = widen(this.clauseEnd, (n) => new Int32Array(n));
    this.source = widen(this.source, (n) => new Uint32Array(n));
    this.evidence.length = size;
  }

  /** A counting sort of the edges by one end: stable, so each node's edges keep the order they were added in. */
  indexBy(end: Uint32Array, otherEnd: Uint32Array, nodes: number): NodeEdges {
    const start = new Uint32Array(nodes + 1);
    for (let e = 0; e < this.count; e++) {
      const at = (end[e] ?? 0) + 1;
      start[at] = (start[at] ?? 0) + 1;
    }
    for (let i = 0; i < nodes; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
    const next = start.slice(0, nodes);
    const edges = new Uint32Array(this.count);
    const other = new Uint32Array(this.count);
    const relation = new Uint8Array(this.count);
    for (let e = 0; e < this.count; e++) {
      const n = end[e] ?? 0;
      const k = next[n] ?? 0;
      edges[k] = e;
      other[k] = otherEnd[e] ?? 0;
      relation[k] = (this.relation[e] ?? 0) & ~IN_ORDER_BY;
      next[n] = k + 1;
    }
    return { start, edges, other, relation };
  }

}

interface Linker {
  self(kind: ObjectKind, id: string): GraphNode;
  link(from: GraphNode, kind: ObjectKind, id: string, relation: Relation, evidence: Evidence): void;
  linkJql(from: GraphNode, jql: string, source: JqlSource, shown?: string): number;
  find(kind: ObjectKind, id: string): number | undefined;
  finding(f: JqlFinding): void;
  dangle(d: DanglingReference): void;
}

type NameIndex = ReadonlyMap<string, readonly string[]>;

function namesOf(items: readonly { readonly id: string; readonly name: string }[]): NameIndex {
  const map = new Map<string, string[]>();
  for (const item of items) {
    for (const key of [item.id, item.name]) {
      const k = key.trim().toLowerCase();
      const ids = map.get(k);
      if (ids === undefined) map.set(k, [item.id]);
      else if (!ids.includes(item.id)) ids.push(item.id);
    }
  }
  return map;
}

/**
 * Automation rules: the projects they run in, and what their components name (by id, by name, in JQL, in smart
 * values). A name shared by two objects is ambiguous and a name that matches nothing is broken: both are findings,
 * never guesses.
 */
/** Where a rule names an object: its component, the path in it, and the role the reference plays. */
function automationEvidence(place: AutomationPlace, role: string): Evidence {
  return { type: 'automation', component: place.component, componentType: place.componentType, path: place.path, role };
}

/** One rule: its scope and what it mentions (a function of its own: see GraphBuild.linkFieldConfiguration). */
function linkAutomationRule(rule: ConfigSnapshot['automationRules'][number], catalogue: JqlCatalogue, l: Linker, byName: ReadonlyMap<ObjectKind, NameIndex>): void {
  const from = l.self('automation-rule', rule.id);
  for (const projectId of rule.scope.projectIds) l.link(from, 'project', projectId, 'automation-scope', { type: 'automation-scope' });
  for (const m of automationMentions(rule)) {
    const source: JqlSource = { type: 'automation', component: m.place.component, componentType: m.place.componentType, path: m.place.path };
    if (m.type === 'jql') {
      l.linkJql(from, m.jql, source, m.original);
      continue;
    }
    if (m.type === 'smart-value') {
      const written = m.name;
      const clue = { clause: m.text, start: m.start, end: m.end, inOrderBy: false };
      if (/^customfield_\d+$/i.test(written)) {
        l.link(from, 'field', written.toLowerCase(), 'automation-reference', automationEvidence(m.place, `smart value ${m.text}`));
        continue;
      }
      const ids = catalogue.fields.get(written.toLowerCase()) ?? [];
      const only = ids.length === 1 ? ids[0] : undefined;
      if (only !== undefined) l.link(from, 'field', only, 'automation-reference', automationEvidence(m.place, `smart value ${m.text}`));
      else if (ids.length > 1) l.finding({ from, source, jql: m.text, finding: { type: 'ambiguous', kind: 'field', written, candidates: ids, evidence: clue } });
      else if (!NON_FIELD_SMART_VALUES.has(written.toLowerCase())) l.finding({ from, source, jql: m.text, finding: { type: 'broken', kind: 'field', written, evidence: clue } });
      continue;
    }
    if (m.type === 'option') {
      // Only an option field resolved without doubt, whose options the scan read: its own options, by id or value.
      const fieldIds = m.field.by === 'id' ? (catalogue.fieldIds.has(m.field.value) ? [m.field.value] : []) : (catalogue.fields.get(m.field.value.trim().toLowerCase()) ?? []);
      const fieldId = fieldIds.length === 1 ? fieldIds[0] : undefined;
      const options = fieldId === undefined ? undefined : catalogue.options.get(fieldId);
      if (fieldId === undefined || options === undefined) continue;
      const ids = optionsNamed(options, m.value);
      if (ids.length === 0) {
        const clue = { clause: `${m.role}: "${m.value}"`, start: 0, end: m.value.length, inOrderBy: false };
        l.finding({ from, source, jql: m.value, finding: { type: 'broken', kind: 'option', written: m.value, evidence: clue, fieldId } });
      }
      for (const id of ids) l.link(from, 'option', id, 'automation-reference', automationEvidence(m.place, m.role));
      continue;
    }
    if (m.by === 'id' || (m.kind === 'group' && l.find('group', m.value) !== undefined)) {
      // An id that names nothing dangles; loose text under a group or role key is a reference only when it names one.
      if (!m.certain && l.find(m.kind, m.value) === undefined) continue;
      l.link(from, m.kind, m.value, 'automation-reference', automationEvidence(m.place, m.role));
      continue;
    }
    // A field named by its id where an id or a name may stand (the advanced JSON's keys): the id first, as Jira reads it.
    if (m.kind === 'field' && catalogue.fieldIds.has(m.value)) {
      l.link(from, 'field', m.value, 'automation-reference', automationEvidence(m.place, m.role));
      continue;
    }
    // As in JQL: a project key or id before a name, an id before a name, and a status or issue type name means
    // every status or issue type of that name (Jira matches them by name).
    const ids = (m.kind === 'project' ? catalogue.projectKeys.get(m.value.toLowerCase()) : undefined) ?? byName.get(m.kind)?.get(m.value.toLowerCase()) ?? [];
    const exact = ids.find((x) => x === m.value);
    const clue = { clause: `${m.role}: "${m.value}"`, start: 0, end: m.value.length, inOrderBy: false };
    if (exact !== undefined || ids.length === 1 || (ids.length > 1 && (m.kind === 'status' || m.kind === 'issue-type'))) {
      for (const target of exact === undefined ? ids : [exact]) l.link(from, m.kind, target, 'automation-reference', automationEvidence(m.place, m.role));
    } else if (ids.length > 1) l.finding({ from, source, jql: m.value, finding: { type: 'ambiguous', kind: m.kind, written: m.value, candidates: ids, evidence: clue } });
    // Loose text that names nothing is no reference; a name several objects share is ambiguous all the same (above).
    else if (m.certain) l.finding({ from, source, jql: m.value, finding: { type: 'broken', kind: m.kind, written: m.value, evidence: clue } });
  }
}

function linkAutomationRules(snapshot: ConfigSnapshot, catalogue: JqlCatalogue, l: Linker): void {
  if (snapshot.automationRules.length === 0) return;
  // A map, not an object made per build: the engine keeps its code for a map whatever the analysis.
  const byName = new Map<ObjectKind, NameIndex>([
    ['field', catalogue.fields],
    ['status', catalogue.statuses],
    ['issue-type', catalogue.issueTypes],
    ['project', catalogue.projects],
    ['group', namesOf(snapshot.groups)],
    ['project-role', namesOf(snapshot.projectRoles)],
    ['priority', namesOf(snapshot.priorities)],
    ['resolution', namesOf(snapshot.resolutions)],
  ]);
  for (const rule of snapshot.automationRules) linkAutomationRule(rule, catalogue, l, byName);
}

const PREFIXED_ID = /\b(filter|project)-(\d+)\b/g;

/**
 * The objects a gadget property names. Real gadgets store `filterId` as `10040` or `filter-10040`,
 * `projectOrFilterId` as `project-10000`, statistic types (`statType`, `xstattype`, `ystattype`) as field ids,
 * and column lists or JSON configuration that embed `customfield_…` ids.
 */
/** Where a gadget names an object: the gadget and its property. */
function gadgetEvidence(g: ConfigSnapshot['dashboards'][number]['gadgets'][number], key: string): Evidence {
  return g.title === undefined ? { type: 'gadget-property', gadgetId: g.id, key } : { type: 'gadget-property', gadgetId: g.id, gadgetTitle: g.title, key };
}

/** Adds `kind:id` to a gadget's references unless it is there already (a gadget names a few objects at most). */
function addReference(out: ObjectRef[], kind: ObjectKind, id: string): void {
  if (!out.some((r) => r.kind === kind && r.id === id)) out.push({ kind, id });
}

/** What a gadget's property names: none for most (a shared empty list, nothing made). */
const NO_REFERENCES: readonly ObjectRef[] = Object.freeze([]);

/** Gadget property keys that may hold a field id (`statType`, `xstattype`, `columnField` …), in any case. */
const FIELD_KEY = /stattype|field/i;

function gadgetReferences(key: string, value: string, fieldIds: ReadonlySet<string>): readonly ObjectRef[] {
  // Made at the first reference: most properties (a number of rows, a sort order) name nothing.
  let out: ObjectRef[] | undefined;
  const trimmed = value.trim();
  if (digitsFrom(trimmed)) {
    const lowerKey = key.toLowerCase();
    if (lowerKey.includes('filterid')) addReference((out ??= []), 'filter', trimmed);
    else if (lowerKey.includes('projectid')) addReference((out ??= []), 'project', trimmed);
  }
  // The patterns are run only on values that hold their fixed part (most values are a number or a field id).
  if (value.includes('filter-') || value.includes('project-')) for (const m of value.matchAll(PREFIXED_ID)) addReference((out ??= []), m[1] === 'filter' ? 'filter' : 'project', m[2] ?? '');
  if (fieldIds.has(trimmed) && FIELD_KEY.test(key)) addReference((out ??= []), 'field', trimmed);
  if (value.includes('customfield_')) for (const m of value.matchAll(CUSTOM_FIELD_TOKEN)) addReference((out ??= []), 'field', m[0]);
  // JSON configuration, at any depth: "filterId": "10040" or "projectId": 10000, and an object whose numeric `id`
  // comes with a `type` of filter or project (the bubble chart keeps `config: { "id": 10024, "type": "filter" }`).
  const t = value.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      parsed = undefined;
    }
    // Walked with a list of nodes still to see, not by recursion: a value nested thousands deep is read like any other.
    out ??= [];
    const todo: unknown[] = [parsed];
    for (let v = todo.pop(); todo.length > 0 || v !== undefined; v = todo.pop()) {
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
        continue;
      }
      if (typeof v !== 'object' || v === null) continue;
      const o = v as Record<string, unknown>;
      const named = idAndType(o);
      if (named !== undefined) addReference(out, named.kind, named.id);
      const entries = Object.entries(o);
      for (const [k, child] of entries) {
        const lower = k.toLowerCase();
        const text = typeof child === 'number' ? String(child) : typeof child === 'string' ? child.trim() : undefined;
        if (text !== undefined && /^\d+$/.test(text) && (lower === 'filterid' || lower === 'projectid')) addReference(out, lower === 'filterid' ? 'filter' : 'project', text);
        if (typeof child === 'string' && /stattype|field/.test(lower) && fieldIds.has(child.trim())) addReference(out, 'field', child.trim());
      }
      // Children in their order: the first is seen next.
      for (let i = entries.length - 1; i >= 0; i--) {
        const child = entries[i]?.[1];
        if (typeof child === 'object' && child !== null) todo.push(child);
      }
    }
  }
  return out === undefined || out.length === 0 ? NO_REFERENCES : out;
}

/**
 * An object whose numeric `id` comes with a `type` of filter or project names that object: inside a gadget's JSON
 * (the bubble chart keeps `config: { "id": 10024, "type": "filter" }`) and as two sibling properties of the gadget.
 */
/** The filter or project an object names by sibling `id` and `type` properties (`{ "id": 10024, "type": "filter" }`), if any. */
function idAndType(o: Readonly<Record<string, unknown>>): ObjectRef | undefined {
  const idText = typeof o.id === 'number' || (typeof o.id === 'string' && /^\d+$/.test(o.id.trim())) ? String(o.id).trim() : undefined;
  const type = typeof o.type === 'string' ? o.type.trim().toLowerCase() : undefined;
  return idText !== undefined && (type === 'filter' || type === 'project') ? { kind: type, id: idText } : undefined;
}
