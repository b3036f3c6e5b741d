import type { ServiceIdentifier } from 'inversify';

/**
 * Work handed to a queue consumer: one part of a scan; queueing a scan's parts from `from` on (a large plan is
 * queued a minute's share at a time); or putting a finished scan's parts together.
 */
export type JobEvent =
  | { readonly type: 'scan-part'; readonly scanId: string; readonly part: number }
  | { readonly type: 'scan-queue'; readonly scanId: string; readonly from: number }
  | { readonly type: 'scan-finish'; readonly scanId: string };

/** Forge's limits on async events, per installation: events a push, and events pushed in any one minute. */
export const QUEUE_LIMITS = { eventsPerPush: 50, eventsPerMinute: 500, maxDelaySeconds: 900 } as const;

/** A queue of background jobs: Forge's async events on Forge, an in-process queue for the local page and tests. */
export interface JobQueue {
  /** Queues events, to run after `delaySeconds` (at most 900). */
  push(events: readonly JobEvent[], delaySeconds?: number): Promise<void>;
}

export const JobQueueId: ServiceIdentifier<JobQueue> = Symbol.for('JobQueue');
