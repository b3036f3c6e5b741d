import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { fakeForge } from './support/forge-runtime';
import { loadSample } from './support/sample';

/**
 * The Forge entry points as Forge calls them: the resolver through @forge/resolver's definitions (the account
 * comes from the runtime's principal), the consumer with async events; every platform call goes through the real
 * @forge/api, @forge/kvs and @forge/events to a fake Forge runtime, and Jira is the fake Jira over MSW.
 */
const SITE = 'https://acme.atlassian.net';
const sample = loadSample();
const server = setupServer(...createFakeJiraHandlers(sample));
const forge = fakeForge((path, init) => fetch(SITE + path, init));
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); forge.install(); });
afterAll(() => { forge.uninstall(); server.close(); });

describe('the Forge entry points', () => {
  it('scans through the resolver and the consumer, storing in KVS, and answers the page from what is stored', async () => {
    const { handler, consumer } = await import('../src/index');
    const invoke = (functionKey: string, payload: unknown = {}, accountId = 'admin-1') => handler({ call: { functionKey, payload }, context: { siteUrl: SITE } }, { principal: { accountId }, installContext: 'ari:cloud:jira::site/11111111-2222-4333-8444-555555555555' });

    const started = (await invoke('scan.start')) as { ok: boolean; value: { id: string; site: string } };
    expect(started).toMatchObject({ ok: true, value: { site: SITE } });
    // Forge would deliver each pushed event to the consumer; here they are delivered in order until none is left.
    let delivered = 0;
    while (delivered < forge.pushes.flatMap((p) => p.body.payload).length) {
      const event = forge.pushes.flatMap((p) => p.body.payload)[delivered++]!;
      await consumer({ body: event.body, queueName: 'config-lens-jobs', jobId: 'job', eventId: String(delivered) });
    }
    const status = (await invoke('scan.status')) as { value: { state: string; partsTotal: number; counts: { field: number } } };
    expect(status.value).toMatchObject({ state: 'done', counts: { field: sample.fields.length } });
    // Each part once, and the finish twice: first it plans the value counts of the cleanup candidates, then it assembles.
    expect(delivered).toBe(status.value.partsTotal + 2);
    expect([...forge.values.keys()].some((k) => k.startsWith(`scan:${started.value.id}:snapshot#`))).toBe(true);
    const rows = (await invoke('report.rows', { report: 'duplicates' })) as { ok: boolean; value: { total: number } };
    expect(rows).toMatchObject({ ok: true });
    expect(rows.value.total).toBeGreaterThan(0);
    // The admin check asked Jira, through requestJira, once for this account.
    expect(forge.products.filter((p) => p.startsWith('/rest/api/3/mypermissions')).length).toBe(1);
  });

  it('refuses a call with no signed-in user, and ignores an event that is not a job', async () => {
    const { handler, consumer } = await import('../src/index');
    expect(await handler({ call: { functionKey: 'scan.list' }, context: {} })).toMatchObject({ ok: false, code: 'forbidden' });
    const before = new Map(forge.values);
    await consumer({ body: { type: 'drop-tables' }, queueName: 'config-lens-jobs', jobId: 'j', eventId: 'e' });
    expect(forge.values).toEqual(before);
  });
});
