import { Queue } from '@forge/events';
import { QUEUE_LIMITS, type JobEvent, type JobQueue } from '../../ports/job-queue';

/** The queue the manifest's consumer reads. */
export const JOB_QUEUE_KEY = 'config-lens-jobs';

/** Forge async events (`@forge/events`): at most 50 events a push, each run by the manifest's consumer function. */
export class ForgeJobQueue implements JobQueue {
  private readonly queue = new Queue({ key: JOB_QUEUE_KEY });

  async push(events: readonly JobEvent[], delaySeconds = 0): Promise<void> {
    const { eventsPerPush, maxDelaySeconds } = QUEUE_LIMITS;
    for (let i = 0; i < events.length; i += eventsPerPush) {
      await this.queue.push(events.slice(i, i + eventsPerPush).map((body) => ({ body: { ...body }, ...(delaySeconds > 0 ? { delayInSeconds: Math.min(maxDelaySeconds, delaySeconds) } : {}) })));
    }
  }
}
