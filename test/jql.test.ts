import { describe, expect, it } from 'vitest';
import { buildJqlCatalogue, extractJql, JqlReader, resolveJql, resolveJqlInto } from '../src/domain/jql';
import { aField, aFilter, aSnapshot, aSystemField } from './builders';
import type { Field } from '../src/domain/model';

const fieldNames = (jql: string): string[] => extractJql(jql).references.filter((r) => r.type === 'field').map((r) => r.name);

describe('extractJql', () => {
  it('finds fields in clauses and ORDER BY, quoted, unquoted and cf[n]', () => {
    expect(fieldNames('project = ABC AND "Story Points" > 3 ORDER BY cf[10010] DESC, \'Team\'')).toEqual(['project', 'Story Points', 'cf[10010]', 'Team']);
  });

  it('marks ORDER BY references and keeps evidence offsets on the clause', () => {
    const jql = 'status = Done order by "Start date" asc';
    const refs = extractJql(jql).references;
    const orderBy = refs.find((r) => r.evidence.inOrderBy);
    expect(orderBy).toMatchObject({ type: 'field', name: 'Start date' });
    expect(jql.slice(orderBy!.evidence.start, orderBy!.evidence.end)).toBe('"Start date" asc');
    const status = refs.find((r) => r.type === 'field' && r.name === 'status')!;
    expect(status.evidence.clause).toBe('status = Done');
  });

  it('unescapes quoted names and reads type suffixes', () => {
    expect(fieldNames('"Epic \\"Name\\"" ~ x')).toEqual(['Epic "Name"']);
    const [ref] = extractJql('Severity[Dropdown] = "Sev 1"').references;
    expect(ref).toMatchObject({ type: 'field', name: 'Severity', typeSuffix: 'Dropdown' });
    expect(fieldNames('cf[ 10010 ] = 1')).toEqual(['cf[10010]']);
  });

  it('reads fields and values inside history predicates, NOT, parentheses and && / || operators', () => {
    const jql = 'NOT (status changed FROM "In Progress" TO Done BY currentUser() AFTER -1w) && !(type in (Bug, Story) || labels is EMPTY)';
    expect(fieldNames(jql)).toEqual(['status', 'type', 'labels']);
    const values = extractJql(jql).references.flatMap((r) => (r.type === 'value' ? [`${r.targetKind}:${r.value}`] : []));
    expect(values).toEqual(['status:In Progress', 'status:Done', 'issue-type:Bug', 'issue-type:Story']);
  });

  it('takes values of project, status, issuetype and filter clauses but not functions or EMPTY', () => {
    const refs = extractJql('project in (ENG, "Mobile App", 10000) AND status = EMPTY AND issuetype in standardIssueTypes() AND filter = 10040').references;
    const values = refs.flatMap((r) => (r.type === 'value' ? [`${r.targetKind}:${r.value}`] : []));
    expect(values).toEqual(['project:ENG', 'project:Mobile App', 'project:10000', 'filter:10040']);
  });

  it.each([
    ['project = ', 'expected a value but found end of query'],
    ['a = "open', 'unterminated string'],
    ['(a = 1 OR b = 2', "expected ')' but found end of query"],
    ['a = 1 b = 2', "unexpected 'b'"],
    ['a = 1 ORDER BY', 'ORDER BY needs at least one field'],
    ['a foo 1', "expected an operator but found 'foo'"],
    ['a in (1, 2', "expected ',' or ')' in a list but found end of query"],
    ['a = 1 AND', 'expected a field but found end of query'],
  ])('reports a syntax error for %j and never throws', (jql, message) => {
    const { syntaxErrors } = extractJql(jql);
    expect(syntaxErrors.map((e) => e.message)).toContain(message);
  });

  it('keeps the references it read before a syntax error', () => {
    const { references, syntaxErrors } = extractJql('project = ENG AND (status = "In Progress" OR "Story Points" >');
    expect(syntaxErrors.map((e) => e.message)).toEqual(['expected a value but found end of query', "expected ')' but found end of query"]);
    expect(references.filter((r) => r.type === 'field').map((r) => r.name)).toEqual(['project', 'status', 'Story Points']);
  });

  it('a reader let go of its query keeps none of its text, and reads the next query as a fresh one would', () => {
    const reader = new JqlReader();
    const secret = 'Region in cascadeOption("Secret Place", x) AND project = "Secret Project" AND (';
    const errors = reader.read(secret, { clause: () => undefined });
    expect(errors.length).toBeGreaterThan(0);
    reader.release();
    expect(reader.src).toBe('');
    expect(reader.cascades).toEqual([]);
    expect(JSON.stringify(reader)).not.toContain('Secret');
    // The errors handed out stay the caller's.
    expect(errors.length).toBeGreaterThan(0);
    expect(extractJql('status = Done', reader)).toEqual(extractJql('status = Done'));
  });

  it('accepts an empty query and a bare ORDER BY', () => {
    expect(extractJql('')).toEqual({ references: [], syntaxErrors: [] });
    expect(fieldNames('ORDER BY created DESC')).toEqual(['created']);
  });
});

describe('resolveJql', () => {
  const catalogue = buildJqlCatalogue(
    aSnapshot({
      fields: [
        aSystemField('issuetype', 'Issue Type', ['issuetype', 'type']),
        aSystemField('status', 'Status'),
        aSystemField('project', 'Project'),
        aSystemField('created', 'Created', ['created', 'createdDate']),
        aField({ n: 10010, name: 'Team' }),
        aField({ n: 10011, name: 'Team' }),
        aField({ n: 10022, name: 'Story Points' }),
      ],
      projects: [{ id: '10000', key: 'ENG', name: 'Engineering', style: 'classic', issueTypeIds: [], schemes: {} }],
      statuses: [
        { id: '3', name: 'In Progress', statusCategory: 'IN_PROGRESS' },
        { id: '10101', name: 'In Progress', statusCategory: 'IN_PROGRESS', projectId: '10005' },
      ],
      issueTypes: [{ id: '10004', name: 'Bug', subtask: false }],
      filters: [
        aFilter('project = ENG', { id: '10040', name: 'My filter' }),
        aFilter('x = 1', { id: '10041', name: 'Twin' }),
        aFilter('x = 2', { id: '10042', name: 'twin' }),
        aFilter('x = 3', { id: '10043', name: '10040' }),
      ],
    }),
  );
  const summary = (jql: string): string[] =>
    resolveJql(jql, catalogue).map((r) => {
      switch (r.type) {
        case 'resolved':
          return `${r.kind}:${r.id}`;
        case 'ambiguous':
          return `ambiguous ${r.kind} "${r.written}" ${r.candidates.join('|')}`;
        case 'broken':
          return `broken ${r.kind} "${r.written}"`;
        case 'syntax':
          return `syntax ${r.message}`;
      }
    });

  it('resolves cf[n], ids, clause names, aliases and names case-insensitively', () => {
    expect(summary('cf[10022] > 1 AND "story points" > 2 AND customfield_10022 > 3 AND TYPE = bug ORDER BY createdDate')).toEqual([
      'field:customfield_10022',
      'field:customfield_10022',
      'field:customfield_10022',
      'field:issuetype',
      'issue-type:10004',
      'field:created',
    ]);
  });

  it('reads cf[n] in any case and with blanks inside the brackets; cf[] and cf[1a] name no custom field by number', () => {
    expect(summary('CF[10022] > 1 AND "cf[ 10022 ]" > 2')).toEqual(['field:customfield_10022', 'field:customfield_10022']);
    expect(summary('"cf[]" > 1 AND "cf[1a]" > 2')).toEqual(['broken field "cf[]"', 'broken field "cf[1a]"']);
  });

  it('resolves JQL that a sink reads while it is handed a reference as it would alone, and the outer JQL as if nothing had been read', () => {
    const outer = 'project = ENG AND "Story Points" > 1 ORDER BY created';
    const inner = 'Team = Alpha AND status = "In Progress"';
    const heard: string[] = [];
    const innerSeen: string[][] = [];
    resolveJqlInto(outer, catalogue, {
      resolved: (kind, id) => {
        heard.push(`${kind}:${id}`);
        innerSeen.push(summary(inner));
      },
      finding: (f) => heard.push(f.type),
    });
    expect(heard).toEqual(summary(outer));
    expect(innerSeen).toEqual(heard.map(() => summary(inner)));
  });

  it('reports a name several fields share as ambiguous with every candidate, never guessing', () => {
    expect(summary('Team = Alpha')).toEqual(['ambiguous field "Team" customfield_10010|customfield_10011']);
    expect(summary('cf[10011] = Alpha')).toEqual(['field:customfield_10011']);
  });

  it('reports names and cf ids that match nothing as broken, but not JQL-only clauses', () => {
    expect(summary('"Old Estimate" > 3 AND cf[99999] = 1 AND text ~ foo AND issuekey = ENG-1 AND issue.property[x].y = 1')).toEqual([
      'broken field "Old Estimate"',
      'broken field "cf[99999]"',
    ]);
  });

  it('resolves project keys, ids and names; a status name matches every status of that name', () => {
    expect(summary('project in (eng, 10000, Engineering, NOPE)')).toEqual(['field:project', 'project:10000', 'project:10000', 'project:10000', 'broken project "NOPE"']);
    expect(summary('status = "In Progress"')).toEqual(['field:status', 'status:3', 'status:10101']);
  });

  it('resolves filter = id or name, and reports same-name filters as ambiguous', () => {
    expect(summary('filter = 10040 AND filter in ("My filter", Twin)')).toEqual(['filter:10040', 'filter:10040', 'ambiguous filter "Twin" 10041|10042']);
    // A value that is a filter's id is that filter: filter 10043, named "10040", does not shadow filter 10040.
    expect(summary('filter = " 10040 " OR filter = 10043')).toEqual(['filter:10040', 'filter:10043']);
  });

  it('turns syntax errors into findings after the references it could read', () => {
    expect(summary('"Story Points" > ')).toEqual(['field:customfield_10022', 'syntax expected a value but found end of query']);
  });
});

describe('option values in JQL', () => {
  const select = (n: number, name: string, type = 'select'): Field =>
    aField({ n, name, schema: { type: 'option', custom: `com.atlassian.jira.plugin.system.customfieldtypes:${type}`, customId: n } });
  const catalogue = buildJqlCatalogue(
    aSnapshot({
      fields: [select(10100, 'Region Code'), select(10101, 'Location', 'cascadingselect'), aField({ n: 10102, name: 'Notes' }), select(10103, 'Twin'), select(10104, 'Twin'), select(10105, 'Empty Select')],
      options: [
        { id: '1', name: 'EMEA', fieldId: 'customfield_10100', contextId: 'c1', disabled: false },
        { id: '2', name: 'APAC', fieldId: 'customfield_10100', contextId: 'c1', disabled: false },
        // Two contexts of one field may offer the same value: a JQL value names both.
        { id: '3', name: 'EMEA', fieldId: 'customfield_10100', contextId: 'c2', disabled: true },
        { id: '10', name: 'Europe', fieldId: 'customfield_10101', contextId: 'c3', disabled: false },
        { id: '11', name: 'Germany', fieldId: 'customfield_10101', contextId: 'c3', disabled: false, parentId: '10' },
        { id: '12', name: 'Asia', fieldId: 'customfield_10101', contextId: 'c3', disabled: false },
        { id: '13', name: 'Germany', fieldId: 'customfield_10101', contextId: 'c3', disabled: false, parentId: '12' },
        { id: '20', name: 'A', fieldId: 'customfield_10103', contextId: 'c4', disabled: false },
      ],
    }),
  );
  const summary = (jql: string): string[] =>
    resolveJql(jql, catalogue).map((r) => (r.type === 'resolved' ? `${r.kind}:${r.id}` : r.type === 'broken' ? `broken ${r.kind} "${r.written}"${r.fieldId === undefined ? '' : ` of ${r.fieldId}`}` : r.type));

  it('resolves = and in (…) values of an option field by value (case aside) or by option id, every context\'s option of that value', () => {
    expect(summary('"Region Code" = emea')).toEqual(['field:customfield_10100', 'option:1', 'option:3']);
    expect(summary('cf[10100] in (APAC, 3) ORDER BY cf[10100]')).toEqual(['field:customfield_10100', 'option:2', 'option:3', 'field:customfield_10100']);
    expect(summary('"Region Code" was EMEA')).toEqual(['field:customfield_10100', 'option:1', 'option:3']);
  });

  it('resolves cascadeOption(parent, child) with the child among that parent\'s own options; none names nothing', () => {
    expect(summary('Location in cascadeOption(Europe, Germany)')).toEqual(['field:customfield_10101', 'option:10', 'option:11']);
    expect(summary('Location in cascadeOption(Asia, none)')).toEqual(['field:customfield_10101', 'option:12']);
    expect(summary('Location in cascadeOption(Europe, Japan)')).toEqual(['field:customfield_10101', 'option:10', 'broken option "Japan" of customfield_10101']);
  });

  it('reports a value no option of the field has as a broken option value, naming the field', () => {
    expect(summary('"Region Code" = Platinum')).toEqual(['field:customfield_10100', 'broken option "Platinum" of customfield_10100']);
  });

  it('leaves values alone where the field is no option field, is ambiguous, or has no options read, and never reads functions or EMPTY as options', () => {
    expect(summary('Notes ~ EMEA')).toEqual(['field:customfield_10102']);
    expect(summary('Twin = A')).toEqual(['ambiguous']);
    expect(summary('"Empty Select" = A')).toEqual(['field:customfield_10105']);
    expect(summary('"Region Code" is EMPTY OR "Region Code" in optionsOf(x)')).toEqual(['field:customfield_10100', 'field:customfield_10100']);
  });
});
