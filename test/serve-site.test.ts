import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import type { ApiResults } from '../src/app/admin-api';
import { startLocalServer, type LocalServer } from '../src/app/local/server';
import type { ConfigSnapshot } from '../src/domain/model';
import { cliInProcess as cli } from './support/cli';
import { comparable } from './support/comparable';
import { loadSample } from './support/sample';

const sample = loadSample();
const page = mkdtempSync(join(tmpdir(), 'config-lens-page-'));
writeFileSync(join(page, 'index.html'), '<!doctype html><title>Config Lens</title>');
afterAll(() => { rmSync(page, { recursive: true, force: true }); });

/** A resolver call as the page makes it, answered by the server's API. */
async function invoke<F extends keyof ApiResults>(server: LocalServer, fn: F, payload: unknown = {}): Promise<ApiResults[F]> {
  const answer = await server.api.call(fn, payload, { accountId: server.accountId, siteUrl: server.jiraUrl, installation: 'local' });
  if (!answer.ok) throw new Error(`${fn}: ${answer.error}`);
  return answer.value as ApiResults[F];
}

/** Polls scan.status until the scan is no longer running (bounded), keeping every status seen. */
async function untilFinished(server: LocalServer, limitMs: number): Promise<ApiResults['scan.status'][]> {
  const seen: ApiResults['scan.status'][] = [];
  const end = Date.now() + limitMs;
  for (;;) {
    const status = await invoke(server, 'scan.status');
    seen.push(status);
    if (status?.state !== 'running') return seen;
    if (Date.now() > end) throw new Error(`the scan still runs after ${limitMs} ms: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the in-process job queue in real time (serve --site)', () => {
  it('a delayed event waits its delay on the real clock, an event due sooner goes first, and close drops what still waits', async () => {
    const queue = new InMemoryJobQueue({ autoRun: true, time: 'real' });
    const ran: { part: number; at: number }[] = [];
    const t0 = Date.now();
    queue.attach((e) => { if (e.type === 'scan-part') ran.push({ part: e.part, at: Date.now() - t0 }); return Promise.resolve(); });
    await queue.push([{ type: 'scan-part', scanId: 's', part: 1 }], 1);
    await queue.push([{ type: 'scan-part', scanId: 's', part: 2 }], 0);
    await queue.push([{ type: 'scan-part', scanId: 's', part: 3 }], 600);
    await expect.poll(() => ran.length, { timeout: 5_000 }).toBe(2);
    expect(ran.map((r) => r.part)).toEqual([2, 1]);
    expect(ran[1]?.at).toBeGreaterThanOrEqual(950);
    expect(queue.waiting().events).toBe(1);
    expect(await queue.close()).toBe(1);
    await expect(queue.push([{ type: 'scan-part', scanId: 's', part: 4 }])).rejects.toThrow(/closed/);
    expect(ran.map((r) => r.part)).toEqual([2, 1]);
  });
});

describe('serve --site: the local page over a site, through the Forge job machinery', () => {
  it('a scan started from the page meets the quota of a site, says it is paused until the reset, resumes by itself and stores the scan an unlimited site gives; the page sees the points', async () => {
    const me = sample.users?.find((u) => u.active)?.accountId;
    // The sample costs about 900 points: a pool of 300 points every 2 s is met several times.
    const site = await startFakeJiraServer(sample, { currentUser: me, points: { quota: 300, windowSeconds: 2 } });
    const limited = await startLocalServer({ site: { site: site.url }, staticDir: page, port: 0, scheduleTickMs: 0 });
    const unlimited = await startLocalServer({ snapshot: sample, staticDir: page, port: 0, scheduleTickMs: 0 });
    try {
      expect(limited.jira).toBe('site');
      expect(limited.accountId).toBe(me);
      await invoke(limited, 'scan.start');
      // Real time throughout: the quota's resets, and the finish looking every 30 s whether all parts have settled, as on Forge.
      const seen = await untilFinished(limited, 150_000);
      const done = seen.at(-1);
      expect(done?.state).toBe('done');
      // It paused before Jira's pool ran out (it counts down what Jira says is left), or on a 429 at most twice a window.
      expect(site.log.maxQuotaHitsPerWindow).toBeLessThanOrEqual(2);
      expect(site.log.pointsByWindow.size).toBeGreaterThanOrEqual(3);
      for (const spent of site.log.pointsByWindow.values()) expect(spent).toBeLessThanOrEqual(300);
      // The page was told why and until when, while the part waited for the real reset.
      const paused = seen.find((s) => s?.waiting?.why === 'quota');
      expect(paused?.waiting?.until).toMatch(/^\d{4}-\d\d-\d\dT/);
      // The scan's points are what the site charged for it: all it charged but the page's own calls (whom the login
      // acts as, and the admin check of each resolver call).
      const pageCalls = ['GET /rest/api/3/myself', 'GET /rest/api/3/mypermissions'].reduce((a, e) => a + (site.log.pointsByEndpoint.get(e) ?? 0), 0);
      expect(pageCalls).toBeGreaterThan(0);
      const scanPoints = site.log.points - pageCalls;
      expect(done?.points?.points).toBe(scanPoints);

      await invoke(unlimited, 'scan.start');
      await unlimited.queue.idle();
      const reference = await unlimited.scans.snapshot((await unlimited.scans.latest())?.id ?? '');
      const stored = await limited.scans.snapshot(done?.id ?? '');
      expect(stored?.coverage.filter((g) => g.reason === 'rate-limited')).toEqual([]);
      expect(comparable(stored as ConfigSnapshot)).toEqual(comparable(reference as ConfigSnapshot));

      // What the page shows of the points: this hour's spend is the scan's, and the budget of scheduled scans.
      const usage = await invoke(limited, 'points.usage');
      expect(usage.hours.reduce((a, h) => a + h.points, 0)).toBe(scanPoints);
      expect(usage.hours.every((h) => h.background === 0)).toBe(true);
      expect(usage.backgroundBudget.perHour).toBe(30);
      const list = await invoke(limited, 'scan.list');
      expect(list[0]?.points?.points).toBe(scanPoints);
    } finally {
      await limited.close();
      await unlimited.close();
      await site.close();
    }
  }, 200_000);

  it('a login the site refuses stops the server before it listens, saying which call and why', async () => {
    const site = await startFakeJiraServer(sample, {});
    try {
      await expect(startLocalServer({ site: { site: site.url }, staticDir: page, port: 0 })).rejects.toThrow(/could not learn whom the login acts as \(GET \/rest\/api\/3\/myself\)/);
    } finally {
      await site.close();
    }
  });

  it('the CLI takes one Jira: --instance or --site, a login only with a site, and a first scan either in the foreground or in the background', async () => {
    const refusals: [string[], string][] = [
      [['--instance', 'x.json', '--site', 'https://x.atlassian.net'], 'give one of --instance and --site'],
      [['--email', 'a@b.c', '--token', 't'], '--email and --token log in to a site: give --site <url> too'],
      [['--site', 'https://x.atlassian.net', '--no-scan', '--background'], '--no-scan starts none'],
      [['--site', 'ftp://x'], 'must be an http or https URL'],
    ];
    for (const [args, said] of refusals) {
      const { code, err } = await cli('serve', ...args);
      expect(code).toBe(2);
      expect(err).toContain(said);
    }
  });
});
