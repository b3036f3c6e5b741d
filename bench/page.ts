/**
 * The admin page on the enterprise preset: the scan runs as queued jobs (in process, fake Jira without latency,
 * in-memory store and queue with Forge's limits), then the page's resolver calls are timed in a process of their
 * own (bench/page-calls.ts, heap capped like the function's memory) against what the scan stored, served by a
 * store that answers every call after 10 ms, as a remote key-value store would. PAGE_STORE_FILE=<path> keeps that
 * store's file, so that `tsx bench/page-calls.ts <path> <site> <address>` can be run again without a scan. Reports how the scan was cut (parts, the
 * most requests one part sends, hence its time at 100 ms per request and 6 at once, against the consumer's
 * 900 s) and the time of the page's calls (first rows of each report, filtered and sorted rows, CSV parts, object
 * search, where-used cold and warm) against the resolver's 25 s and the 1 s target for first rows.
 */
import { ScheduledScans } from '../src/app/schedule';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
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
import { AdminApi } from '../src/app/admin-api';
import { isFatalScanError } from '../src/app/container';
import { ExportJobs } from '../src/app/export-jobs';
import { ScanJobs } from '../src/app/scan-jobs';
import { describePart, type ScanPart } from '../src/domain/scan-plan';
import type { ScanPartRunner } from '../src/ports/scan-plan';
import { emit, line, MeteredStore, runBench } from './support';

const SITE = 'https://bench.fake-jira.invalid';
const PRESET = (process.env.PAGE_PRESET ?? 'enterprise') as 'enterprise';
const snapshot = generateSnapshot({ preset: PRESET, seed: 1 });
const server = setupServer(...createFakeJiraHandlers(snapshot));
server.listen({ onUnhandledFrame: 'error' });

try {
  const http = new NodeJiraHttp({ site: SITE });
  const store = new MeteredStore(new InMemoryKeyValueStore());
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
  // The finish step's store traffic, the heaviest of the scan: it reads every part's piece and writes the results.
  let finishUnits = { read: 0, write: 0 };
  queue.attach(async (e) => {
    const before = { read: store.readUnits, write: store.writeUnits };
    await scans.handle(e);
    // The finish looks every 30 s until the parts have settled; the look that does the work writes the most.
    if (e.type === 'scan-finish' && store.writeUnits - before.write > finishUnits.write) finishUnits = { read: store.readUnits - before.read, write: store.writeUnits - before.write };
  });
  const client = new JiraClient(http);
  const api = new AdminApi(scans, new ExportJobs(store, new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client), clock), new RestAdminCheck(http), clock, store, new ScheduledScans(store, scans, clock));
  const context = { accountId: 'bench-admin', siteUrl: SITE, installation: 'bench' };

  const t = performance.now();
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
  line('store traffic (10 KB units)', `scan ${store.writeUnits} written, ${store.readUnits} read; its finish step ${finishUnits.write} written, ${finishUnits.read} read (Forge: 4,000 each a minute)`);

  // The page's calls run in a process of their own, as a resolver does, against what the scan stored.
  const kept = process.env.PAGE_STORE_FILE;
  const dir = await mkdtemp(join(tmpdir(), 'config-lens-page-bench-'));
  try {
    const storeFile = kept ?? join(dir, 'store.jsonl');
    const out = createWriteStream(storeFile, 'utf8');
    for (const key of await store.keys('')) {
      if (!out.write(`${JSON.stringify([key, await store.get(key)])}\n`)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    const address = `field:${snapshot.fields.find((f) => f.custom)?.id ?? ''}`;
    if (kept !== undefined) line('store kept in', `${kept} (page-calls.ts ${kept} ${SITE} ${address})`);
    const calls = await runBench('page-calls.ts', ['--max-old-space-size=900'], [storeFile, SITE, address]);
    emit({
      page_scan_parts: done.partsTotal,
      page_heaviest_part_requests: heaviest.requests,
      page_heaviest_part_model_s: Math.round(heaviestModelS),
      page_finish_write_units: finishUnits.write,
      page_finish_read_units: finishUnits.read,
      ...calls,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
} finally {
  server.close();
}
