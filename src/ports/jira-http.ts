import type { ServiceIdentifier } from 'inversify';

export interface JiraRequestInit {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request (the client's per-request time limit); an adapter that cannot abort may ignore it. */
  readonly signal?: AbortSignal;
  /** A POST that only reads (an issue search): retried on 5xx, timeouts and network errors like a GET. */
  readonly idempotent?: boolean;
}

/** What the REST adapter reads of a response; both fetch's Response and Forge's APIResponse have it. */
export interface JiraResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The one way Config Lens talks to Jira: shaped like Forge's `requestJira(path, init) → Response`, so that the
 * same REST adapter runs on Forge (`api.asApp().requestJira`), from the CLI (fetch with an API token) and in
 * tests (MSW answering fetch).
 */
export interface JiraHttp {
  /**
   * Sends one request. `path` is a site-relative path with its query, e.g. `/rest/api/3/field/search?startAt=0`.
   * Resolves with Jira's response whatever its status; rejects only when no response came (network failure).
   */
  requestJira(path: string, init?: JiraRequestInit): Promise<JiraResponse>;
}

export const JiraHttpId: ServiceIdentifier<JiraHttp> = Symbol.for('JiraHttp');
