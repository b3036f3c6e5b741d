import { fc, test } from '@fast-check/vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { z } from 'zod';
import { collect, JiraClient, RequestBudgetError } from '../../src/adapters/jira-rest/client';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';

const SITE = 'https://paging.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

interface Fake {
  items: { id: string }[];
  cap: number;
  sayTotal: boolean;
  sayIsLast: boolean;
  faults: boolean[];
}

/** A PageBean endpoint with a server-side cap, optional total/isLast, and a scripted list of 429/503 faults. */
function serve(f: Fake): void {
  let call = 0;
  server.resetHandlers(
    http.get(`${SITE}/rest/api/3/things`, ({ request }) => {
      const fault = f.faults[call++] === true;
      if (fault) return call % 2 === 0 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } }) : new HttpResponse(null, { status: 503 });
      const url = new URL(request.url);
      const startAt = Number(url.searchParams.get('startAt'));
      const size = Math.min(f.cap, Number(url.searchParams.get('maxResults')));
      const values = f.items.slice(startAt, startAt + size);
      const last = startAt + size >= f.items.length;
      return HttpResponse.json({
        startAt,
        maxResults: size,
        ...(f.sayTotal ? { total: f.items.length } : {}),
        ...(f.sayIsLast ? { isLast: last } : {}),
        values,
      });
    }),
  );
}

const fake = fc.record({
  items: fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 120 }).map((ns) => ns.map((n) => ({ id: String(n) }))),
  cap: fc.integer({ min: 1, max: 60 }),
  sayTotal: fc.boolean(),
  sayIsLast: fc.boolean(),
  faults: fc.array(fc.boolean(), { maxLength: 10 }),
});

const client = (budget?: number): JiraClient =>
  new JiraClient(new NodeJiraHttp({ site: SITE }), { sleep: () => Promise.resolve(), random: () => 0, maxRetries: 12, ...(budget === undefined ? {} : { budget }) });

describe('PageBean paging', () => {
  test.prop([fake.map((f) => ({ ...f, faults: [] })), fc.integer({ min: 1, max: 200 })], { numRuns: 60 })(
    'paging collects every item exactly once, in order, whatever page cap the server applies and page size we ask for',
    async (f, pageSize) => {
      serve(f);
      expect(await collect(client(), '/rest/api/3/things', z.object({ id: z.string() }), { pageSize })).toEqual(f.items);
    },
  );

  test.prop([fake], { numRuns: 60 })('under 429/503 faults (fewer in a row than the retries allowed) the items collected equal the fault-free result', async (f) => {
    serve({ ...f, faults: [] });
    const clean = await collect(client(), '/rest/api/3/things', z.object({ id: z.string() }));
    serve(f);
    expect(await collect(client(), '/rest/api/3/things', z.object({ id: z.string() }))).toEqual(clean);
  });

  test.prop([fake, fc.integer({ min: 1, max: 8 })], { numRuns: 60 })('requests, retries included, never exceed the budget', async (f, budget) => {
    serve(f);
    const c = client(budget);
    await collect(c, '/rest/api/3/things', z.object({ id: z.string() }), { pageSize: 5 }).catch((e: unknown) => {
      expect(e).toBeInstanceOf(RequestBudgetError);
    });
    expect(c.requestCount).toBeLessThanOrEqual(budget);
  });
});
