import type { ServiceIdentifier } from 'inversify';
import { createCsvEncoder, type CsvOptions } from '../domain/csv';
import { exportHeader, issueCells, noticesFor, searchFieldIds, selectFields, type IssueRenderOptions } from '../domain/issues';
import type { Field } from '../domain/model';
import type { Clock } from '../ports/clock';
import type { IssueSearch, UserDirectory } from '../ports/issue-search';
import type { KeyValueStore } from '../ports/key-value-store';
import { cutText, deletePrefix, newJobId, packJson, unpackJson } from './chunked';
import { currentGeneration, keepIfCurrent, nextGeneration, PurgedError, sweepOrphans } from './generation';
import { countColumns, ExportRequestError, previewIssues, spooledCells, spoolRow, userNamesFor, type ExportPreview, type SpooledRow } from './issue-rows';

export interface ExportRequest {
  readonly jql: string;
  /** Field ids or names, `*all` or `*navigable`; empty means `*navigable`. */
  readonly fields: readonly string[];
  readonly render: IssueRenderOptions;
  readonly csv: Omit<CsvOptions, 'chunkSize'>;
}

export type ExportState = 'running' | 'done' | 'failed';

export interface ExportRecord {
  readonly id: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly jql: string;
  readonly state: ExportState;
  readonly rows: number;
  /** Jira's approximate count when the export started. */
  readonly total: number;
  /** Stored chunks of output so far. */
  readonly chunks: number;
  readonly error?: string;
  /** What the export could not read (a field Jira answered with a licence error), one line a field. */
  readonly notices?: readonly string[];
}

interface StoredExport extends ExportRecord {
  readonly fields: readonly Field[];
  readonly render: IssueRenderOptions;
  readonly csv: Omit<CsvOptions, 'chunkSize'>;
  /** The token of the next page; absent before the first page and after the last. */
  readonly next?: string;
  /** Columns per field for repeated-columns mode, grown as pages arrive. */
  readonly counts: Readonly<Record<string, number>>;
  /** Until when a step holds the export, so that two invocations never write the same chunk. */
  readonly leaseUntil?: number;
  /** The data generation the export belongs to (see generation.ts). */
  readonly generation?: number;
}

export type { ExportPreview } from './issue-rows';

/** One index key per export (not one list): two exports started at once cannot lose each other. */
const INDEX_PREFIX = 'exports:index:';
const indexKey = (id: string): string => `${INDEX_PREFIX}${id}`;
const exportKey = (id: string): string => `export:${id}`;
const chunkKey = (id: string, n: number): string => `export:${id}:chunk:${String(n).padStart(6, '0')}`;
/** Output held before it is written as one chunk (well under a store value, however much JSON escaping adds). */
const CHUNK_CHARS = 100_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issue export as resumable steps, for runtimes where no call may run long (Forge resolvers: 25 s). `start` checks
 * the request and stores it; each `step` reads pages for a time budget, renders them and stores the output in
 * chunks that fit the store, and records the next page's token; `chunk` hands the CSV back piece by piece. The
 * same rendering as the CLI export; searches run as whoever the IssueSearch adapter acts for (the user, on Forge).
 * Exports older than a day are deleted.
 */
export class ExportJobs {
  constructor(
    private readonly store: KeyValueStore,
    private readonly search: IssueSearch,
    private readonly users: UserDirectory,
    private readonly catalogue: () => Promise<Field[]>,
    private readonly clock: Clock,
  ) {}

  /** The site's fields, for the field picker. */
  fields(): Promise<Field[]> {
    return this.catalogue();
  }

  private async selected(fields: readonly string[]): Promise<Field[]> {
    const selected = selectFields(await this.catalogue(), fields.length === 0 ? ['*navigable'] : fields);
    if (!selected.ok) throw new ExportRequestError(selected.error);
    return selected.value;
  }

  /** The header and the first rows the query finds, as the CSV will have them. @throws Jira's message for bad JQL. */
  async preview(request: ExportRequest, limit = 20): Promise<ExportPreview> {
    return previewIssues(this.search, this.users, await this.selected(request.fields), request.jql, request.render, limit);
  }

  /** Checks the request (fields, JQL) and stores it; nothing is exported until the first step. */
  async start(request: ExportRequest, requestedBy: string): Promise<ExportRecord> {
    const fields = await this.selected(request.fields);
    const total = await this.search.approximateCount(request.jql);
    await this.prune();
    const now = this.clock.now();
    const id = newJobId(now);
    const generation = await currentGeneration(this.store);
    const stored: StoredExport = { id, requestedBy, createdAt: now.toISOString(), jql: request.jql, state: 'running', rows: 0, total, chunks: 0, fields, render: request.render, csv: request.csv, counts: {}, generation };
    // The index entry first, then the data: every key an export writes belongs to an export the index names.
    await this.store.set(indexKey(id), now.toISOString());
    await this.store.set(exportKey(id), stored);
    await keepIfCurrent(this.store, generation, exportKey(id), `export ${id}`).catch(async (e: unknown) => {
      await this.store.delete(indexKey(id));
      throw e;
    });
    return publicRecord(stored);
  }

  /**
   * Exports pages until `budgetMs` has passed (a page in progress is finished), then stores where it got to.
   * @throws when the export does not exist or belongs to someone else.
   */
  async step(id: string, requestedBy: string, budgetMs: number): Promise<ExportRecord> {
    let state = await this.owned(id, requestedBy);
    const started = this.clock.now().getTime();
    if (state.state !== 'running' || (state.leaseUntil ?? 0) > started) return publicRecord(state);
    state = { ...state, leaseUntil: started + budgetMs + 10_000 };
    await this.store.set(exportKey(id), state);
    const fields = state.fields;
    const ids = searchFieldIds(fields);
    const encoder = createCsvEncoder({ ...state.csv, bom: false });
    const columns = state.render.multi === 'columns';
    const counts = new Map(Object.entries(state.counts));
    let buffer = '';
    let chunks = state.chunks;
    const flush = async (): Promise<void> => {
      // Packed: the store counts 10 KB units, and CSV text compresses several times over.
      for (const piece of cutText(buffer)) await this.store.set(chunkKey(id, chunks++), packJson(piece));
      buffer = '';
    };
    try {
      do {
        const page = await this.search.page(state.jql, ids, state.next);
        const names = await userNamesFor(this.users, page.issues, fields);
        const notices = noticesFor(page.issues, fields, state.notices ?? []);
        if (notices !== state.notices) state = { ...state, notices };
        for (const issue of page.issues) {
          if (columns) {
            const row = spoolRow(issue, fields, state.render, names);
            countColumns(counts, fields, row);
            buffer += `${JSON.stringify(row)}\n`;
          } else {
            buffer += encoder.record(issueCells(issue, fields, state.render, names));
          }
          if (buffer.length >= CHUNK_CHARS) await flush();
        }
        if (buffer.length > 0) await flush();
        const { next: _done, ...rest } = state;
        state = { ...rest, rows: state.rows + page.issues.length, chunks, counts: Object.fromEntries(counts), ...(page.next === undefined ? { state: 'done' as const } : { next: page.next }) };
        await this.store.set(exportKey(id), state);
      } while (state.state === 'running' && this.clock.now().getTime() - started < budgetMs);
      // Issue text written after a purge must not outlive it.
      await this.kept(state);
    } catch (e) {
      if (e instanceof PurgedError) throw new ExportRequestError(e.message);
      state = { ...state, state: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    const { leaseUntil: _lease, ...settled } = state;
    await this.store.set(exportKey(id), settled);
    try {
      await this.kept(settled);
    } catch (e) {
      throw new ExportRequestError(e instanceof Error ? e.message : String(e));
    }
    return publicRecord(settled);
  }

  private async kept(state: StoredExport): Promise<void> {
    try {
      await keepIfCurrent(this.store, state.generation, exportKey(state.id), `export ${state.id}`);
    } catch (e) {
      await this.store.delete(indexKey(state.id));
      throw e;
    }
  }

  async status(id: string, requestedBy: string): Promise<ExportRecord> {
    return publicRecord(await this.owned(id, requestedBy));
  }

  /** Piece `n` of the CSV (0 holds the header); there are `chunks + 1` pieces. @throws before the export is done. */
  async chunk(id: string, requestedBy: string, n: number): Promise<string> {
    const state = await this.owned(id, requestedBy);
    if (state.state !== 'done') throw new ExportRequestError(`export ${id} is ${state.state}; its CSV is ready when it is done`);
    if (!Number.isInteger(n) || n < 0 || n > state.chunks) throw new ExportRequestError(`export ${id} has pieces 0–${state.chunks}; there is no piece ${n}`);
    const columns = state.render.multi === 'columns';
    const counts = new Map(Object.entries(state.counts));
    if (n === 0) return createCsvEncoder(state.csv).record(exportHeader(state.fields, state.render, columns ? counts : undefined));
    const packed = await this.store.get<string>(chunkKey(id, n - 1));
    if (packed === undefined) throw new Error(`export ${id}: piece ${n} of ${state.chunks} is missing from the store`);
    const text = unpackJson(packed) as string;
    if (!columns) return text;
    const encoder = createCsvEncoder({ ...state.csv, bom: false });
    // Repeated columns: spooled rows become CSV now that the number of columns of each field is known.
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => encoder.record(spooledCells(JSON.parse(line) as SpooledRow, state.fields, state.render, counts)))
      .join('');
  }

  /** The caller's export; one older than a day is deleted on the spot, whether or not anything pruned it yet. */
  private async owned(id: string, requestedBy: string): Promise<StoredExport> {
    const state = await this.store.get<StoredExport>(exportKey(id));
    if (state !== undefined && Date.parse(state.createdAt) < this.clock.now().getTime() - DAY_MS) {
      await this.remove(id);
      throw new ExportRequestError(`export ${id} is more than a day old and was deleted (exports are kept for a day)`);
    }
    if (state?.requestedBy !== requestedBy) throw new ExportRequestError(`no export ${id} of yours (exports are kept for a day)`);
    return state;
  }

  private async remove(id: string): Promise<number> {
    const n = await deletePrefix(this.store, `${exportKey(id)}:`);
    await this.store.delete(exportKey(id));
    await this.store.delete(indexKey(id));
    return n + 1;
  }

  /**
   * Deletes exports older than a day, and the data of exports no index entry names (a purge that raced a step).
   * Runs when an export starts and at the end of each scan. @returns how many exports.
   */
  async prune(): Promise<number> {
    const now = this.clock.now().getTime();
    const ids = (await this.store.keys(INDEX_PREFIX)).map((k) => k.slice(INDEX_PREFIX.length));
    const kept = new Set<string>();
    let removed = 0;
    for (const id of ids) {
      const state = await this.store.get<ExportRecord>(exportKey(id));
      if (state !== undefined && Date.parse(state.createdAt) >= now - DAY_MS) kept.add(id);
      else {
        await this.remove(id);
        removed++;
      }
    }
    await sweepOrphans(this.store, 'export:', kept, now);
    return removed;
  }

  /** Deletes every export; the data generation moves on first, so a step still writing deletes what it writes. */
  async purge(): Promise<number> {
    await nextGeneration(this.store);
    const n = await deletePrefix(this.store, 'export:');
    return n + (await deletePrefix(this.store, INDEX_PREFIX));
  }
}

function publicRecord(s: StoredExport): ExportRecord {
  return {
    id: s.id,
    requestedBy: s.requestedBy,
    createdAt: s.createdAt,
    jql: s.jql,
    state: s.state,
    rows: s.rows,
    total: s.total,
    chunks: s.chunks,
    ...(s.error === undefined ? {} : { error: s.error }),
    ...(s.notices === undefined || s.notices.length === 0 ? {} : { notices: s.notices }),
  };
}


export const ExportJobsId: ServiceIdentifier<ExportJobs> = Symbol.for('ExportJobs');
