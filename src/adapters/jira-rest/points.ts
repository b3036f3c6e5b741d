import type { PointsSummary, QuotaReading } from '../../domain/points';

/**
 * What a Jira call costs in points, and what Jira says of the quota. Since 2 March 2026 every backend REST call of a
 * Forge app is charged to a points quota: 1 point per request, plus 1 per core object returned and 2 per identity and
 * access object (users, groups, project roles, permissions); a write costs 1.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ (points, headers, reasons)
 * @see https://developer.atlassian.com/cloud/jira/platform/build-an-app-that-respects-rate-limits/
 *
 * The estimate is made from the answer, as Jira charges it; this file is the one place its weights live. An executor
 * (the queue consumer, the page, the CLI) reports what its client's ledger counted; the fake Jira charges by the same
 * table, so that a test measures what a scan would cost on a real site.
 */

/** Points of a request itself: every call, read or write, answered or refused. */
export const POINTS_PER_REQUEST = 1;

/**
 * Weights per object returned, by endpoint. The first row whose pattern matches the path (without its query) wins;
 * endpoints that match none return core objects (1 point each).
 */
export const POINT_WEIGHTS: readonly { readonly pattern: RegExp; readonly perObject: number; readonly why: string }[] = [
  { pattern: /^\/rest\/api\/3\/group\//, perObject: 2, why: 'groups are identity objects (rate-limiting page: 2 per user, group, role or permission)' },
  { pattern: /^\/rest\/api\/3\/groups\//, perObject: 2, why: 'groups are identity objects' },
  { pattern: /^\/rest\/api\/3\/user(\/|$)/, perObject: 2, why: 'users are identity objects' },
  { pattern: /^\/rest\/api\/3\/users?\//, perObject: 2, why: 'users are identity objects' },
  { pattern: /^\/rest\/api\/3\/role(\/|$)/, perObject: 2, why: 'project roles are identity and access objects' },
  { pattern: /^\/rest\/api\/3\/project\/[^/]+\/role/, perObject: 2, why: 'project roles are identity and access objects' },
  { pattern: /^\/rest\/api\/3\/permissionscheme/, perObject: 2, why: 'permission schemes are access objects' },
  { pattern: /^\/rest\/api\/3\/project\/[^/]+\/permissionscheme$/, perObject: 2, why: 'a project\'s permission scheme is an access object' },
  { pattern: /^\/rest\/api\/3\/mypermissions$/, perObject: 2, why: 'permissions are access objects' },
];

/** The lists a Jira answer may hold its objects in, beside a bare JSON array. */
const LIST_KEYS = ['values', 'issues', 'records', 'permissionSchemes', 'gadgets', 'keys', 'fields', 'requestTypeFields', 'data', 'results'] as const;

/** Objects in a 2xx answer: the items of its list, or one for an answer that is a single object; none for no body. */
export function objectsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (typeof body !== 'object' || body === null) return 0;
  const o = body as Record<string, unknown>;
  for (const key of LIST_KEYS) {
    const v = o[key];
    if (Array.isArray(v)) return v.length;
  }
  return 1;
}

/** Points per object that `path` returns. */
export function weightOf(path: string): number {
  const bare = path.split('?')[0] ?? path;
  return POINT_WEIGHTS.find((w) => w.pattern.test(bare))?.perObject ?? 1;
}

/** A write is charged 1 whatever it returns; reads by POST (searches, bulk reads) are charged as reads. */
export function isWrite(method: string, readOnly: boolean): boolean {
  return method !== 'GET' && !readOnly;
}

/**
 * The points a call costs: 1 for the request, plus the objects of a 2xx read's answer by their weight. A refused or
 * failed call costs its request.
 */
export function estimatePoints(method: string, path: string, status: number, body: unknown, readOnly = method === 'GET'): number {
  if (isWrite(method, readOnly) || status < 200 || status >= 300) return POINTS_PER_REQUEST;
  return POINTS_PER_REQUEST + objectsIn(body) * weightOf(path);
}

/** A request kind for the ledger: method and path with ids taken out (`GET /rest/api/3/field/{id}/context`). */
export function requestKind(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const segments = bare.split('/');
  // Ids are digits, custom field ids and UUIDs; the API's version after `api` (`/rest/api/3`) is not one.
  const shape = segments.map((seg, i) => (segments[i - 1] !== 'api' && (/^\d+$/.test(seg) || /^customfield_\d+$/.test(seg) || /^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(seg)) ? '{id}' : seg)).join('/');
  return `${method} ${shape}`;
}

/** Jira's pools: one for the app as a whole (Tier 1), or one per installation (Tier 2). */
export type QuotaPool = 'global-app-quota' | 'tenant-app-quota' | (string & {});

/** The 429 reasons that mean a spent hourly quota (stop every call until the reset), as opposed to a burst. */
export const QUOTA_REASONS: ReadonlySet<string> = new Set(['jira-quota-global-based', 'jira-quota-tenant-based', 'jira-cost-based']);
/** The 429 reason of a burst: slow that endpoint only. */
export const BURST_REASON = 'jira-burst-based';
/** A 429 without a quota reason whose wait is longer than this is taken as a quota, not a burst. */
export const BURST_MAX_WAIT_MS = 60_000;

/** `"pool";q=65000;w=3600` (one or more, comma-separated): the first item's name and parameters. */
function structuredItem(header: string | null): { name: string; params: Map<string, string> } | undefined {
  if (header === null || header.trim() === '') return undefined;
  const first = header.split(',')[0] ?? '';
  const [rawName, ...rest] = first.split(';');
  const name = (rawName ?? '').trim().replace(/^"|"$/g, '');
  const params = new Map<string, string>();
  for (const p of rest) {
    const [k, v] = p.split('=');
    if (k !== undefined && v !== undefined) params.set(k.trim().toLowerCase(), v.trim().replace(/^"|"$/g, ''));
  }
  return { name, params };
}

function numberParam(params: Map<string, string> | undefined, key: string): number | undefined {
  const v = params?.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Reads the quota headers of an answer: `RateLimit-Policy` and `RateLimit` (or their `Beta-` forms, sent before
 * enforcement), `X-RateLimit-NearLimit` and `RateLimit-Reason`. Undefined when the answer carries none of them
 * (developers report answers without them: a 429 stays the only sure signal).
 */
export function readQuota(headers: { get(name: string): string | null }): QuotaReading | undefined {
  const policy = structuredItem(headers.get('RateLimit-Policy') ?? headers.get('Beta-RateLimit-Policy'));
  const limit = structuredItem(headers.get('RateLimit') ?? headers.get('Beta-RateLimit'));
  const near = headers.get('X-RateLimit-NearLimit') ?? headers.get('X-Beta-RateLimit-NearLimit');
  const reason = headers.get('RateLimit-Reason') ?? headers.get('Beta-RateLimit-Reason');
  if (policy === undefined && limit === undefined && near === null && reason === null) return undefined;
  const pool = policy?.name ?? limit?.name;
  const size = numberParam(policy?.params, 'q');
  const windowSeconds = numberParam(policy?.params, 'w');
  const remaining = numberParam(limit?.params, 'r');
  const resetSeconds = numberParam(limit?.params, 't');
  return {
    ...(pool === undefined || pool === '' ? {} : { pool }),
    ...(size === undefined ? {} : { size }),
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetSeconds === undefined ? {} : { resetSeconds }),
    ...(near === null ? {} : { nearLimit: near.trim().toLowerCase() === 'true' }),
    ...(reason === null || reason.trim() === '' ? {} : { reason: reason.trim() }),
  };
}

export type { PointsSummary, QuotaReading } from '../../domain/points';

/** Points and requests of one kind (or part, or hour). */
export interface PointsCount {
  requests: number;
  points: number;
}

/** Counts what calls cost: per request kind and in all, and the last word Jira said of the quota. */
export class PointsLedger {
  readonly byKind = new Map<string, PointsCount>();
  requests = 0;
  points = 0;
  quotaHits = 0;
  lastQuota: (QuotaReading & { readonly at: string }) | undefined;

  record(kind: string, points: number): void {
    this.requests++;
    this.points += points;
    const c = this.byKind.get(kind);
    if (c === undefined) this.byKind.set(kind, { requests: 1, points });
    else {
      c.requests++;
      c.points += points;
    }
  }

  observe(reading: QuotaReading, at: Date): void {
    this.lastQuota = { ...(this.lastQuota?.pool === undefined || reading.pool !== undefined ? {} : { pool: this.lastQuota.pool }), ...reading, at: at.toISOString() };
  }

  summary(): PointsSummary {
    const byKind = [...this.byKind.entries()].map(([kind, c]) => ({ kind, requests: c.requests, points: c.points })).sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
    return { requests: this.requests, points: this.points, byKind, quotaHits: this.quotaHits, ...(this.lastQuota === undefined ? {} : { quota: this.lastQuota }) };
  }
}

