import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/app/local/server';
import { ADMIN_PAGES } from '../../src/domain/admin-links';
import { RELATIONS } from '../../src/domain/graph';
import { analyse, cleanup, impact, limits, unused, userCount, whereUsed } from '../../src/domain/analysis';
import type { ObjectKind } from '../../src/domain/model';
import { FAKE_AUDIT_AUTHOR } from '../../src/adapters/fake-jira/audit';
import { siteNearTheLimit } from '../support/near-limit';
import { loadSample } from '../support/sample';

/** A kind as the page names it (the page's own kindLabel: `issue-type-scheme` → `Issue type scheme`). */
const kindLabel = (kind: string): string => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');

/** Debian's chromium (CI installs it; see .ci/run), or CHROMIUM_PATH. */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p !== undefined && p !== '' && existsSync(p));
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const PAGE_DIR = new URL('../../static/admin-page/build-local', import.meta.url).pathname;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

if (CHROMIUM === undefined && process.env.CI !== undefined) throw new Error('CI must run the browser test: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH');

describe.runIf(CHROMIUM !== undefined)('the admin page in Chromium, on the local server backed by the sample instance', () => {
  let server: LocalServer;
  let browser: Browser;
  let page: Page;
  const sample = loadSample();
  /** The site as the page sees it once the rules export (below) is uploaded: each rule with the number the export gave. */
  const asLinked = { ...sample, automationRules: sample.automationRules.map((r, i) => ({ ...r, ruleNumber: String(900 + i) })) };
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startLocalServer({ snapshot: sample, staticDir: PAGE_DIR, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  /** Every screenshot of a view is also a check that no relation code (a hyphenated id of the catalogue) shows. */
  const shot = async (name: string): Promise<Buffer> => {
    const text = await page.evaluate(() => document.body.innerText);
    expect(RELATIONS.filter((r) => r.includes('-') && text.includes(r)), `relation codes shown on ${name}`).toEqual([]);
    return page.screenshot({ path: join(ARTIFACTS, `admin-page-${name}.png`), fullPage: true });
  };

  /**
   * WCAG 2.1 A and AA violations axe-core finds in what `target` shows now, each as "rule: what (where)". axe is
   * injected into the page from node_modules (no network).
   */
  async function accessibilityProblems(target: Page = page): Promise<string[]> {
    // A tooltip under the pointer (the button just clicked) fades in and out: axe measuring it half-transparent is
    // the animation, not the page. Park the pointer and let tooltips go before measuring.
    await target.mouse.move(0, 0);
    await target.locator('[role="tooltip"]').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await expect.poll(() => target.locator('[role="tooltip"]').count()).toBe(0);
    if (!(await target.evaluate(() => 'axe' in window))) await target.addScriptTag({ path: AXE });
    const violations = await target.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => ({ id: v.id, help: v.help, where: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
    });
    return violations.map((v) => `${v.id}: ${v.help} (${v.where.join(', ')})`);
  }

  /**
   * Each row of a table names its object: as a link into Jira, or with why it has none on hover (`data-no-link`,
   * whose words are LINK_WHY's), never a bare name.
   */
  async function everyRowNamedAndLinked(table: ReturnType<Page['getByRole']>, column: string): Promise<void> {
    const headers = await table.locator('thead th').allTextContents();
    const at = headers.findIndex((h) => h.trim().toLowerCase().startsWith(column.toLowerCase()));
    expect(at, `column ${column} of ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    const cells = await table.locator('tbody tr').evaluateAll(
      (rows, i) =>
        rows.map((tr) => {
          const td = tr.querySelectorAll('td')[i];
          const a = td?.querySelector('a[href]');
          const why = td?.querySelector('[data-no-link]');
          return { text: td?.textContent ?? '', link: a?.getAttribute('href') ?? '', why: why?.getAttribute('title') ?? '' };
        }),
      at,
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      expect(c.text.trim(), 'a row without a name').not.toBe('');
      expect(c.link !== '' || c.why.startsWith('Not linked: '), `${c.text}: neither a link nor why not`).toBe(true);
    }
  }

  async function downloaded(click: () => Promise<void>): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = await download.path();
    return readFile(path, 'utf8');
  }

  it('starts empty, runs a scan from Scan now, and shows counts and health', async () => {
    await page.goto(server.url);
    await page.getByText('No scan yet').waitFor();
    await shot('overview-empty');
    expect(await accessibilityProblems()).toEqual([]);
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText('Scan finished').waitFor({ timeout: 30_000 });
    const counts = page.getByRole('list', { name: 'Object counts' });
    await expect.poll(() => counts.getByText('Field', { exact: true }).count()).toBe(1);
    expect(await counts.textContent()).toContain(`${sample.fields.length}Field`);
    // Findings first (errors, then warnings), Jira's limits, then the counts and the other checks; no row repeats a count.
    const findings = page.getByRole('table', { name: 'Findings' });
    await findings.waitFor();
    await expect.poll(async () => findings.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('error');
    expect(new Set(await findings.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['error', 'warning']));
    const healthTable = page.getByRole('table', { name: 'Health checks' });
    await healthTable.waitFor();
    expect(new Set(await healthTable.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['info']));
    expect(`${await findings.textContent()}${await healthTable.textContent()}`).not.toContain('objects: ');
    const order = await page.locator('h3').allTextContents();
    expect(order.indexOf('Findings')).toBeLessThan(order.indexOf("Jira's limits per space"));
    expect(order.indexOf("Jira's limits per space")).toBeLessThan(order.indexOf('Objects'));
    // The kept scans: the one just run, finished, with as many objects as the counts add up to.
    const scans = page.getByRole('table', { name: 'Recent scans' });
    await scans.waitFor();
    const scanCells = await scans.locator('tbody tr').first().locator('td').allTextContents();
    const counted = (await counts.locator('li strong').allTextContents()).reduce((n, t) => n + Number(t.replace(/\D/g, '')), 0);
    expect(scanCells[1]).toBe('done');
    expect(Number(scanCells[3]?.replace(/\D/g, ''))).toBe(counted);
    expect(counted).toBeGreaterThan(sample.fields.length);
    expect(await scans.locator('tbody tr').count()).toBe(1);
    // Started from the page, the scan ran in the page: it cost the app no points, and the page says so.
    const stored = await server.scans.latest();
    expect(stored?.executor).toBe('page');
    expect(stored?.points?.points ?? 0).toBe(0);
    expect(scanCells[6]).toBe('none (read in the page)');
    await page.getByText('The app made no calls of its own to Jira in the last hours.').waitFor();
    await shot('overview');
    expect(await accessibilityProblems()).toEqual([]);
  });

  it('says Automation rules were not read, takes the rules export from a file, and counts its rules', async () => {
    await page.getByText('Automation rules not read', { exact: true }).waitFor();
    const exported = JSON.stringify({ cloud: true, rules: sample.automationRules.map((r, i) => ({ id: 900 + i, idUuid: r.id, name: r.name, state: r.state, projects: r.scope.projectIds.map((projectId) => ({ projectId })), trigger: r.trigger, components: r.components })) });
    await page.getByLabel('Upload the rules export (JSON):').setInputFiles({ name: 'automation-rules.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await page.getByText(/Rules from automation-rules\.json: 12 rules, uploaded just now/).waitFor({ timeout: 30_000 });
    const counts = page.getByRole('list', { name: 'Object counts' });
    await expect.poll(async () => counts.textContent()).toContain('12Automation rule');
    await expect.poll(async () => (await page.getByRole('table', { name: 'Health checks' }).textContent()) ?? '').toContain('11 enabled, 1 disabled');
    await shot('overview-automation');
    expect(await accessibilityProblems()).toEqual([]);
    // A file that is not an export: one message, with the JSON path.
    await page.getByLabel('Replace with another export (JSON):').setInputFiles({ name: 'filters.json', mimeType: 'application/json', buffer: Buffer.from('{"filters": []}') });
    await page.getByText('filters.json is not an Automation rules export: $: expected an Automation rules export', { exact: false }).waitFor();
  });

  it('after a second scan of a changed site, the Overview says what changed since, and History lists the changes and the references they broke', async () => {
    // The fake's audit log records the change as made by an admin whose name Jira gives (user/bulk).
    server.serveSnapshot({
      ...sample,
      fields: sample.fields.map((f) => (f.id === 'customfield_10062' ? { ...f, name: 'Automation Rank', clauseNames: ['cf[10062]', 'Automation Rank'] } : f)),
      filters: sample.filters.map((f) => (f.id === '10008' ? { ...f, jql: '"Story Pointz" > 5' } : f)),
      screens: sample.screens.filter((s) => s.id !== '10007'),
      users: [...(sample.users ?? []), { accountId: FAKE_AUDIT_AUTHOR, displayName: 'Avery Auditor', active: true }],
    });
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText(/^Since .*: 0 added, 1 removed, 1 renamed, 1 changed, 1 reference broken/).waitFor({ timeout: 30_000 });
    await page.getByLabel('Scan this site').selectOption('weekly');
    await expect.poll(async () => page.getByLabel('Scan this site').inputValue()).toBe('weekly');
    expect(await accessibilityProblems()).toEqual([]);
    await page.getByRole('tab', { name: 'History' }).click();
    const changes = page.getByRole('table', { name: 'Changes', exact: true });
    await changes.waitFor();
    await page.getByRole('button', { name: 'broken (1)' }).click();
    await expect.poll(async () => changes.locator('tbody').textContent()).toContain('filter JQL names field "Story Pointz", which matches nothing now');
    // Every row names its object and links it into Jira, or says on hover why it cannot.
    await page.getByRole('button', { name: /^All \(/ }).click();
    await expect.poll(() => changes.locator('tbody tr').count()).toBe(4);
    await everyRowNamedAndLinked(changes, 'Name');
    const removed = changes.locator('tbody tr', { hasText: 'Old Import Screen' });
    expect(await removed.locator('[data-no-link]').getAttribute('data-no-link')).toBe('removed');
    // Who changed it, by the name Jira gives now (the diff keeps the account id), and when.
    const renamed = changes.locator('tbody tr', { hasText: 'Automation Rank' });
    await expect.poll(() => renamed.locator(`[data-person="${FAKE_AUDIT_AUTHOR}"]`).textContent()).toBe('Avery Auditor');
    expect(await renamed.locator('td').nth(5).textContent()).toMatch(/ago|just now|today|minute|second/);
    await shot('history');
    expect(await accessibilityProblems()).toEqual([]);
    // The site as it was, scanned again, for the views after this one.
    server.serveSnapshot(sample);
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText(/^Since .*: 1 added, 0 removed, 1 renamed, 1 changed, 0 references broken/).waitFor({ timeout: 30_000 });
  });

  it('the Cleanup view filters by kind and verdict, shows the reasons, and downloads the rows picked as CSV', async () => {
    await page.getByRole('tab', { name: 'Cleanup' }).click();
    const view = page.getByRole('region', { name: 'Cleanup' });
    const table = view.getByRole('table', { name: 'Cleanup candidates' });
    await table.waitFor();
    // Every name of a kind with a checked Jira address links there (team-managed objects and rules known by uuid do not).
    await expect.poll(async () => table.locator('tbody tr').count()).toBeGreaterThan(5);
    const expectedRows = cleanup(analyse(sample)).rows;
    const teamManaged = new Set(sample.fields.filter((f) => f.projectId !== undefined).map((f) => f.id));
    let linked = 0;
    for (const tr of await table.locator('tbody tr').all()) {
      const cells = tr.locator('td');
      const kindText = (await cells.nth(1).textContent()) ?? '';
      const name = (await cells.nth(2).textContent()) ?? '';
      const row = expectedRows.find((r) => kindLabel(String(r.kind)) === kindText && r.name === name);
      expect(row, `${kindText} ${name}`).toBeDefined();
      const kind = String(row?.kind) as ObjectKind;
      const path = teamManaged.has(String(row?.id)) ? undefined : ADMIN_PAGES[kind]?.path(String(row?.id), name, asLinked);
      const anchor = cells.nth(2).locator('a');
      if (path === undefined) expect(await anchor.count(), `${kindText} ${name} has no checked address`).toBe(0);
      else {
        expect(await anchor.getAttribute('href'), `${kindText} ${name}`).toMatch(new RegExp(`^http://[^/]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(5);
    await view.getByLabel('Verdict').selectOption('safe');
    await view.getByLabel('Kind').selectOption('screen');
    await expect.poll(async () => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody').textContent()).toContain('Old Import Screen');
    await view.getByLabel('Pick Screen Old Import Screen').check();
    // Boards are judged when chosen: never safe (nothing records a board being opened), review with what each shows.
    await view.getByLabel('Kind').selectOption('board');
    await expect.poll(async () => table.locator('tbody tr').count()).toBe(0);
    await view.getByLabel('Verdict').selectOption('review');
    // The same rows as the CLI's `report cleanup --kind board` (the domain's).
    await expect.poll(async () => table.locator('tbody tr').count()).toBe(cleanup(analyse(sample), 'board').rows.length);
    expect(await table.locator('tbody').textContent()).toContain('its saved filter 10099 was not found');
    await view.getByLabel('Verdict').selectOption('review');
    await view.getByLabel('Kind').selectOption('field');
    // Fields to review, each with its reasons; the site caveats are said once above the table, on no row.
    await expect.poll(async () => table.locator('tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(async () => table.locator('tbody tr').first().locator('td').nth(3).textContent()).toBe('review');
    expect(await table.locator('tbody').textContent()).not.toContain('service project SUP');
    expect(await page.getByRole('list', { name: 'Site caveats' }).textContent()).toContain('service project SUP');
    const reviewed = String(await table.locator('tbody tr').first().locator('td').nth(2).textContent());
    await view.getByLabel(`Pick Field ${reviewed}`).check();
    expect(await accessibilityProblems()).toEqual([]);
    await shot('cleanup');
    const csv = await downloaded(() => page.getByRole('button', { name: 'Download the 2 picked as CSV' }).click());
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(rows.map((r) => `${r[0] ?? ''}:${r[1] ?? ''} ${r[3] ?? ''}`)).toEqual(['kind:id verdict', 'screen:10007 safe', `field:${sample.fields.find((f) => f.name === reviewed)?.id ?? ''} review`]);
    // Verdicts are lozenges; a date of last use reads "… ago", the date itself on hover.
    await view.getByLabel('Verdict').selectOption('');
    const fields = cleanup(analyse(sample), 'field').rows;
    const dated = fields.find((r) => typeof r.last_used === 'string' && /^\d{4}-/.test(r.last_used));
    if (dated === undefined) throw new Error('the sample has a cleanup field with a date of last use');
    const cell = table.locator('tbody tr', { hasText: String(dated.name) }).first().locator('td').nth(5);
    await expect.poll(async () => cell.textContent()).toMatch(/ ago$/);
    expect(await cell.locator('time').getAttribute('datetime')).toBe(dated.last_used);
    expect(await cell.locator('time').getAttribute('title')).toBe(new Date(Date.parse(String(dated.last_used))).toLocaleString('en-US'));
    expect(await table.locator('tbody tr', { hasText: String(dated.name) }).first().locator('td').nth(3).locator('span').first().textContent()).toBe(String(dated.verdict));
    await view.getByLabel('Verdict').selectOption('review');
    const review = fields.filter((r) => r.verdict === 'review');
    // Sorted by name by the resolver over every row of the kind and verdict, not just this page.
    await table.getByRole('button', { name: 'Name' }).click();
    const order = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const byName = review.map((r) => String(r.name)).sort((a, b) => order.compare(a, b));
    await expect.poll(async () => table.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(byName.slice(0, 50));
    // Pick every row of the page from the header, then every matching row across pages.
    await view.getByLabel('Pick every row of this page').check();
    await expect.poll(async () => (await table.locator('tbody input[type=checkbox]:checked').count())).toBe(Math.min(50, review.length));
    await view.getByRole('button', { name: `Pick all ${review.length} matching` }).click();
    await view.getByRole('button', { name: `Download the ${review.length + 1} picked as CSV` }).waitFor();
    expect(await accessibilityProblems()).toEqual([]);
    await view.getByRole('button', { name: 'Clear the picks' }).click();
  });

  it('finds a field by name, lists where it is used with evidence, and shows the impact of a change, all by keyboard', async () => {
    // Keyboard only: arrow keys move between tabs, Tab reaches the search box and the results, Enter opens one.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: 'Explorer' }).getAttribute('aria-selected')).toBe('true');
    await page.getByLabel(/Find a field/).focus();
    await page.keyboard.type('Story Points');
    const result = page.getByRole('button', { name: /^Field: Story Points \(customfield_10022\)/ });
    await result.waitFor();
    // Tab on from the search box until the result has the focus (a few stops at most: nothing traps the focus).
    for (let i = 0; i < 5 && !(await result.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await result.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const a0 = analyse(sample);
    const table = page.getByRole('table', { name: 'Where Story Points is used' });
    await table.waitFor();
    const a = analyse(sample);
    const storyPoints = a.graph.node({ kind: 'field', id: 'customfield_10022' })!;
    const rows = whereUsed(a, storyPoints).rows;
    expect(rows.length).toBeGreaterThan(0);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(rows.length);
    expect(await table.textContent()).toContain(String(rows[0]?.evidence));
    // The card: its Cleanup row's verdict, the one count, and the facts to check before deleting it, linked into Jira.
    const card = page.getByRole('region', { name: 'About Story Points' });
    expect(await card.textContent()).toContain(`Cleanup: ${String(cleanup(a0, 'field', true).rows.find((r) => r.id === 'customfield_10022')?.verdict)}`);
    expect(await card.textContent()).toContain(`Used by ${userCount(a0, a0.graph.node({ kind: 'field', id: 'customfield_10022' })!)} object`);
    expect(await card.getByRole('definition').first().textContent()).toMatch(/^custom field · /);
    expect(await card.getByRole('table', { name: 'Contexts' }).locator('tbody tr').count()).toBe(sample.fieldContexts.filter((c) => c.fieldId === 'customfield_10022').length);
    // Each user's name links to where it is edited in Jira, where a checked address exists; no relation code shows.
    for (const [i, r] of rows.entries()) {
      const path = ADMIN_PAGES[r.used_by_kind as ObjectKind]?.path(String(r.used_by_id), String(r.used_by_name), asLinked);
      const anchor = table.locator('tbody tr').nth(i).locator('a');
      expect(await anchor.count(), `${String(r.used_by_kind)} ${String(r.used_by_name)}`).toBe(path === undefined ? 0 : 1);
      if (path !== undefined) expect(await anchor.getAttribute('href')).toContain(path);
    }
    // Where-used grouped by kind, with counts of the objects (not references) of each kind: the uses, the count the
    // search list shows, and apart what only configures the field or is part of it.
    const byKind = (use: string): Map<string, Set<string>> => {
      const out = new Map<string, Set<string>>();
      for (const r of rows.filter((x) => x.use === use)) (out.get(String(r.used_by_kind)) ?? out.set(String(r.used_by_kind), new Set()).get(String(r.used_by_kind)))?.add(String(r.used_by_id));
      return out;
    };
    const usersByKind = byKind('yes');
    const users = [...usersByKind.values()].reduce((n, ids) => n + ids.size, 0);
    const summary = page.getByRole('list', { name: new RegExp(`^Used by ${users} object`) });
    for (const [kind, ids] of usersByKind) expect(await summary.textContent()).toContain(`${kindLabel(kind)}: ${ids.size}`);
    expect(await summary.locator('li').count()).toBe(usersByKind.size);
    expect(userCount(a, storyPoints)).toBe(users);
    const configured = byKind('no');
    const configuredList = page.getByRole('list', { name: /^Configured in or part of \d+ object/ });
    expect(await configuredList.locator('li').count()).toBe(configured.size);
    for (const [kind, ids] of configured) expect(await configuredList.textContent()).toContain(`${kindLabel(kind)}: ${ids.size}`);
    expect(await page.getByRole('heading', { name: /^Field: Story Points/ }).locator('a').getAttribute('href')).toMatch(/\/secure\/admin\/ConfigureCustomField!default\.jspa\?customFieldId=10022$/);
    await shot('explorer-where-used');
    expect(await accessibilityProblems()).toEqual([]);
    const whereUsedCsv = await downloaded(() => page.getByRole('button', { name: 'Download CSV' }).click());
    const whereUsedRows = Papa.parse<string[]>(whereUsedCsv, { skipEmptyLines: true }).data;
    expect(whereUsedRows.slice(1).map((r) => r[4])).toEqual(rows.map((r) => r.used_by_id));

    await page.getByRole('button', { name: 'Impact of a change' }).click();
    await page.getByRole('img', { name: /^Impact graph of Story Points/ }).waitFor();
    const affected = impact(a, storyPoints).rows.length;
    expect(await page.getByText(`A change reaches ${affected} object`).count()).toBe(1);
    await expect.poll(() => page.getByRole('list', { name: 'Impact tree' }).locator('li').count()).toBe(affected + 1);
    // The graph shows whole names, wrapped over lines, and says what it leaves out.
    const graph = page.getByRole('img', { name: /^Impact graph of Story Points/ });
    const boxes = await graph.locator('g text').evaluateAll((texts) => texts.map((t) => Array.from(t.querySelectorAll('tspan'), (x) => x.textContent).join(' ')));
    expect(boxes[0]).toBe('Field: Story Points');
    const affectedNames = new Set(impact(a, storyPoints).rows.map((r) => `${kindLabel(String(r.affected_kind))}: ${String(r.affected_name)}`));
    for (const box of boxes.slice(1)) expect(affectedNames.has(box), box).toBe(true);
    const caption = (await page.locator('figcaption').textContent()) ?? '';
    expect(caption).toBe(affected <= 40 ? `Every one of the ${affected} affected objects, the closest on the left.` : `The 40 closest of ${affected} affected objects: ${affected - 40} more are left out of the picture; the tree below lists them all.`);
    expect(boxes).toHaveLength(Math.min(40, affected) + 1);
    await shot('explorer-impact');
    expect(await accessibilityProblems()).toEqual([]);
  });

  it('shows a report, sorts and filters it, and downloads its CSV with every row', async () => {
    await page.getByRole('tab', { name: 'Reports' }).click();
    const table = page.getByRole('table', { name: 'Unused' });
    await table.waitFor();
    const expected = unused(analyse(sample)).rows;
    await page.getByText(`${expected.length} rows`).waitFor();

    const csv = await downloaded(() => page.getByRole('button', { name: 'Download CSV' }).click());
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual(['kind', 'id', 'name', 'criterion', 'last_used', 'link']);
    expect(parsed.data.slice(1).map((r) => r[1])).toEqual(expected.map((r) => r.id));
    // The CSV's links are the ones the names open.
    const shownLinks = await table.locator('tbody tr td:nth-child(3) a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(shownLinks.length).toBeGreaterThan(0);
    for (const href of shownLinks) expect(parsed.data.some((r) => r[5] === href)).toBe(true);
    await everyRowNamedAndLinked(table, 'Name');

    await page.getByLabel('Filter rows').fill('Labels (old)');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.filter((r) => Object.values(r).some((v) => String(v).toLowerCase().includes('labels (old)'))).length);
    await page.getByLabel('Filter rows').fill('');
    await page.getByText(`${expected.length} rows`).waitFor();
    // Sorting is done by the server over the whole report, not just the page shown.
    await page.getByRole('button', { name: 'Name' }).click();
    const byName = expected.map((r) => String(r.name)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
    await expect.poll(() => table.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(byName.slice(0, 50));
    await shot('reports');
    expect(await accessibilityProblems()).toEqual([]);
    // Every report's rows name their object and link it or say why not; a health row, a check over many objects,
    // says where its objects are listed.
    const choose = async (label: string) => {
      await page.locator('#report-select').click();
      await page.getByRole('option', { name: label, exact: true }).click();
      const t = page.getByRole('table', { name: label });
      await t.locator('tbody tr').first().waitFor();
      return t;
    };
    for (const label of ['Cleanup', 'Duplicates', 'Broken and ambiguous references', "Jira's limits per space", 'Inventory']) await everyRowNamedAndLinked(await choose(label), label === 'Broken and ambiguous references' ? 'Source name' : 'Name');
    const healthTable = await choose('Health');
    const see = await healthTable.locator('tbody tr td:last-child').allTextContents();
    expect(see.length).toBeGreaterThan(10);
    for (const text of see) expect(text.trim()).not.toBe('');
    expect(await accessibilityProblems()).toEqual([]);
  });

  it('previews and exports issues found by JQL, and the CSV holds every issue', async () => {
    await page.getByRole('tab', { name: 'Export issues' }).click();
    // The field picker prefers the exact name on Enter: "Priority", not "Old Priority" above it in name order.
    const priority = sample.fields.find((f) => f.name === 'Priority');
    expect(sample.fields.some((f) => f.name === 'Old Priority')).toBe(true);
    await page.locator('#export-fields').fill('Priority');
    await page.keyboard.press('Enter');
    await page.getByText(`Priority (${String(priority?.id)})`, { exact: true }).waitFor();
    expect(await page.getByText(/^Old Priority \(/).count()).toBe(0);
    await page.getByRole('button', { name: /^Remove Priority/ }).click();
    await page.getByLabel('JQL').fill('project = OPS');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('table', { name: 'Export preview' });
    await preview.waitFor();
    const ops = (sample.issues ?? []).filter((i) => i.key.startsWith('OPS-'));
    await page.getByText(`of about ${ops.length} issues`).waitFor();
    await shot('export-preview');
    expect(await accessibilityProblems()).toEqual([]);

    const csv = await downloaded(() => page.getByRole('button', { name: 'Export CSV' }).click());
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(parsed.data[0]?.[0]).toBe('Issue key');
    expect(new Set(parsed.data.slice(1).map((r) => r[0]))).toEqual(new Set(ops.map((i) => i.key)));
    await page.getByText(`Exported ${ops.length} issues.`).waitFor();
    await shot('export-done');
    expect(await accessibilityProblems()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('on a site with a space over 80 % of the field limit, the Overview shows that space first with what could go, as report limits lists it', async () => {
    const made = siteNearTheLimit();
    const near = await startLocalServer({ snapshot: made.site, staticDir: PAGE_DIR, port: 0 });
    try {
      const other = await browser.newPage();
      await other.goto(near.url);
      await other.getByRole('button', { name: 'Scan now' }).click();
      await other.getByText('Scan finished').waitFor({ timeout: 60_000 });
      const latest = await near.scans.latest();
      const stored = latest === undefined ? undefined : await near.scans.snapshot(latest.id);
      if (stored === undefined) throw new Error('the page scan stored no snapshot');
      // What the CLI's report limits says of the same snapshot: the near space first, then what could go from it.
      const rows = limits(analyse(stored)).rows;
      const [first] = rows;
      if (first === undefined) throw new Error('the limits report has no rows');
      const candidates = rows.filter((r, i) => i > 0 && r.id === first.id && r.limit === first.limit && r.candidate_id !== null);
      expect(first).toMatchObject({ id: made.near, candidate_id: null });
      expect(candidates.map((r) => r.candidate_id)).toContain(made.heldElsewhere);
      expect(candidates.map((r) => r.candidate_id)).not.toContain(made.heldHere);
      const gauges = other.getByRole('list', { name: "Jira's limits, nearest first" });
      await gauges.waitFor();
      const top = gauges.locator(':scope > li').first();
      expect(await top.textContent()).toContain(`${String(first.name)}custom fields per company-managed space: ${Number(first.used).toLocaleString('en-US')} of 700 (${String(first.percent)}%)near the limit`);
      const could = other.getByRole('list', { name: `What could go from ${String(first.name)}` });
      const shown = await could.locator('li').allTextContents();
      expect(shown.slice(0, 10)).toEqual(candidates.slice(0, 10).map((r) => `${String(r.candidate_name)} (${String(r.candidate_id)}): ${String(r.action)}`));
      expect(shown.at(-1)).toBe(`and ${candidates.length - 10} more in Reports → Jira's limits per space`);
      await other.screenshot({ path: join(ARTIFACTS, 'admin-page-limits.png'), fullPage: true });
      expect(await accessibilityProblems(other)).toEqual([]);
      // The Reports tab lists the same rows, each candidate's name linked into Jira.
      await other.getByRole('tab', { name: 'Reports' }).click();
      await other.locator('#report-select').click();
      await other.getByRole('option', { name: "Jira's limits per space" }).click();
      const table = other.getByRole('table', { name: "Jira's limits per space" });
      await expect.poll(async () => table.locator('tbody tr').first().textContent()).toContain(String(first.name));
      await expect.poll(async () => table.locator('tbody tr').nth(1).getByRole('link').getAttribute('title')).toBe(`Open ${String(candidates[0]?.candidate_name)} in Jira`);
      expect(await accessibilityProblems(other)).toEqual([]);
      await other.close();
    } finally {
      await near.close();
    }
  }, 120_000);

  it('tells someone who is not a Jira administrator why the page refuses them', async () => {
    const refusing = await startLocalServer({ snapshot: sample, staticDir: PAGE_DIR, port: 0, admin: false, accountId: 'user-9' });
    try {
      const other = await browser.newPage();
      await other.goto(refusing.url);
      await other.getByText('Config Lens is for Jira administrators', { exact: true }).waitFor();
      expect(await other.getByRole('alert').textContent()).toContain('does not have the Administer Jira global permission');
      await other.screenshot({ path: join(ARTIFACTS, 'admin-page-refused.png') });
      expect(await accessibilityProblems(other)).toEqual([]);
      await other.close();
    } finally {
      await refusing.close();
    }
  });
});
