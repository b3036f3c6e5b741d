import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers, type FakeJiraOptions } from '../../src/adapters/fake-jira/handlers';
import { RestConfigurationSource } from '../../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { buildGraph } from '../../src/domain/graph';
import { unused, analyse } from '../../src/domain/analysis';
import type { ConfigSnapshot } from '../../src/domain/model';
import { extraItemsOf, loadRealShapes, realShapesSite, withObjects, type RealShape } from '../support/real-shapes';

const SITE = 'https://real-shapes.test';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

async function scan(s: ConfigSnapshot, options: FakeJiraOptions = {}): Promise<ConfigSnapshot> {
  server.resetHandlers(...createFakeJiraHandlers(s, options));
  const source = new RestConfigurationSource(new NodeJiraHttp({ site: SITE }), { siteUrl: SITE, sleep: () => Promise.resolve(), now: () => new Date('2026-11-25T00:00:00.000Z') });
  return source.load();
}

const edges = (s: ConfigSnapshot): Set<string> => new Set(buildGraph(s).edges.map((e) => `${e.from.kind}:${e.from.id} -> ${e.to.kind}:${e.to.id}`));
const addresses = (s: ConfigSnapshot): Set<string> => {
  const g = buildGraph(s);
  const out = new Set<string>();
  for (const e of [...g.nodesOf('workflow'), ...g.nodesOf('field'), ...g.nodesOf('dashboard'), ...g.nodesOf('issue-type'), ...g.nodesOf('permission-scheme')]) out.add(`${e.kind}:${e.id}`);
  return out;
};

const shapes = loadRealShapes();

/** A generated site with the shapes' target objects, and the same site with the chosen odd shapes mixed in. */
function sites(seed: number, chosen: readonly RealShape[]): { plain: ConfigSnapshot; odd: ConfigSnapshot; options: FakeJiraOptions } {
  const plain = withObjects(generateSnapshot({ preset: 'small', seed }), realShapesSite());
  let odd = plain;
  for (const s of chosen) if (s.snapshot !== undefined) odd = withObjects(odd, s.snapshot);
  return { plain, odd, options: { extraItems: extraItemsOf(chosen) } };
}

describe('real shapes (test/fixtures/real-shapes)', () => {
  it('has a corpus of shapes, each saying where it is documented or observed', () => {
    expect(shapes.length).toBeGreaterThanOrEqual(7);
    for (const s of shapes) expect(s.source.length, s.file).toBeGreaterThan(20);
  });

  test.prop([fc.integer({ min: 1, max: 1_000 }), fc.subarray(shapes, { minLength: 1 })], { numRuns: 6 })(
    'a site with any odd shapes mixed in scans without failing, and yields the plain site\'s references plus exactly those the shapes carry',
    async (seed, chosen) => {
      const { plain, odd, options } = sites(seed, chosen);
      const before = await scan(plain);
      const after = await scan(odd, options);
      const expected = new Set([...edges(before), ...chosen.flatMap((s) => s.expect.references)]);
      expect([...edges(after)].sort()).toEqual([...expected].sort());
      const present = addresses(after);
      for (const s of chosen) for (const o of s.expect.objects) expect(present.has(o), `${s.file}: ${o}`).toBe(true);
      // Site-wide gaps (no object) are told apart by what they say: a service project's and ScriptRunner's are both field gaps.
      const oddGaps = after.coverage.filter((g) => !before.coverage.some((b) => b.kind === g.kind && b.objectId === g.objectId && b.reason === g.reason && (g.objectId !== undefined || b.detail === g.detail)));
      const expectedGaps = chosen.flatMap((s) => s.expect.gaps ?? []).sort();
      expect([...new Set(oddGaps.map((g) => `${g.kind}:${g.objectId ?? ''} ${g.reason}`))].sort()).toEqual(expectedGaps);
    },
    60_000,
  );

  it('a field used only inside a ScriptRunner config, only by a bubble chart\'s filter chain, or only through groupsExemptFromValidation is not unused; the team-managed field says so', async () => {
    const { odd, options } = sites(7, shapes);
    const snapshot = await scan(odd, options);
    const rows = unused(analyse(snapshot)).rows;
    const unusedIds = new Set(rows.map((r) => `${String(r.kind)}:${String(r.id)}`));
    expect(unusedIds.has('field:customfield_99004')).toBe(false);
    expect(unusedIds.has('field:customfield_99003')).toBe(false);
    expect(unusedIds.has('field:customfield_99001')).toBe(false);
    const team = rows.find((r) => r.id === 'customfield_99010');
    expect(String(team?.criterion)).toMatch(/^team-managed field of project 99011: its use there .* cannot be seen through the API/);
    const looped = snapshot.workflows.find((w) => w.id === 'rs-wf-looped');
    expect(looped?.transitions.find((t) => t.name === 'Add note')).toMatchObject({ type: 'GLOBAL', fromStatusIds: [] });
    expect(looped?.transitions.find((t) => t.name === 'Add note')?.toStatusId).toBeUndefined();
    const sr = snapshot.workflows.find((w) => w.id === 'rs-wf-scriptrunner')?.transitions[0]?.rules[0];
    expect(JSON.parse(sr?.decoded?.config ?? '{}')).toMatchObject({ fieldId: 'customfield_99004', groupName: 'rs-approvers', projectRoleId: 99005 });
    const gap = snapshot.coverage.find((g) => g.objectId === 'rs-wf-scriptrunner');
    expect(gap?.detail).toMatch(/transition "Create": ScriptRunner rule com\.onresolve\.jira\.groovy\.groovyrunner__script-postfunction: parameters\.config could not be read/);
  }, 30_000);
});
