import { describe, expect, it } from 'vitest';
import { startFakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { analyse, cleanup, unused, userCount, whereUsed } from '../src/domain/analysis';
import type { ConfigSnapshot } from '../src/domain/model';
import { loadSample } from './support/sample';
import { aField, aFilter, aSnapshot } from './builders';

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

  /** Fields with no use, no value and a last use Jira does not track: safe unless something says otherwise. */
  const quiet = (name: string, custom: string, n: number): ReturnType<typeof aField> => ({ ...aField({ n, name }), schema: { type: 'string', custom, customId: n }, issuesWithValue: 0 });
  const TEXT = 'com.atlassian.jira.plugin.system.customfieldtypes:textfield';
  const SELECT = 'com.atlassian.jira.plugin.system.customfieldtypes:select';
  const verdict = (s: ConfigSnapshot, id: string): { verdict: unknown; reasons: unknown } | undefined => {
    const row = cleanup(analyse(s), 'field', true).rows.find((r) => r.id === id);
    return row === undefined ? undefined : { verdict: row.verdict, reasons: row.reasons };
  };

  it('a JQL name two fields share makes neither safe: each is "possibly used by" the filter, with the clause; neither is counted as used', () => {
    const team1 = quiet('Team', TEXT, 30001);
    const team2 = quiet('Team', SELECT, 30002);
    const site = aSnapshot({ fields: [team1, team2], filters: [aFilter('Team = "Platform"', { id: '501', name: 'Platform work' })] });
    for (const f of [team1, team2]) {
      expect(verdict(site, f.id)?.verdict).toBe('review');
      expect(String(verdict(site, f.id)?.reasons)).toContain('possibly used by filter Platform work (filter JQL: Team = "Platform"');
      const a = analyse(site);
      const node = a.graph.node({ kind: 'field', id: f.id });
      expect(node === undefined ? -1 : userCount(a, node)).toBe(0);
      expect(node === undefined ? [] : whereUsed(a, node).rows.map((r) => `${String(r.used_by_id)} ${String(r.use)}`)).toEqual(['501 no']);
    }
    // Without the filter both are safe: it is the ambiguous name that keeps them from it.
    expect(verdict({ ...site, filters: [] }, team1.id)?.verdict).toBe('safe');
  });

  it('Jira\'s own disambiguation "Name[Type]" resolves to the one field of that name and type, quoted or not', () => {
    const text = quiet('Customer', TEXT, 30011);
    const select = quiet('Customer', SELECT, 30012);
    for (const jql of ['"Customer[Short text]" ~ acme', 'Customer[Short text] ~ acme']) {
      const site = aSnapshot({ fields: [text, select], filters: [aFilter(jql, { id: '502', name: 'Acme' })] });
      expect(verdict(site, text.id)?.verdict, jql).toBe('in-use');
      expect(verdict(site, select.id)?.verdict, jql).toBe('safe');
    }
    const dropdown = aSnapshot({ fields: [text, select], filters: [aFilter('"Customer[Dropdown]" = Gold', { id: '503' })] });
    expect(verdict(dropdown, select.id)?.verdict).toBe('in-use');
    expect(verdict(dropdown, text.id)?.verdict).toBe('safe');
    // A type name Jira does not use resolves nothing: both stay possibly used.
    const unknown = aSnapshot({ fields: [text, select], filters: [aFilter('"Customer[Gadget]" = Gold', { id: '504' })] });
    expect(verdict(unknown, text.id)?.verdict).toBe('review');
    expect(verdict(unknown, select.id)?.verdict).toBe('review');
  });
});
