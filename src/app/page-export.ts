import { JiraClient } from '../adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../adapters/jira-rest/issues';
import { createCsvEncoder, type CsvOptions } from '../domain/csv';
import { exportHeader, issueCells, noticesFor, searchFieldIds, type IssueRenderOptions } from '../domain/issues';
import type { Field } from '../domain/model';
import type { JiraHttp } from '../ports/jira-http';
import { countColumns, exportFields, previewIssues, spooledCells, spoolRow, userNamesFor, type ExportPreview } from './issue-rows';

/**
 * The issue export in the admin's page: issues are searched through the bridge's `requestJira` as the admin (what
 * they may see; no app points), each row rendered by the same domain code as the CLI and the resolver, and the CSV
 * handed to a sink page by page, so that no more than a page of rows is held at once. Nothing of it reaches the app's
 * storage. No Node, no Forge: the page's bundle and the tests run it alike.
 */

export interface PageExportRequest {
  readonly jql: string;
  /** Field ids or names, `*all` or `*navigable`; empty means `*navigable`. */
  readonly fields: readonly string[];
  readonly render: IssueRenderOptions;
  readonly csv: Omit<CsvOptions, 'chunkSize'>;
}

/** Where the CSV goes as it is made: a file the browser writes, or parts it keeps until the download. */
export interface CsvSink {
  write(text: string): Promise<void>;
}

export interface PageExportProgress {
  readonly rows: number;
  /** Jira's approximate count when the export started. */
  readonly total: number;
  /** One column per value reads the issues twice: the first read counts the columns. */
  readonly pass?: 'counting' | 'writing';
}

export interface PageExportOptions {
  readonly http: JiraHttp;
  readonly request: PageExportRequest;
  readonly sink: CsvSink;
  /** The site's fields, when the page has them already (else read once). */
  readonly catalogue?: readonly Field[];
  readonly onProgress?: (progress: PageExportProgress) => void;
  readonly signal?: AbortSignal;
  /** Issues a search page asks for (Jira's limit by default). */
  readonly pageSize?: number;
  /**
   * Characters of CSV the sink may take at most (a browser that keeps the file until it is saved): past it the export
   * stops with an error naming the cap, never a cut file.
   */
  readonly maxChars?: number;
}

export interface PageExportResult {
  readonly rows: number;
  readonly chars: number;
  /** What the export could not read (a field Jira answered with a licence error), one line a field. */
  readonly notices: readonly string[];
}

/** The export stopped at the cap of what the browser can keep for a download. */
export class ExportCapError extends Error {
  constructor(
    readonly rows: number,
    readonly maxChars: number,
  ) {
    super(`the export stopped after ${rows.toLocaleString('en-US')} issues: this browser keeps the file until it is saved, at most ${Math.round(maxChars / 1e6)} MB of CSV. Nothing was saved; narrow the JQL (for example by created date) and export in parts`);
    this.name = 'ExportCapError';
  }
}

function clientOf(http: JiraHttp): JiraClient {
  return new JiraClient(http, { maxRetries: 4 });
}

async function fieldsOf(client: JiraClient, request: PageExportRequest, catalogue: readonly Field[] | undefined): Promise<Field[]> {
  return exportFields(catalogue ?? (await readFieldCatalogue(client)), request.fields);
}

/** The site's fields as the page reads them (as the admin), for the field picker and the exports. */
export function catalogueInPage(http: JiraHttp): Promise<Field[]> {
  return readFieldCatalogue(clientOf(http));
}

/** The header and the first rows the query finds, read in the page. @throws Jira's message for bad JQL. */
export async function previewInPage(http: JiraHttp, request: PageExportRequest, catalogue?: readonly Field[], limit = 20): Promise<ExportPreview> {
  const client = clientOf(http);
  const fields = await fieldsOf(client, request, catalogue);
  return previewIssues(new RestIssueSearch(client), new RestUserDirectory(client), fields, request.jql, request.render, limit);
}

/**
 * Exports the issues the JQL finds to the sink. Several values in one cell: one read, each page written as it comes.
 * One column per value: the header needs the most values any issue has, so the issues are read twice (the first
 * read only counts); an issue that gained values in between stops the export rather than lose them.
 */
export async function exportInPage(options: PageExportOptions): Promise<PageExportResult> {
  const { request, sink, signal } = options;
  const client = clientOf(options.http);
  const search = new RestIssueSearch(client, options.pageSize);
  const users = new RestUserDirectory(client);
  const fields = await fieldsOf(client, request, options.catalogue);
  const ids = searchFieldIds(fields);
  const total = await search.approximateCount(request.jql);
  const maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  const encoder = createCsvEncoder(request.csv);
  const columns = request.render.multi === 'columns';
  let rows = 0;
  let chars = 0;
  let notices: readonly string[] = [];
  const stopped = (): void => {
    if (signal?.aborted === true) throw new Error('the export was stopped; nothing was saved');
  };
  const write = async (text: string): Promise<void> => {
    chars += text.length;
    if (chars > maxChars) throw new ExportCapError(rows, maxChars);
    await sink.write(text);
  };

  const counts = new Map<string, number>();
  if (columns) {
    options.onProgress?.({ rows: 0, total, pass: 'counting' });
    let counted = 0;
    for await (const page of search.pages(request.jql, ids)) {
      stopped();
      // Counting needs no names: a user is one value whatever it is called.
      for (const issue of page) countColumns(counts, fields, spoolRow(issue, fields, request.render, () => undefined));
      counted += page.length;
      options.onProgress?.({ rows: counted, total, pass: 'counting' });
    }
  }
  await write(encoder.record(exportHeader(fields, request.render, columns ? counts : undefined)));
  for await (const page of search.pages(request.jql, ids)) {
    stopped();
    notices = noticesFor(page, fields, notices);
    const names = await userNamesFor(users, page, fields);
    let text = '';
    for (const issue of page) {
      if (!columns) {
        text += encoder.record(issueCells(issue, fields, request.render, names));
        continue;
      }
      const row = spoolRow(issue, fields, request.render, names);
      const more = fields.find((f, i) => (row[1][i]?.length ?? 0) > Math.max(1, counts.get(f.id) ?? 0));
      if (more !== undefined) throw new Error(`${issue.key} has more values of ${more.name} than when the export counted them (it changed meanwhile): nothing was saved; export again`);
      text += encoder.record(spooledCells(row, fields, request.render, counts));
    }
    await write(text);
    rows += page.length;
    options.onProgress?.({ rows, total: Math.max(total, rows), ...(columns ? { pass: 'writing' as const } : {}) });
  }
  return { rows, chars, notices };
}

/**
 * People's display names as the page reads them, through the bridge as the admin: for account ids a scan or a diff
 * names (owners, leads, who changed what). Names are looked up when shown and kept only in the page's memory.
 */
export function directoryInPage(http: JiraHttp): RestUserDirectory {
  return new RestUserDirectory(clientOf(http));
}
