import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import type { ConfigSnapshot } from '../../domain/model';
import { createFakeJiraHandlers, FakeJiraLog, type FakeJiraOptions } from './handlers';
import { FakeAuditLog } from './audit';

export interface FakeJiraServer {
  /** `http://127.0.0.1:<port>`: use it as `--site`. */
  readonly url: string;
  readonly log: FakeJiraLog;
  /** Serves another snapshot from now on, as a site whose configuration changed between two scans (its audit log says what changed). */
  serve(snapshot: ConfigSnapshot): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * Serves the fake Jira over real HTTP on the loopback interface, through the same MSW handlers the tests use
 * (one implementation: each node request becomes a fetch Request answered by `getResponse`).
 */
export async function startFakeJiraServer(snapshot: ConfigSnapshot, options: FakeJiraOptions & { readonly port?: number; readonly host?: string } = {}): Promise<FakeJiraServer> {
  const log = new FakeJiraLog();
  // The site's audit log follows its changes, as Jira's does: an incremental scan reads again what a change named.
  const audit = options.audit ?? new FakeAuditLog();
  let current = snapshot;
  let handlers = createFakeJiraHandlers(snapshot, { ...options, audit }, log);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const url = `http://${host}${req.url ?? '/'}`;
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        const body = await readBody(req);
        const request = new Request(url, { method: req.method ?? 'GET', headers, ...(body === undefined ? {} : { body: new Uint8Array(body) }) });
        const response = (await getResponse(handlers, request)) ?? Response.json({ errorMessages: ['Not found'] }, { status: 404 });
        res.statusCode = response.status;
        response.headers.forEach((value, key) => {
          res.setHeader(key, value);
        });
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (e) {
        res.statusCode = 500;
        res.end(JSON.stringify({ errorMessages: [e instanceof Error ? e.message : String(e)] }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    log,
    serve: (next) => {
      audit.change(current, next, new Date((options.points?.now ?? Date.now)()));
      current = next;
      handlers = createFakeJiraHandlers(next, { ...options, audit }, log);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          if (e === undefined) resolve();
          else reject(e);
        });
      }),
  };
}
