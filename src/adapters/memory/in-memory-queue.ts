import { QUEUE_LIMITS, type JobEvent, type JobQueue } from '../../ports/job-queue';

export type JobConsumer = (event: JobEvent) => Promise<void>;

export interface InMemoryJobQueueOptions {
  /** Events run on their own soon after they are pushed (the local page); without, a test drains the queue. */
  readonly autoRun?: boolean;
  /** Events handled at once. */
  readonly concurrency?: number;
  /**
   * `virtual` (default): time runs with the real clock and jumps ahead instead of waiting when the next event is
   * delayed, so a delay orders events without making anyone wait (tests). `real`: a delayed event waits its delay,
   * as on Forge (`serve --site`, where a part paused by Jira's quota must wait for the reset it was told).
   */
  readonly time?: 'virtual' | 'real';
}

/**
 * A job queue in the process, one consumer at a time per event, like Forge's consumers. Forge's limits are enforced
 * against it: 50 events a push, a delay of at most 900 s, and at most 500 events pushed in any minute.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly pending: { readonly event: JobEvent; readonly at: number }[] = [];
  private readonly pushedAt: number[] = [];
  private readonly started = performance.now();
  private skew = 0;
  private consumer: JobConsumer | undefined;
  private running: Promise<void> | undefined;
  /** Every event pushed, in order, for tests. */
  readonly pushed: JobEvent[] = [];
  /** Errors consumers threw (Forge would retry or drop the event; here they are kept for tests and logs). */
  readonly failures: { event: JobEvent; error: unknown }[] = [];

  private closed = false;

  constructor(private readonly options: InMemoryJobQueueOptions = {}) {}

  /** The queue's virtual time in seconds since it was made. */
  now(): number {
    return (performance.now() - this.started) / 1000 + this.skew;
  }

  /** The function that handles events (the app's consumer), bound after construction. */
  attach(consumer: JobConsumer): void {
    this.consumer = consumer;
  }

  push(events: readonly JobEvent[], delaySeconds = 0): Promise<void> {
    if (this.closed) return Promise.reject(new Error('job queue: closed (the local server is stopping)'));
    const { eventsPerPush, eventsPerMinute, maxDelaySeconds } = QUEUE_LIMITS;
    if (events.length > eventsPerPush) return Promise.reject(new Error(`job queue: ${events.length} events pushed at once; Forge takes at most ${eventsPerPush}`));
    if (delaySeconds < 0 || delaySeconds > maxDelaySeconds) return Promise.reject(new Error(`job queue: delay ${delaySeconds}s is outside 0–${maxDelaySeconds}`));
    const now = this.now();
    while (this.pushedAt.length > 0 && (this.pushedAt[0] ?? 0) <= now - 60) this.pushedAt.shift();
    if (this.pushedAt.length + events.length > eventsPerMinute) {
      return Promise.reject(new Error(`job queue: ${this.pushedAt.length + events.length} events pushed within a minute; Forge takes at most ${eventsPerMinute} a minute per installation`));
    }
    for (const event of events) {
      this.pushedAt.push(now);
      const at = now + delaySeconds;
      // After every event due at the same time or earlier: first in, first out.
      let i = this.pending.length;
      while (i > 0 && (this.pending[i - 1]?.at ?? 0) > at) i--;
      this.pending.splice(i, 0, { event, at });
    }
    this.pushed.push(...events);
    // A worker waiting for a later event's time takes this one if it is due sooner.
    this.wake();
    if (this.options.autoRun === true) this.running ??= this.drain().finally(() => { this.running = undefined; });
    return Promise.resolve();
  }

  /** Events being handled now. */
  private busy = 0;
  private readonly settled: (() => void)[] = [];

  private wake(): void {
    for (const wake of this.settled.splice(0)) wake();
  }

  /**
   * The next event due. If it lies ahead, in virtual time the clock moves on to its time, but only once no other
   * event is being handled: time does not pass over work in progress (a job that waits for others, re-queueing
   * itself with a delay, would otherwise spin without letting them finish). In real time the worker waits for the
   * event's time, or for a push or a finished event, whichever comes first.
   */
  private async take(): Promise<JobEvent | undefined> {
    for (;;) {
      const next = this.pending[0];
      if (next === undefined || this.closed) return undefined;
      const now = this.now();
      if (next.at > now && this.options.time === 'real') {
        await new Promise<void>((r) => {
          const timer = setTimeout(r, Math.ceil((next.at - now) * 1000));
          this.settled.push(() => { clearTimeout(timer); r(); });
        });
        continue;
      }
      if (next.at > now && this.busy > 0) {
        await new Promise<void>((r) => this.settled.push(r));
        continue;
      }
      this.pending.shift();
      if (next.at > now) this.skew += next.at - now;
      return next.event;
    }
  }

  /** Runs queued events (and those they push) until none is left. */
  async drain(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) throw new Error('job queue: no consumer attached');
    const width = Math.max(1, this.options.concurrency ?? 2);
    const worker = async (): Promise<void> => {
      for (let event = await this.take(); event !== undefined; event = await this.take()) {
        this.busy++;
        try {
          await consumer(event);
        } catch (error) {
          this.failures.push({ event, error });
        } finally {
          this.busy--;
          this.wake();
        }
      }
    };
    while (this.pending.length > 0 && !this.closed) await Promise.all(Array.from({ length: width }, worker));
  }

  /** Events waiting, and when the next one is due (seconds of the queue's time), for a server's status line. */
  waiting(): { readonly events: number; readonly nextAt?: number } {
    const next = this.pending[0];
    return next === undefined ? { events: 0 } : { events: this.pending.length, nextAt: next.at };
  }

  /**
   * Drops the events not yet started, refuses new ones and waits for those being handled (a server stopping: on
   * Forge they would stay queued; here nothing outlives the process).
   */
  async close(): Promise<number> {
    this.closed = true;
    const dropped = this.pending.splice(0).length;
    this.wake();
    await this.idle();
    return dropped;
  }

  /** Resolves when auto-run work has finished (tests of the local page). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }
}
