import { z } from 'zod';
import { jsonPath } from '../fixture/snapshot-schema';
import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../ports/jira-http';
import { BURST_MAX_WAIT_MS, estimatePoints, PointsLedger, QUOTA_REASONS, readQuota, requestKind, weightOf } from './points';
import { QuotaGate, QuotaPausedError, type PointsBudget, type ResponseMemo } from './quota';

/** `GET /rest/api/3/field/search` for a request: method and path, no query (ids in the path are kept). */
export function endpointOf(method: string, path: string): string {
  return `${method} ${path.split('?')[0] ?? path}`;
}

/** An HTTP failure from Jira, naming the endpoint and the status. Never holds credentials. */
export class JiraHttpError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${endpoint}: HTTP ${status}${detail === '' ? '' : `: ${detail}`}`, options);
    this.name = 'JiraHttpError';
  }
}

/** Jira refused the credentials (401): the scan cannot go on. */
export class JiraAuthError extends JiraHttpError {
  constructor(endpoint: string, detail: string) {
    super(endpoint, 401, detail === '' ? 'Jira refused the credentials (check --email and --token, or the app installation)' : detail);
    this.name = 'JiraAuthError';
  }
}

/** A payload that does not have the shape Atlassian documents: names the endpoint and the JSON path. */
export class JiraPayloadError extends Error {
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'JiraPayloadError';
  }
}

/** The configured request budget is spent. */
export class RequestBudgetError extends Error {
  constructor(
    readonly endpoint: string,
    readonly budget: number,
  ) {
    super(`${endpoint}: not sent, the request budget of ${budget} requests is spent`);
    this.name = 'RequestBudgetError';
  }
}

/** Jira asked us to wait longer than the client may (a `Retry-After` past `maxRetryAfterMs`). */
export class RetryAfterTooLongError extends Error {
  constructor(
    readonly endpoint: string,
    readonly waitMs: number,
    readonly resumeAt: Date,
  ) {
    super(`${endpoint}: Jira asked to wait ${Math.round(waitMs / 1000)} s (Retry-After); not waited, Jira takes requests again from ${resumeAt.toISOString()}`);
    this.name = 'RetryAfterTooLongError';
  }
}

/** One list item that does not have the documented shape: dropped from the list and reported. */
export interface InvalidItem {
  readonly endpoint: string;
  /** JSON path of the problem inside the response, e.g. `$.values[3].transitions[1].toStatusReference`. */
  readonly path: string;
  /** What was expected there. */
  readonly message: string;
  /** The item's id, when it has one that can be read. */
  readonly id?: string;
}

/** What a wait is for, for the progress line: the client says every wait longer than 5 s. */
export interface WaitEvent {
  readonly endpoint: string;
  readonly ms: number;
  readonly reason: 'rate-limited' | 'retry' | 'quota';
}

export interface JiraClientOptions {
  /** Requests in flight at once. Default 8, within Jira's per-app burst limits. */
  readonly concurrency?: number;
  /** Retries of one request (429 always; 5xx and bodies that are not JSON for GET and read-only POSTs; no answer at all, or none in time, twice at most). Default 6. */
  readonly maxRetries?: number;
  /** First backoff in ms, doubled each retry, full jitter. Default 500. */
  readonly baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After included. Default 60 000. */
  readonly maxDelayMs?: number;
  /** Most requests (retries included) this client may send. Default unlimited. */
  readonly budget?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Longest Retry-After the client waits out; a longer one ends the request with RetryAfterTooLongError. Default 120 000. */
  readonly maxRetryAfterMs?: number;
  /** Time one request may take, its body included, before it is abandoned and retried like a 5xx. Default 60 000. */
  readonly requestTimeoutMs?: number;
  /** Called before every wait longer than 5 s (429 or a retry's backoff), so progress can say what it waits for. */
  readonly onWait?: (event: WaitEvent) => void;
  /** The clock, in ms, for Retry-After dates. */
  readonly clock?: () => number;
  /** Called after every response, for progress and recordings. */
  readonly onResponse?: (event: { readonly method: string; readonly path: string; readonly status: number; readonly attempt: number }) => void;
  /** Counts the points each call costs (a new one per client by default). */
  readonly ledger?: PointsLedger;
  /** Jira's quota as this installation sees it; shared by every client of one installation (one process for the CLI). */
  readonly gate?: QuotaGate;
  /**
   * What a call does when Jira's quota (or the budget) holds it back: `wait` it out (the CLI, up to `maxQuotaWaitMs`),
   * or `pause`: throw {@link QuotaPausedError} at once, so that a queued part stops and continues later. Default `wait`.
   */
  readonly onQuota?: 'wait' | 'pause';
  /** Longest wait for Jira's quota to reset; a longer one ends the call with RetryAfterTooLongError (a gap). Default 65 min. */
  readonly maxQuotaWaitMs?: number;
  /** Points this client may spend (background work); unlimited by default. */
  readonly pointsBudget?: PointsBudget;
  /** Share of Jira's pool to leave untouched (background work: 0.2); default 0. */
  readonly keepShare?: number;
  /** Answers read by an earlier run of the same work: served without a call. Every 2xx answer is added to it. */
  readonly memo?: ResponseMemo;
}

const NETWORK_RETRIES = 2;
/** Quota 429s one call may meet (each after the reset Jira named) before it gives up. */
const MAX_QUOTA_HITS = 3;

/** A 429 of the hourly quota (every call waits for the reset) rather than of a burst (its endpoint slows down). */
function isQuotaLimit(reason: string | undefined, retryAfter: number | undefined): boolean {
  if (reason !== undefined) return QUOTA_REASONS.has(reason);
  return retryAfter !== undefined && retryAfter > BURST_MAX_WAIT_MS;
}
/** Waits longer than this are said on the progress line. */
const SAY_WAITS_OVER_MS = 5_000;

/** The request did not answer within the client's time limit. */
class RequestTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`);
    this.name = 'RequestTimeout';
  }
}

/** Resolves or rejects as `work` does, or rejects with RequestTimeout after `ms` (the timer never outlives it). */
async function within<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new RequestTimeout(ms));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Jira's error body (`errorMessages`, `errors`) in one line, or the start of a body that is not JSON. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const messages = [
      ...(Array.isArray(parsed.errorMessages) ? parsed.errorMessages.map(String) : []),
      ...(typeof parsed.errors === 'object' && parsed.errors !== null ? Object.entries(parsed.errors).map(([k, v]) => `${k}: ${String(v)}`) : []),
      ...(typeof parsed.message === 'string' ? [parsed.message] : []),
    ];
    return messages.join('; ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Sends requests to Jira through a {@link JiraHttp} with bounded concurrency, retries with exponential backoff and
 * full jitter (honouring Retry-After), a request budget, and zod validation of every payload.
 */
export class JiraClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private sent = 0;
  private retried = 0;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly budget: number;
  private readonly maxRetryAfterMs: number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** What the calls of this client cost. */
  readonly ledger: PointsLedger;
  readonly gate: QuotaGate;
  private readonly maxQuotaWaitMs: number;
  /** The most one call of each kind cost so far: what the next one reserves where its page size is not known. */
  private readonly costliest = new Map<string, number>();

  constructor(
    private readonly http: JiraHttp,
    private readonly options: JiraClientOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxRetries = options.maxRetries ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.budget = options.budget ?? Number.POSITIVE_INFINITY;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.now = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.ledger = options.ledger ?? new PointsLedger();
    this.gate = options.gate ?? new QuotaGate();
    this.maxQuotaWaitMs = options.maxQuotaWaitMs ?? 65 * 60_000;
  }

  /** The likely cost of a call before it is sent: a page of the size asked for, else what the kind cost at most so far. */
  private reservation(kind: string, path: string): number {
    const query = path.includes('?') ? new URLSearchParams(path.slice(path.indexOf('?') + 1)) : undefined;
    const size = Number(query?.get('maxResults') ?? query?.get('maxResult') ?? query?.get('limit') ?? NaN);
    if (Number.isFinite(size) && size > 0) return 1 + Math.min(size, 1000) * weightOf(path);
    return this.costliest.get(kind) ?? 1 + 100 * weightOf(path);
  }

  /**
   * Holds a call back while Jira's quota, a burst on its endpoint or the budget says so: waits (saying so), or throws
   * QuotaPausedError when the client pauses instead. @returns the points reserved for the call.
   */
  private async admit(endpoint: string, points: number): Promise<void> {
    for (let round = 0; ; round++) {
      const now = this.now();
      const blocked = this.gate.blockedUntil(endpoint, now, points, this.options.keepShare ?? 0);
      let until: number | undefined;
      let why: 'quota' | 'budget' | 'reserve' | 'burst' | undefined;
      if (blocked !== undefined) ({ until, why } = blocked);
      else if (this.options.pointsBudget !== undefined && !this.options.pointsBudget.reserve(points, now)) {
        until = this.options.pointsBudget.resumeAt(now);
        why = 'budget';
      }
      if (until === undefined || why === undefined) {
        this.gate.reserve(points);
        return;
      }
      if (why !== 'burst' && (this.options.onQuota === 'pause' || why !== 'quota')) throw new QuotaPausedError(endpoint, new Date(until), why);
      const ms = until - now;
      if (why === 'quota' && ms > this.maxQuotaWaitMs) throw new RetryAfterTooLongError(endpoint, ms, new Date(until));
      // A burst or a quota wait, as long as Jira named: once waited, the call goes (a 429 again closes the gate again).
      if (round > 0 && ms <= 0) throw new RetryAfterTooLongError(endpoint, ms, new Date(until));
      if (ms > SAY_WAITS_OVER_MS) this.options.onWait?.({ endpoint, ms, reason: why === 'burst' ? 'rate-limited' : 'quota' });
      await this.sleep(ms);
      this.gate.waited(endpoint, why);
    }
  }

  /** Requests sent so far, retries included. */
  get requestCount(): number {
    return this.sent;
  }

  /** Of those, how many were retries. */
  get retryCount(): number {
    return this.retried;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active--;
    else next();
    if (this.active === 0) for (const wake of this.quiet.splice(0)) wake();
  }

  private readonly quiet: (() => void)[] = [];

  /** Resolves once no call is in flight (a part that paused lets the calls under way finish, and keeps their answers). */
  async idle(): Promise<void> {
    while (this.active > 0) await new Promise<void>((resolve) => this.quiet.push(resolve));
  }

  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt));
  }

  private async wait(endpoint: string, ms: number, reason: WaitEvent['reason']): Promise<void> {
    if (ms > SAY_WAITS_OVER_MS) this.options.onWait?.({ endpoint, ms, reason });
    await this.sleep(ms);
  }

  /**
   * Sends one request, retrying what may be retried; resolves with the body text of a 2xx response. Each attempt
   * (its body included) has `requestTimeoutMs`; an attempt that runs out is retried like a 5xx.
   * @throws JiraAuthError on 401, JiraHttpError on any other final failure (status 0: no answer), RequestBudgetError
   * when the budget is spent, RetryAfterTooLongError when Jira asks for a longer wait than `maxRetryAfterMs`.
   */
  async send(path: string, init: JiraRequestInit = {}): Promise<string> {
    return (await this.attempts(path, init, false)).text;
  }

  /**
   * Sends one request whose 2xx body must be JSON: a body that is not JSON is retried like a 5xx (proxies and
   * gateways answer 200 with an HTML page), then fails with JiraPayloadError.
   */
  async sendJson(path: string, init: JiraRequestInit = {}): Promise<unknown> {
    return (await this.attempts(path, init, true)).json;
  }

  private async attempts(path: string, init: JiraRequestInit, parse: boolean): Promise<{ text: string; json: unknown }> {
    const method = init.method ?? 'GET';
    const endpoint = endpointOf(method, path);
    const kind = requestKind(method, path);
    const { idempotent, ...request } = init;
    const retriable = method === 'GET' || idempotent === true;
    // An answer an earlier run of the same work read: no call, no points.
    const memoKey = this.options.memo === undefined || !retriable ? undefined : `${method} ${path}${init.body === undefined ? '' : ` ${init.body}`}`;
    const remembered = memoKey === undefined ? undefined : this.options.memo?.get(memoKey);
    if (remembered !== undefined) return { text: remembered, json: parse ? (JSON.parse(remembered) as unknown) : undefined };
    await this.acquire();
    try {
      let quotaHits = 0;
      for (let attempt = 0; ; attempt++) {
        if (this.sent >= this.budget) throw new RequestBudgetError(endpoint, this.budget);
        const reserved = this.reservation(kind, path);
        await this.admit(endpoint, reserved);
        this.sent++;
        if (attempt > 0) this.retried++;
        let status: number;
        let text: string;
        let retryAfter: string | null;
        let quota: ReturnType<typeof readQuota>;
        try {
          ({ status, text, retryAfter, quota } = await within(this.requestTimeoutMs, async (signal) => {
            const response: JiraResponse = await this.http.requestJira(path, { ...request, signal });
            this.options.onResponse?.({ method, path, status: response.status, attempt });
            const body = await response.text().catch(() => '');
            return { status: response.status, text: body, retryAfter: response.headers.get('Retry-After'), quota: readQuota(response.headers) };
          }));
        } catch (e) {
          this.charge(kind, reserved, 1);
          // No response at all (refused, reset, DNS, no answer in time): retried twice at most, so that a wrong --site
          // or an endpoint that hangs costs seconds, not minutes.
          if (retriable && attempt < Math.min(this.maxRetries, NETWORK_RETRIES)) {
            await this.wait(endpoint, this.backoff(attempt), 'retry');
            continue;
          }
          const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
          const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
          const why = `${e instanceof Error ? e.message : String(e)}${detail === '' ? '' : `: ${detail}`}`;
          throw new JiraHttpError(endpoint, 0, `no response (${why})${attempt > 0 ? ` after ${attempt + 1} attempts` : ''}`, { cause: e });
        }
        const now = this.now();
        if (quota !== undefined) {
          this.gate.observe(quota, now);
          this.ledger.observe(quota, new Date(now));
        }
        if (status >= 200 && status < 300) {
          let json: unknown;
          let isJson = true;
          try {
            json = JSON.parse(text) as unknown;
          } catch {
            isJson = false;
          }
          this.charge(kind, reserved, estimatePoints(method, path, status, json, retriable));
          if (!parse) {
            if (memoKey !== undefined) this.options.memo?.set(memoKey, text);
            return { text, json: undefined };
          }
          if (isJson) {
            if (memoKey !== undefined) this.options.memo?.set(memoKey, text);
            return { text, json };
          }
          if (retriable && attempt < this.maxRetries) {
            await this.wait(endpoint, this.backoff(attempt), 'retry');
            continue;
          }
          throw new JiraPayloadError(endpoint, `$: the response is not JSON${attempt > 0 ? ` (${attempt + 1} attempts)` : ''}: ${text.replace(/\s+/g, ' ').slice(0, 80)}`);
        }
        const after = status === 429 ? retryAfterMs(retryAfter, now) : undefined;
        const quotaRefusal = status === 429 && isQuotaLimit(quota?.reason, after);
        // A refusal costs its request; a call the spent quota turned away costs nothing more of it.
        this.charge(kind, reserved, quotaRefusal ? 0 : 1);
        if (status === 401) throw new JiraAuthError(endpoint, errorDetail(text));
        if (quotaRefusal) {
          // The hourly pool is spent: every call of this installation waits for the reset, not just this one. The wait
          // is Jira's to name; the call comes back to admit(), which waits it out or pauses the part.
          this.ledger.quotaHits++;
          const resetMs = after ?? (quota?.resetSeconds === undefined ? undefined : quota.resetSeconds * 1000);
          this.gate.pause(resetMs === undefined ? this.gate.reset(now) : now + resetMs);
          if (++quotaHits > MAX_QUOTA_HITS) throw new JiraHttpError(endpoint, 429, `Jira's quota refused this call ${quotaHits} times after its reset; giving up`);
          attempt--;
          continue;
        }
        const retryable = status === 429 || (retriable && status >= 500);
        if (retryable && attempt < this.maxRetries) {
          if (after !== undefined && after > this.maxRetryAfterMs) throw new RetryAfterTooLongError(endpoint, after, new Date(now + after));
          // Retry-After is the server's word; jitter on top spreads clients that were told the same instant. A burst
          // slows its own endpoint only.
          if (status === 429 && after !== undefined) {
            const wait = after + Math.floor(this.random() * this.baseDelayMs);
            this.gate.burst(endpoint, now + wait);
            await this.wait(endpoint, wait, 'rate-limited');
            this.gate.waited(endpoint, 'burst');
            continue;
          }
          await this.wait(endpoint, this.backoff(attempt), status === 429 ? 'rate-limited' : 'retry');
          continue;
        }
        throw new JiraHttpError(endpoint, status, errorDetail(text));
      }
    } finally {
      this.release();
    }
  }

  /** Counts what a call cost, in the ledger, against the budget and against what Jira said is left. */
  private charge(kind: string, reserved: number, points: number): void {
    this.ledger.record(kind, points);
    this.gate.release(reserved);
    this.gate.spent(points);
    this.options.pointsBudget?.settle(reserved, points);
    if (points > (this.costliest.get(kind) ?? 0)) this.costliest.set(kind, points);
  }

  /**
   * Sends a request and validates the JSON body against a schema.
   * @throws JiraPayloadError naming the endpoint and the JSON path when the body is not what the schema says.
   */
  async json<T>(path: string, schema: z.ZodType<T>, init: JiraRequestInit = {}): Promise<T> {
    const endpoint = endpointOf(init.method ?? 'GET', path);
    const body = await this.sendJson(path, init);
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`);
    throw new JiraPayloadError(endpoint, issues.join('; '));
  }
}

/** A path with query parameters; arrays become repeated parameters (`projectId=1&projectId=2`). */
export function withQuery(path: string, params: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(key, v);
    else search.append(key, String(value));
  }
  const query = search.toString();
  if (query === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** The PageBean envelope: `startAt, maxResults, total, isLast, values`. */
export function pageBean<T extends z.ZodType>(item: T) {
  return z.object({
    startAt: z.number().optional(),
    maxResults: z.number().optional(),
    total: z.number().optional(),
    isLast: z.boolean().optional(),
    values: z.array(item),
  });
}

/** The PageBean envelope with its items unchecked: they are validated one by one. */
const looseEnvelope = pageBean(z.unknown());

export interface ItemOptions {
  /**
   * Called for each item that does not have the documented shape; the item is dropped and the rest of the list
   * kept. Without it, such an item fails the whole request with JiraPayloadError.
   */
  readonly onInvalid?: (item: InvalidItem) => void;
}

export interface PageOptions extends ItemOptions {
  /** Page size to ask for; the server may cap it silently. */
  readonly pageSize?: number;
  /** The page-size parameter's name: `maxResults`, or `maxResult` for `GET /rest/api/3/screens/tabs`. */
  readonly sizeParam?: 'maxResults' | 'maxResult';
  /** Called when a page repeats ids an earlier page gave (overlapping pages): the repeats are dropped. */
  readonly onRepeatedIds?: (event: { readonly endpoint: string; readonly startAt: number; readonly ids: readonly string[] }) => void;
  /** Called with each page's whole body, for what an endpoint sends beside `values` (the workflows' `statuses`). */
  readonly onPage?: (body: Readonly<Record<string, unknown>>) => void;
  /** Most pages one listing may take. Default 20 000 (two million objects at Jira's smallest page cap of 100). */
  readonly maxPages?: number;
}

/** The id of an item, when it has one: `id`, or the first of a few id-like keys Jira uses. */
function itemId(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  for (const key of ['id', 'groupId', 'accountId', 'key']) {
    const v = o[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * Validates a list's items one by one: an item that does not fit is reported through `onInvalid` (with its JSON
 * path under `basePath`) and left out, so one odd object never costs the rest of the list.
 * @throws JiraPayloadError for the first bad item when there is no `onInvalid`.
 */
export function validateItems<T extends z.ZodType>(endpoint: string, basePath: string, items: readonly unknown[], item: T, onInvalid: ItemOptions['onInvalid']): z.infer<T>[] {
  const out: z.infer<T>[] = [];
  items.forEach((raw, i) => {
    let parsed: z.ZodSafeParseResult<z.infer<T>>;
    try {
      parsed = item.safeParse(raw);
    } catch (e) {
      // A schema that recurses (condition groups) on an item nested deeper than the stack: that item, not the list.
      const message = `could not be read (${e instanceof Error ? e.message : String(e)}), nested too deep?`;
      if (onInvalid === undefined) throw new JiraPayloadError(endpoint, `${basePath}[${i}]: ${message}`);
      const id = itemId(raw);
      onInvalid({ endpoint, path: `${basePath}[${i}]`, message, ...(id === undefined ? {} : { id }) });
      return;
    }
    if (parsed.success) {
      out.push(parsed.data);
      return;
    }
    const first = parsed.error.issues[0];
    const path = `${basePath}[${i}]${first === undefined ? '' : jsonPath(first.path).slice(1)}`;
    const message = parsed.error.issues.slice(0, 2).map((x) => x.message).join('; ');
    if (onInvalid === undefined) throw new JiraPayloadError(endpoint, `${path}: ${message}`);
    const id = itemId(raw);
    onInvalid({ endpoint, path, message, ...(id === undefined ? {} : { id }) });
  });
  return out;
}

/**
 * A JSON array endpoint (unpaged: `GET /rest/api/3/field`, `/issuetype`, `/role`, tab fields), validated item by
 * item.
 * @throws JiraPayloadError when the body is not an array at all.
 */
export async function jsonList<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: ItemOptions = {}): Promise<z.infer<T>[]> {
  const endpoint = endpointOf('GET', path);
  const body = await client.sendJson(path);
  if (!Array.isArray(body)) throw new JiraPayloadError(endpoint, `$: expected an array, received ${body === null ? 'null' : typeof body}`);
  return validateItems(endpoint, '$', body, item, options.onInvalid);
}

/**
 * Every item of a PageBean endpoint, page by page, each item validated on its own. Trusts `isLast` (never our own
 * page size: servers cap it); where `isLast` is absent, stops at `total` or at an empty page. Bounded: a page that
 * makes no progress, a page that brings nothing but ids already seen (a server that ignores `startAt`), paging past
 * what the first page's `total` makes possible, or more than `maxPages` pages stops the loop with an error naming
 * the endpoint. Ids a page repeats are dropped and reported.
 */
export async function* pages<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: PageOptions = {}): AsyncGenerator<z.infer<T>[], void, undefined> {
  const sizeParam = options.sizeParam ?? 'maxResults';
  const endpoint = endpointOf('GET', path);
  const maxPages = options.maxPages ?? 20_000;
  const seen = new Set<string>();
  let firstTotal: number | undefined;
  let previous: string | undefined;
  let startAt = 0;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new JiraPayloadError(endpoint, `more than ${maxPages} pages (startAt ${startAt}): stopping instead of paging on`);
    const pagePath = withQuery(path, { startAt, [sizeParam]: options.pageSize ?? 100 });
    const rawBody = await client.sendJson(pagePath);
    const envelope = looseEnvelope.safeParse(rawBody);
    if (!envelope.success) throw new JiraPayloadError(endpoint, envelope.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`).join('; '));
    const body = envelope.data;
    options.onPage?.(rawBody as Record<string, unknown>);
    if (page === 0) firstTotal = body.total;
    const raw = body.values;
    const ids = raw.map(itemId);
    const repeated = ids.filter((id): id is string => id !== undefined && seen.has(id));
    if (raw.length > 0 && repeated.length === raw.length) {
      throw new JiraPayloadError(endpoint, `$.values: the page at startAt ${startAt} repeats only ids earlier pages gave (first ${repeated[0] ?? '?'}): the server seems to ignore startAt; stopping`);
    }
    // Items without ids (mapping endpoints): a page that is the previous page again means the same.
    const fingerprint = ids.every((id) => id === undefined) && raw.length > 0 ? JSON.stringify(raw) : undefined;
    if (fingerprint !== undefined && fingerprint === previous) {
      throw new JiraPayloadError(endpoint, `$.values: the page at startAt ${startAt} is the page before it again: the server seems to ignore startAt; stopping`);
    }
    previous = fingerprint;
    let kept = raw;
    if (repeated.length > 0) {
      options.onRepeatedIds?.({ endpoint, startAt, ids: repeated });
      const dropped = new Set(repeated);
      kept = raw.filter((_, i) => !dropped.has(ids[i] ?? ''));
    }
    for (const id of ids) if (id !== undefined) seen.add(id);
    yield validateItems(endpoint, '$.values', kept, item, options.onInvalid);
    if (body.isLast === true) return;
    if (body.isLast === undefined && (raw.length === 0 || (body.total !== undefined && startAt + raw.length >= body.total))) return;
    if (raw.length === 0) throw new JiraPayloadError(endpoint, `$.values: empty page at startAt ${startAt} but isLast is false; stopping instead of looping forever`);
    startAt += raw.length;
    // A server whose isLast never comes: past the first page's total (with room for objects created meanwhile) is not a real list.
    if (firstTotal !== undefined && startAt > firstTotal * 2 + 1000) {
      throw new JiraPayloadError(endpoint, `$.isLast: still false at startAt ${startAt}, though the first page said there are ${firstTotal} in all; stopping`);
    }
  }
}

/** All items of a PageBean endpoint in one array. */
export async function collect<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: PageOptions = {}): Promise<z.infer<T>[]> {
  const all: z.infer<T>[] = [];
  for await (const page of pages(client, path, item, options)) for (const v of page) all.push(v);
  return all;
}

/**
 * Every page of an endpoint that pages with `nextPageToken` (absent on the last page). A token seen twice, or more
 * than `maxPages` pages, stops the loop with an error naming the endpoint.
 */
export async function* tokenPages<S extends z.ZodType<{ nextPageToken?: string | null | undefined }>>(
  client: JiraClient,
  path: string,
  schema: S,
  maxPages = 20_000,
): AsyncGenerator<z.infer<S>, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new JiraPayloadError(endpointOf('GET', path), `$.nextPageToken: more than ${maxPages} pages; stopping instead of paging on`);
    const body = (await client.json(withQuery(path, { nextPageToken: token }), schema)) as z.infer<S>;
    yield body;
    const next = body.nextPageToken ?? undefined;
    if (next === undefined || next === '') return;
    if (seen.has(next)) throw new JiraPayloadError(endpointOf('GET', path), `$.nextPageToken: token '${next}' came back twice; stopping instead of looping forever`);
    seen.add(next);
    token = next;
  }
}

const serviceDeskEnvelope = z.object({ isLastPage: z.boolean().optional(), size: z.number().optional(), values: z.array(z.unknown()) });

/**
 * Every item of a Jira Service Management list (`/rest/servicedeskapi/…`), which pages with `start` and `limit` and
 * says `isLastPage`. Each item is validated on its own; ids a page repeats are dropped and reported. Bounded: an
 * empty page that is not the last, a page of nothing but ids already seen, or more than `maxPages` pages stops the
 * loop with an error naming the endpoint.
 */
export async function collectServiceDesk<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: PageOptions = {}): Promise<z.infer<T>[]> {
  const endpoint = endpointOf('GET', path);
  const maxPages = options.maxPages ?? 1000;
  const out: z.infer<T>[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new JiraPayloadError(endpoint, `more than ${maxPages} pages (start ${start}): stopping instead of paging on`);
    const body = await client.json(withQuery(path, { start, limit: options.pageSize ?? 50 }), serviceDeskEnvelope);
    const ids = body.values.map(itemId);
    const repeated = ids.filter((id): id is string => id !== undefined && seen.has(id));
    if (body.values.length > 0 && repeated.length === body.values.length) {
      throw new JiraPayloadError(endpoint, `$.values: the page at start ${start} repeats only ids earlier pages gave (first ${repeated[0] ?? '?'}): the server seems to ignore start; stopping`);
    }
    let kept = body.values;
    if (repeated.length > 0) {
      options.onRepeatedIds?.({ endpoint, startAt: start, ids: repeated });
      const dropped = new Set(repeated);
      kept = body.values.filter((_, i) => !dropped.has(ids[i] ?? ''));
    }
    for (const id of ids) if (id !== undefined) seen.add(id);
    out.push(...validateItems(endpoint, '$.values', kept, item, options.onInvalid));
    // Without isLastPage, a short or empty page is the last.
    if (body.isLastPage === true || (body.isLastPage === undefined && body.values.length < (options.pageSize ?? 50))) return out;
    if (body.values.length === 0) throw new JiraPayloadError(endpoint, `$.values: empty page at start ${start} but isLastPage is false; stopping instead of looping forever`);
    start += body.values.length;
  }
}
