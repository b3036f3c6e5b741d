import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../../src/adapters/fake-jira/http-server';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { startLocalServer, type LocalServer } from '../../src/app/local/server';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot } from '../../src/domain/model';
import Papa from 'papaparse';
import { syntheticIssue } from '../../src/adapters/synthetic/issues';
import { cliInProcess as cli } from '../support/cli';
import { comparable } from '../support/comparable';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p !== undefined && p !== '' && existsSync(p));
const PAGE_DIR = new URL('../../static/admin-page/build-local', import.meta.url).pathname;
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/** A kind as the page names it (`issue-type-scheme` → `Issue type scheme`). */
const kindLabel = (kind: string): string => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');

describe.runIf(CHROMIUM !== undefined)('a scan started from the page runs in the page (serve --site over a mid-size site that charges points)', () => {
  const site = generateSnapshot({ preset: 'mid', seed: 25 });
  const me = site.users?.find((u) => u.active)?.accountId ?? '5b10ac8d82e05b22cc7d4ef5';
  const sites: { jira?: FakeJiraServer; reference?: FakeJiraServer; server?: LocalServer; browser?: Browser; page?: Page } = {};
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'config-lens-page-scan-'));
  /** The file `serve --store` keeps the app's store in. */
  const STORE = join(dir, 'store.json');
  const ISSUES = 2_345;

  beforeAll(async () => {
    // Jira's pool as Tier 1 names it: every call not marked as the bridge's is charged.
    const jira = (sites.jira = await startFakeJiraServer(site, { currentUser: me, points: { quota: 65_000, windowSeconds: 3600 }, issueSource: { count: ISSUES, issue: (i) => syntheticIssue(i, 3) } }));
    sites.reference = await startFakeJiraServer(site, { currentUser: me, issueSource: { count: ISSUES, issue: (i) => syntheticIssue(i, 3) } });
    sites.server = await startLocalServer({ site: { site: jira.url }, staticDir: PAGE_DIR, port: 0, scheduleTickMs: 0, store: STORE });
    const browser = (sites.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] }));
    const page = (sites.page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 } })).newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });
  afterAll(async () => {
    // (Each only if it started: a failed start is the test's error, not a second one here.)
    await sites.browser?.close();
    await sites.server?.close();
    await sites.jira?.close();
    await sites.reference?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes with the inventory the CLI reads, paused and resumed on the way, and the calls not made through the bridge cost at most 50 points', async () => {
    const [jira, reference, server, page] = [sites.jira, sites.reference, sites.server, sites.page];
    if (jira === undefined || reference === undefined || server === undefined || page === undefined) throw new Error('the servers and the browser did not start');
    const out = join(dir, 'cli.json');
    expect((await cli('scan', '--site', reference.url, '--out', out, '--quiet')).code).toBe(0);
    const fromCli = JSON.parse(readFileSync(out, 'utf8')) as ConfigSnapshot;

    await page.goto(server.url);
    await page.getByText('No scan yet').waitFor();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText('Reading in this page, through your Jira session').waitFor();
    // Paused by the admin half-way: the scan waits, this page offers to resume it, and nothing runs meanwhile.
    await expect.poll(async () => (await server.scans.progress())?.partsDone ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Pause the scan' }).click();
    await page.getByText('No page is running this scan').waitFor({ timeout: 30_000 });
    const paused = await server.scans.progress();
    expect(paused?.state).toBe('running');
    expect(paused?.partsDone).toBeLessThan(paused?.partsTotal ?? 0);
    expect(await page.getByRole('button', { name: 'Hand the rest to the backend' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-page-page-scan-paused.png'), fullPage: true }).catch(() => undefined);
    await page.getByRole('button', { name: 'Resume in this page' }).click();
    await page.getByText('Scan finished').waitFor({ timeout: 180_000 });

    // What it read is what the CLI reads of the same site, object for object (Automation apart: rules come from an export).
    const latest = await server.scans.latest();
    expect(latest?.executor).toBe('page');
    const stored = await server.scans.snapshot(latest?.id ?? '');
    // The inventory is the CLI's, kind for kind (Automation apart: the app reads rules only from an export the admin gives).
    for (const kind of OBJECT_KINDS) if (kind !== 'automation-rule') expect(latest?.counts?.[kind], kind).toBe(fromCli[COLLECTION_OF_KIND[kind]].length);
    // And the stored scan is, object for object, the one the backend's queue stores of the same site.
    const backend = await startLocalServer({ site: { site: reference.url }, staticDir: PAGE_DIR, port: 0, scheduleTickMs: 0 });
    try {
      const started = await backend.api.call('scan.start', {}, { accountId: me, siteUrl: backend.jiraUrl, installation: 'local' });
      expect(started.ok).toBe(true);
      // Real time, as serve --site runs: the finish looks every 30 s whether the parts have settled.
      await expect.poll(async () => (await backend.scans.progress())?.state, { timeout: 240_000, interval: 500 }).toBe('done');
      const queued = await backend.scans.snapshot((await backend.scans.latest())?.id ?? '');
      expect(comparable(stored as ConfigSnapshot)).toEqual(comparable(queued as ConfigSnapshot));
    } finally {
      await backend.close();
    }
    // The page shows that inventory.
    const counts = page.getByRole('list', { name: 'Object counts' });
    for (const kind of OBJECT_KINDS) {
      if (kind === 'automation-rule') continue;
      const n = fromCli[COLLECTION_OF_KIND[kind]].length;
      await expect.poll(() => counts.locator('li', { hasText: new RegExp(`^${n.toLocaleString('en-US')}${kindLabel(kind)}$`) }).count(), { message: kind }).toBe(1);
    }
    // Every read of the scan went through the bridge; what was charged is the page server's own calls (whom the login
    // acts as, the admin check), none of the scan's.
    expect(jira.log.bridgeCalls).toBeGreaterThan(500);
    expect(jira.log.points).toBeLessThanOrEqual(50);
    expect([...jira.log.pointsByEndpoint.keys()].sort()).toEqual(['GET /rest/api/3/mypermissions', 'GET /rest/api/3/myself']);
    expect(latest?.points?.points ?? 0).toBe(0);
    expect(errors).toEqual([]);
  }, 300_000);

  it('exports 2,000+ issues from the page as a downloaded CSV with every issue; the store file holds no summary or description of any, and the export cost the app no points', async () => {
    const { jira, server, page } = sites;
    if (jira === undefined || server === undefined || page === undefined) throw new Error('the servers and the browser did not start');
    const charged = jira.log.points;
    await page.getByRole('tab', { name: 'Export issues' }).click();
    await page.getByLabel('JQL').fill('project = ENG ORDER BY key');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(`of about ${ISSUES.toLocaleString('en-US')} issues`).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]?.[0]).toBe('Issue key');
    const keys = new Set(rows.slice(1).map((r) => r[0]));
    expect(keys.size).toBe(ISSUES);
    expect(rows.length).toBe(ISSUES + 1);
    await page.getByText(`Exported ${ISSUES.toLocaleString('en-US')} issues.`).waitFor();
    expect(jira.log.points).toBe(charged);

    // What the app stored, as `serve --store` keeps it: the scan, and nothing of any issue.
    await server.close();
    sites.server = undefined;
    const stored = readFileSync(STORE, 'utf8');
    const storedKeys = Object.keys((JSON.parse(stored) as { values: Record<string, unknown> }).values);
    expect(storedKeys.some((k) => k.startsWith('scan:'))).toBe(true);
    // No export of any kind was stored (a resolver's export would keep its rows, packed, under export:…).
    expect(storedKeys.filter((k) => k.startsWith('export'))).toEqual([]);
    const leaked = Array.from({ length: ISSUES }, (_, i) => syntheticIssue(i, 3)).flatMap((issue, i) => {
      const summary = String(issue.fields.summary);
      return stored.includes(summary) || stored.includes(JSON.stringify(summary).slice(1, -1)) || stored.includes(`Details of ${i}, with a comma.`) ? [issue.key] : [];
    });
    expect(leaked).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});
