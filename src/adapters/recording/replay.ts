import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ConfigSnapshot } from '../../domain/model';
import type { ConfigurationSource } from '../../ports/configuration-source';
import type { ProgressListener } from '../../ports/progress';
import { RestConfigurationSource } from '../jira-rest/scan';
import { NodeJiraHttp } from '../node/node-jira-http';
import { requestKey, type RecordedExchange, type Recording } from './recording';

/** A request the recording holds no answer for: replay fails on it rather than guess. */
export class ReplayMissError extends Error {
  constructor(
    readonly source: string,
    readonly missing: readonly string[],
  ) {
    super(`${source}: the recording holds no response for ${missing[0] ?? '?'}${missing.length > 1 ? ` (and ${missing.length - 1} more requests)` : ''}`);
    this.name = 'ReplayMissError';
  }
}

/**
 * Serves a recording through MSW (intercepting fetch) until closed. Each request gets the recorded answers for
 * its method, path, query and body in order (the last repeats); a request the recording lacks is a network error,
 * noted in `missing`.
 */
export function startReplay(recording: Recording): { readonly missing: ReadonlySet<string>; close(): void } {
  const answers = new Map<string, RecordedExchange[]>();
  for (const e of recording.exchanges) {
    const { key } = requestKey(e.method, `${e.path}?${new URLSearchParams(e.query.map(([k, v]) => [k, v])).toString()}`, e.requestBody);
    answers.set(key, [...(answers.get(key) ?? []), e]);
  }
  const served = new Map<string, number>();
  const missing = new Set<string>();
  const origin = new URL(recording.site).origin;
  const server = setupServer(
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const { key } = requestKey(request.method, url.pathname + url.search, body);
      const list = answers.get(key);
      if (list === undefined) {
        missing.add(key);
        return HttpResponse.error();
      }
      const n = served.get(key) ?? 0;
      served.set(key, n + 1);
      const e = list[Math.min(n, list.length - 1)] ?? list[0];
      if (e === undefined) return HttpResponse.error();
      return new HttpResponse(typeof e.body === 'string' ? e.body : JSON.stringify(e.body), { status: e.status, headers: e.headers });
    }),
  );
  server.listen({ onUnhandledFrame: 'error' });
  return {
    missing,
    close: () => {
      server.close();
    },
  };
}

/**
 * Replays a recording through MSW and the unchanged production adapter (fetch → NodeJiraHttp →
 * RestConfigurationSource): the scan runs exactly as against the live site, but every response comes from the
 * recording. A request the recording does not hold fails the replay, naming the request.
 */
export class ReplayConfigurationSource implements ConfigurationSource {
  constructor(
    private readonly recording: Recording,
    private readonly source: string,
  ) {}

  async load(progress?: ProgressListener): Promise<ConfigSnapshot> {
    const replay = startReplay(this.recording);
    try {
      const scan = new RestConfigurationSource(new NodeJiraHttp({ site: this.recording.site }), {
        siteUrl: this.recording.site,
        // Recorded 429s are replayed as they came, without waiting out their Retry-After.
        sleep: () => Promise.resolve(),
        now: () => new Date(this.recording.snapshot?.site.scannedAt ?? this.recording.recordedAt),
      });
      const snapshot = await scan.load(progress).catch((e: unknown) => {
        throw replay.missing.size > 0 ? new ReplayMissError(this.source, [...replay.missing]) : e;
      });
      if (replay.missing.size > 0) throw new ReplayMissError(this.source, [...replay.missing]);
      return snapshot;
    } finally {
      replay.close();
    }
  }
}
