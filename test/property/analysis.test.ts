import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { analyse, duplicates, impact, normaliseJql, runReport, unused, usageCount, whereUsed } from '../../src/domain/analysis';
import { NOT_A_USE, RELATION_CATALOGUE } from '../../src/domain/graph';
import { emptySnapshot, OBJECT_KINDS, type ObjectKind } from '../../src/domain/model';
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

describe('the packed edge index', () => {
  test.prop([anySnapshot], { numRuns: 60 })("usersOf(x) and usesOf(x) are exactly the edges ending or starting at x, in the order they were found", (s) => {
    const { graph } = analyse(s);
    expect(graph.edgeCount).toBe(graph.edges.length);
    const same = (x: { kind: string; id: string }, y: { kind: string; id: string }): boolean => x.kind === y.kind && x.id === y.id;
    for (const kind of OBJECT_KINDS) {
      for (const n of graph.nodesOf(kind)) {
        expect(graph.usersOf(n)).toEqual(graph.edges.filter((e) => same(e.to, n)));
        expect(graph.usesOf(n)).toEqual(graph.edges.filter((e) => same(e.from, n)));
      }
    }
  });
});

describe('the relation catalogue', () => {
  test.prop([anySnapshot], { numRuns: 60 })('every edge joins the kinds its relation\'s catalogue row names', (s) => {
    const { graph } = analyse(s);
    for (const e of graph.edges) {
      const meaning = RELATION_CATALOGUE[e.relation];
      expect(meaning.from, e.relation).toContain(e.from.kind);
      expect(meaning.to, e.relation).toContain(e.to.kind);
    }
  });
});

describe('impact', () => {
  const pickNode = (a: ReturnType<typeof analyse>, pick: number) => {
    const nodes = OBJECT_KINDS.flatMap((k) => a.graph.nodesOf(k));
    return nodes[pick % Math.max(1, nodes.length)];
  };
  const keyOf = (kind: unknown, id: unknown): string => `${String(kind)}:${String(id)}`;

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('impact ⊇ where-used: every direct user of x through a use (but x itself) is affected at depth 1', (s, pick) => {
    const a = analyse(s);
    const x = pickNode(a, pick);
    if (x === undefined) return;
    const affected = new Map(impact(a, x).rows.map((r) => [keyOf(r.affected_kind, r.affected_id), r.depth]));
    for (const r of whereUsed(a, x).rows) {
      if (r.used_by_kind === x.kind && r.used_by_id === x.id) continue; // a filter that names itself
      // Configuration and structure carry no impact; what Jira itself does (kind jira, subscription) is no object.
      if (r.use !== 'yes' || !(OBJECT_KINDS as readonly unknown[]).includes(r.used_by_kind)) continue;
      expect(affected.get(keyOf(r.used_by_kind, r.used_by_id))).toBe(1);
    }
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('impact ⊆ reverse reachability (users of users, and what a forward relation names: a board\'s location, a queue\'s service project)', (s, pick) => {
    const a = analyse(s);
    const x = pickNode(a, pick);
    if (x === undefined) return;
    const reach = new Set<string>();
    const queue: { kind: ObjectKind; id: string }[] = [x];
    while (queue.length > 0) {
      const n = queue.shift();
      if (n === undefined) break;
      const step = (m: { kind: ObjectKind; id: string }): void => {
        const k = keyOf(m.kind, m.id);
        if (reach.has(k)) return;
        reach.add(k);
        queue.push(m);
      };
      for (const e of a.graph.usersOf(n)) step(e.from);
      for (const e of a.graph.usesOf(n)) if (RELATION_CATALOGUE[e.relation].forward === true) step(e.to);
    }
    for (const r of impact(a, x).rows) expect(reach.has(keyOf(r.affected_kind, r.affected_id))).toBe(true);
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('no row is reached through a project unless the project is the root', (s, pick) => {
    const a = analyse(s);
    const x = pickNode(a, pick);
    if (x === undefined) return;
    for (const r of impact(a, x).rows) {
      const inner = String(r.path).split(' ← ').slice(1, -1);
      expect(inner.filter((step) => step.startsWith('project:'))).toEqual([]);
    }
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('adding an unrelated filter that names an affected project never changes impact', (s, pick) => {
    const a = analyse(s);
    const x = pickNode(a, pick);
    // The added filter names the project field itself (`project = KEY`): unrelated to anything but that field.
    if (x === undefined || x.kind === 'project' || (x.kind === 'field' && x.id === 'project')) return;
    const before = impact(a, x).rows;
    const project = before.map((r) => s.projects.find((p) => r.affected_kind === 'project' && p.id === r.affected_id)).find((p) => p !== undefined);
    if (project === undefined) return;
    const withFilter = { ...s, filters: [...s.filters, { id: '999999', name: 'Names an affected project', jql: `project = ${project.key}`, sharePermissions: [] }] };
    expect(impact(analyse(withFilter), x).rows).toEqual(before);
  });
});

describe('unused', () => {
  test.prop([anySnapshot], { numRuns: 60 })('an object reported unused has no incoming usage edge', (s) => {
    const a = analyse(s);
    for (const r of unused(a).rows) {
      const users = a.graph.usersOf({ kind: r.kind as ObjectKind, id: String(r.id) });
      expect(users.filter((e) => !NOT_A_USE.has(e.relation))).toEqual([]);
    }
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 60 })('putting an unused custom field on a screen tab removes it from unused', (s, pick) => {
    const fields = unused(analyse(s), 'field').rows;
    const target = fields[pick % Math.max(1, fields.length)];
    if (target === undefined) return;
    const withScreen = { ...s, screens: [...s.screens, { id: 'added', name: 'Added', tabs: [{ id: 'added-tab', name: 'Tab', fieldIds: [String(target.id)] }] }] };
    const after = analyse(withScreen);
    expect(unused(after, 'field').rows.map((r) => r.id)).not.toContain(target.id);
    const node = after.graph.node({ kind: 'field', id: String(target.id) });
    expect(node === undefined ? -1 : usageCount(after, node)).toBe(1);
  });

  test.prop([anySnapshot], { numRuns: 30 })('every report is deterministic: two analyses of the same snapshot give the same rows', (s) => {
    const one = analyse(s);
    const two = analyse(structuredClone(s));
    for (const report of ['health', 'inventory', 'unused', 'duplicates', 'references'] as const) {
      expect(runReport(two, { report })).toEqual(runReport(one, { report }));
    }
  });
});

describe('normaliseJql', () => {
  /** The definition, char by char: text outside quotes folded to lower case with whitespace runs as one space. */
  const reference = (jql: string): string => {
    const parts: string[] = [];
    let i = 0;
    while (i < jql.length) {
      const c = jql[i];
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < jql.length && jql[j] !== c) j += jql[j] === '\\' ? 2 : 1;
        parts.push(jql.slice(i, Math.min(j + 1, jql.length)));
        i = j + 1;
        continue;
      }
      let j = i;
      while (j < jql.length && jql[j] !== '"' && jql[j] !== "'") j++;
      parts.push(jql.slice(i, j).toLowerCase().replace(/\s+/g, ' '));
      i = j;
    }
    return parts.join('').trim();
  };
  const jqlish = fc.array(fc.constantFrom('a', 'B', ' ', '\t', '\n', '"', "'", '\\', '=', 'Ä', 'x y'), { maxLength: 30 }).map((cs) => cs.join(''));
  test.prop([jqlish], { numRuns: 500 })('normaliseJql equals the char-by-char definition on any text of quotes, escapes and whitespace', (jql) => {
    expect(normaliseJql(jql)).toBe(reference(jql));
  });
});

describe('same-JQL duplicates', () => {
  // Few words, in any case and spacing, quoted or not: many filters share their normalised JQL, some only by case.
  const word = fc.constantFrom('project', 'PROJECT', 'Status', '=', 'in', '"Done"', '"done"', "'X Y'", '(A, B)', 'é', 'ORDER BY', '\\"', '\u00a0', '\t', 'wor\u212a', 'work', '@', '`');
  const jql = fc.array(word, { maxLength: 6 }).chain((ws) => fc.tuple(...ws.map((w) => fc.constantFrom('', ' ', '  ', '\n').map((gap) => `${gap}${w}`))).map((parts) => parts.join('')));
  test.prop([fc.array(jql, { minLength: 1, maxLength: 30 })], { numRuns: 300 })(
    'filters are grouped exactly when their normalised JQL is the same (two or more, blank JQL left out)',
    (jqls) => {
      const filters = jqls.map((j, i) => ({ id: String(10000 + i), name: `F${i}`, jql: j, sharePermissions: [] }));
      const a = analyse({ ...emptySnapshot({ baseUrl: 'fixture:test', scannedAt: '2026-11-01T00:00:00.000Z' }), filters });
      const byText = new Map<string, string[]>();
      filters.forEach((f) => {
        if (f.jql.trim() === '') return;
        const key = normaliseJql(f.jql);
        byText.set(key, [...(byText.get(key) ?? []), f.id]);
      });
      const expected = [...byText].filter(([, ids]) => ids.length > 1).map(([key, ids]) => `same JQL: ${key}|${ids.join(';')}`).sort();
      expect(duplicates(a, 'filter').rows.map((r) => `${String(r.name)}|${String(r.ids)}`).sort()).toEqual(expected);
    },
  );
});
