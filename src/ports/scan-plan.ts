import type { ServiceIdentifier } from 'inversify';
import type { ConfigSnapshot } from '../domain/model';
import type { PointsSummary } from '../domain/points';
import type { ScanPart, ScanPartResult } from '../domain/scan-plan';

/** How one run of a part is to behave: the queue consumer's parts pause on Jira's quota and may keep to a budget. */
export interface PartRun {
  /**
   * Answers an earlier run of this part read before it paused, by method, path and body: served again without a
   * call. The run adds every answer it reads, so that a pause keeps them.
   */
  readonly memo?: Record<string, string>;
  /** Background work: at most this many points, one call at a time, leaving Jira's last 20 % to people. */
  readonly allowance?: number;
  /** The previous scan's snapshot, for an incremental core part. */
  readonly previous?: ConfigSnapshot;
}

/**
 * A part stopped because Jira's quota (or its budget) holds its calls back until `resumeAt`; what it read is in its
 * memo, and what it spent before it stopped in `points`.
 */
export class PartPausedError extends Error {
  constructor(
    readonly resumeAt: Date,
    readonly why: 'quota' | 'budget' | 'reserve',
    message: string,
    readonly points?: PointsSummary,
  ) {
    super(message);
    this.name = 'PartPausedError';
  }
}

/** Runs one part of a scan plan against a site. */
export interface ScanPartRunner {
  /**
   * Reads what the part names; failures of single requests come back as coverage gaps in the result.
   * @throws when the site refuses the app (401) or does not answer at all; PartPausedError when `run` asked the
   * part to pause on the quota and it did.
   */
  run(part: ScanPart, run?: PartRun): Promise<ScanPartResult>;
}

export const ScanPartRunnerId: ServiceIdentifier<ScanPartRunner> = Symbol.for('ScanPartRunner');
