import type { ServiceIdentifier } from 'inversify';
import { analyse, runReport, type Analysis } from '../domain/analysis';
import type { Cell, ReportName } from '../domain/analysis/types';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot, type CoverageGap, type ObjectKind } from '../domain/model';
import { assembleSnapshot, describePart, KIND_OF_SECTION, type ScanPart, type ScanPartResult, type SnapshotPiece } from '../domain/scan-plan';
import type { Clock } from '../ports/clock';
import { QUEUE_LIMITS, type JobEvent, type JobQueue } from '../ports/job-queue';
import type { KeyValueStore } from '../ports/key-value-store';
import type { ScanPartRunner } from '../ports/scan-plan';
import { deletePrefix, getChunked, newJobId, packJson, pageRows, putChunked, unpackJson } from './chunked';

/** Reports stored with every scan, so that the page shows their first rows with one or two reads. */
export const STORED_REPORTS = ['health', 'inventory', 'unused', 'duplicates', 'references'] as const satisfies readonly ReportName[];
export type StoredReport = (typeof STORED_REPORTS)[number];

export type ScanState = 'running' | 'done' | 'failed';

export interface ScanRecord {
  readonly id: string;
  readonly state: ScanState;
  readonly site: string;
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Parts of the plan, once the core part has named them (1 until then). */
  readonly partsTotal: number;
  readonly error?: string;
  /** Object counts per kind and the number of coverage gaps, once done. */
  readonly counts?: Readonly<Partial<Record<ObjectKind, number>>>;
  readonly coverageGaps?: number;
  /** Parts that failed for good and became coverage gaps. */
  readonly failedParts?: number;
}

export interface ScanProgress extends ScanRecord {
  readonly partsDone: number;
}

interface PartState {
  readonly part: ScanPart;
  readonly attempts: number;
  readonly lastError?: string;
}

interface StoredPiece {
  readonly piece: SnapshotPiece;
  readonly gaps: readonly CoverageGap[];
}

export interface StoredReportHead {
  readonly report: StoredReport;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** Rows in each stored page, in order. */
  readonly pages: readonly number[];
}

export interface ScanJobsOptions {
  /** Attempts of one part before it becomes a coverage gap. */
  readonly maxAttempts?: number;
  /** Delay before a retry, times the attempt number. */
  readonly retryDelaySeconds?: number;
  /** Finished scans kept; older ones are deleted when a scan finishes. */
  readonly keepScans?: number;
  /**
   * A running scan none of whose jobs has reported for this long has stalled (a consumer was stopped, or failed
   * in a way no retry reaches): it is marked failed, so that a new scan can start. Default 1,200 s, longer than a
   * consumer's 900 s.
   */
  readonly stallSeconds?: number;
}

const INDEX_KEY = 'scans:index';
const scanKey = (id: string): string => `scan:${id}`;
const partKey = (id: string, n: number): string => `scan:${id}:part:${String(n).padStart(5, '0')}`;
/** When a job of the scan last reported (started a part, settled one, or began the finish). */
const beatKey = (id: string): string => `scan:${id}:beat`;
const doneKey = (id: string, n: number): string => `scan:${id}:done:${String(n).padStart(5, '0')}`;
const pieceKey = (id: string, n: number): string => `scan:${id}:piece:${String(n).padStart(5, '0')}`;
const snapshotKey = (id: string): string => `scan:${id}:snapshot`;
const reportKey = (id: string, report: StoredReport): string => `scan:${id}:report:${report}`;
const reportPageKey = (id: string, report: StoredReport, page: number): string => `scan:${id}:report:${report}:page:${page}`;

/**
 * Scan parts queued in any one minute: Forge takes 500 events a minute per installation; the rest of the minute's
 * share is left to retries, the finish and a second scan.
 */
export const PARTS_PER_MINUTE = 400;

/** How often the finish looks whether every part of a scan has settled. */
export const FINISH_POLL_SECONDS = 30;

/** A failure that no retry will mend: the site refuses the app, or answers nothing. */
export type FatalCheck = (error: unknown) => boolean;

/**
 * Scans as background jobs. `start` stores the scan and queues its core part; each part runs in its own consumer
 * invocation, stores what it read, and (for the core part) queues the parts it names; a failed part is retried,
 * then recorded as a coverage gap. With the last parts, `scan-finish` is queued: it looks again every
 * {@link FINISH_POLL_SECONDS} until every part has settled (one listing of the settled parts a look, where a check
 * by every settling part would list them once a part), then assembles the snapshot, analyses it, stores the
 * snapshot and the report tables in chunks that fit the store, and deletes old scans.
 */
export class ScanJobs {
  private readonly maxAttempts: number;
  private readonly retryDelaySeconds: number;
  private readonly keepScans: number;
  private readonly stallSeconds: number;

  constructor(
    private readonly store: KeyValueStore,
    private readonly queue: JobQueue,
    private readonly runner: ScanPartRunner,
    private readonly clock: Clock,
    private readonly isFatal: FatalCheck,
    options: ScanJobsOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 30;
    this.keepScans = options.keepScans ?? 3;
    this.stallSeconds = options.stallSeconds ?? 1_200;
  }

  private beat(id: string): Promise<void> {
    return this.store.set(beatKey(id), this.clock.now().toISOString());
  }

  /** The record as it stands: a running scan that has stalled is marked failed first, with the reason. */
  private async unstalled(record: ScanRecord): Promise<ScanRecord> {
    if (record.state !== 'running') return record;
    const last = (await this.store.get<string>(beatKey(record.id))) ?? record.startedAt;
    const now = this.clock.now();
    if (now.getTime() - Date.parse(last) <= this.stallSeconds * 1000) return record;
    const failed: ScanRecord = {
      ...record,
      state: 'failed',
      finishedAt: now.toISOString(),
      error: `stalled: no job of this scan reported for ${Math.round(this.stallSeconds / 60)} minutes (the last at ${last}); a consumer may have been stopped. Start a new scan.`,
    };
    await this.store.set(scanKey(record.id), failed);
    return failed;
  }

  /** Starts a scan of `site` (its base URL, recorded in the snapshot), unless one is running: then that one is returned. */
  async start(requestedBy: string, site: string): Promise<ScanRecord> {
    const found = (await this.list()).find((s) => s.state === 'running');
    const running = found === undefined ? undefined : await this.unstalled(found);
    if (running?.state === 'running') return running;
    const now = this.clock.now();
    const id = newJobId(now);
    const record: ScanRecord = { id, state: 'running', site, requestedBy, startedAt: now.toISOString(), partsTotal: 1 };
    await this.store.set(scanKey(id), record);
    await this.beat(id);
    await this.store.set(partKey(id, 0), { part: { section: 'core' }, attempts: 0 } satisfies PartState);
    const index = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    await this.store.set(INDEX_KEY, [id, ...index.filter((x) => x !== id)]);
    await this.queue.push([{ type: 'scan-part', scanId: id, part: 0 }]);
    return record;
  }

  /** The queue consumer: runs one event. Events for scans that are gone or over are ignored. */
  async handle(event: JobEvent): Promise<void> {
    const record = await this.store.get<ScanRecord>(scanKey(event.scanId));
    if (record?.state !== 'running') return;
    if (event.type === 'scan-finish') {
      await this.finish(record);
      return;
    }
    if (event.type === 'scan-queue') {
      await this.queueParts(record, event.from);
      return;
    }
    await this.runPart(record, event.part);
  }

  private async runPart(record: ScanRecord, n: number): Promise<void> {
    const id = record.id;
    const state = await this.store.get<PartState>(partKey(id, n));
    // Delivered twice, or already settled: nothing to do.
    if (state === undefined || (await this.store.get(doneKey(id, n))) !== undefined) return;
    await this.beat(id);
    let result: ScanPartResult;
    try {
      result = await this.runner.run(state.part);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.isFatal(error) || (n === 0 && state.attempts + 1 >= this.maxAttempts)) {
        await this.store.set(scanKey(id), { ...record, state: 'failed', finishedAt: this.clock.now().toISOString(), error: `${describePart(state.part)}: ${message}` } satisfies ScanRecord);
        return;
      }
      const attempts = state.attempts + 1;
      let detail = `scan part "${describePart(state.part)}" failed ${attempts} times: ${message}`;
      if (attempts < this.maxAttempts) {
        await this.store.set(partKey(id, n), { ...state, attempts, lastError: message } satisfies PartState);
        try {
          await this.queue.push([{ type: 'scan-part', scanId: id, part: n }], Math.min(QUEUE_LIMITS.maxDelaySeconds, this.retryDelaySeconds * attempts));
          return;
        } catch (pushError) {
          // The queue refused the retry (Forge's events-a-minute limit, say): the part becomes a gap now rather
          // than leave the scan waiting for a part that will never run.
          detail = `scan part "${describePart(state.part)}" failed (${message}) and its retry could not be queued: ${pushError instanceof Error ? pushError.message : String(pushError)}`;
        }
      }
      if (n === 0) {
        // Without the core part there is no plan: the scan fails rather than finish empty.
        await this.store.set(scanKey(id), { ...record, state: 'failed', finishedAt: this.clock.now().toISOString(), error: detail } satisfies ScanRecord);
        return;
      }
      const gap: CoverageGap = { kind: KIND_OF_SECTION[state.part.section], reason: 'endpoint-error', detail };
      await putChunked(this.store, pieceKey(id, n), { piece: {}, gaps: [gap] } satisfies StoredPiece);
      await this.settle(record, n, 'failed');
      return;
    }
    await putChunked(this.store, pieceKey(id, n), { piece: result.piece, gaps: result.gaps } satisfies StoredPiece);
    if (n === 0) {
      const next = result.next;
      await Promise.all(next.map((part, i) => this.store.set(partKey(id, i + 1), { part, attempts: 0 } satisfies PartState)));
      record = { ...record, partsTotal: 1 + next.length };
      await this.store.set(scanKey(id), record);
      await this.queueParts(record, 1);
    }
    await this.settle(record, n, 'done');
  }

  /**
   * Queues the parts of a scan from `from` on, at most {@link PARTS_PER_MINUTE} now; the rest a minute later, by an
   * event that comes back here. Forge refuses more than 500 events pushed a minute per installation, and a large
   * site's plan has hundreds of parts.
   */
  private async queueParts(record: ScanRecord, from: number): Promise<void> {
    const until = Math.min(record.partsTotal, from + PARTS_PER_MINUTE);
    for (let i = from; i < until; i += QUEUE_LIMITS.eventsPerPush) {
      const batch = Array.from({ length: Math.min(QUEUE_LIMITS.eventsPerPush, until - i) }, (_, k): JobEvent => ({ type: 'scan-part', scanId: record.id, part: i + k }));
      await this.queue.push(batch);
    }
    if (until < record.partsTotal) await this.queue.push([{ type: 'scan-queue', scanId: record.id, from: until }], 60);
    else await this.queue.push([{ type: 'scan-finish', scanId: record.id }], FINISH_POLL_SECONDS);
  }

  /** Marks a part settled (the finish counts the marks). */
  private async settle(record: ScanRecord, n: number, how: 'done' | 'failed'): Promise<void> {
    await this.store.set(doneKey(record.id, n), how);
    await this.beat(record.id);
  }

  private async finish(record: ScanRecord): Promise<void> {
    const id = record.id;
    const settled = await this.store.keys(`scan:${id}:done:`);
    if (settled.length < record.partsTotal) {
      await this.queue.push([{ type: 'scan-finish', scanId: id }], FINISH_POLL_SECONDS);
      return;
    }
    await this.beat(id);
    const pieces: StoredPiece[] = [];
    let failedParts = 0;
    for (let n = 0; n < record.partsTotal; n++) {
      const piece = await getChunked<StoredPiece>(this.store, pieceKey(id, n));
      if (piece === undefined) throw new Error(`scan ${id}: the result of part ${n} is missing`);
      if ((await this.store.get<string>(doneKey(id, n))) === 'failed') failedParts++;
      pieces.push(piece);
    }
    const snapshot = assembleSnapshot({ baseUrl: record.site, scannedAt: record.startedAt }, pieces.map((p) => p.piece), pieces.flatMap((p) => p.gaps));
    await putChunked(this.store, snapshotKey(id), snapshot);
    const analysis = analyse(snapshot);
    for (const report of STORED_REPORTS) await this.storeReport(id, analysis, report);
    const counts: Partial<Record<ObjectKind, number>> = {};
    for (const kind of OBJECT_KINDS) counts[kind] = snapshot[COLLECTION_OF_KIND[kind]].length;
    await this.store.set(scanKey(id), {
      ...record,
      state: 'done',
      finishedAt: this.clock.now().toISOString(),
      counts,
      coverageGaps: snapshot.coverage.length,
      failedParts,
    } satisfies ScanRecord);
    await deletePrefix(this.store, `scan:${id}:piece:`);
    await deletePrefix(this.store, `scan:${id}:part:`);
    await this.store.delete(beatKey(id));
    await this.prune();
  }

  private async storeReport(id: string, analysis: Analysis, report: StoredReport): Promise<void> {
    const table = runReport(analysis, { report });
    if (!table.ok) throw new Error(`scan ${id}: report ${report}: ${table.error.message}`);
    const rows = table.value.rows as readonly Readonly<Record<string, Cell>>[];
    const pages = pageRows(rows);
    await Promise.all(pages.map((page, i) => this.store.set(reportPageKey(id, report, i), packJson(page))));
    await this.store.set(reportKey(id, report), { report, columns: table.value.columns, rowCount: rows.length, pages: pages.map((p) => p.length) } satisfies StoredReportHead);
  }

  /** Keeps the newest finished scans (and any running one); deletes the rest. */
  private async prune(): Promise<void> {
    const scans = await this.list();
    let kept = 0;
    const keep: string[] = [];
    for (const s of scans) {
      if (s.state === 'running' || (s.state === 'done' && kept++ < this.keepScans)) keep.push(s.id);
      else await deletePrefix(this.store, scanKey(s.id));
    }
    await this.store.set(INDEX_KEY, keep);
  }

  /** Scans, newest first. */
  async list(): Promise<ScanRecord[]> {
    const ids = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    const records = await Promise.all(ids.map((id) => this.store.get<ScanRecord>(scanKey(id))));
    return records.filter((r): r is ScanRecord => r !== undefined);
  }

  /** A scan with how many of its parts have settled; the newest when no id is given. */
  async progress(scanId?: string): Promise<ScanProgress | undefined> {
    const id = scanId ?? (await this.store.get<string[]>(INDEX_KEY))?.[0];
    if (id === undefined) return undefined;
    const stored = await this.store.get<ScanRecord>(scanKey(id));
    if (stored === undefined) return undefined;
    const record = await this.unstalled(stored);
    const partsDone = record.state === 'done' ? record.partsTotal : (await this.store.keys(`scan:${id}:done:`)).length;
    return { ...record, partsDone };
  }

  /** The newest finished scan. */
  async latest(): Promise<ScanRecord | undefined> {
    return (await this.list()).find((s) => s.state === 'done');
  }

  async snapshot(scanId: string): Promise<ConfigSnapshot | undefined> {
    return getChunked<ConfigSnapshot>(this.store, snapshotKey(scanId));
  }

  async reportHead(scanId: string, report: StoredReport): Promise<StoredReportHead | undefined> {
    return this.store.get<StoredReportHead>(reportKey(scanId, report));
  }

  async reportPage(scanId: string, report: StoredReport, page: number): Promise<readonly Readonly<Record<string, Cell>>[]> {
    const packed = await this.store.get<string>(reportPageKey(scanId, report, page));
    return packed === undefined ? [] : (unpackJson(packed) as Readonly<Record<string, Cell>>[]);
  }

  /** Deletes every scan. @returns the number of keys deleted. */
  async purge(): Promise<number> {
    const n = await deletePrefix(this.store, 'scan:');
    await this.store.delete(INDEX_KEY);
    return n + 1;
  }
}

export const ScanJobsId: ServiceIdentifier<ScanJobs> = Symbol.for('ScanJobs');
