import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { startFakeJiraServer } from '../../adapters/fake-jira/http-server';
import { InMemoryKeyValueStore } from '../../adapters/memory/in-memory-kvs';
import { InMemoryJobQueue } from '../../adapters/memory/in-memory-queue';
import { NodeJiraHttp } from '../../adapters/node/node-jira-http';
import type { ConfigSnapshot } from '../../domain/model';
import { AdminApiId, type AdminApi } from '../admin-api';
import { adminJiraModule, adminModule, adminStorageModule, createContainer } from '../container';
import { ScanJobsId, type ScanJobs } from '../scan-jobs';

export interface LocalServerOptions {
  /** The configuration (and issues) the fake Jira serves. */
  readonly snapshot: ConfigSnapshot;
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
}

export interface LocalServer {
  readonly url: string;
  readonly fakeJiraUrl: string;
  /** The account the page acts as. */
  readonly accountId: string;
  readonly api: AdminApi;
  readonly scans: ScanJobs;
  readonly queue: InMemoryJobQueue;
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

/**
 * The admin page on localhost: the built page, and `/__local/invoke`, where the page's stand-in for
 * @forge/bridge sends resolver calls. Calls run the same AdminApi as Forge, bound by the container to the fake
 * Jira (over real HTTP on loopback) serving the snapshot, an in-memory store and an in-process job queue.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const root = resolve(options.staticDir);
  const index = join(root, 'index.html');
  if (!(await stat(index).catch(() => undefined))?.isFile()) throw new Error(`the admin page is not built: ${index} is missing (run npm run build:page)`);

  const accountId = options.accountId ?? options.snapshot.users?.find((u) => u.active)?.accountId ?? 'local-admin';
  const fake = await startFakeJiraServer(options.snapshot, { host, currentUser: accountId, ...(options.admin === undefined ? {} : { admin: options.admin }) });
  const http = new NodeJiraHttp({ site: fake.url });
  const queue = new InMemoryJobQueue({ autoRun: true, concurrency: 2 });
  const container = createContainer(adminModule, adminJiraModule(http, http, { concurrency: 6 }), adminStorageModule(new InMemoryKeyValueStore(), queue));
  const api = container.get(AdminApiId);
  const scans = container.get(ScanJobsId);
  queue.attach(async (event) => {
    try {
      await scans.handle(event);
    } catch (e) {
      process.stderr.write(`config-lens serve: job ${JSON.stringify(event)} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      throw e;
    }
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__local/invoke') {
      if (request.method !== 'POST') { send(response, 405, 'text/plain', 'POST only'); return; }
      let call: { functionKey?: unknown; payload?: unknown };
      try {
        call = JSON.parse(await body(request)) as typeof call;
      } catch (e) {
        send(response, 400, 'text/plain', `the body is not JSON: ${e instanceof Error ? e.message : String(e)}`); return;
      }
      if (typeof call.functionKey !== 'string') { send(response, 400, 'text/plain', 'functionKey (a string) is required'); return; }
      const answer = await api.call(call.functionKey, call.payload, { accountId, siteUrl: fake.url, installation: 'local' });
      send(response, 200, 'application/json', JSON.stringify(answer)); return;
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
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => { server.off('error', fail); ok(); });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${host}:${port}/`,
    fakeJiraUrl: fake.url,
    accountId,
    api,
    scans,
    queue,
    close: async () => {
      await new Promise<void>((ok) => { server.close(() => { ok(); }); server.closeAllConnections(); });
      await queue.idle();
      await fake.close();
    },
  };
}
