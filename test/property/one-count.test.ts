import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { analyse, cleanup, JUDGED_KINDS, runReport, unused, userCount, whereUsed, type Analysis } from '../../src/domain/analysis';
import { renderReport } from '../../src/domain/report-format';
import type { ObjectKind } from '../../src/domain/model';
import { anySnapshot } from '../support/snapshot-arbitrary';
import { loadSample } from '../support/sample';

const KINDS: readonly ObjectKind[] = JUDGED_KINDS;

/** For every object Cleanup judges: in-use ⇔ where-used lists a use ⇔ the count is above 0, and the count is where-used's distinct users. */
function oneTruth(a: Analysis): number {
  let checked = 0;
  for (const kind of KINDS) {
    const verdicts = new Map(cleanup(a, kind, true).rows.map((r) => [String(r.id), r.verdict]));
    const unusedIds = new Set(unused(a, kind).rows.map((r) => String(r.id)));
    for (const node of a.graph.nodesOf(kind)) {
      const rows = whereUsed(a, node).rows;
      const users = new Set(rows.filter((r) => r.use === 'yes').map((r) => `${String(r.used_by_kind)}:${String(r.used_by_id)}`));
      const count = userCount(a, node);
      const at = `${kind}:${node.id}`;
      expect(count, at).toBe(users.size);
      expect(verdicts.get(node.id) === 'in-use', at).toBe(count > 0);
      if (unusedIds.has(node.id)) expect(count, at).toBe(0);
      // Every row says yes or no, and the rows that are not uses never carry impact.
      for (const r of rows) expect(['yes', 'no'], at).toContain(r.use);
      checked++;
    }
  }
  return checked;
}

describe('one count per object, the same on every surface', () => {
  it('on the sample: Cleanup in-use ⇔ where-used lists a use ⇔ the count is above 0, for every object Cleanup judges', () => {
    expect(oneTruth(analyse(loadSample()))).toBeGreaterThan(100);
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 })], { numRuns: 6 })('on generated sites: Cleanup in-use ⇔ where-used lists a use ⇔ the count is above 0', (seed) => {
    expect(oneTruth(analyse(generateSnapshot({ preset: 'small', seed })))).toBeGreaterThan(0);
  });

  test.prop([anySnapshot], { numRuns: 40 })('on arbitrary snapshots: Cleanup in-use ⇔ where-used lists a use ⇔ the count is above 0', (s) => {
    oneTruth(analyse(s));
  });

  it('where-used carries its use column in every format: CSV, JSON and Markdown say yes or no on each row', () => {
    const a = analyse(loadSample());
    const field = a.graph.node({ kind: 'field', id: 'customfield_10022' });
    const table = runReport(a, { report: 'where-used', object: { kind: 'field', id: 'customfield_10022' } });
    if (!table.ok || field === undefined) throw new Error('no where-used table');
    const rows = whereUsed(a, field).rows;
    expect(rows.some((r) => r.use === 'no')).toBe(true);
    const text = (format: 'csv' | 'json' | 'md'): string => [...renderReport(table.value, format, {})].join('');
    const csv = text('csv').split('\r\n');
    expect(csv[0]).toContain(',use,');
    const json = JSON.parse(text('json')) as { use: string }[];
    expect(json.map((r) => r.use)).toEqual(rows.map((r) => r.use));
    expect(text('md')).toMatch(/\| use \|/);
  });
});
