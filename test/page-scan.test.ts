import { gzipSync } from 'fflate';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { JiraAuthError, JiraHttpError } from '../src/adapters/jira-rest/client';
import { RestScanner } from '../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { packPartResult, runScanInPage, type PageScanCalls, type PageScanEvent } from '../src/app/page-scan';
import { PAGE_LEASE_SECONDS, ScanJobs, ScanRequestError } from '../src/app/scan-jobs';
import { loadSample } from './support/sample';

const SITE = 'https://page-scan.fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });
beforeEach(() => { server.resetHandlers(...createFakeJiraHandlers(loadSample())); });

const options = { sleep: () => Promise.resolve(), random: () => 0.5, maxRetries: 2, automation: 'export-only' } as const;
const http = (): NodeJiraHttp => new NodeJiraHttp({ site: SITE });
const isFatal = (e: unknown): boolean => e instanceof JiraAuthError || (e instanceof JiraHttpError && e.status === 0);

/** Jobs with a clock a test moves, and a queue that runs what is pushed (the finish) on its own. */
function jobs(autoRun = true) {
  let now = Date.parse('2026-12-04T10:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const store = new InMemoryKeyValueStore();
  const queue = new InMemoryJobQueue({ concurrency: 2, autoRun });
  const scans = new ScanJobs(store, queue, new RestScanner(http(), options), clock, isFatal, { retryDelaySeconds: 1 });
  queue.attach((e) => scans.handle(e));
  return { store, queue, scans, advance: (seconds: number) => { now += seconds * 1000; } };
}

/** The resolver's scan.drive and scan.result, called on the jobs directly. */
const callsOf = (scans: ScanJobs): PageScanCalls => ({
  drive: (scanId, worker) => scans.drive(scanId, worker),
  result: (d) => scans.submit(d.scanId, d.worker, d.part, 'error' in d ? { error: d.error } : { chunk: d.chunk, chunks: d.chunks, data: d.data }),
});

const pageRun = (scans: ScanJobs, scanId: string, more: Partial<Parameters<typeof runScanInPage>[0]> = {}) =>
  runScanInPage({ scanId, calls: callsOf(scans), http: http(), scanner: new RestScanner(http(), options), pollSeconds: 0.005, renewSeconds: 0.05, ...more });

/** The same site scanned by the queue consumer, as the reference. */
async function queuedSnapshot(): Promise<unknown> {
  const { queue, scans } = jobs(false);
  const started = await scans.start('admin-1', SITE);
  await queue.drain();
  return scans.snapshot(started.id);
}

const packed = (value: unknown): string => btoa(String.fromCharCode(...gzipSync(new TextEncoder().encode(JSON.stringify(value)))));

describe('a scan run by the admin\'s page', () => {
  it('stores the very snapshot the queue consumer stores, and queues nothing but its finish', async () => {
    const { queue, scans } = jobs();
    const started = await scans.start('admin-1', SITE, { executor: 'page' });
    expect(started.executor).toBe('page');
    expect(queue.pushed).toEqual([]);
    const events: PageScanEvent[] = [];
    const outcome = await pageRun(scans, started.id, { onEvent: (e) => events.push(e) });

    expect(outcome.type).toBe('over');
    const done = await scans.progress(started.id);
    expect(done?.state).toBe('done');
    expect(queue.pushed.every((e) => e.type === 'scan-finish')).toBe(true);
    // Every part was run in the page: the core part, the sections it named, then the value counts the finish planned.
    expect(events.filter((e) => e.type === 'part-done').length).toBe(done?.partsTotal);
    expect(await scans.snapshot(started.id)).toEqual(await queuedSnapshot());
  });

  it('is run by one page at a time: a second page hears when the first\'s hold ends, takes over only then, and the first page\'s results are refused after', async () => {
    const { scans, advance } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    const a = await scans.drive(id, 'page-aaaaaaaa');
    expect(a.state).toBe('driving');
    expect(a.state === 'driving' && a.parts.map((p) => p.n)).toEqual([0]);
    const b = await scans.drive(id, 'page-bbbbbbbb');
    expect(b.state).toBe('elsewhere');
    await expect(scans.submit(id, 'page-bbbbbbbb', 0, { error: 'x' })).rejects.toThrow(/another page runs scan/);

    advance(PAGE_LEASE_SECONDS - 1);
    expect((await scans.drive(id, 'page-aaaaaaaa')).state).toBe('driving'); // renews the hold
    advance(PAGE_LEASE_SECONDS - 1);
    expect((await scans.drive(id, 'page-bbbbbbbb')).state).toBe('elsewhere');
    advance(2);
    const taken = await scans.drive(id, 'page-bbbbbbbb');
    expect(taken.state).toBe('driving');
    expect((await scans.progress(id))?.driver).toEqual({ worker: 'page-bbbbbbbb', until: new Date(Date.parse('2026-12-04T10:00:00.000Z') + 3 * PAGE_LEASE_SECONDS * 1000).toISOString() });
    await expect(scans.submit(id, 'page-aaaaaaaa', 0, { chunk: 0, chunks: 1, data: packPartResult({ piece: {}, gaps: [], next: [] })[0] ?? '' })).rejects.toThrow(ScanRequestError);
    expect((await scans.drive(id, 'page-aaaaaaaa')).state).toBe('elsewhere');
  });

  it('two pages asking at the same moment for an expired hold: exactly one takes it', async () => {
    const { scans, advance } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    await scans.drive(id, 'page-aaaaaaaa');
    advance(PAGE_LEASE_SECONDS + 1);
    const answers = await Promise.all(['page-bbbbbbbb', 'page-cccccccc', 'page-dddddddd'].map((w) => scans.drive(id, w)));
    expect(answers.filter((a) => a.state === 'driving')).toHaveLength(1);
  });

  it('refuses a result that is not a part\'s, naming where, and the part stays to be run again', async () => {
    const { scans } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    const worker = 'page-aaaaaaaa';
    await scans.drive(id, worker);
    await expect(scans.submit(id, worker, 0, { chunk: 0, chunks: 1, data: packed({ piece: { fields: [{ id: 'customfield_1' }] }, gaps: [], next: [] }) })).rejects.toThrow(/piece\.fields\[0\]\.name/);
    await expect(scans.submit(id, worker, 0, { chunk: 0, chunks: 1, data: btoa('not gzip') })).rejects.toThrow(/not gzipped JSON/);
    await expect(scans.submit(id, worker, 0, { chunk: 0, chunks: 1, data: packed({ piece: {}, gaps: [], next: [], secret: 1 }) })).rejects.toThrow(/secret/);
    await expect(scans.submit(id, worker, 7, { error: 'x' })).rejects.toThrow(/has no part 7/);
    const again = await scans.drive(id, worker);
    expect(again.state === 'driving' && again.parts.map((p) => p.n)).toEqual([0]);
    expect((await scans.progress(id))?.state).toBe('running');
  });

  it('a part only the core part may name further parts', async () => {
    const { scans } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    const worker = 'page-aaaaaaaa';
    const first = await scans.drive(id, worker);
    expect(first.state).toBe('driving');
    const core = await new RestScanner(http(), options).run({ section: 'core' });
    for (const [i, chunk] of packPartResult(core).entries()) await scans.submit(id, worker, 0, { chunk: i, chunks: packPartResult(core).length, data: chunk });
    const after = await scans.drive(id, worker);
    const one = after.state === 'driving' ? after.parts[0] : undefined;
    expect(one?.n).toBe(1);
    await expect(scans.submit(id, worker, 1, { chunk: 0, chunks: 1, data: packed({ piece: {}, gaps: [], next: [{ section: 'filters' }] }) })).rejects.toThrow(/only the core part names further parts/);
  });

  it('closed half-way, it is resumed by another page, or handed to the backend, and either way stores the same snapshot', async () => {
    const reference = await queuedSnapshot();
    for (const how of ['resume', 'hand-over'] as const) {
      const { queue, scans, advance } = jobs();
      const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
      const closed = new AbortController();
      let done = 0;
      const first = await pageRun(scans, id, { worker: 'page-11111111', onEvent: (e) => { if (e.type === 'part-done' && ++done === 3) closed.abort(); }, signal: closed.signal });
      expect(first.type).toBe('stopped');
      const halfway = await scans.progress(id);
      expect(halfway?.state).toBe('running');
      expect(halfway?.partsDone).toBeGreaterThanOrEqual(3);
      expect(halfway?.partsDone).toBeLessThan(halfway?.partsTotal ?? 0);
      // A chunk of a result the closed page never finished sending.
      await scans.submit(id, 'page-11111111', (halfway?.partsTotal ?? 1) - 1, { chunk: 0, chunks: 2, data: 'AAAA' });
      advance(PAGE_LEASE_SECONDS + 1);
      if (how === 'resume') {
        expect((await pageRun(scans, id)).type).toBe('over');
      } else {
        const handed = await scans.handOver(id);
        expect(handed.executor).toBeUndefined();
        expect(handed.background).toBe(true);
        await queue.idle();
        await expect(scans.drive(id, 'page-zzzzzzzz')).resolves.toMatchObject({ state: 'over' });
      }
      const end = await scans.progress(id);
      expect(end?.state, `${how}: ${JSON.stringify(end)}`).toBe('done');
      expect(await scans.snapshot(id)).toEqual(reference);
    }
  });

  it('leaves nothing of a half-sent result once the scan has finished', async () => {
    const { store, scans } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    await scans.drive(id, 'page-aaaaaaaa');
    await scans.submit(id, 'page-aaaaaaaa', 0, { chunk: 0, chunks: 3, data: 'AAAA' });
    expect(await store.keys(`scan:${id}:upload:`)).toHaveLength(1);
    expect((await pageRun(scans, id, { worker: 'page-aaaaaaaa' })).type).toBe('over');
    expect((await scans.progress(id))?.state).toBe('done');
    expect(await store.keys(`scan:${id}:upload:`)).toEqual([]);
  });

  it('a part that keeps failing in the page becomes a coverage gap naming it, and the rest finishes; the core part\'s failure fails the scan', async () => {
    const { scans } = jobs();
    const { id } = await scans.start('admin-1', SITE, { executor: 'page' });
    const inner = new RestScanner(http(), options);
    const broken = Object.assign(Object.create(inner) as RestScanner, { run: (part: Parameters<RestScanner['run']>[0]) => (part.section === 'filters' ? Promise.reject(new Error('socket hang up')) : inner.run(part)) });
    const events: PageScanEvent[] = [];
    expect((await pageRun(scans, id, { scanner: broken, attempts: 2, onEvent: (e) => events.push(e) })).type).toBe('over');
    expect(events.flatMap((e) => (e.type === 'part-retry' ? [e.error] : []))).toEqual(['socket hang up']);
    const snapshot = await scans.snapshot(id);
    expect(snapshot?.coverage.some((g) => g.kind === 'filter' && /scan part "filters" failed in the page: socket hang up/.test(g.detail))).toBe(true);

    const second = jobs();
    const next = await second.scans.start('admin-1', SITE, { executor: 'page' });
    const dead = Object.assign(Object.create(inner) as RestScanner, { run: () => Promise.reject(new Error('the site is gone')) });
    expect((await pageRun(second.scans, next.id, { scanner: dead, attempts: 1 })).type).toBe('over');
    const failed = await second.scans.progress(next.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toMatch(/failed in the page: the site is gone/);
  });
});
