import type { ServiceIdentifier } from 'inversify';

/** Work handed to a queue consumer: one part of a scan, or putting a finished scan's parts together. */
export type JobEvent =
  | { readonly type: 'scan-part'; readonly scanId: string; readonly part: number }
  | { readonly type: 'scan-finish'; readonly scanId: string };

/** A queue of background jobs: Forge's async events on Forge, an in-process queue for the local page and tests. */
export interface JobQueue {
  /** Queues events, to run after `delaySeconds` (at most 900). */
  push(events: readonly JobEvent[], delaySeconds?: number): Promise<void>;
}

export const JobQueueId: ServiceIdentifier<JobQueue> = Symbol.for('JobQueue');
