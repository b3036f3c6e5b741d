import { requestJira } from '@forge/bridge';
import type { JiraHttp, JiraRequestInit, JiraResponse } from '../../../src/ports/jira-http';

/**
 * Jira as the page reaches it: `@forge/bridge` `requestJira`, as the signed-in admin (Jira's permissions are theirs,
 * and the calls cost the app no points). The bridge takes no abort signal: the client's time limit is not applied
 * to a call under way, only to its retries.
 */
export const bridgeHttp: JiraHttp = {
  async requestJira(path: string, init: JiraRequestInit = {}): Promise<JiraResponse> {
    // As the backend's adapters send them (src/adapters/forge/forge-jira-http.ts): JSON asked for, and said when sent.
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
    return requestJira(path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: init.body }) });
  },
};
