import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../src/app/local/server';
import { loadSample } from './support/sample';

const sample = loadSample();
const page = mkdtempSync(join(tmpdir(), 'config-lens-page-'));
writeFileSync(join(page, 'index.html'), '<!doctype html><title>Config Lens</title>');
writeFileSync(join(page, '..', `${page.split('/').pop() ?? ''}-secret.txt`), 'not for the page');
afterAll(() => {
  rmSync(page, { recursive: true, force: true });
  rmSync(`${page}-secret.txt`, { force: true });
});

/** A request with headers fetch will not set (Host), as another web page or a rebinding DNS name would send it. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, text }); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

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
    expect(started).toMatchObject({ ok: true, value: { site: server.jiraUrl } });
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
    const secret = `${page.split('/').pop() ?? ''}-secret.txt`;
    for (const path of [`/../${secret}`, `/%2e%2e/${secret}`, `/..%2f${secret}`]) {
      const r = await fetch(server.url.replace(/\/$/, '') + path);
      expect(r.status === 403 || r.status === 404).toBe(true);
      expect(await r.text()).not.toContain('not for the page');
    }
  });

  it('refuses a cross-site call: text/plain (a form or no-cors fetch of another page), a foreign Origin, a cross-site fetch', async () => {
    const purge = JSON.stringify({ functionKey: 'data.purge', payload: { confirm: true } });
    const url = new URL('/__local/invoke', server.url).href;
    const host = new URL(server.url).host;
    expect(await raw(url, 'POST', { 'Content-Type': 'text/plain', Host: host }, purge)).toMatchObject({ status: 415 });
    expect(await raw(url, 'POST', { 'Content-Type': 'application/json', Host: host, Origin: 'https://evil.example' }, purge)).toMatchObject({ status: 403 });
    expect(await raw(url, 'POST', { 'Content-Type': 'application/json', Host: host, 'Sec-Fetch-Site': 'cross-site' }, purge)).toMatchObject({ status: 403 });
    // The page's own call, as Chromium sends it, is answered.
    const own = await raw(url, 'POST', { 'Content-Type': 'application/json', Host: host, Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' }, JSON.stringify({ functionKey: 'scan.list' }));
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text)).toMatchObject({ ok: true });
  });

  it('forwards the page\'s requestJira to the Jira it reads (GET, and POST with JSON; Jira\'s REST paths only), and refuses cross-site calls to it', async () => {
    const host = new URL(server.url).host;
    const jira = (path: string): string => new URL(`/__local/jira${path}`, server.url).href;
    const fields = await raw(jira('/rest/api/3/field'), 'GET', { Host: host, 'Sec-Fetch-Site': 'same-origin' });
    expect(fields.status).toBe(200);
    expect((JSON.parse(fields.text) as { id: string }[]).map((f) => f.id).sort()).toEqual(sample.fields.map((f) => f.id).sort());
    const count = await raw(jira('/rest/api/3/search/approximate-count'), 'POST', { Host: host, 'Content-Type': 'application/json' }, JSON.stringify({ jql: 'project is not EMPTY' }));
    expect(count.status).toBe(200);
    expect(JSON.parse(count.text)).toEqual({ count: expect.any(Number) as number });
    // Jira's own answer comes back as it is (a field that does not exist).
    expect((await raw(jira('/rest/api/3/field/customfield_0/context'), 'GET', { Host: host })).status).toBe(404);
    expect(await raw(jira('/rest/api/3/field'), 'PUT', { Host: host, 'Content-Type': 'application/json' }, '{}')).toMatchObject({ status: 405 });
    expect(await raw(jira('/rest/api/3/search/approximate-count'), 'POST', { Host: host, 'Content-Type': 'text/plain' }, '{}')).toMatchObject({ status: 415 });
    expect(await raw(jira('/rest/api/3/field'), 'GET', { Host: host, Origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await raw(jira('/rest/api/3/field'), 'GET', { Host: host, 'Sec-Fetch-Site': 'cross-site' })).toMatchObject({ status: 403 });
    expect(await raw(jira('/secure/admin/ViewCustomFields.jspa'), 'GET', { Host: host })).toMatchObject({ status: 404, text: expect.stringContaining('only Jira\'s REST API') as string });
  });

  it('answers only as the addresses it listens on: a foreign Host (DNS rebinding) gets nothing', async () => {
    const port = new URL(server.url).port;
    for (const path of ['/', '/__local/invoke']) {
      const r = await raw(new URL(path, server.url).href, path === '/' ? 'GET' : 'POST', { Host: `rebound.evil.example:${port}`, 'Content-Type': 'application/json' }, path === '/' ? undefined : JSON.stringify({ functionKey: 'scan.list' }));
      expect(r.status).toBe(421);
      expect(r.text).not.toContain('Config Lens</title>');
    }
    expect((await raw(server.url, 'GET', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('beyond loopback, asks every call for the token printed at start, and keeps the fake Jira on loopback', async () => {
    const open = await startLocalServer({ snapshot: sample, staticDir: page, port: 0, host: '0.0.0.0' });
    try {
      expect(open.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(open.url).toMatch(new RegExp(`^http://0\\.0\\.0\\.0:\\d+/\\?token=${open.token ?? ''}$`));
      expect(new URL(open.jiraUrl).hostname).toBe('127.0.0.1');
      const url = `http://127.0.0.1:${new URL(open.url).port}/__local/invoke`;
      const call = JSON.stringify({ functionKey: 'scan.list' });
      expect((await raw(url, 'POST', { 'Content-Type': 'application/json' }, call)).status).toBe(403);
      expect((await raw(url, 'POST', { 'Content-Type': 'application/json', 'X-Config-Lens-Token': 'guess' }, call)).status).toBe(403);
      expect((await raw(url, 'POST', { 'Content-Type': 'application/json', 'X-Config-Lens-Token': open.token ?? '' }, call)).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('refuses to start without a built page, saying how to build it', async () => {
    await expect(startLocalServer({ snapshot: sample, staticDir: join(page, 'missing'), port: 0 })).rejects.toThrow(/is missing \(run npm run build:page\)$/);
  });
});
