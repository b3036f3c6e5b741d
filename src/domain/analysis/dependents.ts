import { meaningOf, refKey, type GraphNode, type Relation } from '../graph';
import { useRows } from './verdicts';
import { compareRefs, table, type Analysis } from './common';
import type { ReportRow, ReportTable } from './types';

/**
 * The direct users of an object, one row per reference, with its relation, evidence and whether it is a use (`yes`:
 * counted by {@link userCount}, the one count every surface shows; `no`: configuration, structure, or an archived
 * project's). Uses come first; what Jira itself does with the object (its default, a subscription, a recent run) is
 * a use too.
 */
export function whereUsed(a: Analysis, target: GraphNode): ReportTable<'where-used'> {
  const rows = useRows(a, target).map(
    (u): ReportRow<'where-used'> => ({
      kind: target.kind,
      id: target.id,
      name: target.name,
      used_by_kind: u.kind,
      used_by_id: u.id,
      used_by_name: u.name,
      // In the admin's words, from the catalogue ("shows the field on a tab"); JSON keeps the same words.
      relation: u.relation,
      use: u.use ? 'yes' : 'no',
      evidence: u.evidence,
    }),
  );
  return table('where-used', rows);
}

interface Reach {
  readonly depth: number;
  readonly words: string;
  /** "root ← … ← node": the path of the node it was reached from, and one step more. */
  readonly path: string;
}

/** The walk of {@link impact}: every node a change of `start` reaches, how (at what depth, in words, by what path), in the order reached. */
function affected(a: Analysis, start: GraphNode): { readonly reached: ReadonlyMap<GraphNode, Reach>; readonly order: GraphNode[] } {
  const reached = new Map<GraphNode, Reach>();
  reached.set(start, { depth: 0, words: '', path: refKey(start) });
  let frontier: GraphNode[] = [start];
  const order: GraphNode[] = [];
  // One visitor for the whole walk: the node being expanded, its path and the depth are set before each visit.
  let next: GraphNode[] = [];
  let depth = 0;
  let current: GraphNode = start;
  let currentPath = '';
  const reach = (node: GraphNode, words: string, flows: boolean): void => {
    if (reached.has(node)) return;
    reached.set(node, { depth, words, path: `${currentPath} ← ${refKey(node)}` });
    order.push(node);
    if (flows) next.push(node);
  };
  const visitUser = (from: GraphNode, relation: Relation): boolean => {
    const meaning = meaningOf(relation);
    // Configuration and structure (a field configuration's settings, a context of the field) are not uses: a
    // change reaches nothing through them.
    if (!meaning.use) return true;
    reach(from, meaning.label, meaning.impact === 'flows');
    return true;
  };
  const visitUse = (to: GraphNode, relation: Relation): boolean => {
    if (meaningOf(relation).forward === true) reach(to, `location of the affected ${current.kind}`, false);
    return true;
  };
  for (depth = 1; frontier.length > 0; depth++) {
    next = [];
    for (const n of frontier) {
      current = n;
      currentPath = reached.get(n)?.path ?? refKey(n);
      a.graph.eachUser(n, visitUser);
      if (n !== start) a.graph.eachUse(n, visitUse);
    }
    frontier = next;
  }
  return { reached, order };
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
  const { reached, order } = affected(a, start);
  // Rows by depth, then kind and id; each path is its parent's path and one step more ("root ← … ← node"). The walk
  // reaches nodes depth by depth, so each depth's run of nodes is sorted on its own.
  for (let from = 0; from < order.length; ) {
    const depth = reached.get(order[from] as GraphNode)?.depth;
    let to = from + 1;
    while (to < order.length && reached.get(order[to] as GraphNode)?.depth === depth) to++;
    const run = order.slice(from, to).sort(compareRefs);
    for (let k = 0; k < run.length; k++) order[from + k] = run[k] as GraphNode;
    from = to;
  }
  const rows: ReportRow<'impact'>[] = [];
  for (const node of order) {
    const entry = reached.get(node);
    if (entry === undefined) continue;
    rows.push({
      kind: target.kind,
      id: target.id,
      name: target.name,
      affected_kind: node.kind,
      affected_id: node.id,
      affected_name: node.name,
      depth: entry.depth,
      relation: entry.words,
      path: entry.path,
    });
  }
  return table('impact', rows);
}
