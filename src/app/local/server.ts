import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { VIA_BRIDGE_HEADER } from '../../adapters/fake-jira/handlers';
import { startFakeJiraServer } from '../../adapters/fake-jira/http-server';
import { InMemoryKeyValueStore } from '../../adapters/memory/in-memory-kvs';
import { FileKeyValueStore } from '../../adapters/node/file-kvs';
import { InMemoryJobQueue } from '../../adapters/memory/in-memory-queue';
import { NodeJiraHttp, type NodeJiraHttpOptions } from '../../adapters/node/node-jira-http';
import { JiraClient } from '../../adapters/jira-rest/client';
import { z } from 'zod';
import type { ConfigSnapshot } from '../../domain/model';
import { AdminApiId, type AdminApi } from '../admin-api';
import { adminJiraModule, adminModule, adminStorageModule, createContainer } from '../container';
import { ScanJobsId, type ScanJobs } from '../scan-jobs';
import { RetentionId } from '../retention';
import { ScheduledScansId, type ScheduledScans } from '../schedule';

export interface LocalServerOptions {
  /** The configuration (and issues) a fake Jira in this process serves. Give this or `site`. */
  readonly snapshot?: ConfigSnapshot;
  /**
   * A live site (or any Jira's URL) and the login to read it with: the page runs the Forge job machinery against
   * it (a queue whose delays are real, the hourly ledger and background budget, pauses on Jira's quota).
   */
  readonly site?: NodeJiraHttpOptions;
  /** The built page (static/admin-page/build-local). */
  readonly staticDir: string;
  /** 0 for any free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * The account the page acts as (also what `currentUser()` means in JQL), by default the sample's first active user,
   * and whether the fake Jira says it is an administrator.
   */
  readonly accountId?: string;
  readonly admin?: boolean;
  /**
   * How often the stand-in for Forge's scheduled trigger runs (ms; 0: never). Forge calls it daily; the schedule
   * decides whether a scan is due, so calling it more often only starts a due scan sooner. Default one minute.
   */
  readonly scheduleTickMs?: number;
  /**
   * A secret every call must carry (header `X-Config-Lens-Token`; the page takes it from the `token` query of the URL
   * it is opened with). Made up when the server listens beyond loopback (`--host 0.0.0.0`), where other machines can
   * reach it; off on loopback unless given.
   */
  readonly token?: string;
  /**
   * A file to keep the store in (`serve --store`): what the app stores can be inspected there, and it is there again
   * after a restart. Without it, the store is in memory.
   */
  readonly store?: string;
}

export interface LocalServer {
  /** The page's URL, with the token when there is one. */
  readonly url: string;
  /** The token calls must carry, when the server asks for one. */
  readonly token: string | undefined;
  /** The Jira the page reads: the fake serving the snapshot, or the site. */
  readonly jiraUrl: string;
  /** Whether that is a fake Jira in this process or a site given by URL. */
  readonly jira: 'fake' | 'site';
  /** The account the page acts as. */
  readonly accountId: string;
  readonly api: AdminApi;
  readonly scans: ScanJobs;
  readonly schedule: ScheduledScans;
  readonly queue: InMemoryJobQueue;
  /** Makes the fake Jira serve another snapshot (the site changed): the next scan reads it. Not for a site. */
  serveSnapshot(snapshot: ConfigSnapshot): void;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const MAX_BODY = 1024 * 1024;
const TOKEN_HEADER = 'x-config-lens-token';
/** Where the page's stand-in for the bridge's `requestJira` sends its calls: `/__local/jira/rest/api/3/…`. */
const JIRA_PREFIX = '/__local/jira/';
/** A path of Jira's REST API (percent-encoded characters allowed; no dot segments: the URL parser has removed them). */
const JIRA_PATH = /^\/rest\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*$/;
/** Headers of Jira's answer the page's client reads. */
const FORWARDED_HEADERS = ['Retry-After', 'RateLimit', 'RateLimit-Policy', 'RateLimit-Reason', 'Beta-RateLimit', 'Beta-RateLimit-Policy', 'Beta-RateLimit-Reason', 'X-RateLimit-NearLimit', 'X-Beta-RateLimit-NearLimit', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const;

/** True for loopback addresses and `localhost`: only this machine can reach them. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function body(request: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`request body over ${MAX_BODY} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

const send = (response: ServerResponse, status: number, type: string, content: string | Buffer): void => {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(content);
};

const myself = z.object({ accountId: z.string().min(1) });

/** The account a login acts as (`GET /rest/api/3/myself`); a refused login is said with the site's answer. */
async function signedIn(http: NodeJiraHttp, site: string): Promise<string> {
  try {
    return (await new JiraClient(http, { maxRetries: 2 }).json('/rest/api/3/myself', myself)).accountId;
  } catch (e) {
    throw new Error(`${site}: could not learn whom the login acts as (GET /rest/api/3/myself): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * The admin page on localhost: the built page, and `/__local/invoke`, where the page's stand-in for
 * @forge/bridge sends resolver calls. Calls run the same AdminApi as Forge, bound by the container to the fake
 * Jira (over real HTTP on loopback) serving the snapshot, or to a site, an in-memory store and an in-process job
 * queue, with a stand-in for the scheduled trigger.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const root = resolve(options.staticDir);
  const index = join(root, 'index.html');
  if (!(await stat(index).catch(() => undefined))?.isFile()) throw new Error(`the admin page is not built: ${index} is missing (run npm run build:page)`);

  if ((options.snapshot === undefined) === (options.site === undefined)) throw new Error('the local server needs one Jira: a snapshot for a fake Jira, or a site');
  let jira: { readonly url: string; readonly http: NodeJiraHttp; readonly accountId: string; close(): Promise<void>; serve(next: ConfigSnapshot): void };
  if (options.snapshot !== undefined) {
    const snapshot = options.snapshot;
    const accountId = options.accountId ?? snapshot.users?.find((u) => u.active)?.accountId ?? 'local-admin';
    // The fake Jira serves the whole snapshot without a login: it listens on loopback whatever --host says.
    const fake = await startFakeJiraServer(snapshot, { host: '127.0.0.1', currentUser: accountId, ...(options.admin === undefined ? {} : { admin: options.admin }) });
    jira = { url: fake.url, http: new NodeJiraHttp({ site: fake.url }), accountId, close: () => fake.close(), serve: (next) => { fake.serve(next); } };
  } else {
    const site = options.site;
    if (site === undefined) throw new Error('unreachable: no site');
    const http = new NodeJiraHttp(site);
    // The page acts as the account the login belongs to, as Forge's page acts as the signed-in admin.
    const accountId = options.accountId ?? (await signedIn(http, site.site));
    jira = { url: site.site.replace(/\/+$/, ''), http, accountId, close: () => Promise.resolve(), serve: () => { throw new Error('a live site changes by itself: serveSnapshot is for a fake Jira'); } };
  }
  const accountId = jira.accountId;
  const http = jira.http;
  // Against a site, delays are real: a part paused by Jira's quota waits for the reset Jira named, as on Forge.
  const queue = new InMemoryJobQueue({ autoRun: true, concurrency: 2, time: options.site === undefined ? 'virtual' : 'real' });
  const store = options.store === undefined ? new InMemoryKeyValueStore() : await FileKeyValueStore.open(options.store);
  const container = createContainer(adminModule, adminJiraModule(http, http, { concurrency: 6 }), adminStorageModule(store, queue));
  const api = container.get(AdminApiId);
  const scans = container.get(ScanJobsId);
  const schedule = container.get(ScheduledScansId);
  queue.attach(async (event) => {
    try {
      await scans.handle(event);
    } catch (e) {
      process.stderr.write(`config-lens serve: job ${JSON.stringify(event)} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      throw e;
    }
  });

  const tickMs = options.scheduleTickMs ?? 60_000;
  const retention = container.get(RetentionId);
  const ticker = tickMs <= 0 ? undefined : setInterval(() => {
    // As Forge's daily trigger does: what is past its retention first, then a scheduled scan if one is due.
    retention.sweep().then(() => schedule.tick()).catch((e: unknown) => { process.stderr.write(`config-lens serve: the scheduled-scan trigger failed: ${e instanceof Error ? e.message : String(e)}\n`); });
  }, tickMs);
  ticker?.unref();

  const loopback = isLoopback(host);
  const token = options.token ?? (loopback ? undefined : randomBytes(24).toString('base64url'));
  let allowedHosts = new Set<string>();

  /**
   * Why a call of the page is refused, if it is: not from the page's own origin, or without the token the server asks
   * for; `json`: a body that must be JSON (a JSON content type cannot be sent cross-origin without a preflight, which
   * this server never grants).
   */
  const refused = (request: IncomingMessage, hostHeader: string, json: boolean): { readonly status: number; readonly why: string } | undefined => {
    // Cross-site requests: a browser always sends Origin with a cross-origin POST, and says where a request comes from.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) return { status: 403, why: 'calls are taken from the page\'s own origin only' };
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, why: 'calls are taken from the page\'s own origin only' };
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (json && type !== 'application/json') return { status: 415, why: 'calls must be application/json' };
    if (token !== undefined) {
      const given = request.headers[TOKEN_HEADER];
      if (typeof given !== 'string' || !sameSecret(given, token)) return { status: 403, why: 'this server asks for the token printed when it started (open the URL it printed)' };
    }
    return undefined;
  };

  /**
   * The local stand-in for `@forge/bridge` `requestJira`: the page's call to Jira is sent on to the Jira the server
   * reads (the fake, or the site with the login it was given), marked as a bridge call (`X-Config-Lens-Via: bridge`:
   * inside Jira such a call is the signed-in user's, and costs the app no points; a fake that counts points charges
   * none). Reads only: GET, and POST with a JSON body (Jira's searches); Jira's REST paths only.
   */
  const forward = async (request: IncomingMessage, response: ServerResponse, url: URL, hostHeader: string): Promise<void> => {
    const post = request.method === 'POST';
    if (request.method !== 'GET' && !post) { send(response, 405, 'text/plain', 'the page reads Jira with GET and POST only'); return; }
    const refusal = refused(request, hostHeader, post);
    if (refusal !== undefined) { send(response, refusal.status, 'text/plain', refusal.why); return; }
    const path = url.pathname.slice(JIRA_PREFIX.length - 1);
    if (!JIRA_PATH.test(path)) { send(response, 404, 'text/plain', `only Jira's REST API is forwarded (/rest/…), not ${path}`); return; }
    const sent = post ? await body(request) : undefined;
    const answer = await http.requestJira(`${path}${url.search}`, {
      method: post ? 'POST' : 'GET',
      headers: { Accept: 'application/json', [VIA_BRIDGE_HEADER]: 'bridge', ...(post ? { 'Content-Type': 'application/json' } : {}) },
      ...(sent === undefined ? {} : { body: sent }),
    });
    const text = await answer.text();
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Type': answer.headers.get('content-type') ?? 'application/json' };
    // What the page's client reads of an answer: Jira's waits and its quota.
    for (const name of FORWARDED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    response.writeHead(answer.status, headers);
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // DNS rebinding: a page of another site whose name now points here sends its own name as Host. Only the names
    // this server is reached by are answered (beyond loopback the token guards the calls).
    const hostHeader = (request.headers.host ?? '').toLowerCase();
    if (loopback && !allowedHosts.has(hostHeader)) { send(response, 421, 'text/plain', `this server answers only as ${[...allowedHosts].join(' or ')}`); return; }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__local/invoke') {
      if (request.method !== 'POST') { send(response, 405, 'text/plain', 'POST only'); return; }
      const refusal = refused(request, hostHeader, true);
      if (refusal !== undefined) { send(response, refusal.status, 'text/plain', refusal.why); return; }
      let call: { functionKey?: unknown; payload?: unknown };
      try {
        call = JSON.parse(await body(request)) as typeof call;
      } catch (e) {
        send(response, 400, 'text/plain', `the body is not JSON: ${e instanceof Error ? e.message : String(e)}`); return;
      }
      if (typeof call.functionKey !== 'string') { send(response, 400, 'text/plain', 'functionKey (a string) is required'); return; }
      const answer = await api.call(call.functionKey, call.payload, { accountId, siteUrl: jira.url, installation: 'local' });
      send(response, 200, 'application/json', JSON.stringify(answer)); return;
    }
    if (url.pathname.startsWith(JIRA_PREFIX)) {
      await forward(request, response, url, hostHeader);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') { send(response, 405, 'text/plain', 'GET only'); return; }
    const relative = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (file !== root && !file.startsWith(root + sep)) { send(response, 403, 'text/plain', 'outside the page'); return; }
    const content = await readFile(file).catch(() => undefined);
    if (content === undefined) { send(response, 404, 'text/plain', `no ${url.pathname}`); return; }
    send(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', content);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((e: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', e instanceof Error ? e.message : String(e));
    });
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, host, () => { server.off('error', fail); ok(); });
    });
  } catch (e) {
    clearInterval(ticker);
    await queue.close();
    await jira.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const authority = `${isIPv6(host) ? `[${host}]` : host}:${port}`;
  allowedHosts = new Set([authority, ...(loopback ? [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`] : [])].map((h) => h.toLowerCase()));
  return {
    url: `http://${authority}/${token === undefined ? '' : `?token=${token}`}`,
    token,
    serveSnapshot: (next) => {
      jira.serve(next);
    },
    jiraUrl: jira.url,
    jira: options.site === undefined ? 'fake' : 'site',
    accountId,
    api,
    scans,
    schedule,
    queue,
    close: async () => {
      clearInterval(ticker);
      await new Promise<void>((ok) => { server.close(() => { ok(); }); server.closeAllConnections(); });
      // Parts waiting for their time (a quota pause) are dropped: nothing outlives the process.
      await queue.close();
      await jira.close();
      if (store instanceof FileKeyValueStore) await store.flush();
    },
  };
}
