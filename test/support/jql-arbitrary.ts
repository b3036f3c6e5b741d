import fc from 'fast-check';
import { JQL_RESERVED_WORDS } from '../../src/domain/jql/extract';

/** Words JQL reserves, and keywords: never generated as unquoted names or values. */
const RESERVED = new Set([...JQL_RESERVED_WORDS, 'was', 'changed', 'during', 'ordering']);

const unquotedWord = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,12}$/)
  .filter((w) => !RESERVED.has(w.toLowerCase()) && !w.endsWith('.') && !/^[A-Za-z]+\.property/.test(w));

const quotedText = fc.string({ unit: fc.constantFrom(...'ab Z09_-/()[],=~!<>&|\'"\\äé漢😀'.split(/(?:)/u)), minLength: 1, maxLength: 14 });

function quote(text: string, q: '"' | "'"): string {
  return q + text.replaceAll('\\', '\\\\').replaceAll(q, `\\${q}`) + q;
}

/** A field as written in JQL, with the name a parser should report for it. */
export const jqlField: fc.Arbitrary<{ text: string; name: string }> = fc.oneof(
  unquotedWord.map((w) => ({ text: w, name: w })),
  fc.tuple(quotedText, fc.constantFrom<'"' | "'">('"', "'")).map(([t, q]) => ({ text: quote(t, q), name: t })),
  fc.integer({ min: 10000, max: 99999 }).map((n) => ({ text: `cf[${n}]`, name: `cf[${n}]` })),
  fc.tuple(unquotedWord, fc.constantFrom('Dropdown', 'Value', 'Checkboxes')).map(([w, s]) => ({ text: `${w}[${s}]`, name: w })),
);

const literal = fc.oneof(
  unquotedWord,
  fc.integer({ min: -500, max: 99999 }).map(String),
  fc.constantFrom('-1w', '-2d', '4h', '2024-01-31'),
  fc.tuple(quotedText, fc.constantFrom<'"' | "'">('"', "'")).map(([t, q]) => quote(t, q)),
);
const func = fc
  .tuple(fc.constantFrom('currentUser', 'now', 'startOfMonth', 'membersOf', 'openSprints', 'issueHistory'), fc.array(literal, { maxLength: 2 }))
  .map(([f, args]) => `${f}(${args.join(', ')})`);
const single = fc.oneof({ weight: 4, arbitrary: literal }, { weight: 1, arbitrary: func });
const list = fc.array(fc.oneof(literal, func), { minLength: 1, maxLength: 3 }).map((xs) => `(${xs.join(', ')})`);
/** WAS takes AFTER, BEFORE, ON, BY and DURING; CHANGED takes FROM and TO as well. */
const wasPredicate = fc.oneof(
  single.map((v) => `AFTER ${v}`),
  single.map((v) => `BEFORE ${v}`),
  single.map((v) => `ON ${v}`),
  fc.oneof(single, list).map((v) => `BY ${v}`),
  fc.tuple(single, single).map(([a, b]) => `DURING (${a}, ${b})`),
);
const changedPredicate = fc.oneof(wasPredicate, single.map((v) => `FROM ${v}`), single.map((v) => `TO ${v}`));
const joined = (ps: string[]): string => (ps.length === 0 ? '' : ` ${ps.join(' ')}`);
const wasPredicates = fc.array(wasPredicate, { maxLength: 2 }).map(joined);
const changedPredicates = fc.array(changedPredicate, { maxLength: 2 }).map(joined);

const terminal = fc.oneof(
  fc.tuple(jqlField, fc.constantFrom('=', '!=', '~', '!~', '>', '>=', '<', '<='), single).map(([f, op, v]) => ({ text: `${f.text} ${op} ${v}`, names: [f.name] })),
  fc.tuple(jqlField, fc.constantFrom('in', 'NOT IN', 'In'), list).map(([f, op, v]) => ({ text: `${f.text} ${op} ${v}`, names: [f.name] })),
  fc.tuple(jqlField, fc.constantFrom('is', 'IS NOT', '='), fc.constantFrom('EMPTY', 'null')).map(([f, op, v]) => ({ text: `${f.text} ${op} ${v}`, names: [f.name] })),
  fc.tuple(jqlField, fc.constantFrom('was', 'WAS NOT'), single, wasPredicates).map(([f, op, v, p]) => ({ text: `${f.text} ${op} ${v}${p}`, names: [f.name] })),
  fc.tuple(jqlField, fc.constantFrom('was in', 'WAS NOT IN'), list, wasPredicates).map(([f, op, v, p]) => ({ text: `${f.text} ${op} ${v}${p}`, names: [f.name] })),
  fc.tuple(jqlField, changedPredicates).map(([f, p]) => ({ text: `${f.text} changed${p}`, names: [f.name] })),
);

interface Clause {
  readonly text: string;
  readonly names: readonly string[];
}

const clause: fc.Arbitrary<Clause> = fc.letrec<{ clause: Clause }>((tie) => ({
  clause: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    terminal,
    tie('clause').map((c) => ({ text: `NOT ${c.text}`, names: c.names })),
    tie('clause').map((c) => ({ text: `!(${c.text})`, names: c.names })),
    fc
      .tuple(tie('clause'), fc.constantFrom(' AND ', ' and ', ' OR ', ' or ', ' && ', ' || '), tie('clause'))
      .map(([a, op, b]) => ({ text: `(${a.text}${op}${b.text})`, names: [...a.names, ...b.names] })),
  ),
})).clause;

/** ORDER BY takes plain fields: Jira and jql-ast reject `[…]` type suffixes there. */
const sortField = jqlField.filter((f) => !f.text.endsWith(']') || f.text.startsWith('cf['));
const orderBy = fc
  .array(fc.tuple(sortField, fc.constantFrom('', ' ASC', ' DESC', ' asc')), { minLength: 1, maxLength: 3 })
  .map((items) => ({ text: `ORDER BY ${items.map(([f, d]) => f.text + d).join(', ')}`, names: items.map(([f]) => f.name) }));

/** A valid JQL query with the field names (clauses first, then ORDER BY) a parser must find in it. */
export const validJql: fc.Arbitrary<Clause> = fc
  .tuple(fc.option(clause, { nil: undefined }), fc.option(orderBy, { nil: undefined }))
  .map(([where, order]) => ({
    text: [where?.text, order?.text].filter((t) => t !== undefined).join(' '),
    names: [...(where?.names ?? []), ...(order?.names ?? [])],
  }));

/** Hand-written JQL that has tripped parsers: the differential test runs all of these too. */
export const NASTY_JQL: readonly string[] = [
  'project = "My \\"quoted\\" project" AND summary ~ "\\\\back\\\\slash"',
  "'single quoted field' = 'it\\'s'",
  'cf[10010] = 1 ORDER BY cf[10010] DESC, Rank',
  'Team[Dropdown] = Alpha AND "Story Points[Number]" > 3',
  'status changed FROM "In Progress" TO Done BY (alice, bob) DURING ("2024-01-01", now()) AFTER -1w',
  'assignee was not in (membersOf("jira-users"), currentUser()) BEFORE startOfWeek()',
  'NOT NOT ((a = 1)) AND !b = 2',
  'a=1&b=2|c=3&&d=4||e=5',
  'labels IS NOT EMPTY and fixVersion is null',
  'summary ~ "emoji 😀 and 漢字" ORDER BY created',
  'x.y-z:w = 1',
  'priority changed',
  '"" = 1',
  'ORDER BY a, "b c" desc, cf[1] asc',
  'issue.property[support].level = 1',
  'filter in (10000, "Team filter") and request = 5',
  'text ~ "x" AND issuekey in (ENG-1, ENG-2)',
  'project in projectsWhereUserHasRole("Developers") AND type in standardIssueTypes()',
  'Sprint in openSprints() AND "Epic Link" = ENG-42',
  'due <= -2d OR due >= 2024-12-31',
];
