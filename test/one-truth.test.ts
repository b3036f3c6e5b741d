import { describe, expect, it } from 'vitest';
import { startFakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { analyse, cleanup, unused } from '../src/domain/analysis';
import type { ConfigSnapshot } from '../src/domain/model';
import { loadSample } from './support/sample';

const sample = loadSample();

async function scan(site: ConfigSnapshot, options: Parameters<typeof startFakeJiraServer>[1] = {}): Promise<ConfigSnapshot> {
  const fake = await startFakeJiraServer(site, options);
  try {
    return await new RestConfigurationSource(new NodeJiraHttp({ site: fake.url }), { siteUrl: fake.url }).load();
  } finally {
    await fake.close();
  }
}

describe('a "safe" an admin can trust', () => {
  it('the default priority scheme is never unused, whether Jira flags it as `default` or as `isDefault` (both are documented; sites send either)', async () => {
    // No project names the default scheme: it serves every project no other scheme has.
    const site = { ...sample, prioritySchemes: sample.prioritySchemes.map((s) => (s.isDefault ? { ...s, projectIds: [] } : s)) };
    const theDefault = site.prioritySchemes.find((s) => s.isDefault);
    for (const key of ['default', 'isDefault'] as const) {
      const scanned = await scan(site, { priorityDefaultKey: key });
      expect(scanned.prioritySchemes.find((s) => s.id === theDefault?.id)?.isDefault).toBe(true);
      const a = analyse(scanned);
      expect(unused(a, 'priority-scheme').rows.map((r) => r.id)).not.toContain(theDefault?.id);
      expect(cleanup(a, 'priority-scheme', true).rows.find((r) => r.id === theDefault?.id)?.verdict).toBe('in-use');
    }
  });
});
