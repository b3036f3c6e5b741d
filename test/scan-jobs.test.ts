import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { JiraAuthError, JiraHttpError } from '../src/adapters/jira-rest/client';
import { RestConfigurationSource, RestScanner } from '../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { PARTS_PER_MINUTE, ScanJobs, STORED_REPORTS } from '../src/app/scan-jobs';
import { analyse, runReport } from '../src/domain/analysis';
import type { ScanPart, ScanPartResult } from '../src/domain/scan-plan';
import type { JobEvent } from '../src/ports/job-queue';
import type { ScanPartRunner } from '../src/ports/scan-plan';
import { MAX_VALUE_BYTES } from '../src/ports/key-value-store';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { loadSample } from './support/sample';

const SITE = 'https://fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

const clock = { now: () => new Date('2026-11-23T10:00:00.000Z') };
const options = { sleep: () => Promise.resolve(), random: () => 0.5, maxRetries: 2 } as const;
const http = (): NodeJiraHttp => new NodeJiraHttp({ site: SITE, email: 'qa@acme.test', token: 't' });
const isFatal = (e: unknown): boolean => e instanceof JiraAuthError || (e instanceof JiraHttpError && e.status === 0);

function jobs(runner: ScanPartRunner = new RestScanner(http(), options), keepScans = 3) {
  const store = new InMemoryKeyValueStore();
  const queue = new InMemoryJobQueue({ concurrency: 3 });
  const scans = new ScanJobs(store, queue, runner, clock, isFatal, { keepScans, retryDelaySeconds: 5 });
  queue.attach((e) => scans.handle(e));
  return { store, queue, scans };
}

/** A runner that fails some parts: `times` failures before it passes the part on. */
function failing(inner: ScanPartRunner, section: ScanPart['section'], times: number, error: () => Error = () => new Error('socket hang up')): ScanPartRunner {
  let failures = 0;
  return {
    run(part): Promise<ScanPartResult> {
      if (part.section === section && failures < times) {
        failures++;
        return Promise.reject(error());
      }
      return inner.run(part);
    },
  };
}

describe('scans as queued jobs', () => {
  beforeEach(() => { server.resetHandlers(...createFakeJiraHandlers(loadSample())); });

  it('runs the plan part by part and stores the same snapshot the one-process scan reads, with reports paged', async () => {
    const { store, queue, scans } = jobs();
    const started = await scans.start('admin-1', SITE);
    expect(started.state).toBe('running');
    expect(queue.pushed).toEqual([{ type: 'scan-part', scanId: started.id, part: 0 }]);
    await queue.drain();

    const done = await scans.progress(started.id);
    expect(done?.state).toBe('done');
    expect(done?.partsTotal).toBeGreaterThan(9);
    expect(done?.partsDone).toBe(done?.partsTotal);
    expect(queue.pushed.filter((e) => e.type === 'scan-finish').length).toBeGreaterThanOrEqual(1);

    const stored = await scans.snapshot(started.id);
    const direct = await new RestConfigurationSource(http(), { ...options, siteUrl: SITE, now: () => new Date(started.startedAt) }).load();
    expect(stored).toEqual(direct);
    expect(done?.counts?.field).toBe(direct.fields.length);
    expect(done?.coverageGaps).toBe(direct.coverage.length);

    const analysis = analyse(direct);
    for (const report of STORED_REPORTS) {
      const head = await scans.reportHead(started.id, report);
      const pages = await Promise.all((head?.pages ?? []).map((_, i) => scans.reportPage(started.id, report, i)));
      const table = runReport(analysis, { report });
      // The report's rows, each with its Jira address beside the columns (for the page; CSV keeps the columns).
      expect(table.ok && pages.flat().map(({ link: _link, link_why: _why, ...r }) => r)).toEqual(table.ok && table.value.rows);
      expect(head?.rowCount).toBe(table.ok ? table.value.rows.length : -1);
      expect(head?.linked).toBe(true);
      const project = pages.flat().find((r) => r.kind === 'project' && r.id === '10000');
      if (project !== undefined) expect(project.link).toBe(`${SITE}/secure/project/EditProject!default.jspa?pid=10000`);
    }
    // Parts' intermediate results are gone once the snapshot is stored.
    expect(await store.keys(`scan:${started.id}:piece:`)).toEqual([]);
  });

  it('cuts a large site into parts and values that fit Forge: every stored value under 240 KiB', async () => {
    const big = generateSnapshot({ preset: 'medium', seed: 7 });
    server.resetHandlers(...createFakeJiraHandlers(big));
    const { store, queue, scans } = jobs();
    const { id } = await scans.start('admin-1', SITE);
    await queue.drain();
    const p = await scans.progress(id);
    expect(p?.state).toBe('done');
    // The in-memory store refuses values over the limit; a chunked snapshot bigger than one value proves the cut.
    const chunks = await store.keys(`scan:${id}:snapshot#`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const k of await store.keys('scan:')) expect(Buffer.byteLength(JSON.stringify(await store.get(k)))).toBeLessThanOrEqual(MAX_VALUE_BYTES);
    expect((await scans.snapshot(id))?.fields.length).toBe(big.fields.length);
  });

  it('retries a part that fails, and the scan completes with nothing missing', async () => {
    const { queue, scans } = jobs(failing(new RestScanner(http(), options), 'screens', 2));
    const { id } = await scans.start('admin-1', SITE);
    await queue.drain();
    const retries = queue.pushed.filter((e) => e.type === 'scan-part' && e.part > 0);
    const p = await scans.progress(id);
    expect(p?.state).toBe('done');
    expect(p?.failedParts).toBe(0);
    expect(retries.length).toBe((p?.partsTotal ?? 0) - 1 + 2);
    expect((await scans.snapshot(id))?.screens.length).toBe(loadSample().screens.length);
  });

  it('records a part that keeps failing as a coverage gap naming the part, and finishes the rest', async () => {
    const { queue, scans } = jobs(failing(new RestScanner(http(), options), 'filters', 99));
    const { id } = await scans.start('admin-1', SITE);
    await queue.drain();
    const p = await scans.progress(id);
    expect(p?.state).toBe('done');
    expect(p?.failedParts).toBe(1);
    const snapshot = await scans.snapshot(id);
    expect(snapshot?.filters).toEqual([]);
    expect(snapshot?.coverage).toContainEqual({ kind: 'filter', reason: 'endpoint-error', detail: 'scan part "filters" failed 3 times: socket hang up' });
    expect(snapshot?.screens.length).toBe(loadSample().screens.length);
  });

  it('records a failed part as a coverage gap at once when the queue refuses its retry, and finishes the rest', async () => {
    const { queue, scans } = jobs(failing(new RestScanner(http(), options), 'filters', 1));
    const push = queue.push.bind(queue);
    // The queue refuses retries (delayed scan parts) only, as Forge would past its events-a-minute limit.
    const retry = (events: readonly JobEvent[], delay?: number): boolean => delay !== undefined && delay > 0 && events.some((e) => e.type === 'scan-part');
    queue.push = (events, delay) => (retry(events, delay) ? Promise.reject(new Error('job queue: 501 events pushed within a minute')) : push(events, delay));
    const { id } = await scans.start('admin-1', SITE);
    await queue.drain();
    expect(queue.failures).toEqual([]);
    const p = await scans.progress(id);
    expect(p).toMatchObject({ state: 'done', failedParts: 1 });
    expect((await scans.snapshot(id))?.coverage).toContainEqual({
      kind: 'filter',
      reason: 'endpoint-error',
      detail: 'scan part "filters" failed (socket hang up) and its retry could not be queued: job queue: 501 events pushed within a minute',
    });
    // The core part names the plan: when its retry cannot be queued, the scan fails, saying why.
    const core = jobs(failing(new RestScanner(http(), options), 'core', 1));
    const corePush = core.queue.push.bind(core.queue);
    core.queue.push = (events, delay) => (retry(events, delay) ? Promise.reject(new Error('refused')) : corePush(events, delay));
    const second = await core.scans.start('admin-1', SITE);
    await core.queue.drain();
    expect(await core.scans.progress(second.id)).toMatchObject({ state: 'failed', error: 'scan part "core" failed (socket hang up) and its retry could not be queued: refused' });
  });

  it('fails the scan at once, with the reason, when the site refuses the app', async () => {
    const { queue, scans } = jobs(failing(new RestScanner(http(), options), 'core', 1, () => new JiraAuthError('GET /rest/api/3/field', 'Client must be authenticated to access this resource.')));
    const { id } = await scans.start('admin-1', SITE);
    await queue.drain();
    const p = await scans.progress(id);
    expect(p?.state).toBe('failed');
    expect(p?.error).toBe('core: GET /rest/api/3/field: HTTP 401: Client must be authenticated to access this resource.');
    expect(queue.pushed).toHaveLength(1);
  });

  it('does not start a second scan while one runs, ignores an event delivered twice, and keeps only the last scans', async () => {
    const { store, queue, scans } = jobs(undefined, 2);
    const first = await scans.start('admin-1', SITE);
    expect((await scans.start('admin-2', SITE)).id).toBe(first.id);
    await queue.drain();
    const before = await store.keys(`scan:${first.id}`);
    await scans.handle({ type: 'scan-part', scanId: first.id, part: 3 });
    await scans.handle({ type: 'scan-finish', scanId: first.id });
    expect(await store.keys(`scan:${first.id}`)).toEqual(before);

    const ids = [first.id];
    let tick = 0;
    const later = new ScanJobs(store, queue, new RestScanner(http(), options), { now: () => new Date(Date.UTC(2026, 10, 24, 0, ++tick)) }, isFatal, { keepScans: 2 });
    queue.attach((e) => later.handle(e));
    for (let i = 0; i < 2; i++) {
      ids.push((await later.start('admin-1', SITE)).id);
      await queue.drain();
    }
    expect((await later.list()).map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(await store.keys(`scan:${first.id}`)).toEqual([]);
  });

  it('queues a plan larger than Forge takes in a minute a minute\'s share at a time, and the scan completes', async () => {
    // 1,000 more parts than the sample needs: dashboard slices with nothing in them.
    const extra = 1_000;
    const inner = new RestScanner(http(), options);
    const runner: ScanPartRunner = {
      async run(part) {
        const result = await inner.run(part);
        return part.section === 'core' ? { ...result, next: [...result.next, ...Array.from({ length: extra }, (): ScanPart => ({ section: 'dashboards', dashboards: [] }))] } : result;
      },
    };
    const { store, queue, scans } = jobs(runner);
    const started = await scans.start('admin-1', SITE);
    await queue.drain();
    expect(queue.failures).toEqual([]);
    const done = await scans.latest();
    expect(done).toMatchObject({ id: started.id, state: 'done', failedParts: 0, counts: { field: loadSample().fields.length } });
    expect(done?.partsTotal).toBeGreaterThan(extra);
    const parts = queue.pushed.flatMap((e) => (e.type === 'scan-part' ? [e.part] : []));
    expect(new Set(parts).size).toBe(done?.partsTotal);
    // The queue refuses more than 500 events in a minute: the parts went out over three minutes of queue time.
    expect(queue.pushed.filter((e) => e.type === 'scan-queue').length).toBe(Math.ceil(((done?.partsTotal ?? 0) - 1) / PARTS_PER_MINUTE) - 1);
    expect(queue.now()).toBeGreaterThanOrEqual(120);
    // Settled parts are counted by the finish, every 30 s, not by each of the 1,000 parts as it settles.
    expect(store.calls.keys).toBeLessThan(40);
  });
});

describe('a scan whose jobs stop reporting', () => {
  it('is marked failed with the reason after 20 minutes of silence, and a new scan can start; until then Scan now returns it', async () => {
    let now = Date.parse('2026-11-23T10:00:00.000Z');
    const store = new InMemoryKeyValueStore();
    const queue = new InMemoryJobQueue();
    const scans = new ScanJobs(store, queue, new RestScanner(http(), options), { now: () => new Date(now) }, isFatal);
    // The queued core part never runs: its consumer was stopped.
    const first = await scans.start('admin-1', SITE);
    now += 19 * 60_000;
    expect((await scans.start('admin-2', SITE)).id).toBe(first.id);
    expect(await scans.progress(first.id)).toMatchObject({ state: 'running' });
    now += 2 * 60_000;
    expect(await scans.progress(first.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^stalled: no job of this scan reported for 20 minutes \(the last at 2026-11-23T10:00:00.000Z\)/) as unknown });
    const second = await scans.start('admin-2', SITE);
    expect(second.id).not.toBe(first.id);
    expect(second.state).toBe('running');
    // A late event of the stalled scan is ignored; the new scan runs to the end.
    queue.attach((e) => scans.handle(e));
    await queue.drain();
    expect(queue.failures).toEqual([]);
    expect(await scans.latest()).toMatchObject({ id: second.id, state: 'done' });
    // The stalled scan was not revived by its late event; as a failed scan it went when the new one finished.
    expect((await scans.list()).map((s) => s.id)).toEqual([second.id]);
    expect(await store.keys(`scan:${first.id}`)).toEqual([]);
  });
});

describe('the in-process job queue keeps to Forge\'s limits', () => {
  it('refuses more than 50 events a push, a delay over 900 s, and more than 500 events pushed within a minute; a minute on, it takes more', async () => {
    const queue = new InMemoryJobQueue();
    const event = (part: number) => ({ type: 'scan-part', scanId: 's', part }) as const;
    const fifty = (from: number) => Array.from({ length: 50 }, (_, i) => event(from + i));
    await expect(queue.push(Array.from({ length: 51 }, (_, i) => event(i)))).rejects.toThrow('51 events pushed at once; Forge takes at most 50');
    await expect(queue.push([event(0)], 901)).rejects.toThrow('delay 901s is outside 0–900');
    for (let i = 0; i < 9; i++) await queue.push(fifty(i * 50));
    await queue.push([{ type: 'scan-queue', scanId: 's', from: 450 }], 60);
    await expect(queue.push(fifty(450))).rejects.toThrow('501 events pushed within a minute; Forge takes at most 500 a minute per installation');
    const seen: string[] = [];
    queue.attach(async (e) => {
      seen.push(e.type);
      if (e.type === 'scan-queue') await queue.push(fifty(e.from));
    });
    await queue.drain();
    // The delayed event ran last, a minute on, and its 50 were taken.
    expect(seen.slice(0, 450).every((t) => t === 'scan-part')).toBe(true);
    expect(seen[450]).toBe('scan-queue');
    expect(seen.length).toBe(501);
    expect(queue.failures).toEqual([]);
  });
});

describe('data that should be gone is gone, and one scan at a time', () => {
  beforeEach(() => { server.resetHandlers(...createFakeJiraHandlers(loadSample())); });

  it('a purge while a scan part runs leaves nothing: the part\'s late writes are deleted by the part itself', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const inner = new RestScanner(http(), options);
    let purgeNow: () => void = () => undefined;
    const reached = new Promise<void>((r) => { purgeNow = r; });
    const runner: ScanPartRunner = {
      async run(part) {
        const result = await inner.run(part);
        if (part.section === 'filters') {
          purgeNow();
          await gate;
        }
        return result;
      },
    };
    const { store, queue, scans } = jobs(runner);
    await scans.start('admin-1', SITE);
    const draining = queue.drain();
    await reached;
    expect(await scans.purge()).toBeGreaterThan(1);
    release();
    await draining;
    expect((await store.keys('scan')).filter((k) => k !== 'scans:lock')).toEqual([]);
    expect(await scans.list()).toEqual([]);
    // And a new scan can start and finish after it.
    const next = await scans.start('admin-1', SITE);
    await queue.drain();
    expect((await scans.progress(next.id))?.state).toBe('done');
  });

  it('two scans started at once: one runs, the other call gets the running one', async () => {
    const { queue, scans } = jobs();
    const [a, b] = await Promise.all([scans.start('admin-1', SITE), scans.start('admin-2', SITE)]);
    expect(b.id).toBe(a.id);
    expect(queue.pushed.filter((e) => e.type === 'scan-part' && e.part === 0)).toHaveLength(1);
    await queue.drain();
    expect((await scans.list()).map((s) => s.id)).toEqual([a.id]);
  });

  it('a scan whose finish cannot store an object is marked failed with the reason, and the next scan can start', async () => {
    const { store, queue, scans } = jobs();
    const huge = 'x'.repeat(MAX_VALUE_BYTES);
    const refusing = Object.assign(Object.create(store) as InMemoryKeyValueStore, {
      set: (key: string, value: unknown): Promise<void> => (key.endsWith(':report:unused') ? store.set(key, { value, huge }) : store.set(key, value)),
    });
    const failing = new ScanJobs(refusing, queue, new RestScanner(http(), options), clock, isFatal);
    queue.attach((e) => failing.handle(e));
    const started = await failing.start('admin-1', SITE);
    await queue.drain();
    const after = await failing.progress(started.id);
    expect(after).toMatchObject({ state: 'failed', error: expect.stringMatching(/^the finish step failed: key-value store: value of 'scan:[0-9a-z-]+:report:unused' is \d+ bytes of JSON, over the 245760 byte limit$/) as unknown });
    const next = await scans.start('admin-1', SITE);
    expect(next.id).not.toBe(started.id);
  });
});
