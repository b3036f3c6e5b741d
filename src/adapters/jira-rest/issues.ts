import { z } from 'zod';
import type { Field, IssueRecord } from '../../domain/model';
import type { IssuePage, IssueSearch, UserDirectory } from '../../ports/issue-search';
import { collect, JiraClient, JiraPayloadError, withQuery } from './client';
import { fieldDetails, idString } from './schemas';

const searchPage = z.object({
  issues: z.array(z.object({ id: idString, key: z.string(), fields: z.record(z.string(), z.unknown()).optional() })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});
const count = z.object({ count: z.number() });
const user = z.object({ accountId: z.string(), displayName: z.string().optional(), active: z.boolean().optional() });

/**
 * Issue search over `POST /rest/api/3/search/jql` (the enhanced search: `nextPageToken` paging, no total, fields
 * in the body so that long field lists fit), and `POST /rest/api/3/search/approximate-count` for progress.
 */
export class RestIssueSearch implements IssueSearch {
  constructor(
    private readonly client: JiraClient,
    private readonly pageSize = 100,
  ) {}

  async *pages(jql: string, fieldIds: readonly string[]): AsyncGenerator<readonly IssueRecord[], void, undefined> {
    const seen = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const page = await this.page(jql, fieldIds, token);
      yield page.issues;
      if (page.next === undefined) return;
      if (seen.has(page.next)) throw new JiraPayloadError('POST /rest/api/3/search/jql', `$.nextPageToken: token '${page.next}' came back twice; stopping instead of looping forever`);
      seen.add(page.next);
      token = page.next;
    }
  }

  async page(jql: string, fieldIds: readonly string[], token?: string): Promise<IssuePage> {
    const body = JSON.stringify({ jql, fields: fieldIds, maxResults: this.pageSize, ...(token === undefined ? {} : { nextPageToken: token }) });
    const page = await this.client.json('/rest/api/3/search/jql', searchPage, { method: 'POST', body });
    const issues = page.issues.map((i) => ({ id: i.id, key: i.key, fields: i.fields ?? {} }));
    const next = page.nextPageToken ?? undefined;
    if (next === undefined || next === '' || page.isLast === true) return { issues };
    if (next === token) throw new JiraPayloadError('POST /rest/api/3/search/jql', `$.nextPageToken: the page for token '${next}' gave the same token back; stopping instead of looping forever`);
    return { issues, next };
  }

  async approximateCount(jql: string): Promise<number> {
    return (await this.client.json('/rest/api/3/search/approximate-count', count, { method: 'POST', body: JSON.stringify({ jql }) })).count;
  }
}

/** All fields of the site, the catalogue export picks columns from (`GET /rest/api/3/field`). */
export async function readFieldCatalogue(client: JiraClient): Promise<Field[]> {
  const fields = await client.json('/rest/api/3/field', fieldDetails.array());
  return fields.map((f) => ({
    id: f.id,
    name: f.name,
    custom: f.custom ?? f.id.startsWith('customfield_'),
    ...(f.schema === undefined ? {} : { schema: f.schema }),
    clauseNames: f.clauseNames ?? [],
  }));
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
