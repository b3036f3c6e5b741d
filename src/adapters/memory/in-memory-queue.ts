import type { JobEvent, JobQueue } from '../../ports/job-queue';

export type JobConsumer = (event: JobEvent) => Promise<void>;

/**
 * A job queue in the process. With `autoRun`, events run on their own soon after they are pushed, one consumer
 * at a time per event, like Forge's consumers (the local page); without, a test drains the queue step by step.
 * Delays are honoured only as order: a delayed event runs after those already queued.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly pending: JobEvent[] = [];
  private consumer: JobConsumer | undefined;
  private running: Promise<void> | undefined;
  /** Every event pushed, in order, for tests. */
  readonly pushed: JobEvent[] = [];
  /** Errors consumers threw (Forge would retry or drop the event; here they are kept for tests and logs). */
  readonly failures: { event: JobEvent; error: unknown }[] = [];

  constructor(private readonly options: { readonly autoRun?: boolean; readonly concurrency?: number } = {}) {}

  /** The function that handles events (the app's consumer), bound after construction. */
  attach(consumer: JobConsumer): void {
    this.consumer = consumer;
  }

  push(events: readonly JobEvent[], delaySeconds = 0): Promise<void> {
    if (events.length > 50) return Promise.reject(new Error(`job queue: ${events.length} events pushed at once; Forge takes at most 50`));
    if (delaySeconds < 0 || delaySeconds > 900) return Promise.reject(new Error(`job queue: delay ${delaySeconds}s is outside 0–900`));
    this.pending.push(...events);
    this.pushed.push(...events);
    if (this.options.autoRun === true) this.running ??= this.drain().finally(() => { this.running = undefined; });
    return Promise.resolve();
  }

  /** Runs queued events (and those they push) until none is left. */
  async drain(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) throw new Error('job queue: no consumer attached');
    const width = Math.max(1, this.options.concurrency ?? 2);
    const worker = async (): Promise<void> => {
      for (let event = this.pending.shift(); event !== undefined; event = this.pending.shift()) {
        try {
          await consumer(event);
        } catch (error) {
          this.failures.push({ event, error });
        }
      }
    };
    while (this.pending.length > 0) await Promise.all(Array.from({ length: width }, worker));
  }

  /** Resolves when auto-run work has finished (tests of the local page). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }
}
