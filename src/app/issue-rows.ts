import { accountIdsOf, exportHeader, issueCells, renderField, searchFieldIds, selectFields, type IssueRenderOptions } from '../domain/issues';
import type { Field, IssueRecord } from '../domain/model';
import type { IssueSearch, UserDirectory } from '../ports/issue-search';

/*
 * Rows of an issue export, wherever it runs (the CLI, the resolver's preview, the admin's page): no Node, no Forge.
 */

/** A problem with the request itself (unknown or ambiguous field), named for the person who made it. */
export class ExportRequestError extends Error {}

/** The fields an export asks for (ids or names, `*all`, `*navigable`; none: `*navigable`), from the site's. @throws ExportRequestError naming a field that is unknown or ambiguous. */
export function exportFields(catalogue: readonly Field[], requested: readonly string[]): Field[] {
  const selected = selectFields([...catalogue], requested.length === 0 ? ['*navigable'] : requested);
  if (!selected.ok) throw new ExportRequestError(selected.error);
  return selected.value;
}

export const isUserField = (f: Field): boolean => f.schema?.type === 'user' || (f.schema?.type === 'array' && f.schema.items === 'user');

/** Names of the users a page of issues mentions by account id only, from the user directory (one batched call). */
export async function userNamesFor(users: UserDirectory, page: readonly IssueRecord[], fields: readonly Field[]): Promise<(id: string) => string | undefined> {
  const ids: string[] = [];
  for (const issue of page) {
    for (const f of fields) {
      if (!isUserField(f)) continue;
      const value = issue.fields[f.id];
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const v of values) {
        if (typeof v === 'object' && v !== null && !('displayName' in v)) ids.push(...accountIdsOf(v));
      }
    }
  }
  if (ids.length === 0) return () => undefined;
  const names = await users.displayNames(ids);
  return (id) => names.get(id);
}

/** An issue rendered for repeated-columns mode, before the number of columns of each field is known. */
export type SpooledRow = readonly [key: string, values: readonly (readonly string[])[], accountIds: readonly (readonly string[])[]];

export function spoolRow(issue: IssueRecord, fields: readonly Field[], render: IssueRenderOptions, names: (id: string) => string | undefined): SpooledRow {
  const values = fields.map((f) => renderField(issue.fields[f.id], f, names, issue));
  const accountIds = render.accountIds === true ? fields.map((f) => (isUserField(f) ? accountIdsOf(issue.fields[f.id]) : [])) : [];
  return [issue.key, values, accountIds];
}

/** Grows the column counts to hold a spooled row's values. */
export function countColumns(counts: Map<string, number>, fields: readonly Field[], row: SpooledRow): void {
  fields.forEach((f, i) => counts.set(f.id, Math.max(counts.get(f.id) ?? 0, row[1][i]?.length ?? 0)));
}

/** The CSV cells of a spooled row once the column counts are final. */
export function spooledCells(row: SpooledRow, fields: readonly Field[], render: IssueRenderOptions, counts: ReadonlyMap<string, number>): string[] {
  const [key, values, accountIds] = row;
  const separator = render.separator ?? '; ';
  const cells = [key];
  fields.forEach((f, i) => {
    const v = values[i] ?? [];
    for (let k = 0; k < Math.max(1, counts.get(f.id) ?? 1); k++) cells.push(v[k] ?? '');
    if (render.accountIds === true && isUserField(f)) cells.push((accountIds[i] ?? []).join(separator));
  });
  return cells;
}

/** The header and first rows of an export, as its CSV will have them. */
export interface ExportPreview {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly total: number;
}

/** The header and the first `limit` rows the query finds, and Jira's count. @throws Jira's message for bad JQL. */
export async function previewIssues(search: IssueSearch, users: UserDirectory, fields: readonly Field[], jql: string, render: IssueRenderOptions, limit: number): Promise<ExportPreview> {
  // One after the other, so that bad JQL is reported by the search, always the same way.
  const page = await search.page(jql, searchFieldIds(fields));
  const total = await search.approximateCount(jql);
  const issues = page.issues.slice(0, limit);
  const names = await userNamesFor(users, issues, fields);
  if (render.multi !== 'columns') return { columns: exportHeader(fields, render), rows: issues.map((i) => issueCells(i, fields, render, names)), total };
  const counts = new Map<string, number>();
  const spooled = issues.map((i) => spoolRow(i, fields, render, names));
  for (const r of spooled) countColumns(counts, fields, r);
  return { columns: exportHeader(fields, render, counts), rows: spooled.map((r) => spooledCells(r, fields, render, counts)), total };
}
