import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphNode, type Relation } from '../../src/domain/graph';
import { tokensOf } from '../../src/domain/graph/build';
import { OBJECT_KINDS } from '../../src/domain/model';
import { anySnapshot } from '../support/snapshot-arbitrary';
import { aField, aFilter, aScreen, aSnapshot } from '../builders';

/** Field ids as sites write them and as they might be mistyped: leading zeros, other cases, long numbers, system ids. */
const fieldId = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `customfield_${10000 + n}`),
  fc.integer({ min: 0, max: 12 }).map((n) => `customfield_${n}`),
  fc.integer({ min: 0, max: 12 }).map((n) => `customfield_0${n}`),
  fc.constantFrom('customfield_', 'customfield_1a', 'CUSTOMFIELD_10001', 'customfield_10001 ', 'customfield_-1', 'summary', 'priority', 'customfield_0', 'customfield_9007199254740992', 'customfield_9007199254740993'),
  fc.bigInt({ min: 100_000_000n, max: 99_999_999_999n }).map((n) => `customfield_${n}`),
  fc.integer({ min: 0, max: 2 ** 30 }).map((n) => `customfield_${n}`),
);

describe('looking a field up by its id', () => {
  test.prop([fc.uniqueArray(fieldId, { maxLength: 25 }), fc.array(fieldId, { maxLength: 40 })], { numRuns: 300 })(
    'a reference reaches the field whose id is exactly the text written, whatever the numbers look like, and dangles otherwise',
    (ids, written) => {
      const fields = ids.map((id) => aField({ id, name: `F ${id}` }));
      const screen = aScreen(written);
      const graph = buildGraph(aSnapshot({ fields, screens: [screen] }));
      const reached = graph.usesOf({ kind: 'screen', id: screen.id }).map((e) => e.to.id);
      const dangled = graph.dangling.map((d) => d.to.id);
      const known = new Set(ids);
      expect(reached).toEqual(written.filter((id) => known.has(id)));
      expect(dangled).toEqual(written.filter((id) => !known.has(id)));
      for (const id of written) expect(graph.node({ kind: 'field', id })?.id).toBe(known.has(id) ? id : undefined);
    },
  );
});

describe('looking a field up by a long number', () => {
  it('never takes an id for another whose number rounds to the same (beyond 2^53)', () => {
    const fields = [aField({ id: 'customfield_9007199254740992', name: 'Big' })];
    const screen = aScreen(['customfield_9007199254740993', 'customfield_9007199254740992']);
    const graph = buildGraph(aSnapshot({ fields, screens: [screen] }));
    expect(graph.usesOf({ kind: 'screen', id: screen.id }).map((e) => e.to.id)).toEqual(['customfield_9007199254740992']);
    expect(graph.dangling.map((d) => d.to.id)).toEqual(['customfield_9007199254740993']);
  });
});

describe('the object behind an address', () => {
  // Numbers as Jira writes ids, and texts that only look like them: leading zeros, blanks, ten digits, letters.
  const idText = fc.oneof(
    fc.constantFrom('1', '2', '3', '10', '11', '12', '20', '0', '01', '001', ' 1', '1 ', 'x1', '', '999999999', '1000000000', '4294967297'),
    fc.integer({ min: 0, max: 999_999_999 }).map(String),
  );
  const ids = fc.array(idText, { maxLength: 12 });
  test.prop([ids, ids], { numRuns: 200 })(
    "objectOf is the object a map by id would hold (the last of its id), for the graph's own nodes and for plain addresses",
    (filterIds, screenIds) => {
      const filters = filterIds.map((id, i) => aFilter('project = X', { id, name: `Filter ${i}` }));
      const screens = screenIds.map((id, i) => aScreen([], { id, name: `Screen ${i}` }));
      const graph = buildGraph(aSnapshot({ filters, screens }));
      const last = <T extends { readonly id: string }>(list: readonly T[]): Map<string, T> => new Map(list.map((o) => [o.id, o]));
      const byFilter = last(filters);
      const byScreen = last(screens);
      expect(graph.nodesOf('filter')).toHaveLength(filters.length);
      graph.nodesOf('filter').forEach((n, i) => {
        expect(graph.objectOf(n)).toBe(byFilter.get(n.id));
        expect(graph.objectOf({ kind: 'filter', id: n.id })).toBe(byFilter.get(n.id));
        // Where ids are all different, each node's object is its own.
        if (byFilter.size === filters.length) expect(graph.objectOf(n)).toBe(filters[i]);
      });
      for (const n of graph.nodesOf('screen')) expect(graph.objectOf(n)).toBe(byScreen.get(n.id));
      expect(graph.objectOf({ kind: 'filter', id: '404' })).toBeUndefined();
      // A filter's address asks for a filter, not for a screen of the same id; a fresh copy of the text finds the same.
      for (const id of [...screenIds, ...filterIds]) {
        expect(graph.objectOf({ kind: 'filter', id: `#${id}`.slice(1) })).toBe(byFilter.get(id));
        expect(graph.node({ kind: 'screen', id: ` ${id}`.slice(1) })?.id).toBe(byScreen.get(id)?.id);
      }
    },
  );
});

describe('counting the distinct users of every node at once', () => {
  test.prop([anySnapshot, fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 60 })(
    'distinctUsers equals, node by node, the distinct users eachUser visits through the relations and users that count',
    (snapshot, salt) => {
      const graph = buildGraph(snapshot);
      // Predicates that keep some relations and users and drop others, differently for each salt.
      const hash = (text: string): number => {
        let h = salt | 1;
        for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
        return h >>> 0;
      };
      const counts = { relation: (r: Relation) => hash(r) % 3 !== 0, user: (n: GraphNode) => hash(`${n.kind}:${n.id}`) % 4 !== 0 };
      const fast = graph.distinctUsers(counts);
      expect(fast).toHaveLength(graph.nodeCount);
      for (const kind of OBJECT_KINDS) {
        for (const node of graph.nodesOf(kind)) {
          const users = new Set<GraphNode>();
          graph.eachUser(node, (from, relation) => {
            if (counts.relation(relation) && counts.user(from)) users.add(from);
            return true;
          });
          const i = graph.numberOf(node);
          expect(i, `${kind}:${node.id}`).toBeDefined();
          expect(fast[i ?? -1], `${kind}:${node.id}`).toBe(users.size);
        }
      }
    },
  );
});

describe('rule setting values split into ids', () => {
  /** Values as rule settings hold them: ids and words joined by every separator Jira apps use, blanks of all kinds. */
  const piece = fc.oneof(fc.constantFrom('customfield_10010', '10001', 'jira-users', '', 'a'), fc.string({ maxLength: 4 }));
  const separator = fc.constantFrom(' ', ',', ';', '|', ', ', ' | ', ',,', '\t', '\n', '\u00a0', '\u2003', ';;  ');
  const value = fc.array(fc.tuple(piece, separator), { maxLength: 6 }).map((parts) => parts.map(([p, s]) => p + s).join(''));
  test.prop([fc.oneof(value, fc.string({ maxLength: 12 }))], { numRuns: 3000 })('splits every value exactly where /[\\s,;|]+/ does', (v) => {
    expect(tokensOf(v)).toEqual(v.split(/[\s,;|]+/));
  });
});
