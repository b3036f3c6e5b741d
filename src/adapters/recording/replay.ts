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
    const answers = new Map<string, RecordedExchange[]>();
    for (const e of this.recording.exchanges) {
      const { key } = requestKey(e.method, `${e.path}?${new URLSearchParams(e.query.map(([k, v]) => [k, v])).toString()}`);
      answers.set(key, [...(answers.get(key) ?? []), e]);
    }
    const served = new Map<string, number>();
    const missing = new Set<string>();
    const origin = new URL(this.recording.site).origin;
    const server = setupServer(
      http.all(`${origin}/*`, ({ request }) => {
        const url = new URL(request.url);
        const { key } = requestKey(request.method, url.pathname + url.search);
        const list = answers.get(key);
        if (list === undefined) {
          missing.add(key);
          return HttpResponse.error();
        }
        const n = served.get(key) ?? 0;
        served.set(key, n + 1);
        const e = list[Math.min(n, list.length - 1)] ?? list[0];
        if (e === undefined) return HttpResponse.error();
        const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
        return new HttpResponse(body, { status: e.status, headers: e.headers });
      }),
    );
    server.listen({ onUnhandledFrame: 'error' });
    try {
      const scan = new RestConfigurationSource(new NodeJiraHttp({ site: this.recording.site }), {
        siteUrl: this.recording.site,
        // Recorded 429s are replayed as they came, without waiting out their Retry-After.
        sleep: () => Promise.resolve(),
        now: () => new Date(this.recording.snapshot.site.scannedAt),
      });
      const snapshot = await scan.load(progress).catch((e: unknown) => {
        throw missing.size > 0 ? new ReplayMissError(this.source, [...missing]) : e;
      });
      if (missing.size > 0) throw new ReplayMissError(this.source, [...missing]);
      return snapshot;
    } finally {
      server.close();
    }
  }
}
