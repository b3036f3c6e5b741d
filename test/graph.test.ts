import { describe, expect, it } from 'vitest';
import { resolveAddress } from '../src/domain/address';
import { buildGraph, describeEvidence, RELATIONS, type Edge } from '../src/domain/graph';
import { jqlFingerprint } from '../src/domain/jql';
import { OBJECT_KINDS } from '../src/domain/model';
import { aField, aScreen, aSnapshot } from './builders';
import { loadSample } from './support/sample';

const sample = buildGraph(loadSample());
const edgesTo = (kind: Edge['to']['kind'], id: string): Edge[] => [...sample.usersOf({ kind, id })];
const evidenceOf = (edges: readonly Edge[]): string[] => edges.map((e) => `${e.from.kind}:${e.from.id} ${e.relation} ${describeEvidence(e.evidence)}`);

describe('dependency graph of the sample instance', () => {
  it("keeps each filter's JQL fingerprint as it read it, the same as its text's (and -1 for JQL outside ASCII)", () => {
    const snapshot = loadSample();
    const filters = [...snapshot.filters, { ...snapshot.filters[0], id: '99002', name: 'Ünïcode', jql: 'summary ~ "café"' } as (typeof snapshot.filters)[number]];
    const graph = buildGraph({ ...snapshot, filters });
    expect([...graph.filterJqlFingerprints]).toEqual(filters.map((f) => jqlFingerprint(f.jql) ?? -1));
    expect(graph.filterJqlFingerprints.at(-1)).toBe(-1);
  });

  it('has at least one edge of every relation', () => {
    const seen = new Set(sample.edges.map((e) => e.relation));
    expect(RELATIONS.filter((r) => !seen.has(r))).toEqual([]);
  });

  it('records screen tabs, field configuration items, workflow rules, JQL, board settings and gadgets as evidence for a field', () => {
    expect(evidenceOf(edgesTo('field', 'customfield_10023'))).toEqual([
      'screen:10000 screen-tab-field tab "Details"',
      'screen:10001 screen-tab-field tab "Field Tab"',
      'field-configuration:10001 field-configuration-item field configuration item: required',
      'field-context:10108 context-field context scope',
      'workflow:b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0003 workflow-rule transition "Create" (id 1) validator: check field value (its field id)',
      'filter:10022 jql filter JQL: clause `Severity = "Sev 1"`',
      'filter:10026 jql filter JQL: clause `Severity[Dropdown] = "Sev 2"`',
      'board:2 jql quick filter "Sev 1" (id 4): clause `Severity = "Sev 1"`',
      'dashboard:10000 gadget-property gadget "Bugs by severity" (id 10002) property statType',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20010 automation-reference rule condition Work item fields condition (jira.issue.condition): field it compares (at components[1].value.selectedField)',
    ]);
  });

  it('reads comma-separated rule parameters, groups, roles, previous statuses and the resolution an update-field sets from workflow rules', () => {
    const scrum = sample.usesOf({ kind: 'workflow', id: 'b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0002' }).filter((e) => e.relation === 'workflow-rule');
    expect(scrum.map((e) => `${e.to.kind}:${e.to.id}`).sort()).toEqual(
      ['project-role:10003', 'field:customfield_10027', 'field:customfield_10050', 'group:8a3e4b1c-6f2d-4e7a-b9c0-1d2e3f4a5b02', 'status:10002', 'field:resolution', 'resolution:10000', 'field:customfield_10058', 'group:a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c07'].sort(),
    );
  });

  it('links workflow schemes to workflows by name and reports a name that matches no workflow as dangling', () => {
    expect(edgesTo('workflow', 'b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0003').map((e) => `${e.from.kind}:${e.from.id}`)).toEqual(['workflow-scheme:10000']);
    expect(sample.dangling.map((d) => `${d.from.kind}:${d.from.id} → ${d.to.kind}:${d.to.id} (${d.relation})`)).toEqual([
      'workflow-scheme:10002 → workflow:Old Release Workflow (workflow-scheme-workflow)',
      'board:7 → filter:10099 (board-filter)',
    ]);
  });

  it('follows gadget properties in their real shapes: filter-N, project-N, bare ids, JSON configuration and the bubble chart\'s nested { id, type }', () => {
    const uses = (id: string): string[] => sample.usesOf({ kind: 'dashboard', id }).map((e) => `${e.to.kind}:${e.to.id}`);
    expect(uses('10000')).toEqual(['filter:10027', 'field:customfield_10016', 'filter:10000', 'field:customfield_10023', 'project:10000', 'filter:10033']);
    expect(uses('10001')).toEqual(['filter:10028', 'field:customfield_10042', 'field:customfield_10057', 'filter:10004']);
  });

  it('links a private filter to the board that shows it, and boards to column statuses and settings', () => {
    expect(edgesTo('filter', '10006').map((e) => `${e.from.kind}:${e.from.id} ${e.relation}`)).toEqual(['board:5 board-filter']);
    const board = sample.usesOf({ kind: 'board', id: '1' }).map((e) => `${e.relation} ${e.to.kind}:${e.to.id}`);
    expect(board).toContain('board-estimation-field field:customfield_10016');
    expect(board).toContain('board-rank-field field:customfield_10015');
    expect(board).toContain('board-location project:10000');
    expect(board).toContain('board-column-status status:10003');
  });

  it('collects broken, ambiguous and syntax JQL findings with their source', () => {
    const findings = sample.jqlFindings.map((f) => `${f.from.kind}:${f.from.id} ${f.finding.type}`);
    expect(findings).toEqual([
      // A queue naming a Support Tier no option has.
      'queue:3 broken',
      'filter:10007 ambiguous',
      'filter:10009 broken',
      'filter:10010 broken',
      'filter:10020 syntax',
      'filter:10022 ambiguous',
      // Automation: a smart value naming two fields, one naming none, an edit of a field no field is named.
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20006 ambiguous',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20006 broken',
      'automation-rule:0192e5ac-0e25-71de-ba7b-d972e6a20007 broken',
    ]);
  });
});

describe('graph edge cases', () => {
  it('keeps one edge per reference and reports every id that points at nothing', () => {
    const f = aField({ n: 1 });
    const g = buildGraph(aSnapshot({ fields: [f], screens: [aScreen([f.id, f.id, 'customfield_404'])] }));
    expect(g.usersOf({ kind: 'field', id: f.id })).toHaveLength(2);
    expect(g.dangling.map((d) => `${d.to.kind}:${d.to.id}`)).toEqual(['field:customfield_404']);
  });

  it('does not take rule values for ids: a field parameter holding "-1" is no reference', () => {
    const g = buildGraph(
      aSnapshot({
        workflows: [
          {
            id: 'w',
            name: 'W',
            scope: { type: 'GLOBAL' },
            statusIds: [],
            transitions: [{ id: '1', name: 'Go', type: 'INITIAL', fromStatusIds: [], toStatusId: '1', rules: [{ kind: 'post-function', ruleKey: 'system:update-field', parameters: { field: '-1', fieldValue: 'customfield_77' } }] }],
          },
        ],
      }),
    );
    expect(g.dangling.map((d) => `${d.to.kind}:${d.to.id}`)).toEqual(['field:customfield_77']);
  });
});

describe('nodes as the graph hands them out', () => {
  it('answer like their address, whichever graph made them, and show nothing but kind, id and name', () => {
    const sample = loadSample();
    const graph = buildGraph(sample);
    // Numbered otherwise: one more field (and status) before the others moves every later node's number.
    const first = sample.fields[0]!;
    const other = buildGraph({ ...sample, fields: [{ ...first, id: 'customfield_909090', name: 'Extra' }, ...sample.fields], statuses: [{ ...sample.statuses[0]!, id: '909090' }, ...sample.statuses] });
    let withUsers = 0;
    for (const kind of ['field', 'screen', 'status', 'filter', 'project', 'workflow'] as const) {
      for (const n of other.nodesOf(kind)) {
        if (n.id.startsWith('909090') || n.id === 'customfield_909090') continue;
        const address = { kind: n.kind, id: n.id };
        // A node of another graph (same address) and a plain address get the same answers as this graph's own node.
        const own = graph.node(address);
        expect(own).toBeDefined();
        expect(graph.node(n)).toBe(own);
        expect(graph.usersOf(n)).toEqual(graph.usersOf(address));
        expect(graph.usesOf(n)).toEqual(graph.usesOf(address));
        if (graph.usersOf(address).length > 0) withUsers++;
        expect(JSON.parse(JSON.stringify(own))).toEqual({ kind: n.kind, id: n.id, name: n.name });
        expect({ ...own }).toEqual({ kind: n.kind, id: n.id, name: n.name });
      }
    }
    expect(withUsers).toBeGreaterThan(10);
    expect(graph.usersOf({ kind: 'field', id: 'customfield_404404' })).toEqual([]);
    expect(graph.node({ kind: 'field', id: 'customfield_404404' })).toBeUndefined();
  });

  it('are visited by eachUser and eachUse as usersOf and usesOf list them, up to the visit that says stop', () => {
    const graph = buildGraph(loadSample());
    let stopped = 0;
    for (const kind of OBJECT_KINDS) {
      for (const n of graph.nodesOf(kind)) {
        const users: string[] = [];
        expect(
          graph.eachUser(n, (from, relation) => {
            users.push(`${from.kind}:${from.id} ${relation}`);
            return true;
          }),
        ).toBe(true);
        expect(users).toEqual(graph.usersOf(n).map((e) => `${e.from.kind}:${e.from.id} ${e.relation}`));
        const uses: string[] = [];
        graph.eachUse({ kind: n.kind, id: n.id }, (to, relation) => {
          uses.push(`${to.kind}:${to.id} ${relation}`);
          return true;
        });
        expect(uses).toEqual(graph.usesOf(n).map((e) => `${e.to.kind}:${e.to.id} ${e.relation}`));
        // The same node objects as the edges hold.
        graph.eachUser(n, (from) => graph.node(from) === from || expect.fail(`${from.kind}:${from.id} is not the graph's node`));
        if (users.length < 2) continue;
        let seen = 0;
        expect(
          graph.eachUser(n, () => {
            seen++;
            return false;
          }),
        ).toBe(false);
        expect(seen).toBe(1);
        stopped++;
      }
    }
    expect(stopped).toBeGreaterThan(10);
  });

  it('are unknown at an address the snapshot does not hold: nothing uses it and it uses nothing', () => {
    const graph = buildGraph(loadSample());
    const nowhere = { kind: 'screen' as const, id: '404404' };
    expect(graph.node(nowhere)).toBeUndefined();
    const met: string[] = [];
    graph.eachUser(nowhere, (from) => met.push(from.id) > 0);
    graph.eachUse(nowhere, (to) => met.push(to.id) > 0);
    expect(met).toEqual([]);
    expect(graph.usersOf(nowhere)).toEqual([]);
  });
});

describe('the edge store', () => {
  it('grows past the room it was given: a few objects with thousands of references keep every edge and its evidence', () => {
    const fields = [aField(), aField(), aField()];
    // 3 fields and 2 screens: room for 40 edges, far fewer than the 9,000 tab references below.
    const tabs = Array.from({ length: 3000 }, (_, i) => ({ id: String(i), name: `Tab ${i}`, fieldIds: fields.map((f) => f.id) }));
    const screens = [aScreen([], { tabs }), aScreen([fields[0]!.id])];
    const g = buildGraph(aSnapshot({ fields, screens }));
    expect(g.edgeCount).toBe(9001);
    expect(g.usersOf({ kind: 'field', id: fields[0]!.id })).toHaveLength(3001);
    const last = g.usesOf({ kind: 'screen', id: screens[0]!.id }).at(-1);
    expect(last?.to.id).toBe(fields[2]!.id);
    expect(last?.evidence).toEqual({ type: 'screen-tab', tabId: '2999', tabName: 'Tab 2999' });
    expect(g.usesOf({ kind: 'screen', id: screens[1]!.id }).map((e) => e.to.id)).toEqual([fields[0]!.id]);
  });
});

describe('JQL evidence', () => {
  it('keeps the clause as written for every finding and every JQL edge, cut from its JQL at the offsets', () => {
    const graph = buildGraph(loadSample());
    let findings = 0;
    for (const f of graph.jqlFindings) {
      if (f.finding.type === 'syntax') continue;
      const e = f.finding.evidence;
      findings++;
      expect(e.clause).not.toBe('');
      // Automation JQL is shown as written, with its smart values; the offsets are those of the JQL read.
      if (f.source.type !== 'automation') expect(f.jql.slice(e.start, e.end)).toBe(e.clause);
    }
    expect(findings).toBeGreaterThan(3);
    let edges = 0;
    for (const e of graph.edges) {
      if (e.evidence.type !== 'jql') continue;
      edges++;
      expect(e.evidence.jql.clause).not.toBe('');
      expect(e.evidence.jql.end - e.evidence.jql.start).toBe(e.evidence.jql.clause.length);
    }
    expect(edges).toBeGreaterThan(10);
  });
});

describe('object addresses', () => {
  it('accepts kind:id, project keys in any case and workflow names', () => {
    expect(resolveAddress(sample, 'field:customfield_10010')).toMatchObject({ ok: true, value: { name: 'Team' } });
    expect(resolveAddress(sample, 'project:eng')).toMatchObject({ ok: true, value: { id: '10000' } });
    expect(resolveAddress(sample, 'workflow:ENG: Bug Workflow')).toMatchObject({ ok: true, value: { id: 'b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0003' } });
  });

  it('names what was wrong', () => {
    expect(resolveAddress(sample, 'feild:x')).toEqual({ ok: false, error: expect.stringContaining("unknown kind 'feild' in 'feild:x'") as unknown });
    expect(resolveAddress(sample, 'customfield_10010')).toEqual({ ok: false, error: expect.stringContaining('is not an object address') as unknown });
    expect(resolveAddress(sample, 'project:NOPE')).toEqual({ ok: false, error: "no project with id, key or name 'NOPE' in this snapshot" });
  });
});
