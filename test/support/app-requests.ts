import { RestAdminCheck } from '../../src/adapters/jira-rest/admin-check';
import { JiraClient } from '../../src/adapters/jira-rest/client';
import { RestIssueSearch, RestUserDirectory } from '../../src/adapters/jira-rest/issues';
import { RestConfigurationSource } from '../../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { exportInPage, previewInPage } from '../../src/app/page-export';
import type { ConfigSnapshot } from '../../src/domain/model';
import type { JiraHttp } from '../../src/ports/jira-http';

/** One request the app sent and the answer it got. */
export interface Exchange {
  readonly method: string;
  /** Site-relative, with the query. */
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly response: string;
}

/**
 * Every request the app's flows send to the Jira at `site` (whose fake must be listening), with the answers: a full
 * scan, an issue export of every field, its count, user names for every account of `sample`, and the admin check.
 */
export async function exchangesOfTheApp(site: string, sample: ConfigSnapshot): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  const inner = new NodeJiraHttp({ site });
  const http: JiraHttp = {
    async requestJira(path, init) {
      const response = await inner.requestJira(path, init);
      const text = await response.text();
      exchanges.push({ method: init?.method ?? 'GET', path, ...(init?.body === undefined ? {} : { body: init.body }), status: response.status, response: text });
      return { status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
    },
  };
  // The app on Forge cannot call the Automation API (it refuses Forge apps): it scans without it, as here.
  const scanned = await new RestConfigurationSource(http, { siteUrl: site, sleep: () => Promise.resolve(), automation: 'export-only' }).load();
  // A scan that reads field configuration items, and an incremental one (the audit log, usage data by id).
  await new RestConfigurationSource(http, { siteUrl: site, sleep: () => Promise.resolve(), automation: 'export-only', fieldConfigurationItems: true }).load();
  await new RestConfigurationSource(http, { siteUrl: site, sleep: () => Promise.resolve(), automation: 'export-only', previous: scanned }).load();
  const client = new JiraClient(http);
  const search = new RestIssueSearch(client);
  const users = new RestUserDirectory(client);
  // The issue export as the page runs it (through the bridge, with the same scopes as the app): fields, preview, pages.
  const request = { jql: 'project = ENG', fields: ['*all'], render: {}, csv: {} };
  await previewInPage(http, request);
  await exportInPage({ http, request, sink: { write: () => Promise.resolve() } });
  await search.approximateCount('project = OPS');
  await users.displayNames((sample.users ?? []).map((u) => u.accountId));
  await new RestAdminCheck(http).isAdmin();
  return exchanges;
}
