import type { ApiResults } from './api';
import { kindLabel } from './api';
import { JiraLink } from './JiraLink';
import { wrapped } from './text';

type Report = ApiResults['object.impact'];

interface Node {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly depth: number;
  readonly parent: string | undefined;
  /** How the change reaches it, in words ("shows the screen for an operation"). */
  readonly relation: string;
  /** Where an admin edits it in Jira, when the resolver gave a checked address. */
  readonly link?: unknown;
}

/** The impact rows as a tree: each affected object under the object through which the change reaches it. */
function nodesOf(report: Report): { root: Node; nodes: Node[] } {
  const rootKey = `${report.object.kind}:${report.object.id}`;
  const root: Node = { key: rootKey, kind: report.object.kind, name: report.object.name, depth: 0, parent: undefined, relation: '' };
  const nodes = report.rows.map((r): Node => {
    const path = String(r.path ?? '').split(' ← ');
    return {
      key: `${String(r.affected_kind)}:${String(r.affected_id)}`,
      kind: String(r.affected_kind),
      name: String(r.affected_name ?? r.affected_id),
      depth: Number(r.depth),
      parent: path.length >= 2 ? path[path.length - 2] : rootKey,
      relation: r.relation === null || r.relation === undefined ? '' : String(r.relation),
      link: r.link,
    };
  });
  return { root, nodes };
}

function Branch({ node, children }: { readonly node: Node; readonly children: ReadonlyMap<string, readonly Node[]> }) {
  const below = children.get(node.key) ?? [];
  const how = node.relation === '' ? null : <span style={{ color: '#505f79' }}> — {node.relation}</span>;
  if (below.length === 0) {
    return (
      <li>
        {kindLabel(node.kind)}: <JiraLink name={node.name} link={node.link} />
        {how}
      </li>
    );
  }
  // A summary is itself a control: the link to Jira sits beside it, not inside it.
  const label = `${kindLabel(node.kind)}: ${node.name}`;
  return (
    <li>
      <details open={node.depth < 2}>
        <summary>
          {label}
          {how} <span style={{ color: '#505f79' }}>({below.length})</span>
        </summary>
        <JiraLink name={node.name} link={node.link} text="open in Jira" />
        <ul style={{ paddingLeft: 20 }}>
          {below.map((n) => (
            <Branch key={n.key} node={n} children={children} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The impact as a collapsible tree (native details/summary: keyboard and screen-reader friendly). */
export function ImpactTree({ report }: { readonly report: Report }) {
  const { root, nodes } = nodesOf(report);
  const children = new Map<string, Node[]>();
  for (const n of nodes) {
    const list = children.get(n.parent ?? root.key) ?? [];
    list.push(n);
    children.set(n.parent ?? root.key, list);
  }
  return (
    <ul aria-label="Impact tree" style={{ paddingLeft: 0, listStyle: 'none' }}>
      <Branch node={root} children={children} />
    </ul>
  );
}

const GRAPH_NODES = 40;
const COLUMN = 230;
const BOX = 200;
const LINE = 14;
const GAP = 10;
/** A small picture of the impact: one column per distance from the object, lines from what uses to what is used. */
export function ImpactGraph({ report }: { readonly report: Report }) {
  const { root, nodes } = nodesOf(report);
  const shown = [root, ...nodes.slice(0, GRAPH_NODES)];
  const columnHeight = new Map<number, number>();
  const at = new Map<string, { x: number; y: number; h: number; lines: string[] }>();
  for (const n of shown) {
    const lines = wrapped(`${kindLabel(n.kind)}: ${n.name}`);
    const h = 10 + lines.length * LINE;
    const y = columnHeight.get(n.depth) ?? 10;
    columnHeight.set(n.depth, y + h + GAP);
    at.set(n.key, { x: 10 + n.depth * COLUMN, y, h, lines });
  }
  const width = 10 + (Math.max(...shown.map((n) => n.depth)) + 1) * COLUMN;
  const height = 10 + Math.max(...columnHeight.values());
  return (
    <figure style={{ margin: '12px 0' }}>
      {/* A wide graph scrolls sideways; the region takes the focus so that arrow keys can scroll it. */}
      <div role="region" aria-label="Impact graph, scrolls sideways" tabIndex={0} style={{ overflowX: 'auto' }}>
        <svg role="img" aria-label={`Impact graph of ${root.name}: ${nodes.length} affected objects`} width={width} height={height} style={{ fontSize: 12 }}>
          {shown.slice(1).map((n) => {
            const from = at.get(n.parent ?? root.key);
            const to = at.get(n.key);
            if (from === undefined || to === undefined) return null;
            return <line key={`e-${n.key}`} x1={from.x + BOX} y1={from.y + from.h / 2} x2={to.x} y2={to.y + to.h / 2} stroke="#8993a4" />;
          })}
          {shown.map((n) => {
            const p = at.get(n.key);
            if (p === undefined) return null;
            return (
              <g key={n.key}>
                <rect x={p.x} y={p.y} width={BOX} height={p.h} rx={4} fill={n.depth === 0 ? '#0c66e4' : '#f4f5f7'} stroke="#c1c7d0" />
                <text x={p.x + 6} y={p.y + 3} fill={n.depth === 0 ? '#ffffff' : '#172b4d'}>
                  {p.lines.map((line, i) => (
                    <tspan key={i} x={p.x + 6} dy={LINE}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        {nodes.length > GRAPH_NODES
          ? `The ${GRAPH_NODES} closest of ${nodes.length} affected objects: ${nodes.length - GRAPH_NODES} more are left out of the picture; the tree below lists them all.`
          : `Every one of the ${nodes.length} affected objects, the closest on the left.`}
      </figcaption>
    </figure>
  );
}
