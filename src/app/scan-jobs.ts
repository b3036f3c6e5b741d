import type { ServiceIdentifier } from 'inversify';
import { runReport, siteCaveats, type Analysis } from '../domain/analysis';
import { analyseSite } from './analysis-shapes';
import type { Cell, ReportName } from '../domain/analysis/types';
import { mergeAutomationRules, withoutExportedRules } from '../domain/automation';
import { diffSnapshots, problemsOf, type Change, type DiffRow, type Problem } from '../domain/diff';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type AutomationRule, type ConfigSnapshot, type CoverageGap, type ObjectKind } from '../domain/model';
import { assembleSnapshot, describePart, KIND_OF_SECTION, withAllCollections, type ScanPart, type ScanPartResult, type SnapshotPiece } from '../domain/scan-plan';
import type { Clock } from '../ports/clock';
import { QUEUE_LIMITS, type JobEvent, type JobQueue } from '../ports/job-queue';
import type { KeyValueStore } from '../ports/key-value-store';
import { PartPausedError, type PartRun, type ScanPartRunner } from '../ports/scan-plan';
import { addSummaries, type PointsSummary } from '../domain/points';
import { valueCountParts } from '../domain/read-less';
import { deleteChunked, deletePrefix, getChunked, newJobId, packJson, pageRows, putChunked, unpackJson } from './chunked';
import { jsonPath, scanPartResultSchema } from '../adapters/fixture/snapshot-schema';
import { MAX_RESULT_CHUNKS } from './page-scan';
import { currentGeneration, jobIdTime, keepIfCurrent, nextGeneration, PurgedError } from './generation';
import { auditFrom } from '../domain/incremental';
import { withLinks } from './row-links';

/** Reports stored with every scan, so that the page shows their first rows with one or two reads. */
export const STORED_REPORTS = ['health', 'inventory', 'unused', 'cleanup', 'duplicates', 'references', 'limits'] as const satisfies readonly ReportName[];
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
  /** The data generation the scan belongs to (see generation.ts): a purge since then makes its late writes vanish. */
  readonly generation?: number;
  /** The Automation rules export merged into this scan, when an admin gave one (carried on to the next scans). */
  readonly automation?: AutomationExportInfo;
  /** Bumped each time the stored snapshot and reports are rewritten (an export given or removed): caches key on it. */
  readonly revision?: number;
  /** What changed since the scan before it, when there was one (the diff itself is kept in the history). */
  readonly sinceLast?: HistorySummary;
  /** Started by nobody waiting for it (a scheduled scan): its parts run one at a time within the hourly budget. */
  readonly background?: boolean;
  /** Read from the previous scan's snapshot and Jira's audit records since (every scan after the first, unless a full one was asked for). */
  readonly incremental?: boolean;
  /** What the scan said of how it read: which kinds an incremental scan read again, and why. */
  readonly notes?: readonly string[];
  /** Places no API shows to anyone (site caveats), each said once; they keep nothing from safe. Once done. */
  readonly caveats?: readonly string[];
  /** What the scan's calls to Jira cost (Jira's points), once done. */
  readonly points?: PointsSummary;
  /**
   * A snapshot file taken as this scan (local only: `serve --instance`), with the time it was scanned: the page shows
   * the file as it holds it (value counts, rules, last use); no call was made.
   */
  readonly loadedFrom?: { readonly file: string; readonly scannedAt: string };
  /** Whether the parts that count values of the cleanup candidates have been planned (the finish's first step). */
  readonly countsPlanned?: boolean;
  /**
   * Run by the admin's page (started there): the page reads Jira through the bridge as the admin, at no cost to the
   * app's points, and hands each part's result to the resolver; nothing is queued for its parts. Handed to the backend,
   * the scan loses this and runs on as background work.
   */
  readonly executor?: 'page';
}

/** What starting a scan asks for. */
export interface StartOptions {
  /** Nobody waits for it (a scheduled scan): within the per-installation hourly budget, parts one at a time. */
  readonly background?: boolean;
  /** Read everything, not only what the audit log says changed since the last scan. */
  readonly full?: boolean;
  /** Not before this time (scheduled scans of different installations start at different minutes of the hour). */
  readonly notBefore?: Date;
  /** Run by the admin's page ({@link ScanRecord.executor}): always a full scan, nothing queued. */
  readonly executor?: 'page';
}

/** Jira's quota holds this installation's calls back: nothing is sent before `until`. */
export interface QuotaPause {
  readonly until: string;
  readonly why: 'quota' | 'budget' | 'reserve';
}

/** One entry of the history: a scan and what changed since the one before it. */
export interface HistorySummary {
  readonly scanId: string;
  /** When the scan finished. */
  readonly at: string;
  readonly previousScanId: string;
  /** When the scan compared with was taken. */
  readonly since: string;
  readonly counts: Readonly<Record<Change, number>>;
  /** Rows kept (a diff of more than {@link HISTORY_ROWS} rows keeps the first ones). */
  readonly rows: number;
  readonly total: number;
}

/** Diff rows kept per scan in the history. */
export const HISTORY_ROWS = 20_000;
/** Days a diff is kept, even after its scans are gone. */
export const HISTORY_DAYS = 90;

/** What the page says of a rules export: its file, when and by whom it was given, and what it held. */
export interface AutomationExportInfo {
  readonly fileName: string;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
  readonly rules: number;
  /** Rules of the file that did not have the rule shape, each named in the scan's coverage. */
  readonly leftOut: number;
}

/** A rules export as stored with a scan (gzipped, chunked): what was given, the rules and the gaps of rules left out. */
export interface StoredAutomationExport {
  readonly info: AutomationExportInfo;
  readonly rules: readonly AutomationRule[];
  readonly gaps: readonly CoverageGap[];
}

export interface ScanProgress extends ScanRecord {
  readonly partsDone: number;
  /** A scan run by a page: which page holds it (its worker id) and until when (past that, any page may resume it). */
  readonly driver?: { readonly worker: string; readonly until: string };
  /**
   * A running scan that waits, and until when: Jira's quota (every call of the installation waits for its reset),
   * background work's hourly budget or the pool's reserve, or a scheduled scan's own minute of the hour.
   */
  readonly waiting?: { readonly until: string; readonly why: QuotaPause['why'] | 'start' };
}

/** What this installation's calls to Jira cost lately, for the page. */
export interface PointsUsage {
  /** The last clock hours, newest first. */
  readonly hours: readonly HourPoints[];
  /** Jira's quota (or the background budget) holding calls back now. */
  readonly pause: QuotaPause | null;
  /** Points background work may spend an hour, and what is left of them this hour. */
  readonly backgroundBudget: { readonly perHour: number; readonly left: number };
}

interface PartState {
  readonly part: ScanPart;
  readonly attempts: number;
  readonly lastError?: string;
  /** The part waits until then (Jira's quota, the budget, or a scheduled start); events before it come back later. */
  readonly notBefore?: string;
  /** Whether answers of an earlier run, which paused, are stored with the part (read again without a call). */
  readonly memo?: boolean;
  /** What earlier runs that paused spent. */
  readonly spent?: PointsSummary;
}

interface StoredPiece {
  readonly piece: SnapshotPiece;
  readonly gaps: readonly CoverageGap[];
  readonly points?: PointsSummary;
}

export interface StoredReportHead {
  readonly report: StoredReport;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** Rows in each stored page, in order. */
  readonly pages: readonly number[];
  /**
   * Whether the rows carry their Jira address (`link`), made when the report was stored; reports stored by older
   * versions do not, and the page makes them from the snapshot.
   */
  readonly linked?: boolean;
}

export interface ScanJobsOptions {
  /** Attempts of one part before it becomes a coverage gap. */
  readonly maxAttempts?: number;
  /** Delay before a retry, times the attempt number. */
  readonly retryDelaySeconds?: number;
  /** Finished scans kept; older ones are deleted when a scan finishes. */
  readonly keepScans?: number;
  /** Run at the end of each scan, after old scans are deleted: the exports' retention. */
  readonly retention?: () => Promise<unknown>;
  /**
   * A running scan none of whose jobs has reported for this long has stalled (a consumer was stopped, or failed
   * in a way no retry reaches): it is marked failed, so that a new scan can start. Default 1,200 s, longer than a
   * consumer's 900 s.
   */
  readonly stallSeconds?: number;
  /**
   * Points background work (scheduled scans) may spend per clock hour, as a share of the pool Jira names: 10 % by
   * default (6,500 of Tier 1's 65,000; a per-installation pool of Tier 2 allows more).
   */
  readonly backgroundShare?: number;
}

/** Jira's Tier 1 pool (points an hour for the app as a whole), until Jira names another in its headers. */
export const DEFAULT_POOL_POINTS = 65_000;

const INDEX_KEY = 'scans:index';
/** Every scan id that may have written data, until its data is deleted (so that orphans are found without listing keys). */
const WRITTEN_KEY = 'scans:written';
/** Scans younger than this are not orphans: their index entry may be on its way. */
const ORPHAN_GRACE_MS = 10 * 60 * 1000;
/** Held by the running scan (its first record): one scan at a time per site. */
const LOCK_KEY = 'scans:lock';
const scanKey = (id: string): string => `scan:${id}`;
const partKey = (id: string, n: number): string => `scan:${id}:part:${String(n).padStart(5, '0')}`;
/** When a job of the scan last reported (started a part, settled one, or began the finish). */
const beatKey = (id: string): string => `scan:${id}:beat`;
const doneKey = (id: string, n: number): string => `scan:${id}:done:${String(n).padStart(5, '0')}`;
const pieceKey = (id: string, n: number): string => `scan:${id}:piece:${String(n).padStart(5, '0')}`;
const snapshotKey = (id: string): string => `scan:${id}:snapshot`;
const reportKey = (id: string, report: StoredReport): string => `scan:${id}:report:${report}`;
const reportPageKey = (id: string, report: StoredReport, page: number): string => `scan:${id}:report:${report}:page:${page}`;
/** The history: one entry per diff, newest first; each diff under its own key, kept {@link HISTORY_DAYS} days. */
const HISTORY_INDEX = 'history:index';
const historyKey = (id: string): string => `history:${id}`;
const historyRowsKey = (id: string): string => `history:${id}:rows`;
/** A scan's reference problems, for the next scan's diff. */
const problemsKey = (id: string): string => `scan:${id}:problems`;
/** The rules export merged into the scan: stored with it, purged with it. */
const automationKey = (id: string): string => `scan:${id}:automation`;
/** Answers a paused part read, kept until it runs again. */
const memoKey = (id: string, n: number): string => `scan:${id}:memo:${String(n).padStart(5, '0')}`;
/** The page that runs a page scan, the k-th page to take it: its worker and until when it holds the scan. */
const driverKey = (id: string, k: number): string => `scan:${id}:driver:${String(k).padStart(4, '0')}`;
/** One chunk of a part's result on its way from the page (gzipped JSON in base64, as a stored chunk is). */
const uploadKey = (id: string, n: number, chunk: number): string => `scan:${id}:upload:${String(n).padStart(5, '0')}:${String(chunk).padStart(3, '0')}`;
/** Taken by whoever queues a page scan's finish: once when its parts have settled, once more after the counts. */
const finishKey = (id: string, stage: 'parts' | 'counts'): string => `scan:${id}:finish:${stage}`;
/** How long a page holds the scan it runs after its last call: past that, another page (or it, again) may take it. */
export const PAGE_LEASE_SECONDS = 120;
/** A page scan no page has touched for this long has stalled (closed pages leave it resumable until then). */
export const PAGE_STALL_SECONDS = 2 * 3600;
/** Takeovers of one page scan at most (each leaves a small key until the scan is deleted). */
const MAX_DRIVERS = 500;

/** The page holding a page scan. */
interface DriverLease {
  readonly worker: string;
  readonly until: string;
}

/** What a page hears when it asks to run a page scan. */
export type DriveAnswer =
  /** This page runs the scan: the parts not settled yet (those it runs already included). */
  | { readonly state: 'driving'; readonly scan: ScanProgress; readonly parts: readonly { readonly n: number; readonly part: ScanPart }[] }
  /** Another page runs it, until then at least. */
  | { readonly state: 'elsewhere'; readonly scan: ScanProgress; readonly until: string }
  /** It is not a running page scan (finished, failed, handed to the backend, or gone). */
  | { readonly state: 'over'; readonly scan: ScanProgress | null };

/** What became of one chunk of a part's result a page handed over. */
export interface PartReceipt {
  /** Chunks received so far; the part is stored with its last. */
  readonly received: number;
  /** Whether the part is settled now (by this page or an earlier delivery). */
  readonly settled: boolean;
}

/** Jira's quota holds every call of this installation back until then. */
const PAUSE_KEY = 'quota:pause';
/** Points this installation spent in a clock hour (`2026-12-03T14`), in all and by background work. */
const hourKey = (hour: string): string => `points:hour:${hour}`;
const HOUR_PREFIX = 'points:hour:';
/** Clock hours of points kept (for the page's figures). */
const HOURS_KEPT = 48;

/** Points an installation spent in one clock hour. */
export interface HourPoints {
  readonly hour: string;
  readonly points: number;
  readonly requests: number;
  /** Of them, spent by background work. */
  readonly background: number;
  /** Jira's pool as it last said (size, what is left). */
  readonly pool?: number;
  readonly remaining?: number;
}

const hourOf = (d: Date): string => d.toISOString().slice(0, 13);

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
  private readonly retention: (() => Promise<unknown>) | undefined;

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
    this.retention = options.retention;
    this.backgroundShare = options.backgroundShare ?? 0.1;
  }

  private readonly backgroundShare: number;

  /** Marks a scan failed with the reason and lets the next one start. */
  private async fail(record: ScanRecord, error: string): Promise<ScanRecord> {
    const failed: ScanRecord = { ...record, state: 'failed', finishedAt: this.clock.now().toISOString(), error };
    await this.store.set(scanKey(record.id), failed);
    await this.release(record.id);
    return failed;
  }

  private async release(id: string): Promise<void> {
    if ((await this.store.get<ScanRecord>(LOCK_KEY))?.id === id) await this.store.delete(LOCK_KEY);
  }

  /** The scan that holds the lock, if it is still running. */
  private async holder(): Promise<ScanRecord | undefined> {
    const lock = await this.store.get<ScanRecord>(LOCK_KEY);
    if (lock === undefined) return undefined;
    const stored = await this.store.get<ScanRecord>(scanKey(lock.id));
    if (stored !== undefined) {
      const live = await this.unstalled(stored);
      return live.state === 'running' ? live : undefined;
    }
    // Its record is on its way (the lock is taken first), unless the starter died long ago.
    return this.clock.now().getTime() - Date.parse(lock.startedAt) <= this.stallSeconds * 1000 ? lock : undefined;
  }

  private beat(id: string): Promise<void> {
    return this.store.set(beatKey(id), this.clock.now().toISOString());
  }

  /** The record as it stands: a running scan that has stalled is marked failed first, with the reason. */
  private async unstalled(record: ScanRecord): Promise<ScanRecord> {
    if (record.state !== 'running') return record;
    const last = (await this.store.get<string>(beatKey(record.id))) ?? record.startedAt;
    const now = this.clock.now();
    const stall = record.executor === 'page' ? Math.max(this.stallSeconds, PAGE_STALL_SECONDS) : this.stallSeconds;
    if (now.getTime() - Date.parse(last) <= stall * 1000) return record;
    if (record.executor === 'page') return this.fail(record, `stalled: no page ran this scan for ${Math.round(stall / 60)} minutes (the last call at ${last}). Start a new scan.`);
    return this.fail(record, `stalled: no job of this scan reported for ${Math.round(stall / 60)} minutes (the last at ${last}); a consumer may have been stopped. Start a new scan.`);
  }

  /**
   * Starts a scan of `site` (its base URL, recorded in the snapshot), unless one is running: then that one is
   * returned. One at a time even when two calls come at once: the scan's first record is written to a lock key
   * only if the key is free (atomically), and a lock whose scan has ended or stalled is taken over.
   */
  async start(requestedBy: string, site: string, options: StartOptions = {}): Promise<ScanRecord> {
    const found = (await this.list()).find((s) => s.state === 'running');
    const running = found === undefined ? undefined : await this.unstalled(found);
    if (running?.state === 'running') return running;
    const now = this.clock.now();
    const id = newJobId(now);
    const page = options.executor === 'page';
    // A page scan reads everything: the previous snapshot an incremental core part needs stays on the backend.
    const latest = await this.latest();
    const incremental = !page && options.full !== true && latest !== undefined;
    // A full scan after an earlier one reads the audit log since then too, to say who changed what (incremental ones do anyway).
    const since = latest === undefined || incremental ? undefined : auditFrom({ site: { baseUrl: site, scannedAt: latest.loadedFrom?.scannedAt ?? latest.startedAt } }, now);
    const record: ScanRecord = {
      id,
      state: 'running',
      site,
      requestedBy,
      startedAt: now.toISOString(),
      partsTotal: 1,
      generation: await currentGeneration(this.store),
      ...(options.background === true ? { background: true } : {}),
      ...(incremental ? { incremental: true } : {}),
      ...(page ? { executor: 'page' as const } : {}),
    };
    if (!(await this.store.create(LOCK_KEY, record))) {
      const held = await this.holder();
      if (held !== undefined) return held;
      await this.store.delete(LOCK_KEY);
      if (!(await this.store.create(LOCK_KEY, record))) return (await this.store.get<ScanRecord>(LOCK_KEY)) ?? record;
    }
    // The index entry first, then the data: every key a scan writes belongs to a scan the index names.
    const written = (await this.store.get<string[]>(WRITTEN_KEY)) ?? [];
    await this.store.set(WRITTEN_KEY, [...written.filter((x) => x !== id), id]);
    const index = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    await this.store.set(INDEX_KEY, [id, ...index.filter((x) => x !== id)]);
    await this.store.set(scanKey(id), record);
    await this.beat(id);
    const delay = options.notBefore === undefined ? 0 : Math.max(0, Math.ceil((options.notBefore.getTime() - now.getTime()) / 1000));
    await this.store.set(partKey(id, 0), { part: { section: 'core', ...(since === undefined ? {} : { auditFrom: since.toISOString() }) }, attempts: 0, ...(delay > 0 && options.notBefore !== undefined ? { notBefore: options.notBefore.toISOString() } : {}) } satisfies PartState);
    // The page that started it runs its parts: nothing is queued.
    if (page) return record;
    await this.queue.push([{ type: 'scan-part', scanId: id, part: 0 }], Math.min(QUEUE_LIMITS.maxDelaySeconds, delay));
    return record;
  }

  /**
   * Takes a snapshot (a file a developer serves locally) as a finished scan, as it is: its value counts, rules and last
   * use stay as the file holds them, where a scan through a fake Jira would read only what the fake serves. Refused
   * while a scan runs. Stored as a scan's data is (reports, problems, the record last); no Jira call is made.
   */
  async load(snapshot: ConfigSnapshot, requestedBy: string, site: string, file: string): Promise<ScanRecord> {
    if ((await this.holder()) !== undefined) throw new Error('a scan is running: load the file when it has ended');
    const now = this.clock.now();
    const id = newJobId(now);
    const record: ScanRecord = {
      id,
      state: 'done',
      site,
      requestedBy,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      partsTotal: 0,
      generation: await currentGeneration(this.store),
      loadedFrom: { file, scannedAt: snapshot.site.scannedAt },
    };
    const written = (await this.store.get<string[]>(WRITTEN_KEY)) ?? [];
    await this.store.set(WRITTEN_KEY, [...written.filter((x) => x !== id), id]);
    const index = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    await this.store.set(INDEX_KEY, [id, ...index.filter((x) => x !== id)]);
    const done = await this.storeScanData(record, snapshot);
    await this.prune();
    return done;
  }

  /** The page that holds a page scan now (the newest lease), and how many pages have taken it. */
  private async driverOf(id: string): Promise<{ readonly lease: DriverLease | undefined; readonly taken: number }> {
    let lease: DriverLease | undefined;
    let k = 0;
    for (; k < MAX_DRIVERS; k++) {
      const next = await this.store.get<DriverLease>(driverKey(id, k));
      if (next === undefined) break;
      lease = next;
    }
    return { lease, taken: k };
  }

  /**
   * A page asks to run a page scan (to start it, to go on with it, or to resume it when the page that ran it was
   * closed): it holds the scan for {@link PAGE_LEASE_SECONDS} after each call, and hears which parts are not settled.
   * While another page holds it, this one hears so and runs nothing: two pages never run one scan at once. Taking
   * over an expired lease is atomic (a new key only one page can create).
   */
  async drive(scanId: string, worker: string): Promise<DriveAnswer> {
    const stored = await this.store.get<ScanRecord>(scanKey(scanId));
    if (stored === undefined) return { state: 'over', scan: null };
    const record = await this.unstalled(stored);
    if (record.state !== 'running' || record.executor !== 'page') return { state: 'over', scan: (await this.progress(scanId)) ?? null };
    const now = this.clock.now();
    const until = new Date(now.getTime() + PAGE_LEASE_SECONDS * 1000).toISOString();
    const { lease, taken } = await this.driverOf(scanId);
    if (lease?.worker === worker) {
      await this.store.set(driverKey(scanId, taken - 1), { worker, until } satisfies DriverLease);
    } else if (lease !== undefined && Date.parse(lease.until) > now.getTime()) {
      return { state: 'elsewhere', scan: await this.progressOf(record), until: lease.until };
    } else {
      if (taken >= MAX_DRIVERS) throw new Error(`scan ${scanId} was taken over ${MAX_DRIVERS} times: start a new scan`);
      if (!(await this.store.create(driverKey(scanId, taken), { worker, until } satisfies DriverLease))) {
        const winner = await this.store.get<DriverLease>(driverKey(scanId, taken));
        return { state: 'elsewhere', scan: await this.progressOf(record), until: winner?.until ?? until };
      }
    }
    await this.beat(scanId);
    const settled = new Set(await this.store.keys(`scan:${scanId}:done:`));
    const parts: { n: number; part: ScanPart }[] = [];
    for (let n = 0; n < record.partsTotal; n++) {
      if (settled.has(doneKey(scanId, n))) continue;
      const state = await this.store.get<PartState>(partKey(scanId, n));
      if (state !== undefined) parts.push({ n, part: state.part });
    }
    return { state: 'driving', scan: await this.progressOf(record), parts };
  }

  /**
   * One chunk of a part's result from the page that holds the scan (gzipped JSON in base64, cut as a stored value is),
   * or the part's failure (`error`: it failed in the page for good). With the last chunk the result is checked
   * ({@link scanPartResultSchema}: a malformed result is refused, and the part stays to be run again) and stored
   * exactly as a queued part's would be; the chunks are deleted. A part settled already is not stored again.
   */
  async submit(scanId: string, worker: string, n: number, delivery: { readonly chunk: number; readonly chunks: number; readonly data: string } | { readonly error: string }): Promise<PartReceipt> {
    const record = await this.store.get<ScanRecord>(scanKey(scanId));
    if (record?.state !== 'running' || record.executor !== 'page') throw new ScanRequestError(`scan ${scanId} is not a scan run by a page (it ended, was handed to the backend, or is gone)`);
    const { lease, taken } = await this.driverOf(scanId);
    if (lease?.worker !== worker) throw new ScanRequestError(`another page runs scan ${scanId} now: this page's results are not taken`);
    const state = await this.store.get<PartState>(partKey(scanId, n));
    if (state === undefined || n >= record.partsTotal) throw new ScanRequestError(`scan ${scanId} has no part ${n}`);
    if ((await this.store.get(doneKey(scanId, n))) !== undefined) return { received: 'error' in delivery ? 0 : delivery.chunk + 1, settled: true };
    await this.store.set(driverKey(scanId, taken - 1), { worker, until: new Date(this.clock.now().getTime() + PAGE_LEASE_SECONDS * 1000).toISOString() } satisfies DriverLease);
    await this.beat(scanId);
    if ('error' in delivery) {
      await this.storeFailure(record, n, state, `scan part "${describePart(state.part)}" failed in the page: ${delivery.error}`);
      return { received: 0, settled: true };
    }
    if (delivery.chunk >= delivery.chunks || delivery.chunks > MAX_RESULT_CHUNKS) throw new ScanRequestError(`chunk ${delivery.chunk} of ${delivery.chunks}: a part's result has at most ${MAX_RESULT_CHUNKS} chunks, numbered from 0`);
    await this.store.set(uploadKey(scanId, n, delivery.chunk), delivery.data);
    if (delivery.chunk < delivery.chunks - 1) return { received: delivery.chunk + 1, settled: false };
    const texts = await Promise.all(Array.from({ length: delivery.chunks }, (_, i) => this.store.get<string>(uploadKey(scanId, n, i))));
    const drop = (): Promise<unknown> => Promise.all(texts.map((_, i) => this.store.delete(uploadKey(scanId, n, i))));
    const missing = texts.findIndex((t) => t === undefined);
    if (missing >= 0) {
      await drop();
      throw new ScanRequestError(`part ${n}: chunk ${missing} of ${delivery.chunks} never came; send the part again`);
    }
    let parsed: ReturnType<typeof scanPartResultSchema.safeParse>;
    try {
      parsed = scanPartResultSchema.safeParse(unpackJson(texts.join('')));
    } catch (e) {
      await drop();
      throw new ScanRequestError(`part ${n}: the result is not gzipped JSON in base64: ${e instanceof Error ? e.message : String(e)}`);
    }
    await drop();
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`);
      throw new ScanRequestError(`part ${n} ("${describePart(state.part)}"): the result is not in the shape of a part's result: ${issues.join('; ')}`);
    }
    if (n !== 0 && parsed.data.next.length > 0) throw new ScanRequestError(`part ${n}: only the core part names further parts`);
    await this.storeResult(record, n, state, parsed.data);
    return { received: delivery.chunks, settled: true };
  }

  /**
   * Hands a page scan to the backend (the admin closes the page, or asks for it): it runs on as background work,
   * one part at a time within the hourly budget, from its first part not settled; settled parts are kept.
   */
  async handOver(scanId: string): Promise<ScanRecord> {
    const stored = await this.store.get<ScanRecord>(scanKey(scanId));
    if (stored === undefined) throw new ScanRequestError(`there is no scan ${scanId}`);
    const record = await this.unstalled(stored);
    if (record.state !== 'running' || record.executor !== 'page') throw new ScanRequestError(`scan ${scanId} is not a running scan of a page`);
    const { executor: _page, ...rest } = record;
    const handed: ScanRecord = { ...rest, background: true, notes: [...(record.notes ?? []), 'started in the page, then handed to the backend: the rest was read as background work, within its hourly budget'] };
    await this.store.set(scanKey(scanId), handed);
    await this.beat(scanId);
    // Its first part not settled, or its finish when the page settled them all.
    await this.queueNext(handed, -1);
    return handed;
  }

  /** The queue consumer: runs one event. Events for scans that are gone or over are ignored. */
  async handle(event: JobEvent): Promise<void> {
    const record = await this.store.get<ScanRecord>(scanKey(event.scanId));
    if (record?.state !== 'running') return;
    try {
      if (event.type === 'scan-finish') await this.finish(record);
      else if (event.type === 'scan-queue') await this.queueParts(record, event.from);
      else await this.runPart(record, event.part);
    } catch (e) {
      // A purge came while this job wrote: its writes are gone, and so is the scan; nothing to retry.
      if (e instanceof PurgedError) return;
      throw e;
    }
  }

  /** After a job's writes: the scan's data is deleted (and PurgedError thrown) when a purge came meanwhile. */
  private kept(record: ScanRecord): Promise<void> {
    return keepIfCurrent(this.store, record.generation, scanKey(record.id), `scan ${record.id}`);
  }

  private async runPart(record: ScanRecord, n: number): Promise<void> {
    const id = record.id;
    const state = await this.store.get<PartState>(partKey(id, n));
    // Delivered twice, or already settled: nothing to do.
    if (state === undefined || (await this.store.get(doneKey(id, n))) !== undefined) return;
    await this.beat(id);
    // A part that waits (Jira's quota, the budget, a scheduled start) comes back when its time has come: Forge delays
    // an event at most 900 s, so longer waits are a chain of events, each saying the scan is alive.
    const now = this.clock.now();
    const pause = await this.store.get<QuotaPause>(PAUSE_KEY);
    const waitUntil = Math.max(state.notBefore === undefined ? 0 : Date.parse(state.notBefore), pause === undefined ? 0 : Date.parse(pause.until));
    if (waitUntil > now.getTime()) {
      await this.queue.push([{ type: 'scan-part', scanId: id, part: n }], Math.min(QUEUE_LIMITS.maxDelaySeconds, Math.ceil((waitUntil - now.getTime()) / 1000)));
      return;
    }
    const memo = state.memo === true ? ((await getChunked<Record<string, string>>(this.store, memoKey(id, n))) ?? {}) : {};
    const run: PartRun = {
      memo,
      ...(record.background === true ? { allowance: await this.allowance(now) } : {}),
      ...(n === 0 && record.incremental === true ? await this.previousSnapshot() : {}),
    };
    let result: ScanPartResult;
    try {
      result = await this.runner.run(state.part, run);
    } catch (error) {
      if (error instanceof PartPausedError) {
        await this.pauseOn(record, n, state, error, memo);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (this.isFatal(error) || (n === 0 && state.attempts + 1 >= this.maxAttempts)) {
        await this.fail(record, `${describePart(state.part)}: ${message}`);
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
      await this.storeFailure(record, n, state, detail);
      return;
    }
    await this.storeResult(record, n, state, result);
  }

  /** A part that failed for good: a coverage gap in its place (the core part fails the scan: there is no plan without it). */
  private async storeFailure(record: ScanRecord, n: number, state: PartState, detail: string): Promise<void> {
    if (n === 0) {
      await this.fail(record, detail);
      return;
    }
    const gap: CoverageGap = { kind: KIND_OF_SECTION[state.part.section], reason: 'endpoint-error', detail };
    await putChunked(this.store, pieceKey(record.id, n), { piece: {}, gaps: [gap] } satisfies StoredPiece);
    await this.settle(record, n, 'failed');
    await this.afterSettle(record, n);
  }

  /**
   * Stores what a part read, wherever it ran (the queue consumer, or the admin's page): its piece, and for the core
   * part the plan; then settles it.
   */
  private async storeResult(record: ScanRecord, n: number, state: PartState, result: ScanPartResult): Promise<void> {
    const id = record.id;
    const points = addSummaries([state.spent, result.points]);
    // What earlier runs spent before they paused is in the hour they spent it already: only this run's is added.
    await this.spend(result.points, record.background === true);
    try {
      await putChunked(this.store, pieceKey(id, n), { piece: result.piece, gaps: result.gaps, points } satisfies StoredPiece);
      if (state.memo === true) await deleteChunked(this.store, memoKey(id, n));
    } catch (e) {
      // A piece the store refuses (over its value limit, say) fails the same way again: the scan fails, saying why.
      await this.kept(record);
      await this.fail(record, `${describePart(state.part)}: its result could not be stored: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (n === 0) {
      const next = result.next;
      await Promise.all(next.map((part, i) => this.store.set(partKey(id, i + 1), { part, attempts: 0 } satisfies PartState)));
      record = { ...record, partsTotal: 1 + next.length, ...(result.notes === undefined ? {} : { notes: result.notes }) };
      await this.store.set(scanKey(id), record);
      if (record.background !== true && record.executor !== 'page') await this.queueParts(record, 1);
    }
    await this.settle(record, n, 'done');
    await this.afterSettle(record, n);
  }

  /** What follows a settled part: a background scan's next part; a page scan's finish once every part has settled. */
  private async afterSettle(record: ScanRecord, n: number): Promise<void> {
    // Background parts run one after another, so that the hour's budget is read and spent by one part at a time.
    if (record.background === true) await this.queueNext(record, n);
    if (record.executor === 'page') await this.finishWhenSettled(record);
    // One check after all of the part's writes: a purge meanwhile makes the part delete them.
    await this.kept(record);
  }

  /**
   * Queues a page scan's finish when its parts have all settled: once for the parts, once more for the value counts
   * the finish plans (taken atomically, so that two parts settling at once queue it once).
   */
  private async finishWhenSettled(record: ScanRecord): Promise<void> {
    const current = (await this.store.get<ScanRecord>(scanKey(record.id))) ?? record;
    if (current.executor !== 'page' || current.state !== 'running') return;
    const settled = await this.store.keys(`scan:${record.id}:done:`);
    if (settled.length < current.partsTotal) return;
    if (await this.store.create(finishKey(record.id, current.countsPlanned === true ? 'counts' : 'parts'), this.clock.now().toISOString())) {
      await this.queue.push([{ type: 'scan-finish', scanId: record.id }]);
    }
  }

  /**
   * A part met Jira's quota (or its budget): what it read is kept with it, every call of this installation waits for
   * the reset, and the part comes back then, to go on where it stopped.
   */
  private async pauseOn(record: ScanRecord, n: number, state: PartState, error: PartPausedError, memo: Record<string, string>): Promise<void> {
    const spent = addSummaries([state.spent, error.points]);
    await this.spend(error.points, record.background === true);
    await putChunked(this.store, memoKey(record.id, n), memo);
    const until = error.resumeAt.toISOString();
    await this.store.set(partKey(record.id, n), { ...state, memo: true, notBefore: until, spent } satisfies PartState);
    // Jira's quota is the installation's: every part waits (a budget or the reserve is background work's own).
    if (error.why === 'quota' || record.background === true) {
      const held = await this.store.get<QuotaPause>(PAUSE_KEY);
      if (held === undefined || Date.parse(held.until) < error.resumeAt.getTime()) await this.store.set(PAUSE_KEY, { until, why: error.why } satisfies QuotaPause);
    }
    const delay = Math.max(1, Math.ceil((error.resumeAt.getTime() - this.clock.now().getTime()) / 1000));
    await this.queue.push([{ type: 'scan-part', scanId: record.id, part: n }], Math.min(QUEUE_LIMITS.maxDelaySeconds, delay));
    await this.beat(record.id);
    await this.kept(record);
  }

  /** Points background work may still spend this clock hour: its share of Jira's pool, less what it spent. */
  private async allowance(now: Date): Promise<number> {
    return this.budget(await this.store.get<HourPoints>(hourKey(hourOf(now)))).left;
  }

  /** Background work's budget in a clock hour: its share of the pool Jira named that hour, and what it has not spent. */
  private budget(hour: HourPoints | undefined): { readonly perHour: number; readonly left: number } {
    const perHour = Math.floor((hour?.pool ?? DEFAULT_POOL_POINTS) * this.backgroundShare);
    return { perHour, left: Math.max(0, perHour - (hour?.background ?? 0)) };
  }

  /** Adds what a part spent to this installation's clock hour (and to background work's, for a background part). */
  private async spend(points: PointsSummary | undefined, background: boolean): Promise<void> {
    if (points === undefined || points.requests === 0) return;
    const now = this.clock.now();
    const key = hourKey(hourOf(now));
    const hour = (await this.store.get<HourPoints>(key)) ?? { hour: hourOf(now), points: 0, requests: 0, background: 0 };
    const pool = points.quota?.size ?? hour.pool;
    const remaining = points.quota?.remaining ?? hour.remaining;
    await this.store.set(key, {
      hour: hour.hour,
      points: hour.points + points.points,
      requests: hour.requests + points.requests,
      background: hour.background + (background ? points.points : 0),
      ...(pool === undefined ? {} : { pool }),
      ...(remaining === undefined ? {} : { remaining }),
    } satisfies HourPoints);
  }

  /** Points of the last clock hours, newest first (older hours are deleted). */
  async hours(): Promise<HourPoints[]> {
    const keys = (await this.store.keys(HOUR_PREFIX)).sort().reverse();
    for (const old of keys.slice(HOURS_KEPT)) await this.store.delete(old);
    const hours = await Promise.all(keys.slice(0, HOURS_KEPT).map((k) => this.store.get<HourPoints>(k)));
    return hours.filter((h): h is HourPoints => h !== undefined);
  }

  /** The last hours' points, a pause in effect, and background work's budget. */
  async usage(): Promise<PointsUsage> {
    const now = this.clock.now();
    const hours = await this.hours();
    const current = hours.find((h) => h.hour === hourOf(now));
    return { hours, pause: (await this.quotaPause()) ?? null, backgroundBudget: this.budget(current) };
  }

  /** Jira's quota holding this installation's calls back, while it does. */
  async quotaPause(): Promise<QuotaPause | undefined> {
    const pause = await this.store.get<QuotaPause>(PAUSE_KEY);
    return pause !== undefined && Date.parse(pause.until) > this.clock.now().getTime() ? pause : undefined;
  }

  /** The newest finished scan's snapshot, for an incremental core part. */
  private async previousSnapshot(): Promise<{ previous?: ConfigSnapshot }> {
    const latest = await this.latest();
    const previous = latest === undefined ? undefined : await this.snapshot(latest.id);
    return previous === undefined ? {} : { previous };
  }

  /** A background scan's next part after part `n` (not one settled already), or its finish after the last. */
  private async queueNext(record: ScanRecord, n: number): Promise<void> {
    const current = (await this.store.get<ScanRecord>(scanKey(record.id))) ?? record;
    // Parts a page ran before it handed the scan over are settled already: the chain goes on past them (one read
    // each; a scan that was always in the backend reads one).
    let next = n + 1;
    while (next < current.partsTotal && (await this.store.get(doneKey(record.id, next))) !== undefined) next++;
    if (next < current.partsTotal) await this.queue.push([{ type: 'scan-part', scanId: record.id, part: next }]);
    else await this.queue.push([{ type: 'scan-finish', scanId: record.id }]);
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
      // A page scan's finish is queued by the part that settles last; a queued scan's looks again.
      if (record.executor !== 'page') await this.queue.push([{ type: 'scan-finish', scanId: id }], FINISH_POLL_SECONDS);
      return;
    }
    try {
      // First the counts of values of the fields nothing else uses (the cleanup candidates), then the snapshot.
      if (record.countsPlanned !== true && (await this.planCounts(record))) return;
      await this.assemble(record);
    } catch (e) {
      if (e instanceof PurgedError) throw e;
      // An object too large for the store, a piece gone missing: the scan cannot finish, and says why, instead of
      // staying "running" and blocking the next one.
      await this.kept(record);
      await this.fail(record, `the finish step failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // A page's half-sent result (a page closed while it sent a part that ran again later) goes with the finish.
    if ((await this.driverOf(id)).taken > 0) await deletePrefix(this.store, `scan:${id}:upload:`);
    await this.release(id);
    await this.prune();
    await this.retention?.();
  }

  /**
   * Plans the parts that count values of the fields the scan found no use of (where the count decides the verdict),
   * and queues them. @returns whether there were any (the finish comes again after them).
   */
  private async planCounts(record: ScanRecord): Promise<boolean> {
    const pieces = await this.pieces(record);
    const interim = assembleSnapshot({ baseUrl: record.site, scannedAt: record.startedAt }, pieces.map((p) => p.piece), pieces.flatMap((p) => p.gaps));
    const parts = valueCountParts(interim, record.incremental === true);
    const planned: ScanRecord = { ...record, countsPlanned: true, partsTotal: record.partsTotal + parts.length };
    await Promise.all(parts.map((part, i) => this.store.set(partKey(record.id, record.partsTotal + i), { part, attempts: 0 } satisfies PartState)));
    await this.store.set(scanKey(record.id), planned);
    if (parts.length === 0) return false;
    // A page scan's page runs them (it asks for the parts not settled); the last one queues the finish again.
    if (record.executor === 'page') return true;
    if (record.background === true) await this.queue.push([{ type: 'scan-part', scanId: record.id, part: record.partsTotal }]);
    else await this.queueParts(planned, record.partsTotal);
    return true;
  }

  private async pieces(record: ScanRecord): Promise<StoredPiece[]> {
    const pieces: StoredPiece[] = [];
    for (let n = 0; n < record.partsTotal; n++) {
      const piece = await getChunked<StoredPiece>(this.store, pieceKey(record.id, n));
      if (piece === undefined) throw new Error(`scan ${record.id}: the result of part ${n} is missing`);
      pieces.push(piece);
    }
    return pieces;
  }

  private async assemble(record: ScanRecord): Promise<void> {
    const id = record.id;
    await this.beat(id);
    const pieces = await this.pieces(record);
    let failedParts = 0;
    for (let n = 0; n < record.partsTotal; n++) if ((await this.store.get<string>(doneKey(id, n))) === 'failed') failedParts++;
    const scanned = assembleSnapshot({ baseUrl: record.site, scannedAt: record.startedAt }, pieces.map((p) => p.piece), pieces.flatMap((p) => p.gaps));
    // A rules export the admin gave to an earlier scan holds for this one too, until it is removed or replaced.
    const previous = await this.latest();
    const carried = previous === undefined ? undefined : await getChunked<StoredAutomationExport>(this.store, automationKey(previous.id));
    if (carried !== undefined) await putChunked(this.store, automationKey(id), carried);
    const snapshot = carried === undefined ? scanned : mergeAutomationRules(scanned, carried.rules, carried.gaps);
    const finishedAt = this.clock.now().toISOString();
    const analysis = analyseSite(snapshot);
    const sinceLast = previous === undefined ? undefined : await this.storeDiff(record, finishedAt, previous, snapshot, analysis);
    const points = addSummaries(pieces.map((p) => p.points));
    await this.storeScanData(
      { ...record, state: 'done', finishedAt, failedParts, points, ...(carried === undefined ? {} : { automation: carried.info }), ...(sinceLast === undefined ? {} : { sinceLast }) },
      snapshot,
      analysis,
    );
    await Promise.all(Array.from({ length: record.partsTotal }, (_, n) => deleteChunked(this.store, pieceKey(id, n))));
    await Promise.all(Array.from({ length: record.partsTotal }, (_, n) => this.store.delete(partKey(id, n))));
    await this.store.delete(beatKey(id));
    await this.kept(record);
  }

  /**
   * Diffs a finished scan against the one before it and keeps the diff in the history ({@link HISTORY_DAYS} days, even
   * after the scans are gone); older entries are deleted. The previous scan's reference problems were stored with it,
   * so only its snapshot is read.
   */
  private async storeDiff(record: ScanRecord, at: string, previous: ScanRecord, snapshot: ConfigSnapshot, analysis: Analysis): Promise<HistorySummary | undefined> {
    const before = await this.snapshot(previous.id);
    if (before === undefined) return undefined;
    const stored = await getChunked<[string, Problem][]>(this.store, problemsKey(previous.id));
    const diff = diffSnapshots(before, snapshot, { afterGraph: analysis.graph, ...(stored === undefined ? {} : { beforeProblems: new Map(stored) }) });
    const summary: HistorySummary = {
      scanId: record.id,
      at,
      previousScanId: previous.id,
      since: previous.finishedAt ?? previous.startedAt,
      counts: diff.counts,
      rows: Math.min(diff.rows.length, HISTORY_ROWS),
      total: diff.rows.length,
    };
    // Each row with its object's Jira address (or why it has none), as stored reports keep theirs.
    await putChunked(this.store, historyRowsKey(record.id), withLinks(snapshot, diff.rows.slice(0, HISTORY_ROWS)));
    await this.store.set(historyKey(record.id), summary);
    await this.keepHistory(summary, Date.parse(at));
    // A purge meanwhile takes the new entry with it.
    await keepIfCurrent(this.store, record.generation, historyKey(record.id), `history of scan ${record.id}`);
    return summary;
  }

  /**
   * Writes the history's index with `added` first (when given), keeping the entries of the last {@link HISTORY_DAYS}
   * days before `now`, and deletes the others' rows. @returns how many entries went.
   */
  private async keepHistory(added: HistorySummary | undefined, now: number): Promise<number> {
    const cutoff = now - HISTORY_DAYS * 86_400_000;
    const index = (await this.store.get<HistorySummary[]>(HISTORY_INDEX)) ?? [];
    const kept = [...(added === undefined ? [] : [added]), ...index.filter((h) => h.scanId !== added?.scanId)].filter((h) => Date.parse(h.at) >= cutoff);
    const gone = index.filter((old) => !kept.some((h) => h.scanId === old.scanId));
    for (const old of gone) await deletePrefix(this.store, historyKey(old.scanId));
    if (added !== undefined || gone.length > 0) await this.store.set(HISTORY_INDEX, kept);
    return gone.length;
  }

  /** The history, newest first: what changed from scan to scan. */
  async history(): Promise<HistorySummary[]> {
    return (await this.store.get<HistorySummary[]>(HISTORY_INDEX)) ?? [];
  }

  /** The rows of one diff of the history. */
  async historyRows(scanId: string): Promise<{ readonly summary: HistorySummary; readonly rows: readonly DiffRow[] } | undefined> {
    const summary = await this.store.get<HistorySummary>(historyKey(scanId));
    if (summary === undefined) return undefined;
    return { summary, rows: (await getChunked<DiffRow[]>(this.store, historyRowsKey(scanId))) ?? [] };
  }

  /** Stores a finished scan's snapshot and report tables, then its record with the counts (the record last). */
  private async storeScanData(record: ScanRecord, snapshot: ConfigSnapshot, analysed?: Analysis): Promise<ScanRecord> {
    await putChunked(this.store, snapshotKey(record.id), snapshot);
    const analysis = analysed ?? analyseSite(snapshot);
    // Its reference problems, so that the next scan's diff needs no graph of this snapshot.
    await putChunked(this.store, problemsKey(record.id), [...problemsOf(analysis.graph)]);
    for (const report of STORED_REPORTS) await this.storeReport(record.id, analysis, report);
    const counts: Partial<Record<ObjectKind, number>> = {};
    for (const kind of OBJECT_KINDS) counts[kind] = snapshot[COLLECTION_OF_KIND[kind]].length;
    const done: ScanRecord = { ...record, counts, coverageGaps: snapshot.coverage.length, caveats: siteCaveats(snapshot) };
    await this.store.set(scanKey(record.id), done);
    return done;
  }

  /**
   * Merges a rules export into a finished scan (replacing one given before), or takes the given one out again
   * (`given` undefined): its snapshot and reports are stored anew, and the export is kept with the scan, so that the
   * next scans take it on.
   */
  async applyAutomationExport(scanId: string, given: StoredAutomationExport | undefined): Promise<ScanRecord> {
    const record = await this.store.get<ScanRecord>(scanKey(scanId));
    const stored = await this.snapshot(scanId);
    if (record?.state !== 'done' || stored === undefined) throw new Error(`scan ${scanId} is not finished, or was deleted`);
    const before = await getChunked<StoredAutomationExport>(this.store, automationKey(scanId));
    const bare = before === undefined ? stored : withoutExportedRules(stored, before.gaps);
    const { automation: _old, ...rest } = record;
    if (given === undefined) {
      await deletePrefix(this.store, automationKey(scanId));
      return this.storeScanData({ ...rest, revision: (record.revision ?? 0) + 1 }, bare);
    }
    await putChunked(this.store, automationKey(scanId), given);
    return this.storeScanData({ ...rest, automation: given.info, revision: (record.revision ?? 0) + 1 }, mergeAutomationRules(bare, given.rules, given.gaps));
  }

  /** A scan's record as stored (no stall check): for callers that key caches on its revision. */
  async record(scanId: string): Promise<ScanRecord | undefined> {
    return this.store.get<ScanRecord>(scanKey(scanId));
  }

  private async storeReport(id: string, analysis: Analysis, report: StoredReport): Promise<void> {
    const table = runReport(analysis, { report });
    if (!table.ok) throw new Error(`scan ${id}: report ${report}: ${table.error.message}`);
    // Each row with its Jira address, so that the page's first rows need no snapshot to link them.
    const rows = withLinks(analysis.snapshot, table.value.rows);
    const pages = pageRows(rows);
    await Promise.all(pages.map((page, i) => this.store.set(reportPageKey(id, report, i), packJson(page))));
    await this.store.set(reportKey(id, report), { report, columns: table.value.columns, rowCount: rows.length, pages: pages.map((p) => p.length), linked: true } satisfies StoredReportHead);
  }

  /**
   * Keeps the newest finished scans (and any running one); deletes the rest, and the data of scans no index entry
   * names (left by a purge that raced a writer).
   */
  private async prune(): Promise<void> {
    const scans = await this.list();
    let kept = 0;
    const keep: string[] = [];
    for (const s of scans) {
      if (s.state === 'running' || (s.state === 'done' && kept++ < this.keepScans)) keep.push(s.id);
      else await this.deleteScan(s.id);
    }
    await this.store.set(INDEX_KEY, keep);
    // Data of scans no index entry names (a purge that raced a writer): the ids every scan wrote under are kept in a
    // small list, so that finding them lists no key (on Forge a listing downloads every value it names).
    const now = this.clock.now().getTime();
    const written = (await this.store.get<string[]>(WRITTEN_KEY)) ?? [];
    const orphans = written.filter((id) => !keep.includes(id) && now - jobIdTime(id) > ORPHAN_GRACE_MS);
    for (const id of orphans) await this.deleteScan(id);
    if (orphans.length > 0) await this.store.set(WRITTEN_KEY, written.filter((id) => !orphans.includes(id)));
  }

  /**
   * What is past its retention, deleted by the daily trigger whether or not anyone opens the page: a running scan
   * no job (or page) has reported for too long is marked failed; scans beyond the kept ones, and data no scan names;
   * history entries older than {@link HISTORY_DAYS} days; hours of points beyond the kept ones.
   * @returns how many scans and history entries were deleted.
   */
  async sweep(): Promise<{ readonly scans: number; readonly history: number }> {
    const before = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    for (const id of before) {
      const record = await this.store.get<ScanRecord>(scanKey(id));
      if (record?.state === 'running') await this.unstalled(record);
    }
    await this.prune();
    const after = (await this.store.get<string[]>(INDEX_KEY)) ?? [];
    const history = await this.keepHistory(undefined, this.clock.now().getTime());
    await this.hours();
    return { scans: before.length - after.length, history };
  }

  /**
   * Deletes one scan's data by the keys it is known to write (its record says how many parts; each chunked value's head
   * how many chunks; each report's head how many pages), listing nothing; a scan without its record (cut short) is
   * deleted by listing its own keys.
   */
  private async deleteScan(id: string): Promise<void> {
    const record = await this.store.get<ScanRecord>(scanKey(id));
    if (record === undefined) {
      await deletePrefix(this.store, scanKey(id));
      return;
    }
    const parts = Array.from({ length: record.partsTotal }, (_, n) => n);
    await Promise.all(parts.map((n) => Promise.all([this.store.delete(partKey(id, n)), this.store.delete(doneKey(id, n)), deleteChunked(this.store, pieceKey(id, n)), deleteChunked(this.store, memoKey(id, n))])));
    for (const report of STORED_REPORTS) {
      const head = await this.store.get<StoredReportHead>(reportKey(id, report));
      await Promise.all((head?.pages ?? []).map((_, i) => this.store.delete(reportPageKey(id, report, i))));
      await this.store.delete(reportKey(id, report));
    }
    await Promise.all([deleteChunked(this.store, snapshotKey(id)), deleteChunked(this.store, problemsKey(id)), deleteChunked(this.store, automationKey(id)), this.store.delete(beatKey(id))]);
    // A scan a page ran: its leases, its finish marks, and chunks of a result a closed page left half-sent.
    const { taken } = await this.driverOf(id);
    if (taken > 0) {
      await Promise.all(Array.from({ length: taken }, (_, k) => this.store.delete(driverKey(id, k))));
      await Promise.all([this.store.delete(finishKey(id, 'parts')), this.store.delete(finishKey(id, 'counts')), deletePrefix(this.store, `scan:${id}:upload:`)]);
    }
    await this.store.delete(scanKey(id));
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
    return this.progressOf(await this.unstalled(stored));
  }

  /** A scan's record with how many of its parts have settled, what it waits for, and the page that runs it. */
  private async progressOf(record: ScanRecord): Promise<ScanProgress> {
    const id = record.id;
    const partsDone = record.state === 'done' ? record.partsTotal : (await this.store.keys(`scan:${id}:done:`)).length;
    if (record.state !== 'running') return { ...record, partsDone };
    if (record.executor === 'page') {
      const { lease } = await this.driverOf(id);
      return lease === undefined ? { ...record, partsDone } : { ...record, partsDone, driver: { worker: lease.worker, until: lease.until } };
    }
    const pause = await this.quotaPause();
    if (pause !== undefined) return { ...record, partsDone, waiting: pause };
    // A scheduled scan waits for its minute of the hour before its first part.
    const first = partsDone === 0 ? (await this.store.get<PartState>(partKey(id, 0)))?.notBefore : undefined;
    return first !== undefined && Date.parse(first) > this.clock.now().getTime() ? { ...record, partsDone, waiting: { until: first, why: 'start' } } : { ...record, partsDone };
  }

  /** The newest finished scan. */
  async latest(): Promise<ScanRecord | undefined> {
    return (await this.list()).find((s) => s.state === 'done');
  }

  async snapshot(scanId: string): Promise<ConfigSnapshot | undefined> {
    const stored = await getChunked<ConfigSnapshot>(this.store, snapshotKey(scanId));
    // A scan stored by an older version lacks the collections added since.
    return stored === undefined ? undefined : withAllCollections(stored);
  }

  async reportHead(scanId: string, report: StoredReport): Promise<StoredReportHead | undefined> {
    return this.store.get<StoredReportHead>(reportKey(scanId, report));
  }

  async reportPage(scanId: string, report: StoredReport, page: number): Promise<readonly Readonly<Record<string, Cell>>[]> {
    const packed = await this.store.get<string>(reportPageKey(scanId, report, page));
    return packed === undefined ? [] : (unpackJson(packed) as Readonly<Record<string, Cell>>[]);
  }

  /**
   * Deletes every scan. The data generation moves on first, so that a part or a finish still writing deletes what
   * it writes (see generation.ts). @returns the number of keys deleted.
   */
  async purge(): Promise<number> {
    await nextGeneration(this.store);
    const n = (await deletePrefix(this.store, 'scan:')) + (await deletePrefix(this.store, 'history:'));
    await this.store.delete(INDEX_KEY);
    await this.store.delete(LOCK_KEY);
    await this.store.delete(WRITTEN_KEY);
    await this.store.delete(PAUSE_KEY);
    await deletePrefix(this.store, HOUR_PREFIX);
    return n + 1;
  }
}

export const ScanJobsId: ServiceIdentifier<ScanJobs> = Symbol.for('ScanJobs');

/** A request about a scan that cannot be done as asked (the caller's to fix): said as a bad request. */
export class ScanRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanRequestError';
  }
}
