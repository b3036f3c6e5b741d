import { linkOf, type LinkWhy } from '../domain/admin-links';
import type { Cell } from '../domain/analysis/types';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectKind } from '../domain/model';

type Row = Readonly<Record<string, Cell>>;

/**
 * The key a row's Jira address is kept under: not a column of the report (the page links the name with it; filters
 * leave it out), written as the last column, `link`, of every CSV and JSON a report or diff is downloaded as.
 */
export const LINK_KEY = 'link';
/** The key of why a row names an object without a link ({@link LinkWhy}; its words are LINK_WHY's). Never in CSV or JSON. */
export const LINK_WHY_KEY = 'link_why';

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
 * names, when a checked one exists (src/domain/admin-links.ts), else {@link LINK_WHY_KEY}, why not. A diff's row of
 * a removed object has nothing to open.
 */
export function withLinks(snapshot: ConfigSnapshot, rows: readonly Row[]): Row[] {
  return rows.map((r) => {
    const cols = objectColumnsOf(r);
    // A duplicates row names several objects by their ids: no one link.
    if (cols === undefined) return typeof r.ids === 'string' && typeof r.kind === 'string' ? { ...r, [LINK_WHY_KEY]: 'several' satisfies LinkWhy } : r;
    const [k, i, n] = cols;
    const kind = r[k] as string;
    // A row about the whole site (the limits report's custom fields per site) opens the site itself.
    if (kind === 'site') return /^https?:\/\//.test(snapshot.site.baseUrl) ? { ...r, [LINK_KEY]: snapshot.site.baseUrl } : { ...r, [LINK_WHY_KEY]: 'no-site' satisfies LinkWhy };
    if (!KINDS.has(kind)) return r;
    if (r.change === 'removed') return { ...r, [LINK_WHY_KEY]: 'removed' satisfies LinkWhy };
    const link = linkOf(snapshot, kind as ObjectKind, String(r[i]), typeof r[n] === 'string' ? r[n] : '');
    return 'url' in link ? { ...r, [LINK_KEY]: link.url } : { ...r, [LINK_WHY_KEY]: link.why };
  });
}

/** A table with its rows' Jira addresses as a last column, `link` (empty where a row has none), for CSV and JSON. */
export function withLinkColumn(snapshot: ConfigSnapshot, table: { readonly columns: readonly string[]; readonly rows: readonly Row[] }): { readonly columns: readonly string[]; readonly rows: readonly Row[] } {
  return { columns: linkedColumns(table.columns), rows: withLinks(snapshot, table.rows) };
}

/** A table's columns with `link` last, once. */
export function linkedColumns(columns: readonly string[]): readonly string[] {
  return columns.includes(LINK_KEY) ? columns : [...columns, LINK_KEY];
}
