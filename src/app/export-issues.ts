import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createCsvEncoder, type CsvOptions } from '../domain/csv';
import { exportHeader, issueCells, noticesFor, searchFieldIds, type IssueRenderOptions } from '../domain/issues';
import { countColumns, exportFields, spooledCells, spoolRow, userNamesFor, type SpooledRow } from './issue-rows';
import type { Field, IssueRecord } from '../domain/model';
import { makeTemporaryDir, removeTemporaryDir, writeFileAtomic } from '../adapters/node/files';
import type { ServiceIdentifier } from 'inversify';
import type { IssueSearch, UserDirectory } from '../ports/issue-search';
import type { ProgressListener } from '../ports/progress';

export interface ExportIssuesCommand {
  readonly jql: string;
  /** Field ids or names, `*all` or `*navigable`. */
  readonly fields: readonly string[];
  readonly render: IssueRenderOptions;
  readonly csv: CsvOptions;
  readonly out: string;
}

/** Issue exports hold issue content: a new file is readable by its owner only. */
const EXPORT_FILE = { newFileMode: 0o600 } as const;

/**
 * Exports the issues a JQL query finds as CSV, page by page as they arrive (memory stays flat with the number of
 * issues), into a temporary file renamed over `out` only when the export is complete. Users whose values carry
 * only an account id are named through the user directory.
 */
export class ExportIssuesUseCase {
  constructor(
    private readonly search: IssueSearch,
    private readonly users: UserDirectory,
    private readonly catalogue: () => Promise<Field[]>,
    private readonly progress?: ProgressListener,
  ) {}

  /** @returns the number of issues written. @throws ExportRequestError for a bad field selection; Jira's error for bad JQL. */
  async run(command: ExportIssuesCommand): Promise<{ readonly rows: number }> {
    const fields = exportFields(await this.catalogue(), command.fields);
    const total = await this.search.approximateCount(command.jql);
    this.progress?.({ phase: 'exporting issues', done: 0, total });
    const encoder = createCsvEncoder(command.csv);
    let rows = 0;
    const ids = searchFieldIds(fields);
    let told: readonly string[] = [];
    // A field Jira answers with an error object (a product or app the site is not licensed for) is said once.
    const tell = (page: readonly IssueRecord[]): void => {
      const now = noticesFor(page, fields, told);
      for (const notice of now.slice(told.length)) this.progress?.({ phase: 'coverage gap', done: rows, message: notice });
      told = now;
    };
    if (command.render.multi !== 'columns') {
      const chunks = async function* (this: ExportIssuesUseCase): AsyncGenerator<string> {
        yield encoder.record(exportHeader(fields, command.render));
        for await (const page of this.search.pages(command.jql, ids)) {
          tell(page);
          const names = await userNamesFor(this.users, page, fields);
          let chunk = '';
          for (const issue of page) chunk += encoder.record(issueCells(issue, fields, command.render, names));
          rows += page.length;
          this.progress?.({ phase: 'exporting issues', done: rows, total: Math.max(total, rows) });
          yield chunk;
        }
      };
      await writeFileAtomic(command.out, chunks.call(this), EXPORT_FILE);
      return { rows };
    }
    // Repeated columns need the most values any issue has before the header can be written: rendered rows go to
    // a spool file first (one JSON line per issue), then the CSV is written from it. One pass over the search.
    const dir = await makeTemporaryDir('config-lens-export-');
    const spool = join(dir, 'rows.jsonl');
    try {
      const counts = new Map<string, number>();
      const out = createWriteStream(spool, { encoding: 'utf8' });
      for await (const page of this.search.pages(command.jql, ids)) {
        tell(page);
        const names = await userNamesFor(this.users, page, fields);
        for (const issue of page) {
          const row = spoolRow(issue, fields, command.render, names);
          countColumns(counts, fields, row);
          if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise<void>((r) => out.once('drain', () => { r(); }));
        }
        rows += page.length;
        this.progress?.({ phase: 'exporting issues', done: rows, total: Math.max(total, rows) });
      }
      out.end();
      await finished(out);
      await writeFileAtomic(
        command.out,
        (async function* () {
        yield encoder.record(exportHeader(fields, command.render, counts));
        for await (const line of createInterface({ input: createReadStream(spool, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY })) {
          yield encoder.record(spooledCells(JSON.parse(line) as SpooledRow, fields, command.render, counts));
        }
      })(),
        EXPORT_FILE,
      );
      return { rows };
    } finally {
      await removeTemporaryDir(dir);
    }
  }
}

export const ExportIssuesUseCaseId: ServiceIdentifier<ExportIssuesUseCase> = Symbol.for('ExportIssuesUseCase');
