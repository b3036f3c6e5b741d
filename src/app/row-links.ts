import { adminUrl } from '../domain/admin-links';
import type { Cell } from '../domain/analysis/types';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectKind } from '../domain/model';

type Row = Readonly<Record<string, Cell>>;

/** The key a page row's Jira address is kept under: not a report column, so CSV downloads and filters leave it out. */
export const LINK_KEY = 'link';

const KINDS: ReadonlySet<string> = new Set(OBJECT_KINDS);

/** Which columns of a row name the object it links to (kind, id, name): where-used and impact link the user or the affected object. */
const OBJECT_COLUMNS: readonly (readonly [string, string, string])[] = [
  // The object a row is about before the object the report was asked for (where-used rows carry both; a limits row
  // naming a candidate is about the candidate).
  ['candidate_kind', 'candidate_id', 'candidate_name'],
  ['used_by_kind', 'used_by_id', 'used_by_name'],
  ['affected_kind', 'affected_id', 'affected_name'],
  ['source_kind', 'source_id', 'source_name'],
  ['kind', 'id', 'name'],
];

/** The columns that name the object a row links to, when it names one (a kind and an id). */
export function objectColumnsOf(r: Row): readonly [string, string, string] | undefined {
  return OBJECT_COLUMNS.find(([k, i]) => typeof r[k] === 'string' && typeof r[i] === 'string');
}

/**
 * Rows as the page shows them: each with {@link LINK_KEY}, the address where an admin edits the object the row
 * names, when a checked one exists (src/domain/admin-links.ts).
 */
export function withLinks(snapshot: ConfigSnapshot, rows: readonly Row[]): Row[] {
  return rows.map((r) => {
    const cols = objectColumnsOf(r);
    if (cols === undefined) return r;
    const [k, i, n] = cols;
    const kind = r[k] as string;
    if (!KINDS.has(kind)) return r;
    const link = adminUrl(snapshot, kind as ObjectKind, String(r[i]), typeof r[n] === 'string' ? r[n] : '');
    return link === undefined ? r : { ...r, [LINK_KEY]: link };
  });
}
