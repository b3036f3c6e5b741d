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
  // By name, for every kind: exactly, else case aside; a name several objects share is an error listing them.
  const nodes = graph.nodesOf(kind);
  let named = nodes.filter((n) => n.name === id);
  if (named.length === 0) named = nodes.filter((n) => n.name.trim().toLowerCase() === id.trim().toLowerCase());
  const [only] = named;
  if (named.length === 1 && only !== undefined) return ok(only);
  if (named.length > 1) return err(`the ${kind} name '${id}' is ambiguous: it could be ${named.map((n) => `${kind}:${n.id}`).join(', ')}; give the id`);
  const how = kind === 'project' ? 'id, key or name' : 'id or name';
  return err(`no ${kind} with ${how} '${id}' in this snapshot`);
}
