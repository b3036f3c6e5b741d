import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { analyse, FIELDS_COUNTED_IN_SPACES, limits, PUBLISHED_LIMITS, SPACES_WITH_CANDIDATES, spacesNearFieldLimit } from '../src/domain/analysis';
import { valueCountParts } from '../src/domain/read-less';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import type { ConfigSnapshot, FieldContext, IssueRecord, IssueType } from '../src/domain/model';
import { aField, aScreen, aSnapshot } from './builders';
import { siteNearTheLimit } from './support/near-limit';
import { cliInProcess as cli } from './support/cli';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-limits-');

describe('report limits: each space against Jira\'s published limits, with what could go', () => {
  const made = siteNearTheLimit();
  let fake: FakeJiraServer;
  let scanned: string;
  beforeAll(async () => {
    fake = await startFakeJiraServer(made.site);
    scanned = join(dir, 'near.json');
    const result = await cli('scan', '--site', fake.url, '--out', scanned, '--quiet');
    expect(result).toMatchObject({ code: 0 });
  }, 60_000);
  afterAll(async () => {
    await fake.close();
  });

  it('counts values space by space only where a space is near the field limit, and keeps them with the fields', async () => {
    const snapshot = await readSnapshotFile(scanned);
    const fields = new Map(snapshot.fields.map((f) => [f.id, f]));
    expect(fields.get(made.heldHere)?.issuesWithValueIn).toEqual({ [made.near]: 1 });
    expect(fields.get(made.heldElsewhere)?.issuesWithValueIn).toEqual({ [made.near]: 0 });
    // No other space is near: nothing is counted there.
    for (const f of snapshot.fields) expect(Object.keys(f.issuesWithValueIn ?? {}).filter((p) => p !== made.near)).toEqual([]);
  });

  it('lists the near space first, with the global-context fields that hold no value there and not the one that does', async () => {
    const result = await cli('report', 'limits', '--instance', scanned, '--format', 'json');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.out) as Record<string, string | number | null>[];
    const [first] = rows;
    const snapshot = await readSnapshotFile(scanned);
    const counted = 560 + new Set(snapshot.fieldContexts.filter((c) => c.isGlobalContext && snapshot.fields.some((f) => f.id === c.fieldId && f.custom && f.projectId === undefined)).map((c) => c.fieldId)).size;
    expect(first).toMatchObject({ kind: 'project', id: made.near, limit: 'custom fields per company-managed space', used: counted, max: 700, percent: Math.round((counted / 700) * 1000) / 10, candidate_id: null });
    expect(String(first?.action)).toMatch(/^near the limit: \d+ field\(s\) could go from this space: \d+ to delete, \d+ to narrow the context of$/);
    const candidates = rows.filter((r) => r.id === made.near && r.limit === first?.limit && r.candidate_id !== null);
    const narrow = candidates.filter((r) => String(r.action).startsWith('narrow its context')).map((r) => r.candidate_id);
    expect(narrow).toContain(made.heldElsewhere);
    expect(candidates.map((r) => r.candidate_id)).not.toContain(made.heldHere);
    // Every narrow candidate counts in the space through a global context only.
    for (const id of narrow) expect(snapshot.fieldContexts.some((c) => c.fieldId === id && c.isGlobalContext)).toBe(true);
    // The second space is far from the limit and lists no candidates.
    expect(rows.filter((r) => r.id === made.other && r.candidate_id !== null)).toEqual([]);
  });

  it('writes the same rows as CSV with a link column in the page (withLinks) and says "no published limit" for the site\'s custom fields', async () => {
    const csv = await cli('report', 'limits', '--instance', scanned, '--format', 'csv');
    expect(csv.code).toBe(0);
    const [header, ...lines] = csv.out.trim().split('\r\n');
    expect(header).toBe('kind,id,name,limit,used,max,percent,candidate_kind,candidate_id,candidate_name,action,link');
    expect(lines.at(-1)).toMatch(/^site,.*,custom fields per site,\d+,,,,,,no published limit \(custom fields of the site\),(https?:\/\/[^,]+)?$/);
  });
});

describe('limits, counted as Atlassian counts them', () => {
  const project = (id: string, key: string, extra: object = {}) => ({ id, key, name: key, style: 'classic' as const, issueTypeIds: [], schemes: {}, ...extra });

  it('counts a global-context field in every company-managed space and a scoped one only where named; trashed spaces have no gauge', () => {
    const fields = [aField({ n: 1 }), aField({ n: 2 }), aField({ n: 3 })];
    const ctx = (fieldId: string, projectIds: string[]): FieldContext => ({ id: fieldId, fieldId, name: 'c', isGlobalContext: projectIds.length === 0, isAnyIssueType: true, projectIds, issueTypeIds: [] });
    const s = aSnapshot({
      projects: [project('1', 'ONE'), project('2', 'TWO'), project('3', 'GONE', { deleted: true })],
      fields,
      fieldContexts: [ctx(fields[0]?.id ?? '', []), ctx(fields[1]?.id ?? '', ['2']), ctx(fields[2]?.id ?? '', ['3'])],
    });
    const gauges = limits(analyse(s)).rows.filter((r) => r.limit === PUBLISHED_LIMITS.fieldsPerProject.check);
    expect(gauges.map((r) => [r.id, r.used])).toEqual([['2', 2], ['1', 1]]);
  });

  it('over the limit says so, lists safe fields to delete before contexts to narrow, and never a field holding a value in the space', () => {
    const many = Array.from({ length: 700 }, (_, i) => aField({ n: 1000 + i, name: `F${String(i).padStart(3, '0')}`, issuesWithValue: 5, issuesWithValueIn: { '1': i % 2 } }));
    const s = aSnapshot({
      projects: [project('1', 'ONE')],
      fields: many,
      fieldContexts: many.map((f) => ({ id: f.id, fieldId: f.id, name: 'c', isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [] })),
    });
    const rows = limits(analyse(s)).rows.filter((r) => r.id === '1' && r.limit === PUBLISHED_LIMITS.fieldsPerProject.check);
    expect(rows[0]).toMatchObject({ used: 700, percent: 100, candidate_id: null });
    expect(String(rows[0]?.action)).toMatch(/^at the limit: 350 field\(s\) could go from this space: 0 to delete, 350 to narrow the context of$/);
    const held = new Set(many.filter((f) => f.issuesWithValueIn?.['1'] !== 0).map((f) => f.id));
    expect(rows.slice(1).some((r) => held.has(String(r.candidate_id)))).toBe(false);
  });
});

describe('work types per space: the scan counts issues by work type where a space is near the limit', () => {
  it('names the work types no issue of the space has, says the scheme is shared, and counts nothing elsewhere', async () => {
    const base = generateSnapshot({ preset: 'small', seed: 3 });
    const [near, other] = base.projects.filter((p) => p.style === 'classic' && p.archived !== true && p.deleted !== true);
    if (near === undefined || other === undefined) throw new Error('the small preset has two company-managed spaces');
    const added: IssueType[] = Array.from({ length: 125 }, (_, i) => ({ id: String(60_000 + i), name: `Type ${String(i).padStart(3, '0')}`, subtask: false }));
    const [usedType, otherType] = added;
    if (usedType === undefined || otherType === undefined) throw new Error('types were made');
    const issue = (n: number, projectId: string, key: string, typeId: string): IssueRecord => ({ id: String(80_000 + n), key: `${key}-${n}`, fields: { project: { id: projectId, key, name: key }, issuetype: { id: typeId, name: 'x' }, summary: 'x' } });
    const site: ConfigSnapshot = {
      ...base,
      issueTypes: [...base.issueTypes, ...added],
      projects: base.projects.map((p) => (p.id === near.id ? { ...p, issueTypeIds: [...p.issueTypeIds, ...added.map((t) => t.id)] } : p)),
      issues: [issue(1, near.id, near.key, usedType.id), issue(2, other.id, other.key, otherType.id)],
    };
    const fake = await startFakeJiraServer(site);
    try {
      const out = join(dir, 'work-types.json');
      expect(await cli('scan', '--site', fake.url, '--out', out, '--quiet')).toMatchObject({ code: 0 });
      const scanned = await readSnapshotFile(out);
      const counted = scanned.projects.find((p) => p.id === near.id)?.issuesByWorkType ?? {};
      expect(counted[usedType.id]).toBe(1);
      expect(counted[otherType.id]).toBe(0);
      expect(scanned.projects.filter((p) => p.issuesByWorkType !== undefined).map((p) => p.id)).toEqual([near.id]);
      const rows = limits(analyse(scanned)).rows.filter((r) => r.id === near.id && r.limit === PUBLISHED_LIMITS.workTypesPerProject.check);
      const [gauge, ...candidates] = rows;
      expect(gauge).toMatchObject({ used: near.issueTypeIds.length + 125, candidate_id: null });
      expect(String(gauge?.action)).toMatch(/^near the limit: \d+ work type\(s\) no issue of this space has$/);
      const ids = candidates.map((r) => r.candidate_id);
      expect(ids).toContain(otherType.id);
      expect(ids).not.toContain(usedType.id);
      expect(ids).toHaveLength(Object.values(counted).filter((n) => n === 0).length);
      const scheme = scanned.projects.find((p) => p.id === near.id)?.schemes['issue-type-scheme'];
      const sharing = scanned.projects.filter((p) => p.id !== near.id && p.deleted !== true && scheme !== undefined && p.schemes['issue-type-scheme'] === scheme).length;
      expect(sharing).toBeGreaterThan(0);
      for (const r of candidates) expect(r.action).toBe(`take it out of its work type scheme (shared with ${sharing} other space(s): take it out there only if they have none either, or give this space a scheme of its own): no issue of this space is of this work type`);
    } finally {
      await fake.close();
    }
  }, 60_000);
});

describe('where every space is near the field limit (global contexts alone bring them there)', () => {
  it('counts values in the 10 nearest spaces for the 500 fields with the fewest uses, and lists candidates under those spaces only', () => {
    const fields = Array.from({ length: 600 }, (_, i) => aField({ n: 2000 + i, name: `G${String(i).padStart(3, '0')}`, issuesWithValue: 3 }));
    const onScreen = fields.slice(0, 100).map((f) => f.id);
    const projects = Array.from({ length: 12 }, (_, i) => ({ id: String(100 + i), key: `P${i}`, name: `P${String(i).padStart(2, '0')}`, style: 'classic' as const, issueTypeIds: [], schemes: {} }));
    const own = projects.map((p, i) => aField({ n: 9000 + i, name: `Own of ${p.key}` }));
    const s = aSnapshot({
      projects,
      fields: [...fields, ...own],
      fieldContexts: [
        ...fields.map((f) => ({ id: f.id, fieldId: f.id, name: 'c', isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [] })),
        // The last two spaces have one field more each: they are the nearest.
        ...own.slice(10).map((f, i) => ({ id: f.id, fieldId: f.id, name: 'c', isGlobalContext: false, isAnyIssueType: true, projectIds: [projects[10 + i]?.id ?? ''], issueTypeIds: [] })),
      ],
      screens: [aScreen(onScreen)],
    });
    const a = analyse(s);
    const near = spacesNearFieldLimit(a);
    expect(near.projectIds).toHaveLength(SPACES_WITH_CANDIDATES);
    expect(near.projectIds.slice(0, 2)).toEqual(['110', '111']);
    expect(near.fieldIds).toHaveLength(FIELDS_COUNTED_IN_SPACES);
    // Fields on a screen have uses: they come after every field with none, so the 500 counted are those without.
    expect(near.fieldIds.filter((id) => onScreen.includes(id))).toEqual([]);
    const spaceParts = valueCountParts(s, false).filter((p) => p.section === 'value-counts' && p.projectIds !== undefined);
    expect(spaceParts.flatMap((p) => (p.section === 'value-counts' ? p.fieldIds : [])).sort()).toEqual([...near.fieldIds].sort());
    const gauges = limits(a).rows.filter((r) => r.limit === PUBLISHED_LIMITS.fieldsPerProject.check && r.candidate_id === null);
    expect(gauges).toHaveLength(12);
    const listedUnder = gauges.filter((r) => String(r.action).includes('could go from this space'));
    expect(listedUnder.map((r) => r.id)).toEqual(near.projectIds);
    for (const r of gauges.slice(SPACES_WITH_CANDIDATES)) expect(r.action).toBe('near the limit: what could go is listed under the 10 nearest; a field with a global context counts in every space');
  });
});

