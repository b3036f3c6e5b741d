/**
 * The admin page on the enterprise preset: the scan runs as queued jobs (in process, fake Jira without latency,
 * in-memory store and queue with Forge's limits), then the page's resolver calls are timed against a store that
 * answers every call after 10 ms, as a remote key-value store would. Reports how the scan was cut (parts, the
 * most requests one part sends, hence its time at 100 ms per request and 6 at once, against the consumer's
 * 900 s) and the time of the page's calls (first rows of each report, filtered and sorted rows, CSV parts, object
 * search, where-used cold and warm) against the resolver's 25 s and the 1 s target for first rows.
 */
import { setupServer } from 'msw/node';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { RestAdminCheck } from '../src/adapters/jira-rest/admin-check';
import { JiraClient } from '../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../src/adapters/jira-rest/issues';
import { RestScanner } from '../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { AdminApi, type ApiFunction } from '../src/app/admin-api';
import { isFatalScanError } from '../src/app/container';
import { ExportJobs } from '../src/app/export-jobs';
import { ScanJobs, STORED_REPORTS } from '../src/app/scan-jobs';
import { describePart, type ScanPart } from '../src/domain/scan-plan';
import type { KeyValueStore } from '../src/ports/key-value-store';
import type { ScanPartRunner } from '../src/ports/scan-plan';
import { emit, gc, line } from './support';

const SITE = 'https://bench.fake-jira.invalid';
const PRESET = (process.env.PAGE_PRESET ?? 'enterprise') as 'enterprise';
const snapshot = generateSnapshot({ preset: PRESET, seed: 1 });
const server = setupServer(...createFakeJiraHandlers(snapshot));
server.listen({ onUnhandledFrame: 'error' });

/** A store whose every call takes `latencyMs` once `slow` is on. */
class SlowStore implements KeyValueStore {
  slow = false;
  calls = 0;
  constructor(private readonly inner: KeyValueStore, private readonly latencyMs: number) {}
  private async wait(): Promise<void> {
    this.calls++;
    if (this.slow) await new Promise((r) => setTimeout(r, this.latencyMs));
  }
  async get<T>(key: string): Promise<T | undefined> { await this.wait(); return this.inner.get<T>(key); }
  async set(key: string, value: unknown): Promise<void> { await this.wait(); return this.inner.set(key, value); }
  async delete(key: string): Promise<void> { await this.wait(); return this.inner.delete(key); }
  async keys(prefix: string): Promise<string[]> { await this.wait(); return this.inner.keys(prefix); }
}

try {
  const http = new NodeJiraHttp({ site: SITE });
  const store = new SlowStore(new InMemoryKeyValueStore(), 10);
  const queue = new InMemoryJobQueue({ concurrency: 2 });
  const scanner = new RestScanner(http, { concurrency: 6 });
  const perPart: { part: ScanPart; requests: number; ms: number }[] = [];
  const runner: ScanPartRunner = {
    async run(part) {
      const before = scanner.client.requestCount;
      const t = performance.now();
      const result = await scanner.run(part);
      perPart.push({ part, requests: scanner.client.requestCount - before, ms: performance.now() - t });
      return result;
    },
  };
  const clock = { now: () => new Date() };
  const scans = new ScanJobs(store, queue, runner, clock, isFatalScanError);
  queue.attach((e) => scans.handle(e));
  const client = new JiraClient(http);
  const api = new AdminApi(scans, new ExportJobs(store, new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client), clock), new RestAdminCheck(http), clock);
  const context = { accountId: 'bench-admin', siteUrl: SITE };

  let t = performance.now();
  await api.call('scan.start', {}, context);
  await queue.drain();
  const scanS = (performance.now() - t) / 1000;
  const done = await scans.latest();
  if (done === undefined) throw new Error('the scan did not finish');
  const heaviest = perPart.reduce((a, b) => (b.requests > a.requests ? b : a));
  // A part's requests at 100 ms each, 6 at once: its time on a live site, against the consumer's 900 s.
  const heaviestModelS = (heaviest.requests * 0.1) / 6;
  line(`${PRESET} scan as jobs`, `${done.partsTotal} parts, ${scanner.client.requestCount} requests, ${scanS.toFixed(1)} s in process (no Jira latency)`);
  line('heaviest part', `${describePart(heaviest.part)}: ${heaviest.requests} requests ≈ ${heaviestModelS.toFixed(0)} s at 100 ms × 6 (limit 900 s)`);
  line('stored values', `${(await store.keys('scan:')).length} keys, each ≤ 240 KiB (the store refuses larger)`);

  store.slow = true;
  const timed = async (fn: ApiFunction, payload: Record<string, unknown>): Promise<number> => {
    // A resolver runs in a function of its own: do not charge it for the garbage the scan left in this process.
    gc();
    const start = performance.now();
    const r = await api.call(fn, payload, context);
    if (!r.ok) throw new Error(`${fn}: ${r.error}`);
    return performance.now() - start;
  };
  const firstRows: number[] = [];
  const narrowed: number[] = [];
  const csvParts: number[] = [];
  // The admin check is cached after the first call: make it before timing, as the page's first call would.
  await timed('scan.status', {});
  for (const report of STORED_REPORTS) {
    firstRows.push(await timed('report.rows', { report, limit: 50 }));
    if (process.env.PAGE_VERBOSE !== undefined) line(`  ${report}`, `${Math.round(firstRows.at(-1) ?? 0)} ms`);
    narrowed.push(await timed('report.rows', { report, filter: 'a', sort: { column: 'name', direction: 'desc' }, limit: 50 }));
    csvParts.push(await timed('report.csv', { report, part: 0 }));
  }
  const cold = await timed('object.whereUsed', { address: `field:${snapshot.fields.find((f) => f.custom)?.id ?? ''}` });
  const warm = await timed('object.impact', { address: `field:${snapshot.fields.find((f) => f.custom)?.id ?? ''}` });
  const search = await timed('object.search', { query: 'team' });
  t = performance.now();
  const max = Math.max(...firstRows, ...narrowed, ...csvParts, cold, warm, search);
  line('first rows of a report (target < 1 s)', `${Math.round(Math.max(...firstRows))} ms at worst (store calls 10 ms each)`);
  line('filtered and sorted rows', `${Math.round(Math.max(...narrowed))} ms at worst`);
  line('a CSV part', `${Math.round(Math.max(...csvParts))} ms at worst`);
  line('where-used, first call (loads and analyses)', `${Math.round(cold)} ms; impact after it ${Math.round(warm)} ms; search ${Math.round(search)} ms`);
  line('slowest page call (resolver limit 25 s)', `${Math.round(max)} ms`);
  emit({
    page_scan_parts: done.partsTotal,
    page_heaviest_part_requests: heaviest.requests,
    page_heaviest_part_model_s: Math.round(heaviestModelS),
    page_first_rows_ms: Math.round(Math.max(...firstRows)),
    page_narrowed_rows_ms: Math.round(Math.max(...narrowed)),
    page_object_cold_ms: Math.round(cold),
    page_max_call_ms: Math.round(max),
  });
} finally {
  server.close();
}
