import { ScheduledScans } from '../src/app/schedule';
import { setupServer } from 'msw/node';
import Papa from 'papaparse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { FAKE_AUDIT_AUTHOR, FAKE_REMOTE_ADDRESS, FakeAuditLog } from '../src/adapters/fake-jira/audit';
import { RestAdminCheck } from '../src/adapters/jira-rest/admin-check';
import { JiraClient } from '../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../src/adapters/jira-rest/issues';
import { RestScanner } from '../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { AdminApi, API_FUNCTIONS, type ApiResponse, type ApiResults, type CallContext } from '../src/app/admin-api';
import { isFatalScanError } from '../src/app/container';
import { ExportJobs } from '../src/app/export-jobs';
import { packJson } from '../src/app/chunked';
import { exportInPage } from '../src/app/page-export';
import { Retention } from '../src/app/retention';
import { ScanJobs } from '../src/app/scan-jobs';
import { analyse, unused, UNUSED_KINDS, userCount, whereUsed } from '../src/domain/analysis';
import type { AdminCheck } from '../src/ports/admin-check';
import { loadSample } from './support/sample';

const SITE = 'https://fake-jira.test';
const SITE_A = 'ari:cloud:jira::site/aaaaaaaa-0000-4000-8000-000000000001';
const sample = loadSample();
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

const admin: CallContext = { accountId: 'admin-1', siteUrl: SITE, installation: SITE_A };

function world(options: { admin?: boolean; queueTime?: boolean } = {}) {
  server.resetHandlers(...createFakeJiraHandlers(sample, { ...(options.admin === undefined ? {} : { admin: options.admin }) }));
  let now = Date.parse('2026-11-23T10:00:00.000Z');
  const queue = new InMemoryJobQueue();
  // Time moves when a test advances it, and with `queueTime` also with the queue's virtual time (a delayed event runs
  // when its time has come: a scheduled scan waits for its minute of the hour).
  const clock = { now: () => new Date(now + (options.queueTime === true ? Math.floor(queue.now() * 1000) : 0)) };
  const http = new NodeJiraHttp({ site: SITE });
  const client = new JiraClient(http, { sleep: () => Promise.resolve() });
  const store = new InMemoryKeyValueStore();
  const scans = new ScanJobs(store, queue, new RestScanner(http, { sleep: () => Promise.resolve(), automation: 'export-only' }), clock, isFatalScanError);
  queue.attach((e) => scans.handle(e));
  const exports = new ExportJobs(store, new RestIssueSearch(client, 25), new RestUserDirectory(client), () => readFieldCatalogue(client), clock);
  let checks = 0;
  const inner = new RestAdminCheck(http);
  const adminCheck: AdminCheck = { isAdmin: () => { checks++; return inner.isAdmin(); } };
  const api = new AdminApi(scans, exports, adminCheck, clock, store, new ScheduledScans(store, scans, clock));
  const call = async <F extends keyof ApiResults>(fn: F, payload: unknown, context = admin): Promise<ApiResults[F]> => {
    const r = (await api.call(fn, payload, context)) as ApiResponse<ApiResults[F]>;
    if (!r.ok) throw new Error(`${r.code}: ${r.error}`);
    return r.value;
  };
  return { api, call, store, queue, scans, exports, client, checks: () => checks, advance: (ms: number) => { now += ms; } };
}

/** An export as versions before the page's export stored it (rows in chunks), to show it is still swept. */
async function storeOldExport(w: ReturnType<typeof world>, id: string): Promise<void> {
  await w.store.set(`exports:index:${id}`, '2026-11-23T10:00:00.000Z');
  await w.store.set(`export:${id}`, { id, requestedBy: 'admin-1', createdAt: '2026-11-23T10:00:00.000Z', jql: 'project = OPS', state: 'running', rows: 25, total: 40, chunks: 1 });
  await w.store.set(`export:${id}:chunk:000000`, 'OPS-1,Summary of OPS-1');
}

async function scanned() {
  const w = world();
  await w.call('scan.start', {});
  await w.queue.drain();
  return w;
}

describe('one count per object on the page', () => {
  it('every object of the sample Cleanup judges has the same use count in search, on its page (its card) and in where-used, is a Cleanup candidate exactly when that count is 0, and its card shows its Cleanup row', async () => {
    const w = await scanned();
    const cleanupRows = await w.call('report.rows', { report: 'cleanup', limit: 500 });
    const candidates = new Set(cleanupRows.rows.map((r) => `${String(r.kind)}:${String(r.id)}`));
    const a = analyse({ ...sample, automationRules: [] });
    let checked = 0;
    for (const kind of UNUSED_KINDS) {
      for (const node of a.graph.nodesOf(kind)) {
        const address = `${kind}:${node.id}`;
        const found = (await w.call('object.search', { query: node.id, kind, limit: 100 })).results.find((r) => r.id === node.id);
        const used = await w.call('object.whereUsed', { address });
        const users = used.byKind?.reduce((n, k) => n + k.count, 0) ?? 0;
        expect(found?.usedBy, address).toBe(users);
        expect(users, address).toBe(userCount(a, node));
        expect(candidates.has(address), address).toBe(users === 0);
        // The object's card says the same count and shows its very Cleanup row: verdict and reasons.
        const card = await w.call('object.card', { address });
        expect(card.users, address).toBe(users);
        const row = candidates.has(address) ? cleanupRows.rows.find((r) => `${String(r.kind)}:${String(r.id)}` === address) : undefined;
        if (row === undefined) expect(card.verdict?.verdict, address).toBe('in-use');
        else expect({ verdict: card.verdict?.verdict, reasons: card.verdict?.reasons.join('; ') }, address).toEqual({ verdict: row.verdict, reasons: row.reasons });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the resolver API', () => {
  beforeEach(() => { server.resetHandlers(); });

  it('keeps every site apart when one instance serves two installations: an admin of A is nobody on B, and B cannot read A\'s scan', async () => {
    server.resetHandlers(...createFakeJiraHandlers(sample));
    const A = 'ari:cloud:jira::site/aaaaaaaa-0000-4000-8000-00000000000a';
    const B = 'ari:cloud:jira::site/bbbbbbbb-0000-4000-8000-00000000000b';
    let current = A;
    // Forge gives each installation its own store and answers asUser for the site the call came through.
    const stores = new Map([[A, new InMemoryKeyValueStore()], [B, new InMemoryKeyValueStore()]]);
    const routed = (): InMemoryKeyValueStore => stores.get(current) ?? new InMemoryKeyValueStore();
    const store = { get: <T>(k: string) => routed().get<T>(k), set: (k: string, v: unknown) => routed().set(k, v), create: (k: string, v: unknown) => routed().create(k, v), delete: (k: string) => routed().delete(k), keys: (p: string) => routed().keys(p) };
    const adminOf: Record<string, readonly string[]> = { [A]: ['admin-1'], [B]: ['admin-2'] };
    let caller = 'admin-1';
    const http = new NodeJiraHttp({ site: SITE });
    const client = new JiraClient(http, { sleep: () => Promise.resolve() });
    const clock = { now: () => new Date('2026-11-25T10:00:00.000Z') };
    const queue = new InMemoryJobQueue();
    const scans = new ScanJobs(store, queue, new RestScanner(http, { sleep: () => Promise.resolve(), automation: 'export-only' }), clock, isFatalScanError);
    queue.attach((e) => scans.handle(e));
    const exports = new ExportJobs(store, new RestIssueSearch(client, 25), new RestUserDirectory(client), () => readFieldCatalogue(client), clock);
    const api = new AdminApi(scans, exports, { isAdmin: () => Promise.resolve(adminOf[current]?.includes(caller) === true) }, clock, store, new ScheduledScans(store, scans, clock));
    const on = (installation: string, accountId: string, fn: string, payload: unknown): Promise<ApiResponse> => {
      current = installation;
      caller = accountId;
      return api.call(fn, payload, { accountId, siteUrl: SITE, installation });
    };

    const started = await on(A, 'admin-1', 'scan.start', {});
    expect(started.ok).toBe(true);
    current = A;
    await queue.drain();
    const scanA = started.ok ? (started.value as { id: string }).id : '';
    expect(await on(A, 'admin-1', 'object.whereUsed', { scanId: scanA, address: 'field:customfield_10023' })).toMatchObject({ ok: true });

    // admin-1 was remembered as an admin on A a moment ago; on B, where they are not, every function is refused.
    expect(await on(B, 'admin-1', 'data.purge', { confirm: true })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await on(B, 'admin-1', 'object.whereUsed', { scanId: scanA, address: 'field:customfield_10023' })).toMatchObject({ ok: false, code: 'forbidden' });
    // An admin of B naming A's scan id reads nothing of A: the id resolves in B's store only, not in memory A filled.
    expect(await on(B, 'admin-2', 'object.whereUsed', { scanId: scanA, address: 'field:customfield_10023' })).toEqual({ ok: false, code: 'bad-request', error: `scan ${scanA} is not finished, or was deleted` });
    expect(await on(B, 'admin-2', 'object.search', { scanId: scanA, query: 'Severity' })).toMatchObject({ ok: false, error: `scan ${scanA} is not finished, or was deleted` });
    expect(await on(B, 'admin-2', 'report.rows', { scanId: scanA, report: 'unused', filter: 'a' })).toMatchObject({ ok: true, value: { scanId: null, rows: [] } });
    // A's data is still there, for A.
    expect(await on(A, 'admin-1', 'report.rows', { scanId: scanA, report: 'unused' })).toMatchObject({ ok: true, value: { scanId: scanA } });
    expect((await stores.get(A)?.keys(''))?.length).toBeGreaterThan(0);
    expect(await stores.get(B)?.keys('')).toEqual([]);
    // A call that does not say which site it is for is refused.
    expect(await api.call('scan.list', {}, { accountId: 'admin-1', siteUrl: SITE, installation: undefined })).toMatchObject({ ok: false, code: 'forbidden' });
  }, 30_000);

  it('refuses every function to a non-admin, saying why, and stores nothing', async () => {
    const w = world({ admin: false });
    for (const fn of API_FUNCTIONS) {
      expect(await w.api.call(fn, {}, { accountId: 'user-9', siteUrl: SITE, installation: SITE_A })).toEqual({
        ok: false,
        code: 'forbidden',
        error: 'Config Lens is for Jira administrators: your account does not have the Administer Jira global permission.',
      });
    }
    expect(await w.store.keys('')).toEqual([]);
    expect(await w.api.call('scan.list', {}, { accountId: undefined, siteUrl: SITE, installation: SITE_A })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('asks Jira once per account within five minutes, then again', async () => {
    const w = world();
    await w.call('scan.list', {});
    await w.call('scan.list', {});
    await w.call('scan.list', {}, { accountId: 'admin-2', siteUrl: SITE, installation: SITE_A });
    expect(w.checks()).toBe(2);
    w.advance(5 * 60 * 1000 + 1);
    await w.call('scan.list', {});
    expect(w.checks()).toBe(3);
  });

  it('names what is wrong with a payload, and an unknown function', async () => {
    const w = world();
    const bad = await w.api.call('report.rows', { report: 'popular', limit: 9999 }, admin);
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
    expect(!bad.ok && bad.error).toMatch(/^report\.rows: /);
    expect(!bad.ok && bad.error).toContain('→ at report');
    expect(!bad.ok && bad.error).toContain('→ at limit');
    expect(await w.api.call('report.drop', {}, admin)).toEqual({ ok: false, code: 'bad-request', error: "unknown function 'report.drop'" });
    expect(await w.api.call('data.purge', {}, admin)).toMatchObject({ ok: false, code: 'bad-request', error: expect.stringContaining('send confirm: true') as unknown });
  });

  it('answers before any scan with empty results, not errors', async () => {
    const w = world();
    expect(await w.call('scan.status', {})).toBeNull();
    expect(await w.call('report.rows', { report: 'unused' })).toEqual({ scanId: null, columns: [], rows: [], total: 0, offset: 0 });
    expect(await w.call('object.search', { query: 'team' })).toEqual({ scanId: null, results: [], total: 0 });
  });

  it('pages, filters, narrows by kind and sorts report rows on the server', async () => {
    const w = await scanned();
    const expected = unused(analyse((await w.scans.snapshot((await w.scans.latest())!.id))!)).rows;
    const pages = [];
    for (let offset = 0; offset < expected.length; offset += 4) pages.push(...(await w.call('report.rows', { report: 'unused', offset, limit: 4 })).rows);
    // The page's rows carry each object's Jira address beside the report's columns.
    const columnsOnly = (rows: readonly Record<string, unknown>[]) => rows.map(({ link: _link, link_why: _why, ...r }) => r);
    expect(columnsOnly(pages)).toEqual(expected);
    expect(pages.filter((r) => typeof r.link === 'string').length).toBeGreaterThan(expected.length / 2);

    const fields = await w.call('report.rows', { report: 'unused', kind: 'field', limit: 500 });
    expect(columnsOnly(fields.rows)).toEqual(expected.filter((r) => r.kind === 'field'));
    const filtered = await w.call('report.rows', { report: 'unused', filter: 'SCHEME', limit: 500 });
    expect(filtered.total).toBe(expected.filter((r) => Object.values(r).some((v) => String(v).toLowerCase().includes('scheme'))).length);
    const sorted = await w.call('report.rows', { report: 'unused', sort: { column: 'name', direction: 'desc' }, limit: 500 });
    const names = sorted.rows.map((r) => String(r.name));
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' })));
  });

  it('links the first rows of a stored report without reading the scan\'s snapshot, and still links reports stored before rows kept their links', async () => {
    const w = await scanned();
    const id = (await w.scans.latest())!.id;
    const read: string[] = [];
    const get = w.store.get.bind(w.store);
    w.store.get = <T,>(key: string) => { read.push(key); return get<T>(key); };
    const first = await w.call('report.rows', { report: 'cleanup', limit: 20 });
    expect(read.filter((k) => k.includes(':snapshot'))).toEqual([]);
    const linked = first.rows.filter((r) => typeof r.link === 'string');
    expect(linked.length).toBeGreaterThan(0);
    // A filter never matches the address alone: most links hold "secure", few names or details do.
    const bySecure = await w.call('report.rows', { report: 'cleanup', filter: 'secure', limit: 500 });
    expect(bySecure.rows.every((r) => Object.entries(r).some(([c, v]) => c !== 'link' && String(v).toLowerCase().includes('secure')))).toBe(true);

    // As an older version stored it: no links in the rows, none promised by the head.
    const head = (await w.scans.reportHead(id, 'cleanup'))!;
    const { linked: _linked, ...older } = head;
    await w.store.set(`scan:${id}:report:cleanup`, older);
    for (let page = 0; page < head.pages.length; page++) {
      const rows = (await w.scans.reportPage(id, 'cleanup', page)).map(({ link: _link, link_why: _why, ...r }) => r);
      await w.store.set(`scan:${id}:report:cleanup:page:${page}`, packJson(rows));
    }
    read.length = 0;
    const again = await w.call('report.rows', { report: 'cleanup', limit: 20 });
    expect(again.rows).toEqual(first.rows);
    expect(read.some((k) => k.includes(':snapshot'))).toBe(true);
  });

  it('gives a report as CSV in parts that join into every row', async () => {
    const w = await scanned();
    const first = await w.call('report.csv', { report: 'inventory', bom: true });
    let text = first.text;
    for (let part = 1; part < first.parts; part++) text += (await w.call('report.csv', { report: 'inventory', part })).text;
    expect(text.startsWith('\uFEFFkind,id,name,detail,link\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const all = await w.call('report.rows', { report: 'inventory', limit: 500 });
    expect(rows.length - 1).toBe(all.total);
    // Each row ends with its object's Jira address, the one the page links its name to.
    const shown = new Map(all.rows.map((r) => [`${String(r.kind)}:${String(r.id)}`, r.link ?? '']));
    for (const r of rows.slice(1, 501)) expect(r[4]).toBe(shown.get(`${r[0] ?? ''}:${r[1] ?? ''}`) ?? '');
    expect(rows.slice(1).filter((r) => (r[4] ?? '').startsWith(SITE)).length).toBeGreaterThan(0);
  });

  it('finds objects by name or id, best matches first, and answers where-used and impact for them', async () => {
    const w = await scanned();
    const found = await w.call('object.search', { query: 'story points' });
    expect(found.results[0]).toMatchObject({ kind: 'field', id: 'customfield_10022', name: 'Story Points' });
    const byId = await w.call('object.search', { query: 'customfield_10022' });
    expect(byId.results[0]?.id).toBe('customfield_10022');
    const used = await w.call('object.whereUsed', { address: 'field:customfield_10022' });
    // The app reads no rules until an admin uploads an export.
    const a = analyse({ ...sample, automationRules: [] });
    expect(used.rows.map(({ link: _link, link_why: _why, ...r }) => r)).toEqual(whereUsed(a, a.graph.node({ kind: 'field', id: 'customfield_10022' })!).rows);
    // Each row links to where its user is edited on the scanned site, where a checked address exists.
    expect(found.results[0]?.link).toBe(`${SITE}/secure/admin/ConfigureCustomField!default.jspa?customFieldId=10022`);
    expect(used.rows.find((r) => r.used_by_kind === 'screen')?.link).toMatch(new RegExp(`^${SITE}/secure/admin/ConfigureFieldScreen\\.jspa\\?id=\\d+$`));
    const context = used.rows.find((r) => r.used_by_kind === 'field-context');
    expect(context?.link).toBe(`${SITE}/secure/admin/ManageConfigurationScheme!default.jspa?customFieldId=10022&fieldConfigSchemeId=${String(context?.used_by_id)}`);
    const candidates = await w.call('report.rows', { report: 'cleanup', kind: 'screen' });
    expect(candidates.rows[0]?.link).toBe(`${SITE}/secure/admin/ConfigureFieldScreen.jspa?id=${String(candidates.rows[0]?.id)}`);
    expect(used.total).toBe(used.rows.length);
    // Users grouped by kind, each user counted once however many references it holds: the uses (the one count the
    // search shows too) and, apart, what configures the field or is part of it (its contexts).
    const screenUsers = new Set(used.rows.filter((r) => r.used_by_kind === 'screen').map((r) => r.used_by_id));
    expect(used.byKind?.find((k) => k.kind === 'screen')?.count).toBe(screenUsers.size);
    const distinct = (use: string): number => new Set(used.rows.filter((r) => r.use === use).map((r) => `${String(r.used_by_kind)}:${String(r.used_by_id)}`)).size;
    expect(used.byKind?.reduce((n, k) => n + k.count, 0)).toBe(distinct('yes'));
    expect(found.results[0]?.usedBy).toBe(distinct('yes'));
    expect(used.configuredBy?.find((k) => k.kind === 'field-context')?.count).toBe(new Set(used.rows.filter((r) => r.used_by_kind === 'field-context').map((r) => r.used_by_id)).size);
    expect(used.configuredBy?.reduce((n, k) => n + k.count, 0)).toBe(distinct('no'));
    const impact = await w.call('object.impact', { address: 'project:eng' });
    expect(impact.object).toMatchObject({ kind: 'project', name: 'Engineering' });
    // The CSV of an object report has every row, in parts of 2000.
    let csv = '';
    const first = await w.call('object.csv', { report: 'impact', address: 'project:ENG', bom: true });
    csv += first.text;
    for (let part = 1; part < first.parts; part++) csv += (await w.call('object.csv', { report: 'impact', address: 'project:ENG', part })).text;
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['kind', 'id', 'name', 'affected_kind', 'affected_id', 'affected_name', 'depth', 'relation', 'path', 'link']);
    expect(parsed.slice(1).map((r) => r[4])).toEqual(impact.rows.map((r) => r.affected_id));
    // The affected object's Jira address, as the page links it.
    expect(parsed.slice(1).map((r) => r[9])).toEqual(impact.rows.map((r) => r.link ?? ''));
    expect(first.filename).toBe('config-lens-impact-project-10000.csv');
    expect(await w.api.call('object.whereUsed', { address: 'field:customfield_99999' }, admin)).toEqual({ ok: false, code: 'bad-request', error: "no field with id or name 'customfield_99999' in this snapshot" });
  });

  it('shows Jira’s message for bad JQL in the preview, and an empty preview for a query that finds nothing', async () => {
    const w = world();
    expect(await w.api.call('export.preview', { jql: 'project = ENG AND (' }, admin)).toEqual({
      ok: false,
      code: 'bad-request',
      error: 'POST /rest/api/3/search/jql: HTTP 400: Error in the JQL Query: expected a field but found end of query (line 1, character 20)',
    });
    const preview = await w.call('export.preview', { jql: 'project = HR', fields: ['summary'] });
    expect(preview).toEqual({ columns: ['Issue key', 'Summary'], rows: [], total: 0 });
  });

  it('an export in the page says which fields Jira would not give (a licence error), once each', async () => {
    const sla = { id: 'customfield_10090', name: 'Time to resolution', custom: true, clauseNames: ['cf[10090]'] };
    const unlicensed = { ...sample, fields: [...sample.fields, sla], issues: (sample.issues ?? []).map((i) => ({ ...i, fields: { ...i.fields, customfield_10090: { errorMessage: 'Not licensed.' } } })) };
    server.resetHandlers(...createFakeJiraHandlers(unlicensed));
    const result = await exportInPage({ http: new NodeJiraHttp({ site: SITE }), request: { jql: 'project = OPS ORDER BY key', fields: ['summary', 'customfield_10090'], render: {}, csv: {} }, sink: { write: () => Promise.resolve() }, pageSize: 5 });
    expect(result.notices).toEqual([expect.stringMatching(/^field Time to resolution \(customfield_10090\): Jira did not give its value \(Not licensed\.\), first in OPS-\d+; its cells are empty$/)]);
  });

  it('purges every scan, and any export an earlier version stored, on request', async () => {
    const w = await scanned();
    await storeOldExport(w, '20261123090000000-old001');
    const { deleted } = await w.call('data.purge', { confirm: true });
    expect(deleted).toBeGreaterThan(10);
    expect(await w.store.keys('scan')).toEqual([]);
    expect(await w.store.keys('export')).toEqual([]);
    expect(await w.call('scan.status', {})).toBeNull();
  });
});

describe('Automation rules on Forge: an export uploaded through the resolver', () => {
  beforeEach(() => { server.resetHandlers(); });
  /** The sample's rules as the export an admin downloads from global automation. */
  const exportText = JSON.stringify({ cloud: true, rules: sample.automationRules.map((r, i) => ({ id: 500 + i, idUuid: r.id, name: r.name, state: r.state, projects: r.scope.projectIds.map((projectId) => ({ projectId })), trigger: r.trigger, components: r.components, actor: { type: 'ACCOUNT_ID', value: '557058:x', emailAddress: 'jane@acme.example' } })) });
  const upload = async (w: Awaited<ReturnType<typeof scanned>>, text: string, partChars: number, fileName = 'automation-rules.json') => {
    const parts = Math.ceil(text.length / partChars);
    let uploadId: string | undefined;
    let last: ApiResults['automation.upload'] | undefined;
    for (let part = 0; part < parts; part++) {
      last = await w.call('automation.upload', { ...(uploadId === undefined ? {} : { uploadId }), part, parts, fileName, text: text.slice(part * partChars, (part + 1) * partChars) });
      uploadId = last.uploadId;
    }
    return last;
  };
  const usedByRule = (w: Awaited<ReturnType<typeof scanned>>) => async (address: string): Promise<number> =>
    (await w.call('object.whereUsed', { address })).rows.filter((r) => r.used_by_kind === 'automation-rule').length;

  it('until an export is given, a scan says the rules were not read, and unused fields say so', async () => {
    const w = await scanned();
    const unusedRows = await w.call('report.rows', { report: 'unused', kind: 'field', limit: 100 });
    expect(unusedRows.rows.find((r) => r.id === 'customfield_10062')?.criterion).toContain('Automation rules not read');
    const health = await w.call('report.rows', { report: 'health', filter: 'automation rules by state' });
    expect(health.rows[0]).toMatchObject({ count: 0, detail: '0 enabled, 0 disabled; Automation rules not read (see coverage gaps)' });
  });

  it('takes the export in parts, applies it to the newest scan (where-used, unused, its age), carries it to the next scans, and removes it on request', async () => {
    const w = await scanned();
    const status = await w.call('scan.status', {});
    w.advance(60_000);
    const applied = await upload(w, exportText, 5_000);
    expect(applied).toMatchObject({ state: 'applied', leftOut: [], scan: { id: status?.id, automation: { fileName: 'automation-rules.json', rules: 12, leftOut: 0, uploadedBy: 'admin-1', uploadedAt: '2026-11-23T10:01:00.000Z' }, revision: 1 } });
    expect(await w.store.keys('upload:')).toEqual([]);
    const rulesUse = usedByRule(w);
    expect(await rulesUse('field:customfield_10062')).toBe(1);
    expect(await rulesUse('status:10010')).toBe(1);
    const unusedIds = (await w.call('report.rows', { report: 'unused', limit: 500 })).rows.map((r) => `${String(r.kind)}:${String(r.id)}`);
    expect(unusedIds).not.toContain('field:customfield_10062');
    expect(unusedIds).toContain('automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20004');
    // No e-mail address of the file is kept with the scan.
    expect(JSON.stringify(await w.scans.snapshot(status?.id ?? ''))).not.toContain('jane@acme.example');

    // The next scan takes the export on, with its original age.
    w.advance(3_600_000);
    await w.call('scan.start', {});
    await w.queue.drain();
    const next = await w.call('scan.status', {});
    expect(next?.id).not.toBe(status?.id);
    expect(next?.automation).toMatchObject({ fileName: 'automation-rules.json', uploadedAt: '2026-11-23T10:01:00.000Z' });
    expect(await rulesUse('field:customfield_10062')).toBe(1);

    // Removed: the rules go, the gap comes back, the next scan has none.
    const removed = await w.call('automation.remove', {});
    expect(removed.automation).toBeUndefined();
    expect(await rulesUse('field:customfield_10062')).toBe(0);
    expect((await w.call('report.rows', { report: 'unused', kind: 'field', limit: 100 })).rows.find((r) => r.id === 'customfield_10062')?.criterion).toContain('Automation rules not read');
    await w.call('scan.start', {});
    await w.queue.drain();
    expect((await w.call('scan.status', {}))?.automation).toBeUndefined();
  });

  it('a file that is not a rules export is one message with the JSON path, and nothing is kept; an odd rule costs that rule', async () => {
    const w = await scanned();
    const r = await w.api.call('automation.upload', { part: 0, parts: 1, fileName: 'filters.json', text: '{"rules": [{"name": 3}]}' }, admin);
    expect(r).toEqual({ ok: false, code: 'bad-request', error: 'filters.json is not an Automation rules export: no rule of the file could be read; the first: $.rules[0].name: Invalid input: expected string, received number' });
    expect(await w.store.keys('upload:')).toEqual([]);
    expect((await w.call('scan.status', {}))?.automation).toBeUndefined();
    const odd = JSON.parse(exportText) as { rules: Record<string, unknown>[] };
    odd.rules[2] = { ...odd.rules[2], trigger: 'not a component' };
    const applied = await upload(w, JSON.stringify(odd), 1_000_000);
    expect(applied).toMatchObject({ state: 'applied', scan: { automation: { rules: 11, leftOut: 1 } }, leftOut: ['$.rules[2].trigger: Invalid input: expected record, received string'] });
  });

  it('an upload whose parts stop coming is deleted an hour later, when the next upload starts; a purge deletes uploads too', async () => {
    const w = await scanned();
    await w.call('automation.upload', { part: 0, parts: 3, fileName: 'a.json', text: 'x' });
    expect(await w.store.keys('upload:')).toHaveLength(1);
    w.advance(2 * 3_600_000);
    await w.call('automation.upload', { part: 0, parts: 2, fileName: 'b.json', text: 'y' });
    expect(await w.store.keys('upload:')).toHaveLength(1);
    await w.call('data.purge', { confirm: true });
    expect(await w.store.keys('upload:')).toEqual([]);
  });
});

describe('history and scheduled scans', () => {
  beforeEach(() => { server.resetHandlers(); });

  it('a second scan keeps its diff against the first: the status says since when and how much, the history lists it and gives its rows', async () => {
    const w = await scanned();
    const first = await w.call('scan.status', {});
    expect(first?.sinceLast).toBeUndefined();
    // The site changes: a field renamed, a filter's JQL broken, a screen deleted.
    const changedSite = {
      ...sample,
      fields: sample.fields.map((f) => (f.id === 'customfield_10062' ? { ...f, name: 'Automation Rank', clauseNames: ['cf[10062]', 'Automation Rank'] } : f)),
      filters: sample.filters.map((f) => (f.id === '10008' ? { ...f, jql: '"Story Pointz" > 5' } : f)),
      screens: sample.screens.filter((s) => s.id !== '10007'),
    };
    // Jira's audit log follows the change, so the second (incremental) scan reads again what it names.
    const audit = new FakeAuditLog();
    audit.change(sample, changedSite, new Date(first?.finishedAt ?? 0));
    server.resetHandlers(...createFakeJiraHandlers(changedSite, { audit }));
    w.advance(3_600_000);
    await w.call('scan.start', {});
    await w.queue.drain();
    const second = await w.call('scan.status', {});
    expect(second?.sinceLast).toMatchObject({ previousScanId: first?.id, since: first?.finishedAt, counts: { added: 0, removed: 1, renamed: 1, changed: 1, broken: 1 } });
    const history = await w.call('history.list', {});
    expect(history.map((h) => h.scanId)).toEqual([second?.id]);
    const broken = await w.call('history.rows', { scanId: second?.id, change: 'broken' });
    expect(broken.rows).toEqual([{ change: 'broken', kind: 'filter', id: '10008', name: 'Stories over 5 points', detail: 'filter JQL names field "Story Pointz", which matches nothing now', changed_at: null, changed_by: null, link: 'https://fake-jira.test/issues/?filter=10008' }]);
    // Who changed what, as Jira's audit records say (the author's account id; a name is looked up when shown).
    const renamed = await w.call('history.rows', { scanId: second?.id, change: 'renamed' });
    expect(renamed.rows).toMatchObject([{ kind: 'field', id: 'customfield_10062', changed_at: new Date(first?.finishedAt ?? 0).toISOString(), changed_by: FAKE_AUDIT_AUTHOR }]);
    const removed = await w.call('history.rows', { scanId: second?.id, change: 'removed' });
    expect(removed.rows).toMatchObject([{ kind: 'screen', id: '10007', changed_by: FAKE_AUDIT_AUTHOR, link_why: 'removed' }]);
    // The scan kept the records' authors and what they name, never the remote address they carry.
    const kept = await w.scans.snapshot(second?.id ?? '');
    expect(kept?.audit?.entries.some((e) => e.authorAccountId === FAKE_AUDIT_AUTHOR && e.objects.some((o) => o.kind === 'field' && o.id === 'customfield_10062'))).toBe(true);
    expect(JSON.stringify(kept)).not.toContain(FAKE_REMOTE_ADDRESS);
    const csv = await w.call('history.csv', { scanId: second?.id });
    expect(csv.text.split('\r\n')[0]).toBe('change,kind,id,name,detail,changed_at,changed_by,link');
    await w.call('data.purge', { confirm: true });
    expect(await w.store.keys('history')).toEqual([]);
  });

  it('a full scan after an earlier one reads the audit log too, so its diff also says who changed what; a scan with no earlier one reads none', async () => {
    const w = await scanned();
    const first = await w.call('scan.status', {});
    expect((await w.scans.snapshot(first?.id ?? ''))?.audit).toBeUndefined();
    const changedSite = { ...sample, screens: sample.screens.filter((s) => s.id !== '10007') };
    const audit = new FakeAuditLog();
    audit.change(sample, changedSite, new Date(Date.parse(first?.finishedAt ?? '') + 60_000), '557058:another-admin');
    server.resetHandlers(...createFakeJiraHandlers(changedSite, { audit }));
    w.advance(3_600_000);
    const second = await w.scans.start('admin-1', SITE, { full: true });
    expect(second.incremental).toBeUndefined();
    await w.queue.drain();
    const removed = await w.call('history.rows', { scanId: second.id, change: 'removed' });
    expect(removed.rows).toMatchObject([{ kind: 'screen', id: '10007', changed_by: '557058:another-admin', changed_at: new Date(Date.parse(first?.finishedAt ?? '') + 60_000).toISOString() }]);
  });

  it('scheduled scans: off by default; daily starts one a day, weekly one a week, and never a second while one runs', async () => {
    const w = world({ queueTime: true });
    server.resetHandlers(...createFakeJiraHandlers(sample));
    let elapsed = 0;
    const schedule = new ScheduledScans(w.store, w.scans, { now: () => new Date(Date.parse('2026-11-23T10:00:00.000Z') + elapsed) });
    expect(await w.call('schedule.get', {})).toMatchObject({ schedule: 'off' });
    expect(await schedule.tick()).toBeUndefined();
    expect(await w.call('schedule.set', { schedule: 'daily' })).toMatchObject({ schedule: 'daily', siteUrl: SITE, setBy: 'admin-1' });
    const first = await schedule.tick();
    expect(first).toMatchObject({ state: 'running', requestedBy: 'scheduled scan', site: SITE });
    await w.queue.drain();
    elapsed = 12 * 3_600_000;
    expect(await schedule.tick()).toBeUndefined();
    elapsed = 24 * 3_600_000;
    const second = await schedule.tick();
    expect(second?.id).not.toBe(first?.id);
    expect((await schedule.settings()).lastOutcome).toBe('started a scan');
    // While it runs, the next day's tick adds none.
    elapsed = 48 * 3_600_000;
    expect((await schedule.tick())?.id).toBe(second?.id);
    expect((await schedule.settings()).lastOutcome).toMatch(/^a scan was already running/);
    await w.queue.drain();
    await w.call('schedule.set', { schedule: 'weekly' });
    elapsed = 72 * 3_600_000;
    expect(await schedule.tick()).toBeUndefined();
    elapsed = (48 + 7 * 24) * 3_600_000;
    expect(await schedule.tick()).toMatchObject({ requestedBy: 'scheduled scan' });
  });
});

describe('what is stored expires by itself, and a purge leaves nobody in the store', () => {
  /** Every stored value, as text. */
  const dump = async (w: Awaited<ReturnType<typeof scanned>>): Promise<string> => {
    const keys = await w.store.keys('');
    return JSON.stringify(await Promise.all(keys.map(async (k) => [k, await w.store.get(k)])));
  };
  const rulesExport = JSON.stringify({
    cloud: true,
    rules: [{ id: 7, idUuid: 'rule-7', name: 'Tell jane.doe@acme.example when it breaks', description: 'Ask bob@acme.example first', state: 'ENABLED', projects: [], trigger: { type: 'jira.manual.trigger.issue' }, components: [] }],
  });

  it('rules keep no e-mail address, names and descriptions included; after a purge the store holds no account id, the schedule setting included', async () => {
    const w = await scanned();
    await w.call('schedule.set', { schedule: 'daily' });
    await w.call('automation.upload', { part: 0, parts: 1, fileName: 'rules.json', text: rulesExport });
    const rule = (await w.scans.snapshot((await w.scans.latest())?.id ?? ''))?.automationRules.find((r) => r.id === 'rule-7');
    expect(rule).toMatchObject({ name: 'Tell (e-mail address removed) when it breaks', description: 'Ask (e-mail address removed) first' });
    const before = await dump(w);
    expect(before).toContain('admin-1');
    expect(before).not.toMatch(/@acme\.example/);

    await w.call('data.purge', { confirm: true });
    expect(await dump(w)).not.toContain('admin-1');
    expect(await w.call('schedule.get', {})).toMatchObject({ schedule: 'off', setBy: '' });
  });

  it('a half-sent upload is gone an hour on, an export an earlier version stored a day on, by the daily sweep alone', async () => {
    const w = await scanned();
    let advanced = 0;
    const retention = new Retention(w.store, w.scans, w.exports, { now: () => new Date(Date.parse('2026-11-23T10:00:00.000Z') + advanced) });
    const later = (ms: number): void => { advanced += ms; w.advance(ms); };
    await w.call('automation.upload', { part: 0, parts: 2, fileName: 'rules.json', text: rulesExport.slice(0, 50) });
    await storeOldExport(w, '20261123100000000-old002');
    expect(await w.store.keys('upload:')).toHaveLength(1);
    expect((await w.store.keys('export:')).length).toBeGreaterThan(1);

    expect(await retention.sweep()).toEqual({ scans: 0, history: 0, exports: 0, uploadParts: 0 });
    later(61 * 60_000);
    expect(await retention.sweep()).toMatchObject({ exports: 0, uploadParts: 1 });
    expect(await w.store.keys('upload:')).toEqual([]);
    expect((await w.store.keys('export:')).length).toBeGreaterThan(1);
    later(24 * 3_600_000);
    expect(await retention.sweep()).toMatchObject({ exports: 1 });
    expect(await w.store.keys('export')).toEqual([]);
    // The scan stays: scans are kept by number, not age.
    expect((await w.scans.latest())?.state).toBe('done');
  });

  it('history past its 90 days goes with the daily sweep alone, its rows too', async () => {
    const w = await scanned();
    await w.call('scan.start', {});
    await w.queue.drain();
    const [entry] = await w.call('history.list', {});
    expect(entry).toBeDefined();
    expect((await w.store.keys(`history:${entry?.scanId ?? ''}`)).length).toBeGreaterThan(0);
    const retention = new Retention(w.store, w.scans, w.exports, { now: () => new Date() });
    w.advance(89 * 86_400_000);
    expect(await retention.sweep()).toMatchObject({ history: 0 });
    w.advance(2 * 86_400_000);
    expect(await retention.sweep()).toMatchObject({ history: 1 });
    expect(await w.call('history.list', {})).toEqual([]);
    expect(await w.store.keys(`history:${entry?.scanId ?? ''}`)).toEqual([]);
  });
});
