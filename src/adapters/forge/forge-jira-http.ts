import api, { assumeTrustedRoute } from '@forge/api';
import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../ports/jira-http';

/**
 * Jira through Forge's `api.asApp().requestJira` (configuration reads run as the app) or `api.asUser()` (issue
 * export, so people see only issues they may see). Paths come from the REST adapter, which builds them from
 * constant endpoint templates and `encodeURIComponent`-ed ids, hence `assumeTrustedRoute`.
 */
export class ForgeJiraHttp implements JiraHttp {
  constructor(private readonly as: 'app' | 'user' = 'app') {}

  requestJira(path: string, init: JiraRequestInit = {}): Promise<JiraResponse> {
    const requester = this.as === 'app' ? api.asApp() : api.asUser();
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
    return requester.requestJira(assumeTrustedRoute(path), {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      // The client's time limit: a request that does not answer is abandoned, not left running.
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
  }
}
