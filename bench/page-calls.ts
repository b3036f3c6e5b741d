/**
 * The page's resolver calls, timed in a process of their own (as a Forge function runs them: none of the scan's
 * garbage, a heap the size of the function's memory), against the store a scan left behind (a file of
 * `[key, value]` lines written by bench/page.ts), answering every call after 10 ms as a remote key-value store would.
 *
 * Arguments: the store file, the site, and the address of an object to ask where-used and impact of.
 */
import { ScheduledScans } from '../src/app/schedule';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { JiraClient } from '../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../src/adapters/jira-rest/issues';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { AdminApi, type ApiFunction } from '../src/app/admin-api';
import { ExportJobs } from '../src/app/export-jobs';
import { ScanJobs, STORED_REPORTS } from '../src/app/scan-jobs';
import type { KeyValueStore } from '../src/ports/key-value-store';
import { emit, gc, line, MeteredStore, sampledPeakRssMb } from './support';

const [storeFile, site, address] = process.argv.slice(2);
if (storeFile === undefined || site === undefined || address === undefined) throw new Error('usage: page-calls.ts <store file> <site> <object address>');

/** A store whose every call takes `latencyMs`. */
class SlowStore implements KeyValueStore {
  constructor(private readonly inner: KeyValueStore, private readonly latencyMs: number) {}
  private wait(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.latencyMs));
  }
  async get<T>(key: string): Promise<T | undefined> { await this.wait(); return this.inner.get<T>(key); }
  async set(key: string, value: unknown): Promise<void> { await this.wait(); return this.inner.set(key, value); }
  async create(key: string, value: unknown): Promise<boolean> { await this.wait(); return this.inner.create(key, value); }
  async delete(key: string): Promise<void> { await this.wait(); return this.inner.delete(key); }
  async keys(prefix: string): Promise<string[]> { await this.wait(); return this.inner.keys(prefix); }
}

const peakRssMb = sampledPeakRssMb();
const inner = new InMemoryKeyValueStore();
for await (const text of createInterface({ input: createReadStream(storeFile, 'utf8'), crlfDelay: Infinity })) {
  if (text === '') continue;
  const [key, value] = JSON.parse(text) as [string, unknown];
  await inner.set(key, value);
}
const metered = new MeteredStore(inner);
const store = new SlowStore(metered, 10);
const clock = { now: () => new Date() };
// Nothing here scans or exports: the queue and the runner are never used, the Jira client is never called.
const scans = new ScanJobs(store, new InMemoryJobQueue(), { run: () => Promise.reject(new Error('no scan in this benchmark')) }, clock, () => true);
const client = new JiraClient(new NodeJiraHttp({ site }));
const api = new AdminApi(scans, new ExportJobs(store, new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client), clock), { isAdmin: () => Promise.resolve(true) }, clock, store, new ScheduledScans(store, scans, clock));
const context = { accountId: 'bench-admin', siteUrl: site, installation: 'bench' };

const timed = async (fn: ApiFunction, payload: Record<string, unknown>): Promise<number> => {
  gc();
  const start = performance.now();
  const r = await api.call(fn, payload, context);
  peakRssMb();
  if (!r.ok) throw new Error(`${fn}: ${r.error}`);
  return performance.now() - start;
};
const verbose = process.env.PAGE_VERBOSE !== undefined;
const firstRows: number[] = [];
const narrowed: number[] = [];
const csvParts: number[] = [];
await timed('scan.status', {});
for (const report of STORED_REPORTS) {
  firstRows.push(await timed('report.rows', { report, limit: 50 }));
  narrowed.push(await timed('report.rows', { report, filter: 'a', sort: { column: 'name', direction: 'desc' }, limit: 50 }));
  csvParts.push(await timed('report.csv', { report, part: 0 }));
  if (verbose) line(`  ${report}`, `first rows ${Math.round(firstRows.at(-1) ?? 0)} ms, filtered and sorted ${Math.round(narrowed.at(-1) ?? 0)} ms, CSV part ${Math.round(csvParts.at(-1) ?? 0)} ms`);
}
const unitsBefore = metered.readUnits;
const cold = await timed('object.whereUsed', { address });
const coldUnits = metered.readUnits - unitsBefore;
const warm = await timed('object.impact', { address });
const search = await timed('object.search', { query: 'team' });
const max = Math.max(...firstRows, ...narrowed, ...csvParts, cold, warm, search);
line('first rows of a report (target < 1 s)', `${Math.round(Math.max(...firstRows))} ms at worst (store calls 10 ms each)`);
line('filtered and sorted rows', `${Math.round(Math.max(...narrowed))} ms at worst`);
line('a CSV part', `${Math.round(Math.max(...csvParts))} ms at worst`);
line('where-used, first call (loads and analyses)', `${Math.round(cold)} ms, ${coldUnits} read units; impact after it ${Math.round(warm)} ms; search ${Math.round(search)} ms`);
line('slowest page call (resolver limit 25 s)', `${Math.round(max)} ms`);
line('resolver process peak RSS', `${peakRssMb()} MB, the store's copy of the scan included (function memory 1024 MB)`);
emit({
  page_first_rows_ms: Math.round(Math.max(...firstRows)),
  page_narrowed_rows_ms: Math.round(Math.max(...narrowed)),
  page_object_cold_ms: Math.round(cold),
  page_object_cold_read_units: coldUnits,
  page_max_call_ms: Math.round(max),
  page_resolver_peak_rss_mb: peakRssMb(),
});
