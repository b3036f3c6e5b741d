import type { ServiceIdentifier } from 'inversify';
import type { Clock } from '../ports/clock';
import type { KeyValueStore } from '../ports/key-value-store';
import type { ScanJobs, ScanRecord } from './scan-jobs';

export const SCHEDULES = ['off', 'daily', 'weekly'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** What the admin chose on the page, and what the scheduled trigger needs to start a scan. */
export interface ScheduleSettings {
  readonly schedule: Schedule;
  /** The site's base URL, from the admin's call (a scheduled invocation has no site URL of its own). */
  readonly siteUrl: string;
  readonly setBy: string;
  readonly setAt: string;
  /** When the last scheduled scan was started. */
  readonly lastRunAt?: string;
  /** Why the last scheduled run started nothing, when it did not. */
  readonly lastOutcome?: string;
}

const SETTINGS_KEY = 'settings:schedule';
const HOUR_MS = 3_600_000;
/** A little under a day or a week: Forge's daily trigger does not fire at the same second each day. */
const INTERVAL_MS: Readonly<Record<Exclude<Schedule, 'off'>, number>> = { daily: 23 * HOUR_MS, weekly: 7 * 24 * HOUR_MS - HOUR_MS };

/**
 * Scheduled scans: Forge's scheduled trigger calls {@link ScheduledScans.tick} once a day for each installation; a scan
 * starts when the admin turned scheduling on and a day (or a week) has passed since the last scheduled one. A
 * scheduled scan is an ordinary scan: the same parts, limits and gaps, and only one at a time.
 */
export class ScheduledScans {
  constructor(
    private readonly store: KeyValueStore,
    private readonly scans: ScanJobs,
    private readonly clock: Clock,
  ) {}

  async settings(): Promise<ScheduleSettings> {
    return (await this.store.get<ScheduleSettings>(SETTINGS_KEY)) ?? { schedule: 'off', siteUrl: '', setBy: '', setAt: '' };
  }

  async set(schedule: Schedule, siteUrl: string, accountId: string): Promise<ScheduleSettings> {
    const before = await this.settings();
    const next: ScheduleSettings = { ...before, schedule, siteUrl, setBy: accountId, setAt: this.clock.now().toISOString() };
    await this.store.set(SETTINGS_KEY, next);
    return next;
  }

  /** Deletes the schedule (a purge): scheduled scans are off until an admin turns them on again. @returns keys deleted. */
  async clear(): Promise<number> {
    const had = (await this.store.get(SETTINGS_KEY)) !== undefined;
    await this.store.delete(SETTINGS_KEY);
    return had ? 1 : 0;
  }

  /** Starts a scan when one is due. @returns the scan started (or the one already running), or undefined. */
  async tick(): Promise<ScanRecord | undefined> {
    const s = await this.settings();
    if (s.schedule === 'off' || s.siteUrl === '') return undefined;
    const now = this.clock.now();
    const last = s.lastRunAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(s.lastRunAt);
    if (now.getTime() - last < INTERVAL_MS[s.schedule]) return undefined;
    const runningBefore = (await this.scans.list()).find((r) => r.state === 'running')?.id;
    // Background work: within the hourly budget, part by part, from this installation's own minute of the hour.
    const started = await this.scans.start('scheduled scan', s.siteUrl, { background: true, notBefore: startMinute(s.siteUrl, now) });
    const fresh = started.id !== runningBefore;
    await this.store.set(SETTINGS_KEY, {
      ...s,
      lastRunAt: now.toISOString(),
      lastOutcome: fresh ? 'started a scan' : `a scan was already running (started ${started.startedAt}); none was added`,
    } satisfies ScheduleSettings);
    return started;
  }
}

/**
 * When a scheduled scan of a site starts: at the site's own minute of the hour (derived from its URL), so that the
 * scheduled scans of different installations do not all spend Jira's shared pool at the same minute.
 */
export function startMinute(siteUrl: string, now: Date): Date {
  let h = 2166136261;
  for (let i = 0; i < siteUrl.length; i++) h = Math.imul(h ^ siteUrl.charCodeAt(i), 16777619);
  const minute = (h >>> 0) % 60;
  const at = new Date(now);
  at.setUTCMinutes(minute, 0, 0);
  if (at.getTime() < now.getTime()) at.setUTCHours(at.getUTCHours() + 1);
  return at;
}

export const ScheduledScansId: ServiceIdentifier<ScheduledScans> = Symbol.for('ScheduledScans');
