import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ForgeJiraHttp } from '../src/adapters/forge/forge-jira-http';
import { collect, JiraClient } from '../src/adapters/jira-rest/client';

const SITE = 'https://forge-proxy.test';
const server = setupServer(
  http.get(`${SITE}/rest/api/3/filter/search`, () => new Promise<Response>(() => undefined)),
  http.get(`${SITE}/rest/api/3/project/search`, ({ request }) => {
    const startAt = Number(new URL(request.url).searchParams.get('startAt'));
    const values = [{ id: '10000', key: 'ENG' }, { id: '10001', key: 'OPS' }, { id: '10002', key: 'HR' }].slice(startAt, startAt + 2);
    return HttpResponse.json({ startAt, maxResults: 2, isLast: startAt + 2 >= 3, values });
  }),
);

interface ForgeGlobal {
  __forge_fetch__?: (context: { type: string; provider: string }, path: string, init: RequestInit) => Promise<Response>;
}
const contexts: { type: string; provider: string; path: string }[] = [];
const signals: (AbortSignal | null | undefined)[] = [];

beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  // The real @forge/api sends product requests through this hook; outside Forge we point it at fetch, and MSW answers.
  (globalThis as ForgeGlobal).__forge_fetch__ = (context, path, init) => {
    contexts.push({ type: context.type, provider: context.provider, path });
    signals.push(init.signal);
    return fetch(SITE + path, init);
  };
});
afterAll(() => {
  server.close();
  delete (globalThis as ForgeGlobal).__forge_fetch__;
});

describe('ForgeJiraHttp through the real @forge/api', () => {
  it('pages a Jira endpoint through api.asApp().requestJira', async () => {
    const client = new JiraClient(new ForgeJiraHttp('app'));
    const projects = await collect(client, '/rest/api/3/project/search?expand=lead', z.object({ id: z.string(), key: z.string() }));
    expect(projects.map((p) => p.key)).toEqual(['ENG', 'OPS', 'HR']);
    expect(contexts.map((c) => `${c.provider} ${c.path}`)).toEqual([
      'app /rest/api/3/project/search?expand=lead&startAt=0&maxResults=100',
      'app /rest/api/3/project/search?expand=lead&startAt=2&maxResults=100',
    ]);
  });

  it('abandons a request that does not answer, through the abort signal @forge/api passes on', async () => {
    signals.length = 0;
    const client = new JiraClient(new ForgeJiraHttp('app'), { requestTimeoutMs: 50, sleep: () => Promise.resolve() });
    await expect(client.send('/rest/api/3/filter/search')).rejects.toThrow('GET /rest/api/3/filter/search: HTTP 0: no response (no answer within 50 ms) after 3 attempts');
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s?.aborted === true)).toBe(true);
  });

  it('sends asUser requests as the user', async () => {
    contexts.length = 0;
    const client = new JiraClient(new ForgeJiraHttp('user'));
    await collect(client, '/rest/api/3/project/search', z.object({ id: z.string() }));
    expect(contexts[0]?.provider).toBe('user');
  });
});
