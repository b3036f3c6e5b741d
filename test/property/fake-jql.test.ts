import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileJql } from '../../src/adapters/fake-jira/jql-eval';
import { loadSample } from '../support/sample';

const sample = loadSample();
const issues = sample.issues ?? [];
const context = { fields: sample.fields, accountId: '70d2a3b4c5d6e7000000eng2', now: new Date('2026-11-23T12:00:00Z') };
const found = (jql: string): string[] => {
  const q = compileJql(jql, context);
  return issues.filter((i) => q.matches(i)).sort((a, b) => q.compare(a, b)).map((i) => i.key);
};
const asSet = (jql: string): Set<string> => new Set(found(jql));

/** Clauses over the sample's own values, of every operator the fake evaluates. */
const ATOMS = [
  'project = OPS',
  'project in (SUP, MKT)',
  'project != ENG',
  'status = Done',
  'status not in ("In Progress", Open)',
  'assignee is EMPTY',
  'assignee = currentUser()',
  'labels is not EMPTY',
  'priority in (Highest, High)',
  'Severity = "Sev 1"',
  'cf[10028] = EMEA',
  'summary ~ alert',
  'summary !~ "aler*"',
  'created >= "2026-11-01 12:00"',
  'created < -20d',
  'key <= OPS-40',
];

type Expr = { atom: string } | { not: Expr } | { and: [Expr, Expr] } | { or: [Expr, Expr] };
const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS).map((atom) => ({ atom })),
    tie('e').map((e) => ({ not: e })),
    fc.tuple(tie('e'), tie('e')).map((p) => ({ and: p })),
    fc.tuple(tie('e'), tie('e')).map((p) => ({ or: p })),
  ),
})).e;

const jql = (e: Expr): string =>
  'atom' in e ? e.atom : 'not' in e ? `NOT (${jql(e.not)})` : 'and' in e ? `(${jql(e.and[0])}) AND (${jql(e.and[1])})` : `(${jql(e.or[0])}) OR (${jql(e.or[1])})`;

/** The issues an expression means, combined from what each clause finds alone with set algebra. */
const expected = (e: Expr): Set<string> => {
  if ('atom' in e) return asSet(e.atom);
  if ('not' in e) {
    const inner = expected(e.not);
    return new Set(issues.map((i) => i.key).filter((k) => !inner.has(k)));
  }
  const [a, b] = ('and' in e ? e.and : e.or).map(expected) as [Set<string>, Set<string>];
  return 'and' in e ? new Set([...a].filter((k) => b.has(k))) : new Set([...a, ...b]);
};

describe('JQL in the fake Jira', () => {
  it.each(ATOMS)('the clause %s finds some sample issues and leaves some out (so the properties below can fail)', (atom) => {
    const n = found(atom).length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(issues.length);
  });

  test.prop([expr], { numRuns: 200 })('a query of AND, OR, NOT and parentheses finds exactly the set algebra of what its clauses find alone', (e) => {
    expect(asSet(jql(e))).toEqual(expected(e));
  });

  test.prop([fc.constantFrom(...ATOMS), fc.constantFrom(...ATOMS), fc.constantFrom(...ATOMS)])('AND binds tighter than OR: a OR b AND c finds what a OR (b AND c) finds', (a, b, c) => {
    expect(asSet(`${a} OR ${b} AND ${c}`)).toEqual(asSet(`(${a}) OR ((${b}) AND (${c}))`));
  });

  test.prop([expr])('ORDER BY changes the order, never the set; ORDER BY key DESC is ORDER BY key ASC reversed', (e) => {
    const q = jql(e);
    const asc = found(`${q} ORDER BY key ASC`);
    expect(new Set(asc)).toEqual(asSet(q));
    expect(found(`${q} ORDER BY key DESC`)).toEqual([...asc].reverse());
  });
});
