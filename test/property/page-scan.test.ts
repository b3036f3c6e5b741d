import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../../src/adapters/fake-jira/handlers';
import { RestScanner } from '../../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { runScanInPage } from '../../src/app/page-scan';
import { ScanJobs } from '../../src/app/scan-jobs';

const SITE = 'https://both-ways.fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

const options = { sleep: () => Promise.resolve(), random: () => 0.5, maxRetries: 4, automation: 'export-only' } as const;
const clock = { now: () => new Date('2026-12-04T10:00:00.000Z') };

function jobs(autoRun: boolean) {
  const http = new NodeJiraHttp({ site: SITE });
  const queue = new InMemoryJobQueue({ concurrency: 2, autoRun });
  const scans = new ScanJobs(new InMemoryKeyValueStore(), queue, new RestScanner(http, options), clock, () => false, { retryDelaySeconds: 1 });
  queue.attach((e) => scans.handle(e));
  return { http, queue, scans };
}

describe('one scan plan, two executors', () => {
  it('the same site scanned by the queue consumer and by the page (parts in any number at once) stores the same snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), async (seed, workers, faults) => {
        const site = generateSnapshot({ preset: 'small', seed });
        // With faults, the fake answers some calls with 429 or 503 first: both executors retry them.
        server.resetHandlers(...createFakeJiraHandlers(site, { seed, ...(faults ? { faultRate: 0.05 } : {}) }));

        const queued = jobs(false);
        const one = await queued.scans.start('admin-1', SITE);
        await queued.queue.drain();
        const paged = jobs(true);
        const two = await paged.scans.start('admin-1', SITE, { executor: 'page' });
        const outcome = await runScanInPage({
          scanId: two.id,
          http: paged.http,
          scanner: new RestScanner(paged.http, options),
          workers,
          pollSeconds: 0.005,
          calls: {
            drive: (id, worker) => paged.scans.drive(id, worker),
            result: (d) => paged.scans.submit(d.scanId, d.worker, d.part, 'error' in d ? { error: d.error } : { chunk: d.chunk, chunks: d.chunks, data: d.data }),
          },
        });
        expect(outcome.type).toBe('over');
        expect((await paged.scans.progress(two.id))?.state).toBe('done');
        expect((await queued.scans.progress(one.id))?.state).toBe('done');
        expect(await paged.scans.snapshot(two.id)).toEqual(await queued.scans.snapshot(one.id));
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
