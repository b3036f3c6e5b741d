import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../ports/jira-http';

export interface NodeJiraHttpOptions {
  /** `https://your-site.atlassian.net`, or any base URL such as `http://127.0.0.1:8080` (a fake Jira). */
  readonly site: string;
  readonly email?: string;
  /** An Atlassian API token. Sent only in the Authorization header; never logged or put in an error. */
  readonly token?: string;
}

/** Jira over fetch from Node, with Basic auth from an email and an API token (the CLI's `--site`). */
export class NodeJiraHttp implements JiraHttp {
  private readonly base: string;
  private readonly authorization: string | undefined;

  constructor(options: NodeJiraHttpOptions) {
    let url: URL;
    try {
      url = new URL(options.site);
    } catch (e) {
      // Whatever stands before an @ may be a login: not repeated.
      throw new Error(`--site: '${options.site.replace(/^.*@/, '…@')}' is not a URL (expected e.g. https://your-site.atlassian.net)`, { cause: e });
    }
    // A login in the URL would end up in logs, shell history and error messages: refused, and not repeated here.
    if (url.username !== '' || url.password !== '') throw new Error('--site: the URL holds a user name or password; give the site alone and log in with --email and --token (or JIRA_EMAIL and JIRA_API_TOKEN)');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--site: '${options.site}' must be an http or https URL`);
    this.base = url.origin + url.pathname.replace(/\/+$/, '');
    if ((options.email === undefined) !== (options.token === undefined)) {
      throw new Error('--email and --token go together: give both (or neither, for a site that needs no login)');
    }
    this.authorization =
      options.email === undefined || options.token === undefined ? undefined : `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
  }

  requestJira(path: string, init: JiraRequestInit = {}): Promise<JiraResponse> {
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
    if (this.authorization !== undefined) headers.Authorization = this.authorization;
    return fetch(this.base + path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: init.body }), ...(init.signal === undefined ? {} : { signal: init.signal }) });
  }
}
