import { z } from 'zod';
import type { Field, IssueRecord } from '../../domain/model';
import type { IssuePage, IssueSearch, UserDirectory } from '../../ports/issue-search';
import { collect, JiraClient, JiraPayloadError, withQuery } from './client';
import { readFields } from './fields';
import { approximateCount, idString } from './schemas';

const searchPage = z.object({
  issues: z.array(z.object({ id: idString, key: z.string(), fields: z.record(z.string(), z.unknown()).optional() })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});
const count = approximateCount;
const user = z.object({ accountId: z.string(), displayName: z.string().optional(), active: z.boolean().optional() });

/**
 * Issue search over `POST /rest/api/3/search/jql` (the enhanced search: `nextPageToken` paging, no total, fields
 * in the body so that long field lists fit), and `POST /rest/api/3/search/approximate-count` for progress.
 */
export class RestIssueSearch implements IssueSearch {
  constructor(
    private readonly client: JiraClient,
    private readonly pageSize = 100,
    private readonly maxPages = 100_000,
  ) {}

  /**
   * Every page of a search. Bounded: a token seen twice, a page that brings only issues earlier pages gave (a
   * server whose token keeps changing without moving on), or more than `maxPages` pages stops it with an error
   * naming the endpoint.
   */
  async *pages(jql: string, fieldIds: readonly string[]): AsyncGenerator<readonly IssueRecord[], void, undefined> {
    const seen = new Set<string>();
    const issueIds = new Set<string>();
    let token: string | undefined;
    for (let n = 0; ; n++) {
      if (n >= this.maxPages) throw new JiraPayloadError('POST /rest/api/3/search/jql', `more than ${this.maxPages} pages; stopping instead of paging on`);
      const page = await this.page(jql, fieldIds, token);
      const fresh = page.issues.filter((i) => !issueIds.has(i.id));
      if (page.issues.length > 0 && fresh.length === 0) {
        throw new JiraPayloadError('POST /rest/api/3/search/jql', `$.issues: the page for token '${token ?? ''}' repeats only issues earlier pages gave (first ${page.issues[0]?.key ?? '?'}); stopping instead of looping forever`);
      }
      for (const i of fresh) issueIds.add(i.id);
      yield fresh;
      if (page.next === undefined) return;
      if (seen.has(page.next)) throw new JiraPayloadError('POST /rest/api/3/search/jql', `$.nextPageToken: token '${page.next}' came back twice; stopping instead of looping forever`);
      seen.add(page.next);
      token = page.next;
    }
  }

  async page(jql: string, fieldIds: readonly string[], token?: string): Promise<IssuePage> {
    const body = JSON.stringify({ jql, fields: fieldIds, maxResults: this.pageSize, ...(token === undefined ? {} : { nextPageToken: token }) });
    const page = await this.client.json('/rest/api/3/search/jql', searchPage, { method: 'POST', body, idempotent: true });
    const issues = page.issues.map((i) => ({ id: i.id, key: i.key, fields: i.fields ?? {} }));
    const next = page.nextPageToken ?? undefined;
    if (next === undefined || next === '' || page.isLast === true) return { issues };
    if (next === token) throw new JiraPayloadError('POST /rest/api/3/search/jql', `$.nextPageToken: the page for token '${next}' gave the same token back; stopping instead of looping forever`);
    return { issues, next };
  }

  async approximateCount(jql: string): Promise<number> {
    return (await this.client.json('/rest/api/3/search/approximate-count', count, { method: 'POST', body: JSON.stringify({ jql }), idempotent: true })).count;
  }
}

/** All fields of the site, the catalogue export picks columns from (`GET /rest/api/3/field`); odd fields are left out. */
export function readFieldCatalogue(client: JiraClient): Promise<Field[]> {
  return readFields(client, { onInvalid: () => undefined });
}

/** Account ids a request of `GET /rest/api/3/user/bulk` takes at once. */
const USER_BATCH = 100;

/** Display names from `GET /rest/api/3/user/bulk`, in batches, cached for the life of the directory (one run). */
export class RestUserDirectory implements UserDirectory {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly client: JiraClient) {}

  async displayNames(accountIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const missing = [...new Set(accountIds)].filter((id) => !this.cache.has(id));
    for (let i = 0; i < missing.length; i += USER_BATCH) {
      const batch = missing.slice(i, i + USER_BATCH);
      const users = await collect(this.client, withQuery('/rest/api/3/user/bulk', { accountId: batch }), user, { pageSize: USER_BATCH });
      for (const id of batch) this.cache.set(id, null);
      for (const u of users) this.cache.set(u.accountId, u.displayName ?? null);
    }
    const out = new Map<string, string>();
    for (const id of accountIds) {
      const name = this.cache.get(id);
      if (name !== undefined && name !== null) out.set(id, name);
    }
    return out;
  }
}
