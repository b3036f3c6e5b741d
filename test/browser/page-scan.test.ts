import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../../src/adapters/fake-jira/http-server';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { startLocalServer, type LocalServer } from '../../src/app/local/server';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot } from '../../src/domain/model';
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

  beforeAll(async () => {
    // Jira's pool as Tier 1 names it: every call not marked as the bridge's is charged.
    const jira = (sites.jira = await startFakeJiraServer(site, { currentUser: me, points: { quota: 65_000, windowSeconds: 3600 } }));
    sites.reference = await startFakeJiraServer(site, { currentUser: me });
    sites.server = await startLocalServer({ site: { site: jira.url }, staticDir: PAGE_DIR, port: 0, scheduleTickMs: 0 });
    const browser = (sites.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] }));
    const page = (sites.page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage());
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
    const backend = await startLocalServer({ snapshot: site, staticDir: PAGE_DIR, port: 0, scheduleTickMs: 0, accountId: me });
    try {
      const started = await backend.api.call('scan.start', {}, { accountId: me, siteUrl: backend.jiraUrl, installation: 'local' });
      expect(started.ok).toBe(true);
      await backend.queue.idle();
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
});
