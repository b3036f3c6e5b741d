import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAuditLog } from '../../src/adapters/fake-jira/audit';
import { createFakeJiraHandlers, type FakeJiraOptions } from '../../src/adapters/fake-jira/handlers';
import { RestConfigurationSource } from '../../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { planChanges } from '../../src/domain/incremental';
import type { ConfigSnapshot } from '../../src/domain/model';

const SITE = 'https://incremental.fake-jira.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

async function scan(site: ConfigSnapshot, options: FakeJiraOptions, previous?: ConfigSnapshot, at = '2026-12-01T10:00:00Z'): Promise<ConfigSnapshot> {
  server.resetHandlers(...createFakeJiraHandlers(site, options));
  return new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: () => Promise.resolve(), automation: 'export-only', now: () => new Date(at), ...(previous === undefined ? {} : { previous }) }).load();
}

/** Each collection in id order, without the scan's time and audit records (an incremental scan puts what it read again after what it kept). */
function comparable(s: ConfigSnapshot): unknown {
  const out: Record<string, unknown> = { ...s, site: null, audit: null };
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = [...(v as { id?: string; detail?: string }[])].sort((a, b) => `${a.id ?? ''}${a.detail ?? ''}`.localeCompare(`${b.id ?? ''}${b.detail ?? ''}`));
  return out;
}

/** Changes an admin makes to a site, each by a pick of its objects. */
type Change = (s: ConfigSnapshot, pick: number) => ConfigSnapshot;
const at = <T>(list: readonly T[], pick: number): T | undefined => list[pick % Math.max(1, list.length)];
const CHANGES: readonly Change[] = [
  (s, p) => {
    const f = at(s.fields.filter((x) => x.custom), p);
    return { ...s, fields: s.fields.map((x) => (x === f ? { ...x, name: `${x.name} renamed` } : x)) };
  },
  (s, p) => {
    const f = at(s.fields.filter((x) => x.custom && x.projectId === undefined), p);
    const screen = at(s.screens.filter((x) => x.tabs.length > 0), p + 1);
    if (f === undefined || screen === undefined) return s;
    return { ...s, screens: s.screens.map((x) => (x === screen ? { ...x, tabs: x.tabs.map((t, i) => (i === 0 && !t.fieldIds.includes(f.id) ? { ...t, fieldIds: [...t.fieldIds, f.id] } : t)) } : x)) };
  },
  (s, p) => {
    const screen = at(s.screens, p);
    return { ...s, screens: s.screens.filter((x) => x !== screen) };
  },
  (s, p) => {
    const st = at(s.statuses, p);
    return { ...s, statuses: s.statuses.map((x) => (x === st ? { ...x, name: `${x.name} (new)` } : x)) };
  },
  (s, p) => {
    const project = at(s.projects.filter((x) => x.style === 'classic'), p);
    const scheme = at(s.workflowSchemes, p + 3);
    if (project === undefined || scheme === undefined) return s;
    return { ...s, projects: s.projects.map((x) => (x === project ? { ...x, schemes: { ...x.schemes, 'workflow-scheme': scheme.id } } : x)) };
  },
  (s, p) => {
    const id = `customfield_${20000 + (p % 1000)}`;
    if (s.fields.some((f) => f.id === id)) return s;
    return {
      ...s,
      fields: [...s.fields, { id, name: `New field ${p}`, custom: true, schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 20000 + (p % 1000) }, clauseNames: [`cf[${20000 + (p % 1000)}]`, `New field ${p}`] }],
      fieldContexts: [...s.fieldContexts, { id: String(90000 + (p % 1000)), fieldId: id, name: 'Default', isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [] }],
    };
  },
  (s, p) => {
    const f = at(s.filters, p);
    return { ...s, filters: s.filters.map((x) => (x === f ? { ...x, jql: `${x.jql === '' ? 'project = X' : x.jql} AND status = Done` } : x)) };
  },
];

describe('incremental scans', () => {
  it('after any sequence of changes the fake Jira makes (its audit log follows them), a scan given the previous snapshot equals a full scan', async () => {
    const before = generateSnapshot({ preset: 'small', seed: 11 });
    const previous = await scan(before, {});
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(CHANGES.length - 1), fc.nat(1000)), { minLength: 1, maxLength: 4 }), async (steps) => {
        let after = before;
        for (const [which, pick] of steps) after = (CHANGES[which] ?? CHANGES[0])?.(after, pick) ?? after;
        const audit = new FakeAuditLog();
        audit.change(before, after, new Date('2026-12-01T11:00:00Z'));
        const incremental = await scan(after, { audit }, previous, '2026-12-01T12:00:00Z');
        const full = await scan(after, {}, undefined, '2026-12-01T12:00:00Z');
        expect(comparable(incremental)).toEqual(comparable(full));
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('a field context named by an audit record', () => {
  const record = (item: { typeName: string; id?: string; parentId?: string }) => [{ category: 'fields', created: '2026-12-01T10:00:00.000+0000', items: [item] }];

  it('reads again the field the record names as the context\'s parent, or the field the previous scan knew the context by, and never a field of the context\'s own id', () => {
    const byParent = planChanges(record({ typeName: 'CUSTOM_FIELD_CONTEXT', id: '10100', parentId: '10010' }));
    expect([...(byParent.changed.get('field') ?? [])]).toEqual(['customfield_10010']);
    expect(byParent.full.has('field')).toBe(false);
    const byPrevious = planChanges(record({ typeName: 'CUSTOM_FIELD_CONTEXT', id: '10200' }), (id) => (id === '10200' ? 'customfield_10020' : undefined));
    expect([...(byPrevious.changed.get('field') ?? [])]).toEqual(['customfield_10020']);
  });

  it('reads every field again for a context no field can be told of (a new context, no parent named)', () => {
    const unknown = planChanges(record({ typeName: 'CUSTOM_FIELD_CONTEXT', id: '10300' }), () => undefined);
    expect(unknown.full.has('field')).toBe(true);
    expect(unknown.changed.get('field')).toBeUndefined();
    expect(unknown.notes).toEqual(['field: an audit record names one without its id; every field is read again']);
  });
});
