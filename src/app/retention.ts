import type { ServiceIdentifier } from 'inversify';
import type { Clock } from '../ports/clock';
import type { KeyValueStore } from '../ports/key-value-store';
import type { ExportJobs } from './export-jobs';
import { jobIdTime } from './generation';
import type { ScanJobs } from './scan-jobs';

/** A rules export whose parts stopped coming is deleted after this long. */
export const UPLOAD_STALE_MS = 60 * 60 * 1000;

/**
 * Deletes uploads of Automation rules exports whose parts stopped coming (their ids start with the time they began).
 * @returns how many parts were deleted.
 */
export async function sweepUploads(store: KeyValueStore, now: number): Promise<number> {
  let deleted = 0;
  for (const key of await store.keys('upload:')) {
    // `upload:<job id>:<part>`; a key whose id tells no time is deleted too.
    if (now - jobIdTime(key.split(':')[1] ?? '') <= UPLOAD_STALE_MS) continue;
    await store.delete(key);
    deleted++;
  }
  return deleted;
}

/** What one sweep deleted. */
export interface SweepCounts {
  readonly scans: number;
  readonly history: number;
  readonly exports: number;
  readonly uploadParts: number;
}

/**
 * Everything past its retention, deleted by the daily trigger for each installation, not only when someone opens the
 * page: exports after a day, half-sent uploads after an hour, scans beyond the kept ones (and a stalled one marked
 * failed), history past its days.
 */
export class Retention {
  constructor(
    private readonly store: KeyValueStore,
    private readonly scans: ScanJobs,
    private readonly exports: ExportJobs,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<SweepCounts> {
    const { scans, history } = await this.scans.sweep();
    const exports = await this.exports.prune();
    const uploadParts = await sweepUploads(this.store, this.clock.now().getTime());
    return { scans, history, exports, uploadParts };
  }
}

export const RetentionId: ServiceIdentifier<Retention> = Symbol.for('Retention');
