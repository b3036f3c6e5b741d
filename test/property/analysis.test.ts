import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { analyse, impact, runReport, unused, usageCount, whereUsed } from '../../src/domain/analysis';
import { STRUCTURAL_RELATIONS } from '../../src/domain/graph';
import { OBJECT_KINDS, type ObjectKind } from '../../src/domain/model';
import { anySnapshot } from '../support/snapshot-arbitrary';

describe('graph', () => {
  test.prop([anySnapshot], { numRuns: 60 })("every edge's endpoints exist, and every screen tab reference is an edge or a dangling reference", (s) => {
    const { graph } = analyse(s);
    for (const e of graph.edges) {
      expect(graph.node(e.from)).toBeDefined();
      expect(graph.node(e.to)).toBeDefined();
    }
    for (const d of graph.dangling) expect(graph.node(d.to)).toBeUndefined();
    for (const screen of s.screens) {
      for (const tab of screen.tabs) {
        for (const id of tab.fieldIds) {
          const edge = graph.usesOf({ kind: 'screen', id: screen.id }).some((e) => e.to.id === id && e.relation === 'screen-tab-field');
          const dangling = graph.dangling.some((d) => d.from.id === screen.id && d.from.kind === 'screen' && d.to.id === id);
          expect(edge || dangling).toBe(true);
          expect(edge && dangling).toBe(false);
        }
      }
    }
  });
});

describe('impact', () => {
  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('impact(x) contains where-used(x) (but x itself) at depth 1 and is closed under where-used', (s, pick) => {
    const a = analyse(s);
    const nodes = OBJECT_KINDS.flatMap((k) => a.graph.nodesOf(k));
    const x = nodes[pick % Math.max(1, nodes.length)];
    if (x === undefined) return;
    const affected = new Map(impact(a, x).rows.map((r) => [`${String(r.affected_kind)}:${String(r.affected_id)}`, r.depth]));
    for (const r of whereUsed(a, x).rows) {
      if (r.used_by_kind === x.kind && r.used_by_id === x.id) continue; // a filter that names itself
      expect(affected.get(`${String(r.used_by_kind)}:${String(r.used_by_id)}`)).toBe(1);
    }
    const inImpact = new Set([...affected.keys(), `${x.kind}:${x.id}`]);
    for (const key of affected.keys()) {
      const [kind, ...id] = key.split(':');
      for (const e of a.graph.usersOf({ kind: kind as ObjectKind, id: id.join(':') })) expect(inImpact.has(`${e.from.kind}:${e.from.id}`)).toBe(true);
    }
  });
});

describe('unused', () => {
  test.prop([anySnapshot], { numRuns: 60 })('an object reported unused has no incoming usage edge', (s) => {
    const a = analyse(s);
    for (const r of unused(a).rows) {
      const users = a.graph.usersOf({ kind: r.kind as ObjectKind, id: String(r.id) });
      expect(users.filter((e) => !STRUCTURAL_RELATIONS.has(e.relation))).toEqual([]);
    }
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('putting an unused custom field on a screen tab removes it from unused', (s, pick) => {
    const fields = unused(analyse(s), 'field').rows;
    const target = fields[pick % Math.max(1, fields.length)];
    if (target === undefined) return;
    const withScreen = { ...s, screens: [...s.screens, { id: 'added', name: 'Added', tabs: [{ id: 'added-tab', name: 'Tab', fieldIds: [String(target.id)] }] }] };
    const after = analyse(withScreen);
    expect(unused(after, 'field').rows.map((r) => r.id)).not.toContain(target.id);
    expect(usageCount(after, { kind: 'field', id: String(target.id) })).toBe(1);
  });

  test.prop([anySnapshot], { numRuns: 30 })('every report is deterministic: two analyses of the same snapshot give the same rows', (s) => {
    const one = analyse(s);
    const two = analyse(structuredClone(s));
    for (const report of ['health', 'inventory', 'unused', 'duplicates', 'references'] as const) {
      expect(runReport(two, { report })).toEqual(runReport(one, { report }));
    }
  });
});
