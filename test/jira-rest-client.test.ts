import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, JiraAuthError, JiraClient, JiraHttpError, JiraPayloadError, RequestBudgetError, RetryAfterTooLongError, retryAfterMs, tokenPages, withQuery, type WaitEvent } from '../src/adapters/jira-rest/client';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';

const SITE = 'https://acme-test.atlassian.net';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

const waits: number[] = [];
const client = (options: ConstructorParameters<typeof JiraClient>[1] = {}): JiraClient =>
  new JiraClient(new NodeJiraHttp({ site: SITE, email: 'admin@acme.test', token: 'secret-token-value' }), {
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
const item = z.object({ id: z.string() });

describe('JiraClient', () => {
  it('sends Basic auth and reads a JSON body through the schema', async () => {
    server.use(
      http.get(`${SITE}/rest/api/3/field`, ({ request }) => {
        expect(request.headers.get('Authorization')).toBe(`Basic ${Buffer.from('admin@acme.test:secret-token-value').toString('base64')}`);
        return HttpResponse.json([{ id: 'summary' }]);
      }),
    );
    expect(await client().json('/rest/api/3/field', z.array(item))).toEqual([{ id: 'summary' }]);
  });

  it('honours Retry-After on 429, in seconds or as a date', async () => {
    waits.length = 0;
    let calls = 0;
    server.use(
      http.get(`${SITE}/rest/api/3/field`, () => {
        calls++;
        return calls === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }) : HttpResponse.json([]);
      }),
    );
    const c = client({ baseDelayMs: 100 });
    expect(await c.json('/rest/api/3/field', z.array(item))).toEqual([]);
    expect(waits).toEqual([7050]);
    expect(c.retryCount).toBe(1);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('retries 503 on GET with growing jittered backoff, and gives up after maxRetries naming the endpoint', async () => {
    waits.length = 0;
    server.use(http.get(`${SITE}/rest/api/3/screens`, () => HttpResponse.json({ errorMessages: ['Service unavailable'] }, { status: 503 })));
    await expect(client({ maxRetries: 3, baseDelayMs: 100 }).json('/rest/api/3/screens?startAt=0', item)).rejects.toThrow(
      new JiraHttpError('GET /rest/api/3/screens', 503, 'Service unavailable'),
    );
    expect(waits).toEqual([50, 100, 200]);
  });

  it('does not retry a 5xx on POST (it may have been applied)', async () => {
    let calls = 0;
    server.use(
      http.post(`${SITE}/rest/api/3/workflows`, () => {
        calls++;
        return new HttpResponse('oops', { status: 500 });
      }),
    );
    await expect(client().send('/rest/api/3/workflows', { method: 'POST', body: '{}' })).rejects.toThrow('POST /rest/api/3/workflows: HTTP 500: oops');
    expect(calls).toBe(1);
  });

  it('stops at once on 401 with a clear error that never contains the token', async () => {
    server.use(http.get(`${SITE}/rest/api/3/field`, () => HttpResponse.json({ errorMessages: [] }, { status: 401 })));
    const error = await client().send('/rest/api/3/field').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraAuthError);
    expect(String(error)).toContain('GET /rest/api/3/field: HTTP 401: Jira refused the credentials');
    expect(`${JSON.stringify(error)} ${String(error)} ${(error as Error).stack ?? ''}`).not.toContain('secret-token-value');
  });

  it('names the endpoint and JSON path of a payload that is not what Atlassian documents', async () => {
    server.use(http.get(`${SITE}/rest/api/3/field`, () => HttpResponse.json([{ id: 'summary' }, { id: 7 }])));
    await expect(client().json('/rest/api/3/field', z.array(item))).rejects.toThrow(new JiraPayloadError('GET /rest/api/3/field', '$[1].id: Invalid input: expected string, received number'));
    server.use(http.get(`${SITE}/rest/api/3/field`, () => new HttpResponse('<html>maintenance</html>', { status: 200 })));
    await expect(client().json('/rest/api/3/field', z.array(item))).rejects.toThrow('GET /rest/api/3/field: $: the response is not JSON (7 attempts): <html>maintenance</html>');
  });

  it('refuses to send past the request budget', async () => {
    server.use(http.get(`${SITE}/rest/api/3/field`, () => new HttpResponse(null, { status: 503 })));
    const c = client({ budget: 3 });
    await expect(c.send('/rest/api/3/field')).rejects.toBeInstanceOf(RequestBudgetError);
    expect(c.requestCount).toBe(3);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(`${SITE}/rest/api/3/issuetype/:id`, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return HttpResponse.json({ id: '1' });
      }),
    );
    const c = client({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.json(`/rest/api/3/issuetype/${i}`, item)));
    expect(most).toBe(3);
  });
});

describe('paging', () => {
  it('loops on isLast, not on the page size it asked for, when the server caps maxResults', async () => {
    const all = Array.from({ length: 125 }, (_, i) => ({ id: String(i) }));
    const asked: string[] = [];
    server.use(
      http.get(`${SITE}/rest/api/3/field/search`, ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.search);
        const startAt = Number(url.searchParams.get('startAt'));
        const values = all.slice(startAt, startAt + 50);
        return HttpResponse.json({ startAt, maxResults: 50, total: all.length, isLast: startAt + 50 >= all.length, values });
      }),
    );
    expect(await collect(client(), '/rest/api/3/field/search?type=custom', item, { pageSize: 1000 })).toEqual(all);
    expect(asked).toEqual(['?type=custom&startAt=0&maxResults=1000', '?type=custom&startAt=50&maxResults=1000', '?type=custom&startAt=100&maxResults=1000']);
  });

  it('spells the page size maxResult where Jira does', async () => {
    server.use(
      http.get(`${SITE}/rest/api/3/screens/tabs`, ({ request }) => {
        expect(new URL(request.url).searchParams.getAll('screenId')).toEqual(['1', '2']);
        expect(new URL(request.url).searchParams.get('maxResult')).toBe('100');
        return HttpResponse.json({ isLast: true, values: [{ id: '10' }] });
      }),
    );
    expect(await collect(client(), withQuery('/rest/api/3/screens/tabs', { screenId: ['1', '2'] }), item, { sizeParam: 'maxResult' })).toEqual([{ id: '10' }]);
  });

  it('stops with an error instead of looping forever on an empty page that is not the last', async () => {
    server.use(http.get(`${SITE}/rest/api/3/screens`, () => HttpResponse.json({ startAt: 0, isLast: false, values: [] })));
    await expect(collect(client(), '/rest/api/3/screens', item)).rejects.toThrow('GET /rest/api/3/screens: $.values: empty page at startAt 0 but isLast is false');
  });

  it('follows nextPageToken until it is absent and refuses a token that repeats', async () => {
    server.use(
      http.get(`${SITE}/rest/api/3/search/jql`, ({ request }) => {
        const token = new URL(request.url).searchParams.get('nextPageToken');
        return HttpResponse.json(token === null ? { issues: [1], nextPageToken: 'a' } : token === 'a' ? { issues: [2], nextPageToken: 'b' } : { issues: [3] });
      }),
    );
    const schema = z.object({ issues: z.array(z.number()), nextPageToken: z.string().optional() });
    const got: number[] = [];
    for await (const page of tokenPages(client(), '/rest/api/3/search/jql?jql=x', schema)) got.push(...page.issues);
    expect(got).toEqual([1, 2, 3]);
    server.use(http.get(`${SITE}/rest/api/3/search/jql`, () => HttpResponse.json({ issues: [], nextPageToken: 'same' })));
    let pagesRead = 0;
    await expect(async () => {
      for await (const page of tokenPages(client(), '/rest/api/3/search/jql?jql=x', schema)) pagesRead += page.issues.length + 1;
    }).rejects.toThrow("$.nextPageToken: token 'same' came back twice");
    expect(pagesRead).toBe(2);
  });
});

describe('NodeJiraHttp', () => {
  it('names a bad --site and a half-given login', () => {
    expect(() => new NodeJiraHttp({ site: 'acme.atlassian.net' })).toThrow("--site: 'acme.atlassian.net' is not a URL");
    expect(() => new NodeJiraHttp({ site: SITE, email: 'a@b.c' })).toThrow('--email and --token go together');
  });
});

describe('every network loop is bounded and says what it waits for', () => {
  const page = (values: { id: string }[], extra: Record<string, unknown> = {}) => HttpResponse.json({ startAt: 0, maxResults: values.length, values, ...extra });

  it('a server that ignores startAt (the same page again and again) stops the listing with an error naming the endpoint', async () => {
    server.use(http.get(`${SITE}/rest/api/3/workflowscheme`, () => page([{ id: '1' }, { id: '2' }], { isLast: false })));
    await expect(collect(client(), '/rest/api/3/workflowscheme', item)).rejects.toThrow("GET /rest/api/3/workflowscheme: $.values: the page at startAt 2 repeats only ids earlier pages gave (first 1): the server seems to ignore startAt; stopping");
  });

  it('a mapping endpoint (items without ids) that sends the same page again stops too', async () => {
    server.use(http.get(`${SITE}/rest/api/3/issuetypescheme/mapping`, () => HttpResponse.json({ startAt: 0, maxResults: 1, isLast: false, values: [{ issueTypeSchemeId: '1', issueTypeId: '2' }] })));
    await expect(collect(client(), '/rest/api/3/issuetypescheme/mapping', z.object({ issueTypeId: z.string() }))).rejects.toThrow('GET /rest/api/3/issuetypescheme/mapping: $.values: the page at startAt 1 is the page before it again: the server seems to ignore startAt; stopping');
  });

  it('paging far past the total the first page gave stops with an error, and so does the page cap', async () => {
    let n = 0;
    server.use(http.get(`${SITE}/rest/api/3/screens`, () => page([{ id: String(++n) }], { isLast: false, total: 3 })));
    await expect(collect(client(), '/rest/api/3/screens', item)).rejects.toThrow(/^GET \/rest\/api\/3\/screens: \$\.isLast: still false at startAt 1007, though the first page said there are 3 in all; stopping$/);
    n = 0;
    server.use(http.get(`${SITE}/rest/api/3/screens`, () => page([{ id: String(++n) }], { isLast: false })));
    await expect(collect(client(), '/rest/api/3/screens', item, { maxPages: 25 })).rejects.toThrow('GET /rest/api/3/screens: more than 25 pages (startAt 25): stopping instead of paging on');
  });

  it('pages that repeat ids: the repeats are dropped and reported, every object kept once', async () => {
    server.use(
      http.get(`${SITE}/rest/api/3/priority/search`, ({ request }) => {
        const startAt = Number(new URL(request.url).searchParams.get('startAt'));
        return startAt === 0 ? page([{ id: '1' }, { id: '2' }], { isLast: false }) : page([{ id: '2' }, { id: '3' }], { isLast: true });
      }),
    );
    const repeats: unknown[] = [];
    expect(await collect(client(), '/rest/api/3/priority/search', item, { onRepeatedIds: (e) => repeats.push(e) })).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(repeats).toEqual([{ endpoint: 'GET /rest/api/3/priority/search', startAt: 2, ids: ['2'] }]);
  });

  it('token paging stops at its page cap, naming the endpoint', async () => {
    let n = 0;
    server.use(http.get(`${SITE}/rest/api/3/statuses/usage`, () => HttpResponse.json({ nextPageToken: `t${++n}` })));
    const loop = async (): Promise<void> => {
      for await (const _ of tokenPages(client(), '/rest/api/3/statuses/usage', z.object({ nextPageToken: z.string().optional() }), 10)) { /* reads on */ }
    };
    await expect(loop()).rejects.toThrow('GET /rest/api/3/statuses/usage: $.nextPageToken: more than 10 pages; stopping instead of paging on');
  });

  it('a request that never answers is abandoned after the request timeout, retried twice, then fails naming the endpoint', async () => {
    let calls = 0;
    server.use(http.get(`${SITE}/rest/api/3/filter/search`, async () => { calls++; await new Promise(() => undefined); return HttpResponse.json({}); }));
    const started = Date.now();
    await expect(client({ requestTimeoutMs: 50 }).send('/rest/api/3/filter/search')).rejects.toThrow('GET /rest/api/3/filter/search: HTTP 0: no response (no answer within 50 ms) after 3 attempts');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a Retry-After longer than the bound is not waited out: the error says when Jira takes requests again', async () => {
    const now = Date.parse('2026-11-25T10:00:00.000Z');
    server.use(http.get(`${SITE}/rest/api/3/field`, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } })));
    const error = await client({ clock: () => now, maxQuotaWaitMs: 30 * 60_000 }).send('/rest/api/3/field').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryAfterTooLongError);
    expect((error as Error).message).toBe('GET /rest/api/3/field: Jira asked to wait 3600 s (Retry-After); not waited, Jira takes requests again from 2026-11-25T11:00:00.000Z');
  });

  it('every wait longer than 5 s is said before it starts, with what it waits for', async () => {
    let calls = 0;
    server.use(http.get(`${SITE}/rest/api/3/field`, () => (++calls === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '30' } }) : HttpResponse.json([]))));
    const said: WaitEvent[] = [];
    await client({ onWait: (e) => said.push(e) }).send('/rest/api/3/field');
    expect(said).toEqual([{ endpoint: 'GET /rest/api/3/field', ms: 30_250, reason: 'rate-limited' }]);
  });

  it('a read-only POST (issue search) is retried on 5xx and 429 like a GET; another POST is not', async () => {
    let calls = 0;
    server.use(http.post(`${SITE}/rest/api/3/search/jql`, () => (++calls < 3 ? new HttpResponse(null, { status: calls === 1 ? 503 : 429 }) : HttpResponse.json({ issues: [] }))));
    expect(await client().send('/rest/api/3/search/jql', { method: 'POST', body: '{}', idempotent: true })).toBe('{"issues":[]}');
    expect(calls).toBe(3);
    calls = 0;
    server.use(http.post(`${SITE}/rest/api/3/thing`, () => { calls++; return new HttpResponse(null, { status: 503 }); }));
    await expect(client().send('/rest/api/3/thing', { method: 'POST', body: '{}' })).rejects.toThrow('POST /rest/api/3/thing: HTTP 503');
    expect(calls).toBe(1);
  });
});
