import type { DependencyGraph, GraphNode } from './graph';
import { OBJECT_KINDS, type ObjectKind } from './model';
import { err, ok, type Result } from './result';

function isKind(text: string): text is ObjectKind {
  return (OBJECT_KINDS as readonly string[]).includes(text);
}

/** Splits `kind:id` into its parts; the id may itself contain `:`. */
export function parseAddress(text: string): Result<{ readonly kind: ObjectKind; readonly id: string }, string> {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    return err(`'${text}' is not an object address: write kind:id, e.g. field:customfield_10010 or project:KEY`);
  }
  const kind = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!isKind(kind)) return err(`unknown kind '${kind}' in '${text}'; kinds are ${OBJECT_KINDS.join(', ')}`);
  return ok({ kind, id });
}

/**
 * Finds the object an address names: `kind:id`; also `project:KEY` (any case) and `workflow:<name>`,
 * since people know projects by key and workflow schemes name workflows.
 */
export function resolveAddress(graph: DependencyGraph, text: string): Result<GraphNode, string> {
  const parsed = parseAddress(text);
  if (!parsed.ok) return parsed;
  const { kind, id } = parsed.value;
  const direct = graph.node({ kind, id });
  if (direct !== undefined) return ok(direct);
  if (kind === 'project') {
    const upper = id.toUpperCase();
    const p = graph.snapshot.projects.find((x) => x.key.toUpperCase() === upper);
    const node = p === undefined ? undefined : graph.node({ kind, id: p.id });
    if (node !== undefined) return ok(node);
  }
  if (kind === 'workflow') {
    const w = graph.snapshot.workflows.find((x) => x.name === id);
    const node = w === undefined ? undefined : graph.node({ kind, id: w.id });
    if (node !== undefined) return ok(node);
  }
  const how = kind === 'project' ? 'id or key' : kind === 'workflow' ? 'id or name' : 'id';
  return err(`no ${kind} with ${how} '${id}' in this snapshot`);
}
