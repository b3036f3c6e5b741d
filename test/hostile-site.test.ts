import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { SAMPLE_PATH, loadSample } from './support/sample';
import { tempDir } from './support/temp';

const NODE = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const BIN = join(import.meta.dirname, '..', 'bin', 'config-lens.js');
/** Each run must end by itself well inside this. */
const LIMIT_MS = 200_000;

const dir = tempDir('config-lens-hostile-');
/** The CLI's own temporary folder, to see that nothing is left in it. */
const tmp = join(dir, 'tmp');
mkdirSync(tmp);
let fake: FakeJiraServer;
beforeAll(async () => { fake = await startFakeJiraServer(loadSample()); });
afterAll(async () => {
  await fake.close();
});

type Misbehaviour = (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => boolean | Promise<boolean>;

/** A proxy in front of the fake Jira that makes one endpoint misbehave and passes every other request on. */
async function proxy(misbehave: Misbehaviour): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const parts: Buffer[] = [];
      for await (const c of request as AsyncIterable<Buffer>) parts.push(c);
      const body = Buffer.concat(parts).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://proxy');
      if (await misbehave(request, response, url, body)) return;
      const upstream = await fetch(fake.url + url.pathname + url.search, { method: request.method ?? 'GET', headers: { 'Content-Type': 'application/json' }, ...(body === '' ? {} : { body }) });
      response.writeHead(upstream.status, { 'Content-Type': 'application/json' });
      response.end(await upstream.text());
    })();
  });
  await new Promise<void>((ok) => { server.listen(0, '127.0.0.1', () => { ok(); }); });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.close(() => { ok(); }); server.closeAllConnections(); }),
  };
}

/** Runs the CLI as a process, as a new user would, with its temporary folder watched; kills it past the limit. */
function cli(args: readonly string[], signalAfter?: { readonly when: (stderr: string) => boolean; readonly signal: NodeJS.Signals }): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(NODE, [BIN, ...args], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let sent = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      err += c;
      if (signalAfter !== undefined && !sent && signalAfter.when(err)) {
        sent = true;
        child.kill(signalAfter.signal);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err, ms: Date.now() - started });
    });
  });
}

/** Scans the fake Jira through a proxy that misbehaves as told; the proxy is closed whatever happens. */
async function scanThrough(misbehave: Misbehaviour, name: string, extra: readonly string[] = []): Promise<{ run: Awaited<ReturnType<typeof cli>>; snapshot: () => ReturnType<typeof readSnapshotFile> }> {
  const p = await proxy(misbehave);
  try {
    const out = join(dir, `${name}.json`);
    const run = await cli(['scan', '--site', p.url, '--out', out, '--quiet', ...extra]);
    return { run, snapshot: () => readSnapshotFile(out) };
  } finally {
    await p.close();
  }
}

// tsx keeps its compile cache in the temporary folder (tsx-<uid>): not ours.
const leftovers = (): string[] => [...readdirSync(tmp).filter((f) => !f.startsWith('tsx-')), ...readdirSync(dir).filter((f) => f.endsWith('.tmp'))];

describe('the CLI against a site that misbehaves (each run ends by itself and says where)', () => {
  it('endless paging on workflows/search (the server ignores startAt): the scan finishes with a gap naming the endpoint', async () => {
    const { run, snapshot } = await scanThrough((_request, response, url) => {
      if (url.pathname !== '/rest/api/3/workflows/search') return false;
      void fetch(`${fake.url}${url.pathname}?expand=values.transitions&startAt=0&maxResults=2`).then(async (r) => {
        const page = (await r.json()) as Record<string, unknown>;
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ ...page, isLast: false, total: 1_000_000 }));
      });
      return true;
    }, 'endless');
    expect(run).toMatchObject({ code: 0, signal: null });
    expect((await snapshot()).coverage.find((g) => g.kind === 'workflow')?.detail).toMatch(/^workflows: GET \/rest\/api\/3\/workflows\/search: \$\.values: the page at startAt 2 repeats only ids earlier pages gave/);
    expect(leftovers()).toEqual([]);
  }, LIMIT_MS);

  it('a request that never answers on filter/search: the scan finishes with a gap naming the endpoint, after the request timeout', async () => {
    const { run, snapshot } = await scanThrough((_request, _response, url) => url.pathname === '/rest/api/3/filter/search', 'hang', ['--request-timeout', '1']);
    expect(run).toMatchObject({ code: 0, signal: null });
    expect(run.ms).toBeLessThan(60_000);
    const scanned = await snapshot();
    expect(scanned.filters).toEqual([]);
    expect(scanned.coverage.find((g) => g.kind === 'filter')).toMatchObject({ reason: 'endpoint-error', detail: expect.stringMatching(/^filters: GET \/rest\/api\/3\/filter\/search: HTTP 0: no response \(no answer within 1 s\) after 3 attempts$/) as unknown });
    expect(leftovers()).toEqual([]);
  }, LIMIT_MS);

  it('overlapping pages on priority/search: repeats are dropped, every priority kept once, and a gap names the endpoint', async () => {
    const all = Array.from({ length: 120 }, (_, i) => ({ id: String(i + 1), name: `P${i + 1}` }));
    const { run, snapshot } = await scanThrough((_request, response, url) => {
      if (url.pathname !== '/rest/api/3/priority/search') return false;
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      // The second page starts one before where it should: it repeats the last id of the first.
      const from = Math.max(0, startAt - (startAt > 0 ? 1 : 0));
      const values = all.slice(from, from + 50);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ startAt, maxResults: 50, total: all.length, isLast: from + values.length >= all.length, values }));
      return true;
    }, 'overlap');
    expect(run).toMatchObject({ code: 0, signal: null });
    const scanned = await snapshot();
    expect(scanned.priorities.map((x) => x.id)).toEqual(all.map((x) => x.id));
    expect(scanned.coverage.filter((g) => g.kind === 'priority').map((g) => g.reason)).toEqual(['inconsistent-paging']);
    expect(scanned.coverage.find((g) => g.kind === 'priority')?.detail).toMatch(/^GET \/rest\/api\/3\/priority\/search: the page at startAt 50 repeated ids earlier pages gave \(50\)/);
  }, LIMIT_MS);

  it('an issue search whose nextPageToken never ends: the export fails naming the endpoint and leaves no file behind', async () => {
    let n = 0;
    const p = await proxy((request, response, url, body) => {
      if (url.pathname !== '/rest/api/3/search/jql' || request.method !== 'POST') return false;
      const asked = JSON.parse(body) as Record<string, unknown>;
      void fetch(`${fake.url}${url.pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...asked, nextPageToken: undefined }) }).then(async (r) => {
        const page = (await r.json()) as Record<string, unknown>;
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ ...page, isLast: false, nextPageToken: `token-${++n}` }));
      });
      return true;
    });
    try {
      const out = join(dir, 'never.csv');
      for (const multi of ['joined', 'columns']) {
        const run = await cli(['export-issues', '--site', p.url, '--jql', 'project = OPS', '--fields', 'summary', '--multi', multi, '--out', out, '--quiet']);
        expect(run).toMatchObject({ code: 1, signal: null });
        expect(run.err).toMatch(/^config-lens: POST \/rest\/api\/3\/search\/jql: \$\.issues: the page for token 'token-\d+' repeats only issues earlier pages gave/);
        expect(() => statSync(out)).toThrow();
        expect(leftovers()).toEqual([]);
      }
    } finally {
      await p.close();
    }
  }, LIMIT_MS);

  it('Ctrl+C or SIGTERM during an export removes the half-written file and the spool folder', async () => {
    // Slow pages of two issues: the export is caught mid-way, with its spool folder or its temporary file written to.
    const p = await proxy(async (request, response, url, body) => {
      if (url.pathname !== '/rest/api/3/search/jql' || request.method !== 'POST') return false;
      await new Promise((r) => setTimeout(r, 300));
      const upstream = await fetch(fake.url + url.pathname, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...(JSON.parse(body) as object), maxResults: 2 }) });
      response.writeHead(upstream.status, { 'Content-Type': 'application/json' });
      response.end(await upstream.text());
      return true;
    });
    try {
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        for (const multi of ['joined', 'columns']) {
          const out = join(dir, `interrupted-${multi}.csv`);
          const run = await cli(['export-issues', '--site', p.url, '--jql', 'project = OPS', '--fields', 'summary,assignee', '--multi', multi, '--out', out], {
            when: (stderr) => /exporting issues: [1-9]\d*\/\d+/.test(stderr),
            signal,
          });
          expect(run.code ?? run.signal).toBe(code);
          expect(run.err).toMatch(/exporting issues: [1-9]\d*\/\d+/);
          expect(() => statSync(out)).toThrow();
          expect(leftovers()).toEqual([]);
        }
      }
    } finally {
      await p.close();
    }
  }, LIMIT_MS);
});

describe('--out as a careful tool treats it', () => {
  it('writes through a symbolic link and to a device, keeps an existing file\'s mode, and makes a new issue export readable by its owner only', async () => {
    const target = join(dir, 'real.csv');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    const link = join(dir, 'link.csv');
    symlinkSync(target, link);
    let run = await cli(['report', 'unused', '--instance', SAMPLE_PATH, '--out', link, '--quiet']);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^kind,id,name,criterion,last_used,link\r\n/);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    run = await cli(['report', 'unused', '--instance', SAMPLE_PATH, '--out', '/dev/null', '--format', 'csv', '--quiet']);
    expect(run.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const exported = join(dir, 'issues.csv');
    run = await cli(['export-issues', '--instance', SAMPLE_PATH, '--jql', 'project = OPS', '--out', exported, '--quiet']);
    expect(run.code).toBe(0);
    expect(statSync(exported).mode & 0o777).toBe(0o600);
    expect(leftovers()).toEqual([]);
  }, LIMIT_MS);

  it('refuses an --out that is an input or the --record file, and a --site with a login in it, writing nothing', async () => {
    const copy = join(dir, 'instance.json');
    writeFileSync(copy, readFileSync(SAMPLE_PATH));
    const before = readFileSync(copy, 'utf8');
    let run = await cli(['report', 'unused', '--instance', copy, '--out', copy]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`--out ${copy} is the same file as --instance: it would overwrite what it reads`);
    expect(readFileSync(copy, 'utf8')).toBe(before);
    const same = join(dir, 'same.json');
    run = await cli(['scan', '--site', fake.url, '--out', same, '--record', same]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`--out and --record name the same file (${same})`);
    expect(() => statSync(same)).toThrow();
    run = await cli(['scan', '--site', 'https://me%40acme.test:ATATT3xFfGF0secret@acme.atlassian.net', '--out', join(dir, 'creds.json')]);
    expect(run.code).toBe(2);
    expect(run.err).toBe('config-lens: --site: the URL holds a user name or password; give the site alone and log in with --email and --token (or JIRA_EMAIL and JIRA_API_TOKEN) (see config-lens help)\n');
    expect(() => statSync(join(dir, 'creds.json'))).toThrow();
  }, LIMIT_MS);
});
