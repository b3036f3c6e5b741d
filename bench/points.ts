/**
 * Jira's points (since March 2026 every backend call of a Forge app is charged: 1 a request, 1 an object, 2 an
 * identity or access object): a full scan and an incremental scan of an unchanged site, for the mid-size, medium and
 * enterprise presets, against a fake Jira that charges points the documented way. Each is set against its lower bound:
 * the objects the snapshot holds (every object read once, with no request of its own).
 */
import { setupServer } from 'msw/node';
import { createFakeJiraHandlers, FakeJiraLog } from '../src/adapters/fake-jira/handlers';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { generateSnapshot, type SyntheticPreset } from '../src/adapters/synthetic/generator';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ConfigSnapshot } from '../src/domain/model';
import { VirtualClock } from '../test/support/virtual-clock';
import { emit, line } from './support';

const SITE = 'https://points.fake-jira.test';

/** Objects the snapshot holds: what a scan must at least be charged for. */
function objects(s: ConfigSnapshot): number {
  return OBJECT_KINDS.reduce((n, k) => n + (s[COLLECTION_OF_KIND[k]] as readonly unknown[]).length, 0);
}

async function scan(site: ConfigSnapshot, previous?: ConfigSnapshot): Promise<{ snapshot: ConfigSnapshot; points: number; requests: number }> {
  const clock = new VirtualClock();
  const log = new FakeJiraLog();
  const server = setupServer(...createFakeJiraHandlers(site, { points: { quota: 1e9, now: () => clock.now } }, log));
  server.listen({ onUnhandledFrame: 'error' });
  try {
    const source = new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), {
      siteUrl: SITE,
      sleep: clock.wait,
      clock: () => clock.now,
      automation: 'export-only',
      now: () => new Date(Date.parse('2026-12-01T10:00:00Z') + clock.now),
      ...(previous === undefined ? {} : { previous }),
    });
    const snapshot = await source.load();
    return { snapshot, points: log.points, requests: log.total };
  } finally {
    server.close();
  }
}

const figures: Record<string, number> = {};
for (const preset of ['mid', 'medium', 'enterprise'] as const satisfies readonly SyntheticPreset[]) {
  const site = generateSnapshot({ preset, seed: 2026 });
  const bound = objects(site);
  const full = await scan(site);
  const again = await scan(site, full.snapshot);
  line(`${preset}: full scan points / objects`, `${full.points} / ${bound} = ${(full.points / bound).toFixed(2)} (${full.requests} requests)`);
  line(`${preset}: incremental scan (unchanged) points / objects`, `${again.points} / ${bound} = ${(again.points / bound).toFixed(2)} (${again.requests} requests)`);
  figures[`points_full_${preset}`] = full.points;
  figures[`points_incremental_${preset}`] = again.points;
  figures[`points_objects_${preset}`] = bound;
}
line('targets (mid-size)', 'full <= 15,000; incremental of an unchanged site <= 4,000');
emit(figures);
