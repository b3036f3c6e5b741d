import { describe, expect, it } from 'vitest';
import { startFakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { analyse, cleanup, objectCard, runReport, siteCaveats, unused, userCount, whereUsed } from '../src/domain/analysis';
import { cliInProcess } from './support/cli';
import type { ConfigSnapshot } from '../src/domain/model';
import { loadSample } from './support/sample';
import { aField, aFilter, aSnapshot } from './builders';

const sample = loadSample();
const SAMPLE = new URL('./fixtures/sample-instance.json', import.meta.url).pathname;

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
      expect(String(verdict(site, f.id)?.reasons)).toContain('possibly used by filter Platform work (filter JQL: clause `Team = "Platform"`)');
      const a = analyse(site);
      const node = a.graph.node({ kind: 'field', id: f.id });
      expect(node === undefined ? -1 : userCount(a, node)).toBe(0);
      expect(node === undefined ? [] : whereUsed(a, node).rows.map((r) => `${String(r.used_by_id)} ${String(r.use)}`)).toEqual(['501 no']);
    }
    // Without the filter both are safe: it is the ambiguous name that keeps them from it.
    expect(verdict({ ...site, filters: [] }, team1.id)?.verdict).toBe('safe');
  });

  it('a filter only an archived dashboard shows is not safe: the scan lists archived dashboards (status=archived), their gadgets are read, and restoring the dashboard needs the filter; nothing counts it as used', async () => {
    const filter = aFilter('project = ENG', { id: '601', name: 'Old release view', approximateLastUsed: '2020-01-01T00:00:00.000Z' });
    const dashboard = {
      id: '20001',
      name: 'Release 2019',
      sharePermissions: [{ type: 'loggedin' as const }],
      gadgets: [{ id: '30001', title: 'Filter results', moduleKey: 'com.atlassian.jira.gadgets:filter-results-gadget', properties: { filterId: 'filter-601', num: '10' }, propertiesVisible: true }],
      archived: true,
    };
    const site = aSnapshot({ filters: [filter], dashboards: [dashboard] });
    const scanned = await scan(site);
    expect(scanned.dashboards.map((d) => `${d.id} ${String(d.archived)} ${d.gadgets.length}`)).toEqual(['20001 true 1']);
    const a = analyse(scanned);
    const node = a.graph.node({ kind: 'filter', id: '601' });
    expect(node === undefined ? -1 : userCount(a, node)).toBe(0);
    expect(node === undefined ? [] : whereUsed(a, node).rows.map((r) => `${String(r.used_by_name)} ${String(r.use)} ${String(r.relation)}`)).toEqual([
      expect.stringMatching(/^Release 2019 no .*\(archived dashboard: restoring it needs this, nothing uses it until then\)$/),
    ]);
    const row = cleanup(a, 'filter', true).rows.find((r) => r.id === '601');
    expect(row?.verdict).toBe('review');
    expect(String(row?.reasons)).toContain('archived dashboard Release 2019 uses it (restoring the dashboard needs it)');
    // The same dashboard live uses the filter; with no dashboard at all it is safe: the archive is what keeps it from safe.
    const live = analyse({ ...scanned, dashboards: scanned.dashboards.map(({ archived: _a, ...d }) => d) });
    expect(cleanup(live, 'filter', true).rows.find((r) => r.id === '601')?.verdict).toBe('in-use');
    expect(cleanup(analyse({ ...scanned, dashboards: [] }), 'filter', true).rows.find((r) => r.id === '601')?.verdict).toBe('safe');
  });

  it('the object card: a field\'s type, values held, last use and contexts with their projects (linked into Jira); a filter\'s owner, sharing and subscriptions with the group e-mailed; the verdict is its Cleanup row', () => {
    const a = analyse(sample);
    const card = (kind: 'field' | 'filter', id: string): ReturnType<typeof objectCard> => {
      const node = a.graph.node({ kind, id });
      if (node === undefined) throw new Error(`${kind}:${id} missing`);
      return objectCard(a, node);
    };
    const severity = card('field', 'customfield_10023');
    expect(severity.facts.map((f) => `${f.label}: ${f.value}`)).toEqual(['Type: custom field · Dropdown', 'Issues holding a value: 162', expect.stringMatching(/^Last used: /)]);
    expect(severity.link).toBe('https://acme-sample.atlassian.net/secure/admin/ConfigureCustomField!default.jspa?customFieldId=10023');
    const context = severity.contexts.find((c) => c.id === '10108');
    expect(context?.projects.map((p) => `${p.label} ${String(p.link)}`)).toEqual([
      expect.stringMatching(/^ENG https:\/\/acme-sample\.atlassian\.net\/\S+$/),
      expect.stringMatching(/^SUP https:\/\/acme-sample\.atlassian\.net\/\S+$/),
    ]);
    expect(context?.link).toMatch(/^https:\/\/acme-sample\.atlassian\.net\//);
    expect(severity.verdict?.verdict).toBe('in-use');
    expect(severity.users).toBe(userCount(a, a.graph.node({ kind: 'field', id: 'customfield_10023' }) ?? { kind: 'field', id: '', name: '' }));
    const digest = card('filter', '10034');
    expect(digest.facts.find((f) => f.label === 'Subscriptions')?.value).toBe('2 (1 of users; groups support-agents)');
    expect(digest.facts.find((f) => f.label === 'Owner')?.value).toBe('account 5b10a2844c20165700ede21g');
    expect(digest.verdict?.verdict).toBe('in-use');
    expect(digest.verdict?.reasons.join('; ')).toBe(cleanup(a, 'filter', true).rows.find((r) => r.id === '10034')?.reasons);
    // A kind Cleanup does not judge says so, and still shows its facts and count.
    const eng = objectCard(a, a.graph.node({ kind: 'project', id: '10000' }) ?? { kind: 'project', id: '', name: '' });
    expect(eng.verdict).toBeUndefined();
    expect(eng.noVerdict).toContain('no verdict for projects');
    expect(eng.facts[0]).toEqual({ label: 'Key', value: 'ENG' });
    expect(eng.link).toMatch(/^https:\/\/acme-sample\.atlassian\.net\//);
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

  it('blind spots are said once: site caveats (service projects, ScriptRunner, private dashboards) keep nothing from safe; a field holding values is review; the 404 Jira always gives for a trashed project\'s permission scheme weighs on permission schemes alone, as a fact', async () => {
    // Jira answers 404 for the permission scheme of the project in the trash.
    const site = { ...sample, projects: sample.projects.map((p) => (p.deleted === true ? { ...p, schemes: { ...p.schemes, 'permission-scheme': undefined } } : p)) } as ConfigSnapshot;
    const scanned = await scan(site);
    const a = analyse(scanned);
    const caveats = siteCaveats(scanned);
    expect(caveats.some((c) => c.startsWith('service project SUP:'))).toBe(true);
    expect(caveats.some((c) => c.startsWith('ScriptRunner is in use'))).toBe(true);
    const rows = cleanup(a).rows;
    // No row repeats a caveat.
    for (const r of rows) expect(String(r.reasons), `${String(r.kind)}:${String(r.id)}`).not.toMatch(/service project SUP|ScriptRunner is in use|private to their owners/);
    // An unused field with no value and no gap about it is safe; one holding values is review, saying so.
    const fieldRows = rows.filter((r) => r.kind === 'field');
    const quietField = fieldRows.find((r) => r.issues_with_value === 0 && r.verdict === 'safe');
    expect(quietField).toBeDefined();
    for (const r of fieldRows.filter((x) => typeof x.issues_with_value === 'number' && x.issues_with_value > 0)) expect(r.verdict).toBe('review');
    // The trashed project's permission scheme: a fact (not "scan again"), about permission schemes only.
    const trashed = scanned.projects.find((p) => p.deleted === true);
    const gap = scanned.coverage.find((g) => g.kind === 'project' && g.objectId === trashed?.id);
    expect(gap).toMatchObject({ reason: 'not-exposed', hides: ['permission-scheme'] });
    for (const r of rows.filter((x) => x.kind !== 'permission-scheme')) expect(String(r.reasons)).not.toContain(`project ${trashed?.key ?? ''} is in the trash`);
    const health = runReport(a, { report: 'health' });
    expect(health.ok && JSON.stringify(health.value.rows)).not.toContain('scan again; if it stays');
  });

  it('the CLI says the site caveats once: above the rows in Markdown, on stderr for CSV and JSON', async () => {
    const md = await cliInProcess('report', 'cleanup', '--instance', SAMPLE, '--format', 'md', '--quiet');
    expect(md.code).toBe(0);
    expect(md.out.match(/Site caveats/g)).toHaveLength(1);
    expect(md.out).toContain('> - service project SUP:');
    const csv = await cliInProcess('report', 'cleanup', '--instance', SAMPLE, '--format', 'csv', '--quiet');
    expect(csv.out).not.toContain('service project SUP');
    expect(csv.err.match(/^site caveat: /gm)?.length).toBe(siteCaveats(sample).length);
  });
});
