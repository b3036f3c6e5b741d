import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_RULE_DEPTH, readAutomationExport } from '../src/adapters/automation/rules';
import { parseSnapshot } from '../src/adapters/fixture/snapshot-schema';
import { validateItems } from '../src/adapters/jira-rest/client';
import { analyse, cleanup, duplicates, references, unused, whereUsed } from '../src/domain/analysis';
import { automationMentions } from '../src/domain/automation';
import { adfToText } from '../src/domain/issues/adf';
import { extractJql, MAX_NESTING } from '../src/domain/jql/extract';
import type { ConfigSnapshot, JsonValue } from '../src/domain/model';
import { loadSample } from './support/sample';

const DEEP = 10_000;
const sample = loadSample();

/** The JSON text of `{ key: { key: … leaf } }`, `depth` levels (JSON.stringify itself gives up near 4,000). */
function nestedText(depth: number, key: string, leaf: string): string {
  return `${`{"${key}":`.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
}

/** `{ key: { key: … leaf } }`, `depth` levels, built without recursion. */
function nest(depth: number, key: string, leaf: JsonValue): JsonValue {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { [key]: v };
  return v;
}

describe('no single object breaks the analysis: nesting of any depth is read without recursion', () => {
  it(`a filter whose JQL opens ${DEEP.toLocaleString('en-US')} parentheses gives one syntax finding on that filter, and every other report of the site is unchanged`, () => {
    const deep = { ...sample.filters[0], id: '99001', name: 'Deep filter', jql: `${'('.repeat(DEEP)}project = ENG` } as ConfigSnapshot['filters'][number];
    const before = analyse(sample);
    const after = analyse({ ...sample, filters: [...sample.filters, deep] });
    const mine = references(after).rows.filter((r) => r.source_id === '99001');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.problem).toBe('syntax');
    expect(references(after).rows.filter((r) => r.source_id !== '99001')).toEqual(references(before).rows);
    const kinds = ['field', 'project', 'status', 'screen', 'workflow', 'issue-type', 'group'] as const;
    for (const kind of kinds) {
      expect(unused(after, kind).rows).toEqual(unused(before, kind).rows);
      // (The in-use rows count the deep filter among the users of what it names: it is read whole.)
      expect(cleanup(after, kind).rows).toEqual(cleanup(before, kind).rows);
      expect(duplicates(after, kind).rows).toEqual(duplicates(before, kind).rows);
    }
    // The project the deep clause names counts it as a use all the same.
    const eng = sample.projects.find((p) => p.key === 'ENG');
    const node = after.graph.node({ kind: 'project', id: eng?.id ?? '' });
    expect(node === undefined ? [] : whereUsed(after, node).rows.filter((r) => r.used_by_id === '99001')).toHaveLength(1);
  });

  it('balanced parentheses nested deeper than Jira is likely to take are read whole and said once', () => {
    const jql = `${'('.repeat(DEEP)}"Story Points" > 3${')'.repeat(DEEP)} ORDER BY rank`;
    const { references: refs, syntaxErrors } = extractJql(jql);
    expect(refs.filter((r) => r.type === 'field').map((r) => r.name)).toEqual(['Story Points', 'rank']);
    expect(syntaxErrors).toHaveLength(1);
    expect(syntaxErrors[0]?.message).toContain(`nested more than ${MAX_NESTING} deep`);
    expect(extractJql(`${'('.repeat(MAX_NESTING)}a = 1${')'.repeat(MAX_NESTING)}`).syntaxErrors).toEqual([]);
  });

  it('a value list nested thousands of parentheses deep is read whole, in constant stack, and said once', () => {
    const jql = `Region in ${'('.repeat(DEEP)}EMEA, APAC${')'.repeat(DEEP)} AND project = ENG`;
    const { references: refs, syntaxErrors } = extractJql(jql);
    expect(refs.map((r) => (r.type === 'field' ? `${r.name}: ${(r.values ?? []).map((v) => v.value).join(', ')}` : `${r.targetKind} ${r.value}`))).toEqual(['Region: EMEA, APAC', 'project: ', 'project ENG']);
    expect(syntaxErrors.map((e) => e.message)).toEqual([expect.stringContaining(`nested more than ${MAX_NESTING} deep`)]);
    expect(extractJql(`Region in ${'('.repeat(MAX_NESTING)}EMEA${')'.repeat(MAX_NESTING)}`).syntaxErrors).toEqual([]);
    // Unclosed, it names nothing and is one syntax error.
    const unclosed = extractJql(`Region in ${'('.repeat(DEEP)}EMEA`);
    expect(unclosed.references.flatMap((r) => (r.type === 'field' ? (r.values ?? []) : []))).toEqual([]);
    expect(unclosed.syntaxErrors).toHaveLength(1);
  });

  it('an Automation rule whose components nest thousands deep is read to the bottom, from the export and in the analysis', () => {
    let component: JsonValue = { component: 'ACTION', type: 'jira.issue.edit', value: { operations: [{ field: { type: 'ID', value: 'customfield_10016' }, type: 'SET', value: '3' }] } };
    for (let i = 0; i < DEEP; i++) component = { component: 'CONDITION', type: 'jira.condition.container.block', children: [component] };
    const mentions = automationMentions({ trigger: { component: 'TRIGGER', type: 'jira.manual.trigger' }, components: [component] });
    expect(mentions.some((m) => m.type === 'object' && m.value === 'customfield_10016')).toBe(true);
    // An export whose rule nests deeper than a rule can be stored leaves that rule out, named, and keeps the others.
    const rule = (id: number, c: JsonValue): JsonValue => ({ id, name: `Rule ${id}`, state: 'ENABLED', trigger: { component: 'TRIGGER', type: 'jira.manual.trigger' }, components: [c] });
    let shallow: JsonValue = { component: 'ACTION', type: 'jira.issue.edit', value: {} };
    for (let i = 0; i < MAX_RULE_DEPTH / 2 - 2; i++) shallow = { component: 'CONDITION', type: 'jira.condition.container.block', children: [shallow] };
    const parsed = readAutomationExport({ rules: [rule(1, component), rule(2, shallow)] });
    expect(parsed.ok && parsed.value.rules.map((r) => r.name)).toEqual(['Rule 2']);
    expect(parsed.ok && parsed.value.invalid.map((r) => JSON.stringify(r))).toEqual([expect.stringContaining(`nested at most ${MAX_RULE_DEPTH} levels`)]);
    // Settings nested as deep in one rule's value are read the same way.
    const deepValue = nest(DEEP, 'inner', { field: { type: 'ID', value: 'customfield_10016' }, type: 'SET', value: '3' });
    const inValue = automationMentions({ trigger: { component: 'TRIGGER', type: 'jira.manual.trigger' }, components: [{ component: 'ACTION', type: 'jira.issue.edit', value: { operations: [deepValue] } }] });
    expect(inValue.some((m) => m.type === 'object' && m.value === 'customfield_10016')).toBe(true);
  });

  it("a gadget's JSON settings nested thousands deep still name their filter, and so do sibling id and type properties", () => {
    const filter = sample.filters[0];
    const deep = nestedText(DEEP, 'config', `{"id":${Number(filter?.id)},"type":"filter"}`);
    const dashboard: ConfigSnapshot['dashboards'][number] = { id: '99100', name: 'Deep dashboard', sharePermissions: [], gadgets: [
      { id: 'g1', properties: { config: deep }, propertiesVisible: true },
      { id: 'g2', properties: { id: filter?.id ?? '', type: 'filter' }, propertiesVisible: true },
    ] };
    const a = analyse({ ...sample, dashboards: [...sample.dashboards, dashboard] });
    const node = a.graph.node({ kind: 'filter', id: filter?.id ?? '' });
    const keys = node === undefined ? [] : whereUsed(a, node).rows.filter((r) => r.used_by_id === '99100').map((r) => r.evidence);
    expect(keys).toHaveLength(2);
  });

  it('rich text nested thousands deep renders to its text, and a snapshot holding such a rule loads', () => {
    const doc = { type: 'doc', content: [nest(DEEP, 'content', null)] };
    let node: JsonValue = { type: 'text', text: 'bottom' };
    for (let i = 0; i < DEEP; i++) node = { type: 'blockquote', content: [node] };
    expect(adfToText({ type: 'doc', content: [node] })).toContain('bottom');
    expect(typeof adfToText(doc)).toBe('string');
    const file = JSON.stringify({ ...sample, automationRules: [{ ...sample.automationRules[0], components: ['DEEP'] }] }).replace('"DEEP"', nestedText(DEEP, 'children', '"x"'));
    const loaded = parseSnapshot(JSON.parse(file), 'deep.json');
    expect(loaded.ok).toBe(true);
  });

  it('an item of a REST list whose recursive schema the stack cannot hold costs that item only, as a named gap', () => {
    type Group = { readonly groups?: readonly Group[] };
    const group: z.ZodType<Group> = z.lazy(() => z.object({ groups: z.array(group).optional() }));
    let deep: Group = {};
    for (let i = 0; i < 100_000; i++) deep = { groups: [deep] };
    const gaps: string[] = [];
    const out = validateItems('GET /rest/api/3/workflows/search', '$.values', [{ groups: [] }, deep, {}], group, (g) => gaps.push(`${g.path}: ${g.message}`));
    expect(out).toHaveLength(2);
    expect(gaps).toEqual([expect.stringMatching(/^\$\.values\[1\]: could not be read/)]);
  });
});
