import type { QuotaReading } from './points';

/**
 * A Jira call was not sent because Jira's quota (or the installation's own hourly budget) does not allow it before
 * `resumeAt`. Thrown by a client that pauses rather than waits (the queue consumer): the running part stops, keeps
 * what it read, and continues after `resumeAt`.
 */
export class QuotaPausedError extends Error {
  constructor(
    readonly endpoint: string,
    readonly resumeAt: Date,
    readonly why: 'quota' | 'budget' | 'reserve',
  ) {
    super(`${endpoint}: not sent, ${QUOTA_WORDS[why]} until ${resumeAt.toISOString()}`);
    this.name = 'QuotaPausedError';
  }
}

const QUOTA_WORDS: Readonly<Record<QuotaPausedError['why'], string>> = {
  quota: "paused by Jira's points quota",
  budget: "this installation's hourly budget for background work is spent",
  reserve: 'Jira says less than 20 % of its points pool is left, which background work leaves to people',
};

/** The start of the next window of `windowSeconds` (Jira's hourly pool resets at the top of the UTC hour). */
export function nextWindow(now: number, windowSeconds = 3600): number {
  const w = windowSeconds * 1000;
  return Math.floor(now / w) * w + w;
}

/**
 * When Jira's quota lets calls through, for every call of one installation (one process for the CLI): a quota 429
 * closes the gate until its reset, a burst 429 delays its own endpoint only, and what Jira says is left (`r`, sent once
 * about 80 % of the pool is used) is counted down by the points each answer costs, so that calls stop before the pool
 * is spent instead of each meeting the 429 on its own.
 */
export class QuotaGate {
  private pausedUntil = 0;
  private readonly burstUntil = new Map<string, number>();
  private remaining: number | undefined;
  private size: number | undefined;
  private resetAt: number | undefined;
  private nearLimit = false;
  /** Points reserved by calls in flight (their answers not yet counted). */
  private inFlight = 0;

  /** Jira said this of the quota at `now`. */
  observe(reading: QuotaReading, now: number): void {
    if (reading.size !== undefined) this.size = reading.size;
    if (reading.resetSeconds !== undefined) this.resetAt = now + reading.resetSeconds * 1000;
    else if (reading.windowSeconds !== undefined && this.resetAt === undefined) this.resetAt = nextWindow(now, reading.windowSeconds);
    if (reading.remaining !== undefined) this.remaining = reading.remaining;
    if (reading.nearLimit !== undefined) this.nearLimit = reading.nearLimit;
  }

  /** An answer cost `points`: what is known to be left goes down by them. */
  spent(points: number): void {
    if (this.remaining !== undefined) this.remaining = Math.max(0, this.remaining - points);
  }

  reserve(points: number): void {
    this.inFlight += points;
  }

  release(points: number): void {
    this.inFlight = Math.max(0, this.inFlight - points);
  }

  /** A quota 429: nothing is sent until `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.remaining = undefined;
    this.nearLimit = false;
    this.resetAt = until;
  }

  /** A burst 429: this endpoint waits until `until`; the others go on. */
  burst(endpoint: string, until: number): void {
    this.burstUntil.set(endpoint, Math.max(this.burstUntil.get(endpoint) ?? 0, until));
  }

  /** A call waited out what held it back (its burst, or the quota's reset): it may go, whatever the clock says. */
  waited(endpoint: string, why: 'quota' | 'burst'): void {
    if (why === 'burst') this.burstUntil.delete(endpoint);
    else {
      this.pausedUntil = 0;
      this.remaining = undefined;
      this.nearLimit = false;
      this.resetAt = undefined;
    }
  }

  /** When the pool resets, as far as Jira said; else the top of the next hour. */
  reset(now: number): number {
    return this.resetAt !== undefined && this.resetAt > now ? this.resetAt : nextWindow(now);
  }

  private expire(now: number): void {
    if (this.resetAt !== undefined && now >= this.resetAt) {
      this.remaining = undefined;
      this.nearLimit = false;
      this.resetAt = undefined;
    }
  }

  /**
   * Until when a call to `endpoint` that may cost `points` must wait, and why (0 when it may go now). `keep` is the
   * share of the pool to leave untouched (background work keeps 20 % for people).
   */
  blockedUntil(endpoint: string, now: number, points: number, keep = 0): { until: number; why: 'quota' | 'reserve' | 'burst' } | undefined {
    if (this.pausedUntil > now) return { until: this.pausedUntil, why: 'quota' };
    this.expire(now);
    const burst = this.burstUntil.get(endpoint) ?? 0;
    if (burst > now) return { until: burst, why: 'burst' };
    if (keep > 0 && (this.nearLimit || (this.remaining !== undefined && this.size !== undefined && this.remaining - this.inFlight - points < this.size * keep))) {
      return { until: this.reset(now), why: 'reserve' };
    }
    if (this.remaining !== undefined && this.remaining - this.inFlight - points < 0) return { until: this.reset(now), why: 'quota' };
    return undefined;
  }
}

/**
 * Points a part may spend (background work: a share of Jira's pool per installation per clock hour). A call reserves
 * its most likely cost before it is sent and settles with what it cost, so that the budget is never overrun.
 */
export interface PointsBudget {
  /** Takes `points` from the allowance; false (nothing taken) when they do not fit. */
  reserve(points: number, now: number): boolean;
  /** A reservation of `reserved` cost `actual`. */
  settle(reserved: number, actual: number): void;
  /** When the allowance is new again (the next clock hour). */
  resumeAt(now: number): number;
}

/** A budget of `allowance` points until the end of the clock hour of `now` (what this hour has left). */
export class HourBudget implements PointsBudget {
  private used = 0;

  constructor(private readonly allowance: number) {}

  reserve(points: number): boolean {
    if (this.used + points > this.allowance) return false;
    this.used += points;
    return true;
  }

  settle(reserved: number, actual: number): void {
    this.used += actual - reserved;
  }

  resumeAt(now: number): number {
    return nextWindow(now);
  }

  /** Points taken so far. */
  get spent(): number {
    return this.used;
  }
}

/**
 * Answers already read by an earlier run of the same part (one that stopped on the quota): served again without a
 * call, so that the continuation reads nothing twice. Keys are method, path and body.
 */
export interface ResponseMemo {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
}

/** A memo in a plain object, as it is stored with a paused part. */
export class RecordMemo implements ResponseMemo {
  constructor(readonly entries: Record<string, string> = {}) {}

  get(key: string): string | undefined {
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  set(key: string, text: string): void {
    this.entries[key] = text;
  }
}
