import { z } from 'zod';
import { jsonPath } from '../fixture/snapshot-schema';
import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../ports/jira-http';

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

export interface JiraClientOptions {
  /** Requests in flight at once. Default 8, within Jira's per-app burst limits. */
  readonly concurrency?: number;
  /** Retries of one request (429 always; 5xx and network errors for GET only). Default 6. */
  readonly maxRetries?: number;
  /** First backoff in ms, doubled each retry, full jitter. Default 500. */
  readonly baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After included. Default 60 000. */
  readonly maxDelayMs?: number;
  /** Most requests (retries included) this client may send. Default unlimited. */
  readonly budget?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called after every response, for progress and recordings. */
  readonly onResponse?: (event: { readonly method: string; readonly path: string; readonly status: number; readonly attempt: number }) => void;
}

const NETWORK_RETRIES = 2;

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
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly http: JiraHttp,
    private readonly options: JiraClientOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxRetries = options.maxRetries ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.budget = options.budget ?? Number.POSITIVE_INFINITY;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
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
  }

  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt));
  }

  /**
   * Sends one request, retrying what may be retried; resolves with the body text of a 2xx response.
   * @throws JiraAuthError on 401, JiraHttpError on any other final failure, RequestBudgetError when the budget is spent.
   */
  async send(path: string, init: JiraRequestInit = {}): Promise<string> {
    const method = init.method ?? 'GET';
    const endpoint = endpointOf(method, path);
    await this.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.sent >= this.budget) throw new RequestBudgetError(endpoint, this.budget);
        this.sent++;
        if (attempt > 0) this.retried++;
        let response: JiraResponse;
        try {
          response = await this.http.requestJira(path, init);
        } catch (e) {
          // No response at all (refused, reset, DNS): retried twice at most, so a wrong --site fails fast.
          if (method === 'GET' && attempt < Math.min(this.maxRetries, NETWORK_RETRIES)) {
            await this.sleep(this.backoff(attempt));
            continue;
          }
          const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
          const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
          const why = `${e instanceof Error ? e.message : String(e)}${detail === '' ? '' : `: ${detail}`}`;
          throw new JiraHttpError(endpoint, 0, `no response (${why})`, { cause: e });
        }
        this.options.onResponse?.({ method, path, status: response.status, attempt });
        if (response.status >= 200 && response.status < 300) return await response.text();
        const body = await response.text().catch(() => '');
        if (response.status === 401) throw new JiraAuthError(endpoint, errorDetail(body));
        const retryable = response.status === 429 || (method === 'GET' && response.status >= 500);
        if (retryable && attempt < this.maxRetries) {
          const after = response.status === 429 ? retryAfterMs(response.headers.get('Retry-After')) : undefined;
          // Retry-After is the server's word; jitter on top spreads clients that were told the same instant.
          const wait = after === undefined ? this.backoff(attempt) : Math.min(this.maxDelayMs, after + Math.floor(this.random() * this.baseDelayMs));
          await this.sleep(wait);
          continue;
        }
        throw new JiraHttpError(endpoint, response.status, errorDetail(body));
      }
    } finally {
      this.release();
    }
  }

  /**
   * Sends a request and validates the JSON body against a schema.
   * @throws JiraPayloadError naming the endpoint and the JSON path when the body is not what the schema says.
   */
  async json<T>(path: string, schema: z.ZodType<T>, init: JiraRequestInit = {}): Promise<T> {
    const endpoint = endpointOf(init.method ?? 'GET', path);
    const text = await this.send(path, init);
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new JiraPayloadError(endpoint, `the response is not JSON: ${text.slice(0, 80)}`);
    }
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

export interface PageOptions {
  /** Page size to ask for; the server may cap it silently. */
  readonly pageSize?: number;
  /** The page-size parameter's name: `maxResults`, or `maxResult` for `GET /rest/api/3/screens/tabs`. */
  readonly sizeParam?: 'maxResults' | 'maxResult';
}

/**
 * Every item of a PageBean endpoint, page by page. Trusts `isLast` (never our own page size: servers cap it);
 * where `isLast` is absent, stops at `total` or at an empty page. A page that makes no progress while Jira says
 * there is more stops the loop with an error instead of looping forever.
 */
export async function* pages<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: PageOptions = {}): AsyncGenerator<z.infer<T>[], void, undefined> {
  const schema = pageBean(item);
  const sizeParam = options.sizeParam ?? 'maxResults';
  let startAt = 0;
  for (let page = 0; ; page++) {
    const body = await client.json(withQuery(path, { startAt, [sizeParam]: options.pageSize ?? 100 }), schema);
    const values = body.values as z.infer<T>[];
    yield values;
    if (body.isLast === true) return;
    if (body.isLast === undefined && (values.length === 0 || (body.total !== undefined && startAt + values.length >= body.total))) return;
    if (values.length === 0) throw new JiraPayloadError(endpointOf('GET', path), `$.values: empty page at startAt ${startAt} but isLast is false; stopping instead of looping forever`);
    if (page > 1_000_000) throw new JiraPayloadError(endpointOf('GET', path), 'more than a million pages: stopping');
    startAt += values.length;
  }
}

/** All items of a PageBean endpoint in one array. */
export async function collect<T extends z.ZodType>(client: JiraClient, path: string, item: T, options: PageOptions = {}): Promise<z.infer<T>[]> {
  const all: z.infer<T>[] = [];
  for await (const page of pages(client, path, item, options)) for (const v of page) all.push(v);
  return all;
}

/**
 * Every page of an endpoint that pages with `nextPageToken` (absent on the last page). A token seen twice stops
 * the loop with an error.
 */
export async function* tokenPages<S extends z.ZodType<{ nextPageToken?: string | null | undefined }>>(
  client: JiraClient,
  path: string,
  schema: S,
): AsyncGenerator<z.infer<S>, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const body = (await client.json(withQuery(path, { nextPageToken: token }), schema)) as z.infer<S>;
    yield body;
    const next = body.nextPageToken ?? undefined;
    if (next === undefined || next === '') return;
    if (seen.has(next)) throw new JiraPayloadError(endpointOf('GET', path), `$.nextPageToken: token '${next}' came back twice; stopping instead of looping forever`);
    seen.add(next);
    token = next;
  }
}
