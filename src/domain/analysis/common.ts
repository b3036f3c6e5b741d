import { buildGraph, refKey, type DependencyGraph, type GraphNode } from '../graph';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectKind, type ObjectRef } from '../model';
import { REPORT_COLUMNS, type AnyReportTable, type ReportName, type ReportRow, type ReportTable } from './types';

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
export function memoised<T extends AnyReportTable>(a: Analysis, key: string, make: () => T): T {
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

/** True when `s` from `from` on is one or more ASCII digits. */
function digitsFrom(s: string, from: number): boolean {
  if (s.length <= from) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

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
    list = [...a.graph.nodesOf(kind)].sort((x, y) => compareIds(x.id, y.id));
    byKind.set(kind, list);
  }
  return list;
}

export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || compareIds(a.id, b.id);
}

export function table<R extends ReportName>(report: R, rows: ReportRow<R>[]): ReportTable<R> {
  return { report, columns: REPORT_COLUMNS[report], rows };
}

export function countProjects(index: DetailIndex, node: GraphNode): number {
  return index.projectsByScheme.get(refKey(node)) ?? 0;
}

export interface DetailIndex {
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
  readonly option: ReadonlyMap<string, ConfigSnapshot['options'][number]>;
  readonly queue: ReadonlyMap<string, ConfigSnapshot['queues'][number]>;
  readonly requestType: ReadonlyMap<string, ConfigSnapshot['requestTypes'][number]>;
  readonly automationRule: ReadonlyMap<string, ConfigSnapshot['automationRules'][number]>;
  readonly projectsByScheme: ReadonlyMap<string, number>;
}

const detailIndexes = new WeakMap<ConfigSnapshot, DetailIndex>();

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

export function detailIndex(s: ConfigSnapshot): DetailIndex {
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
    option: byId(s.options),
    queue: byId(s.queues),
    requestType: byId(s.requestTypes),
    automationRule: byId(s.automationRules),
    projectsByScheme,
  };
  detailIndexes.set(s, index);
  return index;
}
