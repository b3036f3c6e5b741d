import type { ServiceIdentifier } from 'inversify';
import type { CsvOptions } from '../domain/csv';
import type { IssueRenderOptions } from '../domain/issues';
import type { Field } from '../domain/model';
import type { Clock } from '../ports/clock';
import type { IssueSearch, UserDirectory } from '../ports/issue-search';
import type { KeyValueStore } from '../ports/key-value-store';
import { deletePrefix } from './chunked';
import { nextGeneration, sweepOrphans } from './generation';
import { exportFields, previewIssues, type ExportPreview } from './issue-rows';

export interface ExportRequest {
  readonly jql: string;
  /** Field ids or names, `*all` or `*navigable`; empty means `*navigable`. */
  readonly fields: readonly string[];
  readonly render: IssueRenderOptions;
  readonly csv: Omit<CsvOptions, 'chunkSize'>;
}

/** What an export of an earlier version kept (its rows, in chunks); only its age is read now, to delete it. */
interface StoredExport {
  readonly createdAt: string;
}

export type { ExportPreview } from './issue-rows';

/** One index key per export (not one list): two exports started at once cannot lose each other. */
const INDEX_PREFIX = 'exports:index:';
const indexKey = (id: string): string => `${INDEX_PREFIX}${id}`;
const exportKey = (id: string): string => `export:${id}`;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The resolver's side of issue export: the site's fields and a preview, read as the user. The export itself runs in
 * the admin's page (src/app/page-export.ts) and stores nothing; exports that earlier versions stored (issue rows, in
 * chunks) are deleted a day after they were made, by the daily sweep, and by a purge.
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

  /** The header and the first rows the query finds, as the CSV will have them. @throws Jira's message for bad JQL. */
  async preview(request: ExportRequest, limit = 20): Promise<ExportPreview> {
    return previewIssues(this.search, this.users, exportFields(await this.catalogue(), request.fields), request.jql, request.render, limit);
  }

  private async remove(id: string): Promise<number> {
    const n = await deletePrefix(this.store, `${exportKey(id)}:`);
    await this.store.delete(exportKey(id));
    await this.store.delete(indexKey(id));
    return n + 1;
  }

  /**
   * Deletes exports older than a day, and the data of exports no index entry names (a purge that raced a step of an
   * earlier version). Runs in the daily sweep and at the end of each scan. @returns how many exports.
   */
  async prune(): Promise<number> {
    const now = this.clock.now().getTime();
    const ids = (await this.store.keys(INDEX_PREFIX)).map((k) => k.slice(INDEX_PREFIX.length));
    const kept = new Set<string>();
    let removed = 0;
    for (const id of ids) {
      const state = await this.store.get<StoredExport>(exportKey(id));
      if (state !== undefined && Date.parse(state.createdAt) >= now - DAY_MS) kept.add(id);
      else {
        await this.remove(id);
        removed++;
      }
    }
    await sweepOrphans(this.store, 'export:', kept, now);
    return removed;
  }

  /** Deletes every stored export; the data generation moves on first. */
  async purge(): Promise<number> {
    await nextGeneration(this.store);
    const n = await deletePrefix(this.store, 'export:');
    return n + (await deletePrefix(this.store, INDEX_PREFIX));
  }
}


export const ExportJobsId: ServiceIdentifier<ExportJobs> = Symbol.for('ExportJobs');
