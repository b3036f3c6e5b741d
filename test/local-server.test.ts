import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../src/app/local/server';
import { loadSample } from './support/sample';

const sample = loadSample();
const page = mkdtempSync(join(tmpdir(), 'config-lens-page-'));
writeFileSync(join(page, 'index.html'), '<!doctype html><title>Config Lens</title>');
writeFileSync(join(tmpdir(), 'config-lens-secret.txt'), 'not for the page');

describe('the local page server', () => {
  let server: LocalServer;
  beforeAll(async () => { server = await startLocalServer({ snapshot: sample, staticDir: page, port: 0 }); });
  afterAll(async () => { await server.close(); });

  const invoke = (body: string): Promise<Response> => fetch(new URL('/__local/invoke', server.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  it('serves the page and runs resolver calls through the same API, against the fake Jira serving the snapshot', async () => {
    const html = await fetch(server.url);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<title>Config Lens</title>');
    const started = (await (await invoke(JSON.stringify({ functionKey: 'scan.start', payload: {} }))).json()) as { ok: boolean; value: { site: string } };
    expect(started).toMatchObject({ ok: true, value: { site: server.fakeJiraUrl } });
    await server.queue.idle();
    const status = (await (await invoke(JSON.stringify({ functionKey: 'scan.status' }))).json()) as { value: { state: string; counts: { field: number } } };
    expect(status.value).toMatchObject({ state: 'done', counts: { field: sample.fields.length } });
  });

  it('acts as the sample\'s first active user, whom currentUser() in an export\'s JQL means', async () => {
    const me = sample.users?.find((u) => u.active);
    expect(server.accountId).toBe(me?.accountId);
    const assigned = (sample.issues ?? []).filter((i) => (i.fields.assignee as { accountId?: string } | null)?.accountId === me?.accountId);
    expect(assigned.length).toBeGreaterThan(0);
    const preview = (await (await invoke(JSON.stringify({ functionKey: 'export.preview', payload: { jql: 'assignee = currentUser() ORDER BY key', fields: ['summary'] } }))).json()) as { ok: boolean; value: { total: number; rows: string[][] } };
    expect(preview.ok).toBe(true);
    expect(preview.value.total).toBe(assigned.length);
    const mine = new Set(assigned.map((i) => i.key));
    expect(preview.value.rows.length).toBeGreaterThan(0);
    expect(preview.value.rows.filter((r) => !mine.has(r[0] ?? ''))).toEqual([]);
  });

  it('answers malformed calls with 400 and the reason, other methods with 405', async () => {
    const bad = await invoke('{"functionKey":');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^the body is not JSON: /);
    expect((await invoke('{"payload":{}}')).status).toBe(400);
    expect((await fetch(new URL('/__local/invoke', server.url))).status).toBe(405);
    expect(await (await invoke(JSON.stringify({ functionKey: 'nope' }))).json()).toEqual({ ok: false, code: 'bad-request', error: "unknown function 'nope'" });
  });

  it('serves nothing outside the page directory', async () => {
    for (const path of ['/../config-lens-secret.txt', '/%2e%2e/config-lens-secret.txt', '/..%2fconfig-lens-secret.txt']) {
      const r = await fetch(server.url.replace(/\/$/, '') + path);
      expect(r.status === 403 || r.status === 404).toBe(true);
      expect(await r.text()).not.toContain('not for the page');
    }
  });

  it('refuses to start without a built page, saying how to build it', async () => {
    await expect(startLocalServer({ snapshot: sample, staticDir: join(page, 'missing'), port: 0 })).rejects.toThrow(/is missing \(run npm run build:page\)$/);
  });
});
