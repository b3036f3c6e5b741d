import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAuditLog } from '../src/adapters/fake-jira/audit';
import { createFakeJiraHandlers, FakeJiraLog, type FakeJiraOptions } from '../src/adapters/fake-jira/handlers';
import { estimatePoints, readQuota, requestKind } from '../src/adapters/jira-rest/points';
import { RestConfigurationSource, type RestScanOptions } from '../src/adapters/jira-rest/scan';
import { InMemoryKeyValueStore } from '../src/adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../src/adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { RestScanner } from '../src/adapters/jira-rest/scan';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { isFatalScanError } from '../src/app/container';
import { ScanJobs } from '../src/app/scan-jobs';
import { analyse, runReport } from '../src/domain/analysis';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot } from '../src/domain/model';
import { comparable } from './support/comparable';
import { VirtualClock } from './support/virtual-clock';

const SITE = 'https://points.fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

/** The mid-size site of the issue: 413 fields, 1,206 filters, 300 screens, 92 workflows, 62 projects. */
const mid = generateSnapshot({ preset: 'mid', seed: 2026 });

/** The ids of every collection: what an inventory lists. */
function inventoryIds(s: ConfigSnapshot): Record<string, string[]> {
  return Object.fromEntries(OBJECT_KINDS.map((k) => [k, (s[COLLECTION_OF_KIND[k]] as readonly { id: string }[]).map((o) => o.id).sort()]));
}

async function scanOnce(site: ConfigSnapshot, fake: FakeJiraOptions, scan: Partial<RestScanOptions> = {}, clock = new VirtualClock()): Promise<{ snapshot: ConfigSnapshot; log: FakeJiraLog; source: RestConfigurationSource }> {
  const log = new FakeJiraLog();
  server.resetHandlers(...createFakeJiraHandlers(site, { points: { quota: 10_000_000, now: () => clock.now }, ...fake }, log));
  const source = new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: clock.wait, clock: () => clock.now, now: () => new Date(Date.parse('2026-12-01T10:00:00Z') + clock.now), ...scan });
  const snapshot = await source.load();
  return { snapshot, log, source };
}

describe('what a Jira call costs, and what Jira says of the quota', () => {
  it('estimates 1 point a request plus 1 an object, 2 for users, groups, roles and permissions; a refusal costs its request', () => {
    expect(estimatePoints('GET', '/rest/api/3/field', 200, Array.from({ length: 50 }, () => ({})))).toBe(51);
    expect(estimatePoints('GET', '/rest/api/3/filter/search?startAt=0', 200, { values: [{}, {}, {}], isLast: true })).toBe(4);
    expect(estimatePoints('GET', '/rest/api/3/group/bulk', 200, { values: [{}, {}] })).toBe(5);
    expect(estimatePoints('GET', '/rest/api/3/role', 200, [{}, {}, {}])).toBe(7);
    expect(estimatePoints('GET', '/rest/api/3/project/10000/permissionscheme', 200, { id: 1 })).toBe(3);
    expect(estimatePoints('GET', '/rest/api/3/screens', 403, { errorMessages: [] })).toBe(1);
    expect(estimatePoints('PUT', '/rest/api/3/field/customfield_1', 200, { values: [{}, {}] }, false)).toBe(1);
    expect(requestKind('GET', '/rest/api/3/field/customfield_10010/context/10200/option?startAt=0')).toBe('GET /rest/api/3/field/{id}/context/{id}/option');
  });

  it("reads the quota headers in both forms (Beta- before enforcement), and says nothing when there are none", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(readQuota(h({ 'RateLimit-Policy': '"global-app-quota";q=65000;w=3600', RateLimit: '"global-app-quota";r=9000;t=1200', 'X-RateLimit-NearLimit': 'true' }))).toEqual({
      pool: 'global-app-quota', size: 65000, windowSeconds: 3600, remaining: 9000, resetSeconds: 1200, nearLimit: true,
    });
    expect(readQuota(h({ 'Beta-RateLimit-Policy': '"tenant-app-quota";q=100000;w=3600' }))).toEqual({ pool: 'tenant-app-quota', size: 100000, windowSeconds: 3600 });
    expect(readQuota(h({ 'RateLimit-Reason': 'jira-quota-global-based', 'Retry-After': '60' }))).toEqual({ reason: 'jira-quota-global-based' });
    expect(readQuota(h({ 'Content-Type': 'application/json' }))).toBeUndefined();
  });
});

describe('a scan every customer can afford, on a mid-size site whose fake Jira charges points', () => {
  let full: ConfigSnapshot;

  it('a full scan costs at most 15,000 points, with the inventory of a scan that reads everything (field configuration items aside)', async () => {
    const lean = await scanOnce(mid, {});
    full = lean.snapshot;
    const everything = await scanOnce(mid, {}, { fieldConfigurationItems: true });
    expect(lean.log.points).toBeLessThanOrEqual(15_000);
    expect(lean.log.pointsByEndpoint.get('GET /rest/api/3/fieldconfiguration/{id}/fields')).toBeUndefined();
    expect(everything.log.pointsByEndpoint.get('GET /rest/api/3/fieldconfiguration/{id}/fields')).toBeGreaterThan(0);
    expect(inventoryIds(lean.snapshot)).toEqual(inventoryIds(everything.snapshot));
    expect(inventoryIds(lean.snapshot)).toEqual(inventoryIds(mid));
    // The client's own ledger says what the fake charged, and the CLI's last line says it.
    expect(lean.source.points.points).toBe(lean.log.points);
    // Values are counted only for the fields the cleanup verdict lists, not for all 394.
    const counted = lean.log.byEndpoint.get('POST /rest/api/3/search/approximate-count') ?? 0;
    const candidates = runReport(analyse(lean.snapshot), { report: 'cleanup', kind: 'field' });
    expect(candidates.ok && counted).toBe(candidates.ok ? candidates.value.rows.length : -1);
    expect(counted).toBeLessThan(100);
  });

  it('a scan given the previous snapshot of an unchanged site costs at most 4,000 points and yields the same snapshot', async () => {
    const again = await scanOnce(mid, {}, { previous: full });
    expect(again.log.points).toBeLessThanOrEqual(4_000);
    expect(again.log.byEndpoint.get('GET /rest/api/3/auditing/record')).toBe(1);
    expect(comparable(again.snapshot)).toEqual(comparable(full));
    expect(again.source.notes[0]).toMatch(/^0 audit record\(s\) since .*: read again no kind the audit log covers$/);
  });

  it('after a field is renamed and added to a screen (audit records written), the scan given the previous snapshot shows the new name and the screen in its where-used', async () => {
    const field = mid.fields.find((f) => f.custom && f.projectId === undefined && !mid.screens.some((s) => s.tabs.some((t) => t.fieldIds.includes(f.id))));
    const screen = mid.screens.find((s) => s.tabs.length > 0);
    if (field === undefined || screen === undefined) throw new Error('the generated site has no field off every screen');
    const changed: ConfigSnapshot = {
      ...mid,
      fields: mid.fields.map((f) => (f.id === field.id ? { ...f, name: `${f.name} (renamed)` } : f)),
      screens: mid.screens.map((s) => (s.id === screen.id ? { ...s, tabs: s.tabs.map((t, i) => (i === 0 ? { ...t, fieldIds: [...t.fieldIds, field.id] } : t)) } : s)),
    };
    const audit = new FakeAuditLog();
    audit.change(mid, changed, new Date('2026-12-01T12:00:00Z'));
    const again = await scanOnce(changed, { audit }, { previous: full });
    expect(again.source.notes[0]).toMatch(/^2 audit record\(s\) since .*: read again (field \(1\), screen \(1\)|screen \(1\), field \(1\))$/);
    expect(again.snapshot.fields.find((f) => f.id === field.id)?.name).toBe(`${field.name} (renamed)`);
    const used = runReport(analyse(again.snapshot), { report: 'where-used', object: { kind: 'field', id: field.id } });
    expect(used.ok && (used.value.rows as readonly Readonly<Record<string, unknown>>[]).some((r) => r.used_by_kind === 'screen' && r.used_by_id === screen.id)).toBe(true);
    // Only what the records named was read again: one screen's tabs, one field's contexts.
    expect(again.log.byEndpoint.get('GET /rest/api/3/field/{fieldId}/context')).toBe(1);
    expect(again.log.points).toBeLessThanOrEqual(5_000);
    const fresh = await scanOnce(changed, {});
    expect(comparable(again.snapshot)).toEqual(comparable(fresh.snapshot));
  });

  it('keeps the authors of the newest 5,000 audit records only, however many an incremental scan read to plan, and never a user item', async () => {
    const audit = new FakeAuditLog();
    const group = mid.groups[0];
    if (group === undefined) throw new Error('the generated site has groups');
    for (let i = 0; i < 6_200; i++) {
      audit.records.push({
        id: i + 1,
        summary: 'User added to group',
        created: new Date(Date.parse('2026-12-01T12:00:00Z') + i * 1000).toISOString().replace('Z', '+0000'),
        category: 'group management',
        eventSource: '',
        remoteAddress: '203.0.113.7',
        authorAccountId: `557058:admin-${i}`,
        objectItem: { id: `user-${i}`, name: `Person ${i}`, typeName: 'USER' },
        associatedItems: [{ id: group.id, name: group.name, typeName: 'GROUP' }],
        changedValues: [],
      });
    }
    const again = await scanOnce(mid, { audit }, { previous: full });
    const entries = again.snapshot.audit?.entries ?? [];
    expect(entries).toHaveLength(5_000);
    // Jira lists the newest first: those are the ones kept.
    expect(entries[0]?.authorAccountId).toBe('557058:admin-6199');
    expect(entries.every((e) => e.objects.every((o) => o.kind === 'group'))).toBe(true);
    expect(JSON.stringify(again.snapshot.audit)).not.toMatch(/Person \d|user-\d|203\.0\.113\.7/);
  });

  it('with a pool of 4,000 points a minute, a full scan finishes by itself with the same snapshot and no rate-limited gap, meeting the quota at most twice a window', async () => {
    const clock = new VirtualClock();
    const limited = await scanOnce(mid, { points: { quota: 4_000, windowSeconds: 60, now: () => clock.now } }, {}, clock);
    expect(limited.snapshot.coverage.filter((g) => g.reason === 'rate-limited' || g.reason === 'budget')).toEqual([]);
    expect(comparable(limited.snapshot)).toEqual(comparable(full));
    expect(limited.log.maxQuotaHitsPerWindow).toBeLessThanOrEqual(2);
    // It took several windows: it paused rather than failed.
    expect(limited.log.pointsByWindow.size).toBeGreaterThanOrEqual(3);
    for (const spent of limited.log.pointsByWindow.values()) expect(spent).toBeLessThanOrEqual(4_000 + 200);
  });
});

describe('on Forge: parts pause on the quota, and background scans keep to their budget', () => {
  /** The job machinery with the in-memory queue, on the queue's virtual clock, against a fake that charges points. */
  function forge(site: ConfigSnapshot, points: NonNullable<FakeJiraOptions['points']> extends infer P ? Omit<P & object, 'now'> : never, backgroundShare?: number) {
    const queue = new InMemoryJobQueue({ concurrency: 4 });
    const base = Date.parse('2026-12-03T13:20:00Z');
    const now = (): number => base + queue.now() * 1000;
    const log = new FakeJiraLog();
    server.resetHandlers(...createFakeJiraHandlers(site, { points: { ...points, now } }, log));
    const store = new InMemoryKeyValueStore();
    const runner = new RestScanner(new NodeJiraHttp({ site: SITE }), { automation: 'export-only', clock: now, sleep: () => Promise.resolve() });
    const scans = new ScanJobs(store, queue, runner, { now: () => new Date(now()) }, isFatalScanError, backgroundShare === undefined ? {} : { backgroundShare });
    queue.attach((e) => scans.handle(e));
    return { queue, scans, log, store };
  }

  const small = generateSnapshot({ preset: 'small', seed: 7 });

  it('a part that meets a quota 429 stops, keeps what it read, continues after the reset, and the stored scan equals an unlimited one', async () => {
    const unlimited = forge(small, { quota: 10_000_000 });
    await unlimited.scans.start('admin', SITE);
    await unlimited.queue.drain();
    const reference = await unlimited.scans.snapshot((await unlimited.scans.latest())?.id ?? '');
    const limited = forge(small, { quota: 150, windowSeconds: 3600 });
    await limited.scans.start('admin', SITE);
    await limited.queue.drain();
    const done = await limited.scans.latest();
    expect(done?.state).toBe('done');
    expect(done?.points?.quotaHits).toBeGreaterThan(0);
    const stored = await limited.scans.snapshot(done?.id ?? '');
    expect(stored?.coverage.filter((g) => g.reason === 'rate-limited')).toEqual([]);
    expect(comparable(stored as ConfigSnapshot)).toEqual(comparable(reference as ConfigSnapshot));
    // Nothing read twice: the paused parts' answers came from their memo. The same requests as the unlimited scan,
    // plus the calls the quota refused.
    const refused = [...limited.log.quotaHits.values()].reduce((a, b) => a + b, 0);
    expect(limited.log.total).toBe(unlimited.log.total);
    expect(refused).toBeGreaterThan(0);
    expect(done?.points?.points).toBe(limited.log.points);
    // The hour ledger counts each point once, whether spent before a pause or after it.
    expect((await limited.scans.hours()).reduce((a, h) => a + h.points, 0)).toBe(limited.log.points);
  });

  it('a scheduled (background) scan never spends more than its budget in any hour, carries on in the next hours, and stores the same scan', async () => {
    const unlimited = forge(mid, { quota: 10_000_000 });
    await unlimited.scans.start('admin', SITE);
    await unlimited.queue.drain();
    const reference = await unlimited.scans.snapshot((await unlimited.scans.latest())?.id ?? '');
    const budgeted = forge(mid, { quota: 65_000, windowSeconds: 3600 });
    await budgeted.scans.start('scheduled scan', SITE, { background: true });
    await budgeted.queue.drain();
    const done = await budgeted.scans.latest();
    expect(done?.state).toBe('done');
    expect(budgeted.log.pointsByWindow.size).toBeGreaterThanOrEqual(2);
    for (const spent of budgeted.log.pointsByWindow.values()) expect(spent).toBeLessThanOrEqual(6_500);
    const stored = await budgeted.scans.snapshot(done?.id ?? '');
    expect(comparable(stored as ConfigSnapshot)).toEqual(comparable(reference as ConfigSnapshot));
    expect((await budgeted.scans.hours()).every((h) => h.background <= 6_500)).toBe(true);
  });
});
