import { withImplicitDefaults } from '../implicit-defaults';
import { buildGraph, refKey, type DependencyGraph, type GraphNode } from '../graph';
import { digitsFrom, parseInstant } from '../text';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectKind, type ObjectOfKind, type ObjectRef, type SharePermission } from '../model';
import { REPORT_COLUMNS, type ReportName, type ReportRow, type ReportTable } from './types';

/** A snapshot with its graph, built once and shared by every report. */
export interface Analysis {
  readonly snapshot: ConfigSnapshot;
  readonly graph: DependencyGraph;
}

/** Builds the graph every report needs. */
export function analyse(scanned: ConfigSnapshot): Analysis {
  // Jira's implicit defaults (the id-less Default Workflow Scheme …) are objects of every analysis.
  const snapshot = withImplicitDefaults(scanned);
  return { snapshot, graph: buildGraph(snapshot) };
}

const memo = new WeakMap<Analysis, Map<string, unknown>>();

/**
 * What is computed once per analysis, by key: reports without an object (health reuses unused, duplicates and
 * references), and the verdicts of each kind that unused and cleanup share.
 */
export function memoised<T>(a: Analysis, key: string, make: () => T): T {
  let cache = memo.get(a);
  if (cache === undefined) {
    cache = new Map();
    memo.set(a, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  cache.set(key, value);
  return value;
}

const KIND_ORDER = new Map<ObjectKind, number>(OBJECT_KINDS.map((k, i) => [k, i]));

const CUSTOM_FIELD_PREFIX = 'customfield_';

/** Orders ids numerically where both are numbers, otherwise as text, so `9` sorts before `10`. */
export function compareIds(a: string, b: string): number {
  const na = digitsFrom(a, 0);
  const nb = digitsFrom(b, 0);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  if (a.startsWith(CUSTOM_FIELD_PREFIX) && b.startsWith(CUSTOM_FIELD_PREFIX) && digitsFrom(a, 12) && digitsFrom(b, 12)) {
    return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const sortedNodes = new WeakMap<DependencyGraph, Map<ObjectKind, readonly GraphNode[]>>();

/** The nodes of a kind in report order (ids as numbers where they are), sorted once per graph. */
export function nodesInOrder(a: Analysis, kind: ObjectKind): readonly GraphNode[] {
  let byKind = sortedNodes.get(a.graph);
  if (byKind === undefined) {
    byKind = new Map();
    sortedNodes.set(a.graph, byKind);
  }
  let list = byKind.get(kind);
  if (list === undefined) {
    const nodes = a.graph.nodesOf(kind);
    // Jira lists most collections in id order already: that is seen in one pass, and such a list is not sorted again.
    list = inIdOrder(nodes) ? nodes : [...nodes].sort(compareNodeIds);
    byKind.set(kind, list);
  }
  return list;
}

function compareNodeIds(x: GraphNode, y: GraphNode): number {
  return compareIds(x.id, y.id);
}

/** True when every node's id comes after the one before it as {@link compareIds} orders them (a stable sort would keep the list). */
function inIdOrder(nodes: readonly GraphNode[]): boolean {
  for (let i = 1; i < nodes.length; i++) if (compareIds((nodes[i - 1] as GraphNode).id, (nodes[i] as GraphNode).id) > 0) return false;
  return true;
}

export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  // Most sorts compare objects of one kind: their kinds' places are not looked up.
  if (a.kind === b.kind) return compareIds(a.id, b.id);
  return (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || compareIds(a.id, b.id);
}

export function table<R extends ReportName>(report: R, rows: ReportRow<R>[]): ReportTable<R> {
  return { report, columns: REPORT_COLUMNS[report], rows };
}

export function countProjects(index: DetailIndex, node: GraphNode): number {
  return index.projectsByScheme.get(refKey(node)) ?? 0;
}

/** The snapshot's objects of one kind, looked up through the graph (no map of their own). */
export interface ObjectsOf<T> {
  /** The object with this id (the last of that id, as a map by id would hold it), or the object of a node. */
  get(at: string | ObjectRef): T | undefined;
}

export interface DetailIndex {
  readonly project: ObjectsOf<ObjectOfKind<'project'>>;
  readonly field: ObjectsOf<ObjectOfKind<'field'>>;
  readonly context: ObjectsOf<ObjectOfKind<'field-context'>>;
  readonly screen: ObjectsOf<ObjectOfKind<'screen'>>;
  readonly workflow: ObjectsOf<ObjectOfKind<'workflow'>>;
  readonly status: ObjectsOf<ObjectOfKind<'status'>>;
  readonly issueType: ObjectsOf<ObjectOfKind<'issue-type'>>;
  readonly filter: ObjectsOf<ObjectOfKind<'filter'>>;
  readonly board: ObjectsOf<ObjectOfKind<'board'>>;
  readonly dashboard: ObjectsOf<ObjectOfKind<'dashboard'>>;
  readonly priorityScheme: ObjectsOf<ObjectOfKind<'priority-scheme'>>;
  readonly securityScheme: ObjectsOf<ObjectOfKind<'issue-security-scheme'>>;
  readonly fieldScheme: ObjectsOf<ObjectOfKind<'field-scheme'>>;
  readonly plan: ObjectsOf<ObjectOfKind<'plan'>>;
  readonly option: ObjectsOf<ObjectOfKind<'option'>>;
  readonly queue: ObjectsOf<ObjectOfKind<'queue'>>;
  readonly requestType: ObjectsOf<ObjectOfKind<'request-type'>>;
  readonly automationRule: ObjectsOf<ObjectOfKind<'automation-rule'>>;
  readonly projectsByScheme: ReadonlyMap<string, number>;
  /** Days between the scan and an instant, or undefined when either is not a date. */
  daysBefore(iso: string | undefined): number | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Days between the scan and an instant (a class, not a closure per analysis). Each instant is read where it is asked:
 * filters' last runs are nearly all different, so a cache of them held a string per filter to no use.
 */
class ScanClock {
  private readonly scanned: number;

  constructor(scannedAt: string) {
    this.scanned = parseInstant(scannedAt);
  }

  daysBefore(iso: string | undefined): number | undefined {
    if (iso === undefined) return undefined;
    const at = parseInstant(iso);
    return Number.isNaN(this.scanned) || Number.isNaN(at) ? undefined : (this.scanned - at) / DAY_MS;
  }
}

const detailIndexes = new WeakMap<DependencyGraph, DetailIndex>();

/**
 * One kind's objects through the graph. A class, not a closure per analysis: the reports call `get` for every object,
 * and a process analysing one site after another keeps the engine's code for it.
 */
class KindObjects<K extends ObjectKind> implements ObjectsOf<ObjectOfKind<K>> {
  constructor(
    private readonly graph: DependencyGraph,
    private readonly kind: K,
  ) {}

  get(at: string | ObjectRef): ObjectOfKind<K> | undefined {
    const kind = this.kind;
    return this.graph.objectOf(typeof at === 'string' ? { kind, id: at } : at.kind === kind ? (at as ObjectRef & { readonly kind: K }) : { kind, id: at.id });
  }
}

function objectsOf<K extends ObjectKind>(graph: DependencyGraph, kind: K): ObjectsOf<ObjectOfKind<K>> {
  return new KindObjects(graph, kind);
}

/** A {@link DetailIndex}: a class, so that `daysBefore` is one method for every analysis, not a closure per analysis. */
class Details implements DetailIndex {
  readonly project: ObjectsOf<ObjectOfKind<'project'>>;
  readonly field: ObjectsOf<ObjectOfKind<'field'>>;
  readonly context: ObjectsOf<ObjectOfKind<'field-context'>>;
  readonly screen: ObjectsOf<ObjectOfKind<'screen'>>;
  readonly workflow: ObjectsOf<ObjectOfKind<'workflow'>>;
  readonly status: ObjectsOf<ObjectOfKind<'status'>>;
  readonly issueType: ObjectsOf<ObjectOfKind<'issue-type'>>;
  readonly filter: ObjectsOf<ObjectOfKind<'filter'>>;
  readonly board: ObjectsOf<ObjectOfKind<'board'>>;
  readonly dashboard: ObjectsOf<ObjectOfKind<'dashboard'>>;
  readonly priorityScheme: ObjectsOf<ObjectOfKind<'priority-scheme'>>;
  readonly securityScheme: ObjectsOf<ObjectOfKind<'issue-security-scheme'>>;
  readonly fieldScheme: ObjectsOf<ObjectOfKind<'field-scheme'>>;
  readonly plan: ObjectsOf<ObjectOfKind<'plan'>>;
  readonly option: ObjectsOf<ObjectOfKind<'option'>>;
  readonly queue: ObjectsOf<ObjectOfKind<'queue'>>;
  readonly requestType: ObjectsOf<ObjectOfKind<'request-type'>>;
  readonly automationRule: ObjectsOf<ObjectOfKind<'automation-rule'>>;

  constructor(
    g: DependencyGraph,
    readonly projectsByScheme: ReadonlyMap<string, number>,
    private readonly clock: ScanClock,
  ) {
    this.project = objectsOf(g, 'project');
    this.field = objectsOf(g, 'field');
    this.context = objectsOf(g, 'field-context');
    this.screen = objectsOf(g, 'screen');
    this.workflow = objectsOf(g, 'workflow');
    this.status = objectsOf(g, 'status');
    this.issueType = objectsOf(g, 'issue-type');
    this.filter = objectsOf(g, 'filter');
    this.board = objectsOf(g, 'board');
    this.dashboard = objectsOf(g, 'dashboard');
    this.priorityScheme = objectsOf(g, 'priority-scheme');
    this.securityScheme = objectsOf(g, 'issue-security-scheme');
    this.fieldScheme = objectsOf(g, 'field-scheme');
    this.plan = objectsOf(g, 'plan');
    this.option = objectsOf(g, 'option');
    this.queue = objectsOf(g, 'queue');
    this.requestType = objectsOf(g, 'request-type');
    this.automationRule = objectsOf(g, 'automation-rule');
  }

  daysBefore(iso: string | undefined): number | undefined {
    return this.clock.daysBefore(iso);
  }
}

/** The objects reports describe, by kind: a node's object is found by its place in the graph, an id's through the graph's index. */
export function detailIndex(a: Analysis): DetailIndex {
  const cached = detailIndexes.get(a.graph);
  if (cached !== undefined) return cached;
  const projectsByScheme = new Map<string, number>();
  for (const p of a.snapshot.projects) {
    for (const [kind, id] of Object.entries(p.schemes)) {
      const k = `${kind}:${id}`;
      projectsByScheme.set(k, (projectsByScheme.get(k) ?? 0) + 1);
    }
  }
  const index = new Details(a.graph, projectsByScheme, new ScanClock(a.snapshot.site.scannedAt));
  detailIndexes.set(a.graph, index);
  return index;
}

/** Whom a filter or dashboard is shared with, in words. */
export function sharedWith(a: Analysis, index: DetailIndex, permissions: readonly SharePermission[]): string {
  if (permissions.length === 0) return 'private to its owner';
  const whom = (p: SharePermission): string => {
    if (p.type === 'group') return `group ${(p.groupId === undefined ? undefined : a.graph.node({ kind: 'group', id: p.groupId })?.name) ?? p.groupId ?? ''}`;
    if (p.type === 'project' || p.type === 'projectRole') return `project ${(p.projectId === undefined ? undefined : index.project.get(p.projectId)?.key) ?? p.projectId ?? ''}`;
    if (p.type === 'global') return 'everyone';
    if (p.type === 'loggedin' || p.type === 'authenticated') return 'everyone logged in';
    return p.type === 'user' ? 'a user' : p.type;
  };
  return `shared with ${[...new Set(permissions.map(whom))].join(', ')}`;
}
