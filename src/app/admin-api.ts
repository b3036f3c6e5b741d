import type { ServiceIdentifier } from 'inversify';
import { adminUrl } from '../domain/admin-links';
import { z } from 'zod';
import { resolveAddress } from '../domain/address';
import { objectCard, ON_REQUEST_KINDS, runReport, userCount, type Analysis, type ObjectCard } from '../domain/analysis';
import { analyseSite } from './analysis-shapes';
import type { Cell } from '../domain/analysis/types';
import { createCsvEncoder } from '../domain/csv';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot, type ObjectKind } from '../domain/model';
import { invalidRuleGaps, parseAutomationExport } from '../adapters/automation/rules';
import type { AdminCheck } from '../ports/admin-check';
import type { KeyValueStore } from '../ports/key-value-store';
import { deletePrefix, newJobId } from './chunked';
import { LINK_KEY, LINK_WHY_KEY, linkedColumns, objectColumnsOf, withLinks } from './row-links';
import { SCHEDULES, type ScheduledScans, type ScheduleSettings } from './schedule';
import type { Clock } from '../ports/clock';
import { ExportRequestError } from './issue-rows';
import type { ExportJobs, ExportPreview } from './export-jobs';
import { CHANGES, DIFF_COLUMNS } from '../domain/diff';
import { MAX_RESULT_CHUNKS, RESULT_CHUNK_CHARS } from './page-scan';
import { sweepUploads } from './retention';
import { HISTORY_DAYS, ScanRequestError, STORED_REPORTS, type DriveAnswer, type PartReceipt, type HistorySummary, type PointsUsage, type ScanJobs, type ScanProgress, type ScanRecord, type StoredReport, type StoredReportHead } from './scan-jobs';

/** Who calls, as Forge's resolver context tells it. */
export interface CallContext {
  readonly accountId: string | undefined;
  /** The site's base URL (Forge: `context.siteUrl`). */
  readonly siteUrl: string;
  /**
   * The installation the call came through (Forge: `context.installContext`, else `context.cloudId`). One function
   * instance may serve several sites: everything this API keeps in memory is kept per installation, and a call
   * without one is refused.
   */
  readonly installation: string | undefined;
}

type ObjectTable = { readonly key: string; readonly scanId: string; readonly object: ObjectReport['object']; readonly columns: readonly string[]; readonly rows: readonly Row[] };

/** What the API keeps in memory for one installation between calls. */
interface InstallationMemory {
  cached: { readonly scanId: string; readonly analysis: Analysis } | undefined;
  lastReport: { readonly key: string; readonly rows: readonly Row[] } | undefined;
  lastObject: ObjectTable | undefined;
  /** The last snapshot read for links alone (no graph), by `scanId@revision`. */
  linkSnapshot?: { readonly key: string; readonly snapshot: ConfigSnapshot };
}

/** Installations whose analyses a warm instance keeps at once (each may hold a large site's graph). */
const INSTALLATIONS_KEPT = 2;
/** Admin answers remembered at most, over all installations; expired ones go first. */
const ADMIN_ANSWERS_KEPT = 1_000;

export type ApiErrorCode = 'forbidden' | 'bad-request' | 'failed';
export type ApiResponse<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ApiErrorCode; readonly error: string };

type Row = Readonly<Record<string, Cell>>;

const kind = z.enum(OBJECT_KINDS);
const report = z.enum(STORED_REPORTS);
/** A scan's (or an upload's) job id. */
const jobId = z.string().regex(/^[0-9a-z-]{1,40}$/);
const scanId = jobId.optional();
/** A page's worker id while it runs a page scan (page-scan.ts newWorkerId). */
const worker = z.string().regex(/^[0-9a-z-]{8,40}$/);
const tableQuery = {
  report,
  scanId,
  /** Case-insensitive text any cell of a row must contain. */
  filter: z.string().max(200).optional(),
  /** Only rows about this kind (the `kind` or `source_kind` column). */
  kind: kind.optional(),
  /** Cleanup: only rows of this verdict. */
  verdict: z.enum(['safe', 'review', 'in-use']).optional(),
};
const exportRequest = z.object({
  jql: z.string().min(1, 'JQL is required').max(10_000),
  fields: z.array(z.string().min(1)).max(500).default([]),
  multi: z.enum(['joined', 'columns']).default('joined'),
  separator: z.string().min(1).max(10).default('; '),
  accountIds: z.boolean().default(false),
  bom: z.boolean().default(false),
  formulaGuard: z.boolean().default(true),
});

/** Characters of a rules export per upload call (Forge's resolver payloads stay far below their limit). */
export const UPLOAD_PART_CHARS = 100_000;
/** Parts of one upload at most: a 20 MB export, larger than any site's rules. */
const MAX_UPLOAD_PARTS = 200;

/** The payload each resolver function takes. */
export const API_PAYLOADS = {
  /** `page`: the page runs the scan's parts itself, through the bridge (no app points); else the backend's queue. */
  'scan.start': z.object({ executor: z.enum(['page', 'backend']).default('backend') }),
  /** The page asks to run (or go on running) a page scan: it holds it while it calls, and hears the parts to run. */
  'scan.drive': z.object({ scanId: jobId, worker }),
  /** One chunk of a part's result the page read (gzipped JSON in base64), or the part's failure. */
  'scan.result': z.union([
    z.strictObject({
      scanId: jobId,
      worker,
      part: z.number().int().min(0),
      chunk: z.number().int().min(0).max(MAX_RESULT_CHUNKS - 1),
      chunks: z.number().int().min(1).max(MAX_RESULT_CHUNKS),
      data: z.string().max(RESULT_CHUNK_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    }),
    z.strictObject({ scanId: jobId, worker, part: z.number().int().min(0), error: z.string().min(1).max(2_000) }),
  ]),
  /** Hands a page scan to the backend: the rest runs as background work within its hourly budget. */
  'scan.handOver': z.object({ scanId: jobId }),
  'scan.status': z.object({ scanId }),
  'scan.list': z.object({}),
  'points.usage': z.object({}),
  'report.rows': z.object({
    ...tableQuery,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    sort: z.object({ column: z.string().max(40), direction: z.enum(['asc', 'desc']) }).optional(),
  }),
  'report.csv': z.object({ ...tableQuery, part: z.number().int().min(0).default(0), bom: z.boolean().default(false), formulaGuard: z.boolean().default(true) }),
  'object.search': z.object({ scanId, query: z.string().min(1).max(200), kind: kind.optional(), limit: z.number().int().min(1).max(100).default(20) }),
  'object.whereUsed': z.object({ scanId, address: z.string().min(3).max(300) }),
  'object.impact': z.object({ scanId, address: z.string().min(3).max(300) }),
  'object.card': z.object({ scanId, address: z.string().min(3).max(300) }),
  'object.csv': z.object({
    scanId,
    report: z.enum(['where-used', 'impact']),
    address: z.string().min(3).max(300),
    part: z.number().int().min(0).default(0),
    bom: z.boolean().default(false),
    formulaGuard: z.boolean().default(true),
  }),
  'fields.list': z.object({}),
  'export.preview': exportRequest,
  'data.purge': z.object({ confirm: z.literal(true, 'send confirm: true to delete every stored scan, export, upload and the schedule') }),
  /**
   * A rules export, in parts of at most {@link UPLOAD_PART_CHARS} characters: part 0 without an upload id starts an
   * upload (the answer names its id), the part that completes it applies the file to the newest finished scan.
   */
  'automation.upload': z.object({
    uploadId: z.string().regex(/^[0-9a-z-]{1,40}$/).optional(),
    part: z.number().int().min(0).max(MAX_UPLOAD_PARTS - 1),
    parts: z.number().int().min(1).max(MAX_UPLOAD_PARTS),
    fileName: z.string().min(1).max(200),
    text: z.string().max(UPLOAD_PART_CHARS),
  }),
  'automation.remove': z.object({}),
  'history.list': z.object({}),
  'limits.overview': z.object({ scanId, gauges: z.number().int().min(1).max(50).default(8), candidates: z.number().int().min(0).max(50).default(10) }),
  'schedule.get': z.object({}),
  'schedule.set': z.object({ schedule: z.enum(SCHEDULES) }),
  'history.rows': z.object({
    scanId: z.string().regex(/^[0-9a-z-]{1,40}$/),
    change: z.enum(CHANGES).optional(),
    filter: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  'history.csv': z.object({ scanId: z.string().regex(/^[0-9a-z-]{1,40}$/), part: z.number().int().min(0).default(0), bom: z.boolean().default(false), formulaGuard: z.boolean().default(true) }),
} as const;

export type ApiFunction = keyof typeof API_PAYLOADS;
export const API_FUNCTIONS = Object.keys(API_PAYLOADS) as ApiFunction[];
export type ApiPayload<F extends ApiFunction> = z.input<(typeof API_PAYLOADS)[F]>;

/** A limits report row with what could go under it: the first candidates, and how many in all. */
export interface LimitGauge {
  readonly row: Row;
  readonly candidates: readonly Row[];
  readonly candidateCount: number;
}

/** The Overview's limits: the worst gauges with a published limit, and those with none (the limits report's rows). */
export interface LimitsOverview {
  readonly scanId: string | null;
  readonly gauges: readonly LimitGauge[];
  /** Counts Jira publishes no limit for (custom fields per site). */
  readonly unlimited: readonly Row[];
  /** Gauge rows in the report (every space, field, scheme and the site against each limit). */
  readonly total: number;
}

export interface RowsResult {
  readonly scanId: string | null;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Rows in the report after filtering. */
  readonly total: number;
  readonly offset: number;
}
export interface CsvPart {
  readonly text: string;
  readonly parts: number;
  readonly filename: string;
}
export interface FoundObject {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  /** Objects that use it directly. */
  readonly usedBy: number;
  /** Where an admin edits it in Jira, when a checked address exists (src/domain/admin-links.ts). */
  readonly link?: string;
}
export interface SearchResult {
  readonly scanId: string | null;
  readonly results: readonly FoundObject[];
  readonly total: number;
}
export interface ObjectReport {
  readonly scanId: string;
  readonly object: { readonly kind: ObjectKind; readonly id: string; readonly name: string };
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly total: number;
  /**
   * Where-used only, over every row (not only those sent): the users of each kind (rows with use `yes`; kind `jira`
   * and `subscription` for what Jira itself does with the object), each once; their sum is the object's one count.
   */
  readonly byKind?: readonly { readonly kind: string; readonly count: number }[];
  /** Where-used only: objects that configure it or that it is part of (use `no`), by kind. Never counted as users. */
  readonly configuredBy?: readonly { readonly kind: string; readonly count: number }[];
}
export interface FieldOption {
  readonly id: string;
  readonly name: string;
  readonly custom: boolean;
  readonly type: string | null;
}

/** What each resolver function answers with. */
export interface ApiResults {
  'scan.start': ScanRecord;
  'scan.drive': DriveAnswer;
  'scan.result': PartReceipt;
  'scan.handOver': ScanRecord;
  'scan.status': ScanProgress | null;
  'scan.list': ScanRecord[];
  'points.usage': PointsUsage;
  'report.rows': RowsResult;
  'report.csv': CsvPart;
  'object.search': SearchResult;
  'object.whereUsed': ObjectReport;
  'object.impact': ObjectReport;
  'object.card': ObjectCard & { readonly scanId: string };
  'object.csv': CsvPart;
  'fields.list': FieldOption[];
  'export.preview': ExportPreview;
  'data.purge': { readonly deleted: number };
  'automation.upload': AutomationUploadResult;
  'automation.remove': ScanRecord;
  'history.list': HistorySummary[];
  'limits.overview': LimitsOverview;
  'schedule.get': ScheduleSettings;
  'schedule.set': ScheduleSettings;
  'history.rows': HistoryRows;
  'history.csv': CsvPart;
}

export interface HistoryRows {
  readonly summary: HistorySummary;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly total: number;
  readonly offset: number;
}

/** Where an upload stands: parts still to come, or the export applied to a scan. */
export type AutomationUploadResult =
  | { readonly state: 'receiving'; readonly uploadId: string; readonly received: number; readonly parts: number }
  | { readonly state: 'applied'; readonly uploadId: string; readonly scan: ScanRecord; readonly leftOut: readonly string[] };

/** Rows of an object report the page gets at most; the CSV of a stored report has them all. */
const OBJECT_ROWS = 2000;
const ADMIN_CACHE_MS = 5 * 60 * 1000;

/** Text order for sorting: numbers in text by value, case and accents aside (one collator: localeCompare with options makes one a call). */
const TEXT_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const compareCells = (a: Cell, b: Cell): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return TEXT_ORDER.compare(String(a), String(b));
};

/**
 * The resolver functions of the admin page, free of Forge: payloads checked with zod, every call refused unless
 * the caller is a Jira administrator (asked of Jira as the user, remembered for five minutes), errors returned as
 * data the page can show. Forge's resolver and the local page's server both call {@link AdminApi.call}.
 */
export class AdminApi {
  /** Admin answers by installation and account: an admin of one site is nobody on another. */
  private readonly admins = new Map<string, { readonly admin: boolean; readonly until: number }>();
  /** Per installation, most recently used last. */
  private readonly memories = new Map<string, InstallationMemory>();

  constructor(
    private readonly scans: ScanJobs,
    private readonly exports: ExportJobs,
    private readonly adminCheck: AdminCheck,
    private readonly clock: Clock,
    /** Where uploads wait for their last part: the installation's store. */
    private readonly store: KeyValueStore,
    private readonly schedule: ScheduledScans,
  ) {}

  async call(name: string, payload: unknown, context: CallContext): Promise<ApiResponse> {
    if (!(API_FUNCTIONS as string[]).includes(name)) return { ok: false, code: 'bad-request', error: `unknown function '${name}'` };
    const fn = name as ApiFunction;
    if (context.accountId === undefined || context.accountId === '') return { ok: false, code: 'forbidden', error: 'Config Lens answers signed-in Jira administrators only; this call came without a user.' };
    if (context.installation === undefined || context.installation === '') return { ok: false, code: 'forbidden', error: 'this call came without the Jira site it is for, so it was refused.' };
    const installation = context.installation;
    try {
      if (!(await this.isAdmin(installation, context.accountId))) {
        return { ok: false, code: 'forbidden', error: 'Config Lens is for Jira administrators: your account does not have the Administer Jira global permission.' };
      }
    } catch (e) {
      return { ok: false, code: 'forbidden', error: `could not check your permissions with Jira, so the call was refused: ${e instanceof Error ? e.message : String(e)}` };
    }
    const parsed = API_PAYLOADS[fn].safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, code: 'bad-request', error: `${fn}: ${z.prettifyError(parsed.error)}` };
    try {
      return { ok: true, value: await this.run(fn, parsed.data, context, context.accountId, this.memory(installation)) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const status = (e as { status?: unknown }).status;
      // Jira's 400s (bad JQL) and our request errors are the caller's to fix; anything else is ours or Jira's.
      return { ok: false, code: e instanceof ExportRequestError || e instanceof ScanRequestError || status === 400 ? 'bad-request' : 'failed', error: message };
    }
  }

  private async isAdmin(installation: string, accountId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const key = JSON.stringify([installation, accountId]);
    const known = this.admins.get(key);
    if (known !== undefined && known.until > now) return known.admin;
    const admin = await this.adminCheck.isAdmin();
    if (this.admins.size >= ADMIN_ANSWERS_KEPT) {
      for (const [k, v] of this.admins) if (v.until <= now) this.admins.delete(k);
      if (this.admins.size >= ADMIN_ANSWERS_KEPT) this.admins.delete(this.admins.keys().next().value ?? '');
    }
    this.admins.set(key, { admin, until: now + ADMIN_CACHE_MS });
    return admin;
  }

  /** The memory of one installation; the least recently used is dropped beyond {@link INSTALLATIONS_KEPT}. */
  private memory(installation: string): InstallationMemory {
    const found = this.memories.get(installation);
    this.memories.delete(installation);
    const memory = found ?? { cached: undefined, lastReport: undefined, lastObject: undefined };
    this.memories.set(installation, memory);
    while (this.memories.size > INSTALLATIONS_KEPT) this.memories.delete(this.memories.keys().next().value ?? '');
    return memory;
  }

  private async run(fn: ApiFunction, p: unknown, context: CallContext, accountId: string, mem: InstallationMemory): Promise<ApiResults[ApiFunction]> {
    switch (fn) {
      case 'scan.start': {
        const q = p as z.output<(typeof API_PAYLOADS)['scan.start']>;
        return this.scans.start(accountId, context.siteUrl, q.executor === 'page' ? { executor: 'page' } : {});
      }
      case 'scan.drive': {
        const q = p as z.output<(typeof API_PAYLOADS)['scan.drive']>;
        return this.scans.drive(q.scanId, q.worker);
      }
      case 'scan.result': {
        const q = p as z.output<(typeof API_PAYLOADS)['scan.result']>;
        return this.scans.submit(q.scanId, q.worker, q.part, 'error' in q ? { error: q.error } : { chunk: q.chunk, chunks: q.chunks, data: q.data });
      }
      case 'scan.handOver': {
        const q = p as z.output<(typeof API_PAYLOADS)['scan.handOver']>;
        return this.scans.handOver(q.scanId);
      }
      case 'scan.status': {
        const q = p as z.output<(typeof API_PAYLOADS)['scan.status']>;
        return (await this.scans.progress(q.scanId)) ?? null;
      }
      case 'scan.list':
        return this.scans.list();
      case 'points.usage':
        return this.scans.usage();
      case 'report.rows':
        return this.rows(mem, p as z.output<(typeof API_PAYLOADS)['report.rows']>);
      case 'report.csv':
        return this.csv(mem, p as z.output<(typeof API_PAYLOADS)['report.csv']>);
      case 'object.search':
        return this.search(mem, p as z.output<(typeof API_PAYLOADS)['object.search']>);
      case 'object.whereUsed':
      case 'object.impact': {
        const q = p as z.output<(typeof API_PAYLOADS)['object.whereUsed']>;
        return this.objectReport(mem, fn === 'object.whereUsed' ? 'where-used' : 'impact', q.address, q.scanId);
      }
      case 'object.card': {
        const q = p as z.output<(typeof API_PAYLOADS)['object.card']>;
        return this.card(mem, q.address, q.scanId);
      }
      case 'object.csv':
        return this.objectCsv(mem, p as z.output<(typeof API_PAYLOADS)['object.csv']>);
      case 'fields.list':
        return (await this.exports.fields()).map((f) => ({ id: f.id, name: f.name, custom: f.custom, type: f.schema?.type ?? null }));
      case 'export.preview': {
        const q = p as z.output<typeof exportRequest>;
        return this.exports.preview(exportCommand(q));
      }
      case 'data.purge': {
        mem.cached = undefined;
        mem.lastObject = undefined;
        mem.lastReport = undefined;
        // The schedule goes too: it names the admin who set it, and would start new scans on its own.
        return { deleted: (await this.scans.purge()) + (await this.exports.purge()) + (await deletePrefix(this.store, 'upload:')) + (await this.schedule.clear()) };
      }
      case 'history.list':
        return this.scans.history();
      case 'limits.overview':
        return this.limitsOverview(mem, p as z.output<(typeof API_PAYLOADS)['limits.overview']>);
      case 'schedule.get':
        return this.schedule.settings();
      case 'schedule.set': {
        const q = p as z.output<(typeof API_PAYLOADS)['schedule.set']>;
        return this.schedule.set(q.schedule, context.siteUrl, accountId);
      }
      case 'history.rows': {
        const q = p as z.output<(typeof API_PAYLOADS)['history.rows']>;
        const found = await this.scans.historyRows(q.scanId);
        if (found === undefined) throw new ExportRequestError(`no history for scan ${q.scanId}: it is older than ${HISTORY_DAYS} days, or was deleted`);
        const rows = narrow(found.rows, q.filter, undefined).filter((r) => q.change === undefined || r.change === q.change);
        return { summary: found.summary, columns: DIFF_COLUMNS, rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length, offset: q.offset };
      }
      case 'history.csv': {
        const q = p as z.output<(typeof API_PAYLOADS)['history.csv']>;
        const found = await this.scans.historyRows(q.scanId);
        if (found === undefined) throw new ExportRequestError(`no history for scan ${q.scanId}`);
        const parts = Math.max(1, Math.ceil(found.rows.length / OBJECT_ROWS));
        if (q.part >= parts) throw new ExportRequestError(`this diff has CSV parts 0–${parts - 1}`);
        return { text: csvPart(DIFF_COLUMNS, found.rows.slice(q.part * OBJECT_ROWS, (q.part + 1) * OBJECT_ROWS), q.part, q), parts, filename: `config-lens-changes-${q.scanId}.csv` };
      }
      case 'automation.upload':
        return this.upload(p as z.output<(typeof API_PAYLOADS)['automation.upload']>, accountId);
      case 'automation.remove': {
        const latest = await this.scans.latest();
        if (latest === undefined) throw new ExportRequestError('there is no finished scan yet: run a scan first');
        return this.scans.applyAutomationExport(latest.id, undefined);
      }
    }
  }

  /**
   * One part of a rules export. Parts wait in the store under the upload's id; the last one joins them, reads the file
   * (a file that is not a rules export is one message with the JSON path, and nothing is kept) and merges its rules
   * into the newest finished scan, which the next scans take on.
   */
  private async upload(q: z.output<(typeof API_PAYLOADS)['automation.upload']>, accountId: string): Promise<AutomationUploadResult> {
    if (q.part >= q.parts) throw new ExportRequestError(`part ${q.part} of an upload of ${q.parts} part(s)`);
    const now = this.clock.now();
    let uploadId = q.uploadId;
    if (uploadId === undefined) {
      if (q.part !== 0) throw new ExportRequestError('an upload starts with part 0, which gives its uploadId');
      await sweepUploads(this.store, now.getTime());
      uploadId = newJobId(now);
    }
    const prefix = `upload:${uploadId}:`;
    await this.store.set(`${prefix}${String(q.part).padStart(3, '0')}`, q.text);
    const keys = (await this.store.keys(prefix)).sort();
    if (keys.length < q.parts) return { state: 'receiving', uploadId, received: keys.length, parts: q.parts };
    const texts = await Promise.all(keys.map((k) => this.store.get<string>(k)));
    await deletePrefix(this.store, prefix);
    const parsed = parseAutomationExport(texts.join(''));
    if (!parsed.ok) throw new ExportRequestError(`${q.fileName} is not an Automation rules export: ${parsed.error}`);
    const latest = await this.scans.latest();
    if (latest === undefined) throw new ExportRequestError('there is no finished scan yet: run a scan first, then upload the rules');
    const info = { fileName: q.fileName, uploadedAt: now.toISOString(), uploadedBy: accountId, rules: parsed.value.rules.length, leftOut: parsed.value.invalid.length };
    const scan = await this.scans.applyAutomationExport(latest.id, { info, rules: parsed.value.rules, gaps: invalidRuleGaps(q.fileName, parsed.value.invalid) });
    return { state: 'applied', uploadId, scan, leftOut: parsed.value.invalid.map((r) => r.message) };
  }

  /** The scan a request is about: the one named, else the newest finished. */
  private async scanOf(scanId: string | undefined): Promise<string | undefined> {
    return scanId ?? (await this.scans.latest())?.id;
  }

  /** A scan's analysis, kept for the next calls until the scan's stored data changes (its revision). */
  private async analysis(mem: InstallationMemory, scanId: string): Promise<Analysis> {
    const key = await this.revisionKey(scanId);
    if (mem.cached?.scanId === key) return mem.cached.analysis;
    const snapshot = mem.linkSnapshot?.key === key ? mem.linkSnapshot.snapshot : await this.scans.snapshot(scanId);
    if (snapshot === undefined) throw new ExportRequestError(`scan ${scanId} is not finished, or was deleted`);
    const analysis = analyseSite(snapshot);
    mem.cached = { scanId: key, analysis };
    // One snapshot per installation in memory: the analysis holds it now.
    mem.linkSnapshot = undefined;
    return analysis;
  }

  /** `scanId@revision`: another instance may have stored the scan anew (a rules export given) since we read it. */
  private async revisionKey(scanId: string): Promise<string> {
    return `${scanId}@${(await this.scans.record(scanId))?.revision ?? 0}`;
  }

  private async rows(mem: InstallationMemory, q: z.output<(typeof API_PAYLOADS)['report.rows']>): Promise<RowsResult> {
    const id = await this.scanOf(q.scanId);
    const head = id === undefined ? undefined : await this.scans.reportHead(id, q.report);
    if (id === undefined || head === undefined) return { scanId: null, columns: [], rows: [], total: 0, offset: 0 };
    const narrowed = q.filter !== undefined || q.kind !== undefined || q.verdict !== undefined || q.sort !== undefined;
    if (!narrowed) {
      // Only the stored pages that hold the rows asked for: the first rows of any report are one or two reads.
      const rows: Row[] = [];
      let start = 0;
      for (let page = 0; page < head.pages.length && start < q.offset + q.limit; page++) {
        const count = head.pages[page] ?? 0;
        if (start + count > q.offset) rows.push(...(await this.scans.reportPage(id, q.report, page)).slice(Math.max(0, q.offset - start), q.offset + q.limit - start));
        start += count;
      }
      return { scanId: id, columns: head.columns, rows: await this.linked(mem, id, head, rows), total: head.rowCount, offset: q.offset };
    }
    const asked = onRequest(q.report, q.kind);
    let rows = asked === undefined ? await this.allRows(mem, await this.revisionKey(id), id, q.report, head.pages.length) : await this.onRequestRows(mem, id, asked.report, asked.kind);
    rows = narrow(rows, q.filter, q.kind, q.verdict);
    if (q.sort !== undefined && head.columns.includes(q.sort.column)) {
      const { column, direction } = q.sort;
      const sign = direction === 'asc' ? 1 : -1;
      rows = [...rows].sort((a, b) => sign * compareCells(a[column] ?? null, b[column] ?? null));
    }
    return { scanId: id, columns: head.columns, rows: await this.linked(mem, id, head, rows.slice(q.offset, q.offset + q.limit)), total: rows.length, offset: q.offset };
  }

  /**
   * Rows with the Jira address of the object each names: stored with them since reports keep their links; for a
   * report stored before, made from the scan's snapshot (read once and kept per installation).
   */
  private async linked(mem: InstallationMemory, id: string, head: StoredReportHead, rows: readonly Row[]): Promise<readonly Row[]> {
    if (head.linked === true || !rows.some((r) => objectColumnsOf(r) !== undefined)) return rows;
    const key = await this.revisionKey(id);
    let snapshot = mem.cached?.scanId === key ? mem.cached.analysis.snapshot : mem.linkSnapshot?.key === key ? mem.linkSnapshot.snapshot : undefined;
    if (snapshot === undefined) {
      snapshot = await this.scans.snapshot(id);
      if (snapshot === undefined) return [...rows];
      mem.linkSnapshot = { key, snapshot };
    }
    return withLinks(snapshot, rows);
  }

  /** The limits report as the Overview shows it: its worst gauges first, each with its first candidates. */
  private async limitsOverview(mem: InstallationMemory, q: z.output<(typeof API_PAYLOADS)['limits.overview']>): Promise<LimitsOverview> {
    const id = await this.scanOf(q.scanId);
    const head = id === undefined ? undefined : await this.scans.reportHead(id, 'limits');
    if (id === undefined || head === undefined) return { scanId: null, gauges: [], unlimited: [], total: 0 };
    const rows = await this.linked(mem, id, head, await this.allRows(mem, await this.revisionKey(id), id, 'limits', head.pages.length));
    const gauges: { row: Row; candidates: Row[]; candidateCount: number }[] = [];
    const unlimited: Row[] = [];
    let total = 0;
    let current: { row: Row; candidates: Row[]; candidateCount: number } | undefined;
    for (const r of rows) {
      if (r.candidate_id === null || r.candidate_id === undefined) {
        total++;
        current = undefined;
        if (r.max === null) unlimited.push(r);
        else if (gauges.length < q.gauges) gauges.push((current = { row: r, candidates: [], candidateCount: 0 }));
      } else if (current !== undefined) {
        current.candidateCount++;
        if (current.candidates.length < q.candidates) current.candidates.push(r);
      }
    }
    return { scanId: id, gauges, unlimited, total };
  }

  /** Every row of a stored report; the last report read whole is kept, as filtering and sorting ask again and again. */
  private async allRows(mem: InstallationMemory, revision: string, id: string, report: StoredReport, pages: number): Promise<readonly Row[]> {
    const key = `${revision} ${report}`;
    if (mem.lastReport?.key !== key) {
      const rows = (await Promise.all(Array.from({ length: pages }, (_, i) => this.scans.reportPage(id, report, i)))).flat();
      mem.lastReport = { key, rows };
    }
    return mem.lastReport.rows;
  }

  /**
   * The unused or cleanup rows of a kind judged only on request (filters, options, boards, dashboards): made from the
   * scan's analysis, as the CLI makes them with `--kind`, with their links; the last ones asked for are kept.
   */
  private async onRequestRows(mem: InstallationMemory, id: string, report: 'unused' | 'cleanup', kind: ObjectKind): Promise<readonly Row[]> {
    const key = `${await this.revisionKey(id)} ${report}:${kind}`;
    if (mem.lastReport?.key !== key) {
      const a = await this.analysis(mem, id);
      const table = runReport(a, { report, kind });
      if (!table.ok) throw new ExportRequestError(table.error.message);
      mem.lastReport = { key, rows: withLinks(a.snapshot, table.value.rows) };
    }
    return mem.lastReport.rows;
  }

  /** Part `part` of a report's CSV: one stored page of rows each, the header (and BOM) in part 0. */
  private async csv(mem: InstallationMemory, q: z.output<(typeof API_PAYLOADS)['report.csv']>): Promise<CsvPart> {
    const id = await this.scanOf(q.scanId);
    const head = id === undefined ? undefined : await this.scans.reportHead(id, q.report);
    if (id === undefined || head === undefined) throw new ExportRequestError('there is no finished scan yet: run a scan first');
    const asked = onRequest(q.report, q.kind);
    if (asked !== undefined) {
      // Rows made on request come in parts of a stored page's size, as stored rows do.
      const rows = narrow(await this.onRequestRows(mem, id, asked.report, asked.kind), q.filter, q.kind, q.verdict);
      const parts = Math.max(1, Math.ceil(rows.length / ON_REQUEST_PART_ROWS));
      if (q.part >= parts) throw new ExportRequestError(`report ${q.report} has CSV parts 0–${parts - 1}`);
      return { text: csvPart(head.columns, rows.slice(q.part * ON_REQUEST_PART_ROWS, (q.part + 1) * ON_REQUEST_PART_ROWS), q.part, q), parts, filename: `config-lens-${q.report}-${asked.kind}-${id}.csv` };
    }
    if (q.part >= head.pages.length) throw new ExportRequestError(`report ${q.report} has CSV parts 0–${head.pages.length - 1}`);
    const rows = narrow(await this.scans.reportPage(id, q.report, q.part), q.filter, q.kind, q.verdict);
    return { text: csvPart(head.columns, rows, q.part, q), parts: head.pages.length, filename: `config-lens-${q.report}-${id}.csv` };
  }

  private async search(mem: InstallationMemory, q: z.output<(typeof API_PAYLOADS)['object.search']>): Promise<SearchResult> {
    const id = await this.scanOf(q.scanId);
    if (id === undefined) return { scanId: null, results: [], total: 0 };
    const a = await this.analysis(mem, id);
    const needle = q.query.trim().toLowerCase();
    const found: { kind: ObjectKind; id: string; name: string; usedBy: number; rank: number }[] = [];
    for (const k of q.kind === undefined ? OBJECT_KINDS : [q.kind]) {
      for (const item of a.graph.snapshot[COLLECTION_OF_KIND[k]] as readonly { readonly id: string; readonly name?: string; readonly key?: string }[]) {
        const name = item.name ?? item.id;
        const texts = [name.toLowerCase(), item.id.toLowerCase(), (item.key ?? '').toLowerCase()];
        const rank = texts.some((t) => t === needle) ? 0 : texts.some((t) => t.startsWith(needle)) ? 1 : texts.some((t) => t.includes(needle)) ? 2 : -1;
        if (rank >= 0) found.push({ kind: k, id: item.id, name, usedBy: 0, rank });
      }
    }
    found.sort((x, y) => x.rank - y.rank || TEXT_ORDER.compare(x.name, y.name) || x.kind.localeCompare(y.kind));
    const results = found.slice(0, q.limit).map(({ rank: _rank, ...r }) => {
      const link = adminUrl(a.snapshot, r.kind, r.id, r.name);
      const node = a.graph.node({ kind: r.kind, id: r.id });
      return { ...r, usedBy: node === undefined ? 0 : userCount(a, node), ...(link === undefined ? {} : { link }) };
    });
    return { scanId: id, results, total: found.length };
  }

  /** Every row of an object report; the last one asked for is kept, so that CSV parts do not recompute it. */
  private async objectTable(mem: InstallationMemory, report: 'where-used' | 'impact', address: string, scanId: string | undefined): Promise<ObjectTable> {
    const id = await this.scanOf(scanId);
    if (id === undefined) throw new ExportRequestError('there is no finished scan yet: run a scan first');
    const a = await this.analysis(mem, id);
    const node = resolveAddress(a.graph, address);
    if (!node.ok) throw new ExportRequestError(node.error);
    const key = `${await this.revisionKey(id)} ${report} ${node.value.kind}:${node.value.id}`;
    if (mem.lastObject?.key !== key) {
      const table = runReport(a, { report, object: { kind: node.value.kind, id: node.value.id } });
      if (!table.ok) throw new ExportRequestError(table.error.message);
      mem.lastObject = { key, scanId: id, object: { kind: node.value.kind, id: node.value.id, name: node.value.name }, columns: table.value.columns, rows: table.value.rows };
    }
    return mem.lastObject;
  }

  /** One object's card: its Cleanup verdict (the same row), its users' count and the facts to check before deleting it. */
  private async card(mem: InstallationMemory, address: string, scanId: string | undefined): Promise<ObjectCard & { readonly scanId: string }> {
    const id = await this.scanOf(scanId);
    if (id === undefined) throw new ExportRequestError('there is no finished scan yet: run a scan first');
    const a = await this.analysis(mem, id);
    const node = resolveAddress(a.graph, address);
    if (!node.ok) throw new ExportRequestError(node.error);
    return { scanId: id, ...objectCard(a, node.value) };
  }

  private async objectReport(mem: InstallationMemory, report: 'where-used' | 'impact', address: string, scanId: string | undefined): Promise<ObjectReport> {
    const t = await this.objectTable(mem, report, address, scanId);
    const a = await this.analysis(mem, t.scanId);
    const rows = withLinks(a.snapshot, t.rows.slice(0, OBJECT_ROWS));
    if (report === 'impact') return { scanId: t.scanId, object: t.object, columns: t.columns, rows, total: t.rows.length };
    // Users by kind, each once however many references it holds: the uses (the count every surface shows), and
    // apart, what only configures the object or is part of it.
    const tally = (use: 'yes' | 'no'): { kind: string; count: number }[] => {
      const users = new Map<string, Set<string>>();
      for (const r of t.rows) {
        if (r.use !== use) continue;
        const kind = String(r.used_by_kind);
        (users.get(kind) ?? users.set(kind, new Set()).get(kind))?.add(String(r.used_by_id));
      }
      const order = (k: string): number => { const i = (OBJECT_KINDS as readonly string[]).indexOf(k); return i < 0 ? -1 : i; };
      return [...users].sort((x, y) => order(x[0]) - order(y[0])).map(([kind, ids]) => ({ kind, count: ids.size }));
    };
    return { scanId: t.scanId, object: t.object, columns: t.columns, rows, total: t.rows.length, byKind: tally('yes'), configuredBy: tally('no') };
  }

  /** Part `part` of an object report's CSV, {@link OBJECT_ROWS} rows a part, the header (and BOM) in part 0. */
  private async objectCsv(mem: InstallationMemory, q: z.output<(typeof API_PAYLOADS)['object.csv']>): Promise<CsvPart> {
    const t = await this.objectTable(mem, q.report, q.address, q.scanId);
    const parts = Math.max(1, Math.ceil(t.rows.length / OBJECT_ROWS));
    if (q.part >= parts) throw new ExportRequestError(`this ${q.report} report has CSV parts 0–${parts - 1}`);
    const a = await this.analysis(mem, t.scanId);
    const text = csvPart(t.columns, withLinks(a.snapshot, t.rows.slice(q.part * OBJECT_ROWS, (q.part + 1) * OBJECT_ROWS)), q.part, q);
    const safe = `${t.object.kind}-${t.object.id}`.replace(/[^A-Za-z0-9_.-]+/g, '_');
    return { text, parts, filename: `config-lens-${q.report}-${safe}.csv` };
  }
}

/** One part of a CSV download: the rows, after the header (and the BOM, if asked) when it is the first part. */
function csvPart(columns: readonly string[], rows: readonly Row[], part: number, options: { readonly bom: boolean; readonly formulaGuard: boolean }): string {
  const encoder = createCsvEncoder({ bom: options.bom && part === 0, formulaGuard: options.formulaGuard });
  // Each row ends with its object's Jira address, as the CLI's CSV does.
  const all = linkedColumns(columns);
  let text = part === 0 ? encoder.record(all) : '';
  for (const r of rows) text += encoder.record(all.map((c) => r[c] ?? null));
  return text;
}

/** Rows per CSV part of a report made on request (a stored page holds about as many). */
const ON_REQUEST_PART_ROWS = 2_000;

/** The kind asked for when it is one the unused and cleanup reports judge only on request (not in their stored rows). */
function onRequest(report: StoredReport, kind: ObjectKind | undefined): { readonly report: 'unused' | 'cleanup'; readonly kind: ObjectKind } | undefined {
  return (report === 'unused' || report === 'cleanup') && kind !== undefined && ON_REQUEST_KINDS.includes(kind) ? { report, kind } : undefined;
}

function narrow(rows: readonly Row[], filter: string | undefined, k: ObjectKind | undefined, verdict?: string): Row[] {
  const needle = filter?.trim().toLowerCase() ?? '';
  return rows.filter(
    (r) =>
      (k === undefined || r.kind === k || r.source_kind === k) &&
      (verdict === undefined || r.verdict === verdict) &&
      (needle === '' || Object.entries(r).some(([c, v]) => c !== LINK_KEY && c !== LINK_WHY_KEY && v !== null && String(v).toLowerCase().includes(needle))),
  );
}

function exportCommand(q: z.output<typeof exportRequest>) {
  return { jql: q.jql, fields: q.fields, render: { multi: q.multi, separator: q.separator, accountIds: q.accountIds }, csv: { bom: q.bom, formulaGuard: q.formulaGuard } };
}

export const AdminApiId: ServiceIdentifier<AdminApi> = Symbol.for('AdminApi');
