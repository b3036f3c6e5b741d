import { z } from 'zod';
import type { ConfigSnapshot } from '../../domain/model';
import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../ports/jira-http';
import { jsonPath, snapshotSchema } from '../fixture/snapshot-schema';

/**
 * A recording of a site's REST traffic: every exchange of one scan (method, path, query, status, the response
 * headers that matter, body) and the snapshot the scan produced. Request headers are never kept, so neither the
 * Authorization header nor the token can end up in a recording. Exchanges are sorted by request (the order of one
 * request's repeated answers, e.g. a 429 then a 200, is kept) and written pretty, so two recordings diff cleanly.
 */
export const RECORDING_VERSION = 1 as const;

/** Response headers worth keeping: what the client reads (Retry-After) and what explains a response. */
const KEPT_HEADERS = ['content-type', 'retry-after', 'ratelimit-reason', 'x-ratelimit-remaining', 'x-ratelimit-nearlimit'];

export interface RecordedExchange {
  readonly method: string;
  readonly path: string;
  /** Query parameters sorted by name then value; repeated parameters appear once per value. */
  readonly query: readonly (readonly [string, string])[];
  /** The request body of a POST (a search's JQL, fields and page token): part of what identifies the request. */
  readonly requestBody?: unknown;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body is JSON, else the text. */
  readonly body: unknown;
}

export interface Recording {
  readonly version: typeof RECORDING_VERSION;
  readonly site: string;
  readonly recordedAt: string;
  readonly exchanges: readonly RecordedExchange[];
  /** The snapshot a scan produced (absent in a recording of an issue export). */
  readonly snapshot?: ConfigSnapshot;
}

export const recordingSchema = z.object({
  version: z.literal(RECORDING_VERSION),
  site: z.string(),
  recordedAt: z.string(),
  exchanges: z.array(
    z.object({
      method: z.string(),
      path: z.string(),
      query: z.array(z.tuple([z.string(), z.string()])),
      requestBody: z.unknown().optional(),
      status: z.number(),
      headers: z.record(z.string(), z.string()),
      body: z.unknown(),
    }),
  ),
  snapshot: snapshotSchema.optional(),
});

/** Validates a parsed recording file; the error names the source and the JSON path. */
export function parseRecording(json: unknown, source: string): Recording {
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== RECORDING_VERSION) {
    throw new Error(`${source}: $.version: recording version ${JSON.stringify(json.version)} is not supported; this Config Lens reads version ${RECORDING_VERSION}`);
  }
  const parsed = recordingSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`);
    throw new Error(`${source}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** JSON with object keys sorted, so that equal bodies give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  // JSON.stringify gives undefined for undefined and functions, whatever its declared type says.
  const text = JSON.stringify(value) as string | undefined;
  return text ?? 'null';
}

/** The request key of a path with its query (and body, for POST): path, sorted query pairs, canonical body. */
export function requestKey(method: string, pathWithQuery: string, body?: unknown): { path: string; query: [string, string][]; key: string } {
  const url = new URL(pathWithQuery, 'http://recording.invalid');
  const query = [...url.searchParams.entries()].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return { path: url.pathname, query, key: `${method} ${url.pathname}?${new URLSearchParams(query).toString()}${body === undefined ? '' : ` ${canonical(body)}`}` };
}

function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Wraps a JiraHttp and keeps every exchange that passes through it. */
export class RecordingJiraHttp implements JiraHttp {
  private readonly exchanges: { order: number; exchange: RecordedExchange; key: string }[] = [];

  constructor(private readonly inner: JiraHttp) {}

  async requestJira(path: string, init: JiraRequestInit = {}): Promise<JiraResponse> {
    const response = await this.inner.requestJira(path, init);
    const text = await response.text();
    const method = init.method ?? 'GET';
    const requestBody = init.body === undefined ? undefined : bodyOf(init.body);
    const { path: p, query, key } = requestKey(method, path, requestBody);
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const exchange: RecordedExchange = { method, path: p, query, ...(requestBody === undefined ? {} : { requestBody }), status: response.status, headers, body: bodyOf(text) };
    this.exchanges.push({ order: this.exchanges.length, key, exchange });
    return { status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
  }

  /** The recording of everything so far, with the snapshot the scan produced, if it was a scan. */
  recording(site: string, recordedAt: Date, snapshot?: ConfigSnapshot): Recording {
    const sorted = [...this.exchanges].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order));
    return { version: RECORDING_VERSION, site, recordedAt: recordedAt.toISOString(), exchanges: sorted.map((e) => e.exchange), ...(snapshot === undefined ? {} : { snapshot }) };
  }
}
