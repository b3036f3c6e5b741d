import type { AnyReportTable, Cell } from './analysis/types';
import { csvChunks, objectsToRecords, type CsvOptions } from './csv';

export const REPORT_FORMATS = ['csv', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

type Row = Readonly<Record<string, Cell>>;

/** Any table of rows: a report, or another table made of rows and columns (the diff of two snapshots). */
export interface RowTable {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

function rowsOf(table: RowTable | AnyReportTable): readonly Row[] {
  return table.rows;
}

/** The report as a JSON array of row objects whose keys are the report's columns, in column order. */
export function* reportJson(table: RowTable | AnyReportTable): Generator<string, void, undefined> {
  const rows = rowsOf(table);
  if (rows.length === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? {};
    const ordered: Record<string, Cell> = {};
    for (const c of table.columns) ordered[c] = row[c] ?? null;
    yield `  ${JSON.stringify(ordered)}${i < rows.length - 1 ? ',' : ''}\n`;
  }
  yield ']\n';
}

/** The report as CSV: the columns as header, one record per row (RFC 4180, formula guard on by default). */
export function reportCsv(table: RowTable | AnyReportTable, options: CsvOptions = {}): Generator<string, void, undefined> {
  return csvChunks(objectsToRecords<string>(table.columns, rowsOf(table)), options);
}

/** HTML in Jira text (names, JQL) shown as text where Markdown is rendered: `<`, `>` and `&` as entities. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Jira text in Markdown, as the reader will see it. For a file or a pipe (rendered by a viewer later): HTML as
 * entities, and `[`/`]` escaped, so that no text from Jira becomes an image or a link a viewer fetches or follows. For
 * a terminal (read as it is): the text itself (`>=`, `&`), with only what would break the table escaped.
 */
function mdText(text: string, terminal: boolean): string {
  return terminal ? text : escapeHtml(text.replaceAll('\\', '\\\\')).replaceAll('[', '\\[').replaceAll(']', '\\]');
}

function mdCell(cell: Cell, terminal: boolean): string {
  if (cell === null) return '';
  return mdText(String(cell), terminal).replaceAll('|', '\\|').replace(/\r\n|\r|\n/g, terminal ? ' ⏎ ' : '<br>');
}

/** The report as a Markdown table with a title line, for people reading a terminal or a pull request. */
export function* reportMarkdown(table: RowTable | AnyReportTable, title: string, caveats: readonly string[] = [], terminal = false): Generator<string, void, undefined> {
  const rows = rowsOf(table);
  yield `# ${mdText(title, terminal)}\n\n`;
  // Said once, above the rows: places no API shows to anyone, which keep nothing from safe.
  if (caveats.length > 0) {
    yield '> Site caveats (places no API shows to anyone; they are said here once and keep nothing from safe):\n';
    for (const c of caveats) yield `> - ${mdText(c, terminal)}\n`;
    yield '\n';
  }
  if (rows.length === 0) {
    yield '_No rows._\n';
    return;
  }
  yield `| ${table.columns.join(' | ')} |\n`;
  yield `|${table.columns.map(() => ' --- |').join('')}\n`;
  for (const row of rows) yield `| ${table.columns.map((c) => mdCell(row[c] ?? null, terminal)).join(' | ')} |\n`;
  yield `\n${rows.length} row(s)\n`;
}

/** Renders a report in a format, as chunks of text. */
export function renderReport(table: RowTable | AnyReportTable, format: ReportFormat, options: CsvOptions & { title?: string; caveats?: readonly string[]; terminal?: boolean } = {}): Iterable<string> {
  switch (format) {
    case 'csv':
      return reportCsv(table, options);
    case 'json':
      return reportJson(table);
    case 'md':
      return reportMarkdown(table, options.title ?? ('report' in table ? table.report : 'table'), options.caveats, options.terminal === true);
  }
}
