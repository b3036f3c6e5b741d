/**
 * What Jira calls cost, as data every executor reports the same way: the points counted per request kind, and what
 * Jira said of its quota. The estimate itself is made by the REST client (`adapters/jira-rest/points.ts`).
 */

/** What Jira said of the quota in one answer's headers. */
export interface QuotaReading {
  /** `global-app-quota` (one pool for the app, Tier 1) or `tenant-app-quota` (one per installation, Tier 2). */
  readonly pool?: string;
  /** The pool's size in points (`q`). */
  readonly size?: number;
  /** Its window in seconds (`w`). */
  readonly windowSeconds?: number;
  /** Points left (`r`): Jira sends it only once about 80 % is used. */
  readonly remaining?: number;
  /** Seconds until the pool resets (`t`). */
  readonly resetSeconds?: number;
  /** `X-RateLimit-NearLimit: true`: under 20 % left. */
  readonly nearLimit?: boolean;
  /** `RateLimit-Reason` of a 429. */
  readonly reason?: string;
}

/** What a ledger holds, as stored with a scan and shown on the page. */
export interface PointsSummary {
  readonly requests: number;
  readonly points: number;
  /** By request kind, most points first. */
  readonly byKind: readonly { readonly kind: string; readonly requests: number; readonly points: number }[];
  /** Quota 429s met (the scan paused each time). */
  readonly quotaHits: number;
  /** What Jira said last of the quota, and when. */
  readonly quota?: QuotaReading & { readonly at: string };
}

/** Adds summaries (the parts of one scan): kinds summed, the newest quota reading kept. */
export function addSummaries(list: readonly (PointsSummary | undefined)[]): PointsSummary {
  let requests = 0;
  let points = 0;
  let quotaHits = 0;
  let quota: PointsSummary['quota'];
  const byKind = new Map<string, { requests: number; points: number }>();
  for (const s of list) {
    if (s === undefined) continue;
    requests += s.requests;
    points += s.points;
    quotaHits += s.quotaHits;
    for (const k of s.byKind) {
      const c = byKind.get(k.kind) ?? { requests: 0, points: 0 };
      c.requests += k.requests;
      c.points += k.points;
      byKind.set(k.kind, c);
    }
    if (s.quota !== undefined && (quota === undefined || s.quota.at > quota.at)) quota = s.quota;
  }
  const kinds = [...byKind.entries()].map(([kind, c]) => ({ kind, ...c })).sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
  return { requests, points, byKind: kinds, quotaHits, ...(quota === undefined ? {} : { quota }) };
}

/** `12,345 points in 1,234 requests`, and what Jira said is left when it said. */
export function describePoints(s: PointsSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const left = s.quota?.remaining === undefined ? '' : `; Jira says ${n(s.quota.remaining)}${s.quota.size === undefined ? '' : ` of ${n(s.quota.size)}`} points are left in its ${s.quota.pool ?? 'quota'} window`;
  const hits = s.quotaHits === 0 ? '' : `; paused ${s.quotaHits} time${s.quotaHits === 1 ? '' : 's'} on Jira's quota`;
  return `${n(s.points)} points in ${n(s.requests)} requests${hits}${left}`;
}
