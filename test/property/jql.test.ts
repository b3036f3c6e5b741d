import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildJqlCatalogue, extractJql, JqlReader, resolveJql } from '../../src/domain/jql';
import { TextMap } from '../../src/domain/jql/text-map';
import { jqlFingerprint, tokenize } from '../../src/domain/jql/lexer';
import { emptySnapshot } from '../../src/domain/model';
import { jqlAstFieldNames } from '../support/jql-ast';
import { NASTY_JQL, validJql } from '../support/jql-arbitrary';

const ourFieldNames = (jql: string): string[] => extractJql(jql).references.flatMap((r) => (r.type === 'field' ? [r.name] : []));

describe('JQL extractor against @atlassianlabs/jql-ast', () => {
  test.prop([validJql], { numRuns: 300 })('on generated valid JQL both parsers accept it and find the same field names in the same order', (q) => {
    const theirs = jqlAstFieldNames(q.text);
    expect(theirs.errors).toBe(0);
    expect(extractJql(q.text).syntaxErrors).toEqual([]);
    expect(ourFieldNames(q.text)).toEqual(theirs.names);
    expect(ourFieldNames(q.text)).toEqual(q.names);
  });

  it.each(NASTY_JQL)('finds the same field names as jql-ast in %j', (jql) => {
    const theirs = jqlAstFieldNames(jql);
    expect(theirs.errors).toBe(0);
    expect(extractJql(jql).syntaxErrors).toEqual([]);
    expect(ourFieldNames(jql)).toEqual(theirs.names);
  });

  it('documents where the two differ on purpose: escapes in quoted strings follow Jira (\\n is a newline), jql-ast drops the backslash', () => {
    expect(jqlAstFieldNames('"a\\nb" = 1').names).toEqual(['anb']);
    expect(ourFieldNames('"a\\nb" = 1')).toEqual(['a\nb']);
    expect(ourFieldNames('"\\u0041" = 1')).toEqual(['A']);
  });

  it('documents a jql-ast quirk we do not copy: it lexes Number inside an unquoted type suffix as a keyword and rejects x[Number]', () => {
    expect(jqlAstFieldNames('x[Number] = 1').errors).toBe(1);
    expect(extractJql('x[Number] = 1')).toMatchObject({ syntaxErrors: [], references: [{ type: 'field', name: 'x', typeSuffix: 'Number' }] });
  });
});

describe('JQL extractor is total', () => {
  test.prop([fc.string({ maxLength: 200 })], { numRuns: 500 })('never throws on arbitrary text and every evidence span lies inside the query', (jql) => {
    const { references, syntaxErrors } = extractJql(jql);
    for (const r of references) {
      expect(r.evidence.start).toBeGreaterThanOrEqual(0);
      expect(r.evidence.end).toBeLessThanOrEqual(jql.length);
      expect(jql.slice(r.evidence.start, r.evidence.end)).toBe(r.evidence.clause);
    }
    for (const e of syntaxErrors) expect(e.position).toBeLessThanOrEqual(jql.length);
  });

  test.prop([validJql, fc.nat(), fc.constantFrom('"', '(', ')', ',', '=', ' AND', 'ORDER BY', '[', '!', "'")], { numRuns: 300 })(
    'never throws on mutated valid JQL and a reported field is always spelled in the query',
    (q, at, insert) => {
      const pos = q.text.length === 0 ? 0 : at % q.text.length;
      const jql = q.text.slice(0, pos) + insert + q.text.slice(pos);
      const { references } = extractJql(jql);
      for (const r of references) expect(r.evidence.clause.length).toBeGreaterThan(0);
    },
  );
});

describe('JQL extractor at any nesting depth', () => {
  test.prop([validJql, fc.integer({ min: 0, max: 20_000 }), fc.boolean()], { numRuns: 40 })(
    'wrapping valid JQL in any number of parentheses finds the same fields, with at most one syntax finding (deep nesting, or the parentheses left open)',
    (q, depth, closed) => {
      const order = /\bORDER\s+BY\b/i.exec(q.text);
      const where = order === null ? q.text : q.text.slice(0, order.index);
      if (where.trim() === '') return;
      const tail = order === null ? '' : q.text.slice(order.index);
      const jql = `${'('.repeat(depth)}${where}${closed ? ')'.repeat(depth) : ''} ${tail}`;
      const { syntaxErrors } = extractJql(jql);
      expect(ourFieldNames(jql)).toEqual(ourFieldNames(q.text));
      expect(syntaxErrors.length).toBe(depth > 100 || (!closed && depth > 0) ? 1 : 0);
    },
  );
});

describe('value clauses', () => {
  const KEYS = ['project', 'status', 'issuetype', 'type', 'filter', 'request', 'savedfilter', 'searchrequest'];
  // Case variants of the value clauses' names (with letters that lower-case to ASCII or from it), and other names.
  const caseVariant = fc.tuple(fc.constantFrom(...KEYS), fc.array(fc.boolean(), { minLength: 13, maxLength: 13 })).map(([k, up]) => Array.from({ length: k.length }, (_, i) => (up[i] === true ? k.charAt(i).toUpperCase() : k.charAt(i))).join(''));
  const lookalike = fc.constantFrom('\u212Aey', 'İssuetype', 'ſtatus', 'projectﬁ', 'fılter', 'Type ', ' type', 'typ', 'searchrequests', 'PROJECT', 'Priority');
  test.prop([fc.oneof(caseVariant, lookalike, fc.string({ minLength: 1, maxLength: 14 }))], { numRuns: 500 })(
    'a clause names projects, statuses, issue types or filters exactly when its field lower-cases to one of their clause names',
    (name) => {
      const jql = `"${name.replace(/["\\]/g, '')}" = X`;
      const field = (extractJql(jql).references.find((r) => r.type === 'field') as { name: string } | undefined)?.name;
      if (field === undefined) return;
      const expected = KEYS.includes(field.toLowerCase());
      expect(extractJql(jql).references.some((r) => r.type === 'value')).toBe(expected);
    },
  );
});

describe('JQL extractor with a reused reader', () => {
  const mixed = fc.oneof(validJql.map((q) => q.text), fc.string({ maxLength: 120 }), fc.constantFrom(...NASTY_JQL, '"unterminated', 'a = \\u0041 ORDER BY b', 'x ~ #'));
  test.prop([fc.array(mixed, { minLength: 1, maxLength: 8 })], { numRuns: 200 })('extracting queries one after another with one reader gives what a fresh reader gives for each', (queries) => {
    const scratch = new JqlReader();
    for (const jql of queries) expect(extractJql(jql, scratch)).toEqual(extractJql(jql));
  });
});

describe('option values in JQL (property)', () => {
  const value = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,8}$/).map((v) => v.trim()).filter((v) => v !== '' && !['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'was', 'order', 'by', 'none'].includes(v.toLowerCase()));
  const options = fc.uniqueArray(value, { minLength: 1, maxLength: 6, selector: (v) => v.toLowerCase() });
  test.prop([options, options, fc.array(value, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(
    'every option a clause names belongs to the clause\'s own field, and each value resolves to the options holding it or is a broken option value of that field',
    (mine, others, asked) => {
      const select = (n: number, name: string) => ({ id: `customfield_${n}`, name, custom: true, clauseNames: [`cf[${n}]`, name], schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' } });
      const snapshot = {
        ...emptySnapshot({ baseUrl: 'fixture:p', scannedAt: '' }),
        fields: [select(100, 'Mine'), select(200, 'Others')],
        options: [
          ...mine.map((v, i) => ({ id: String(1000 + i), name: v, fieldId: 'customfield_100', contextId: '1', disabled: false })),
          ...others.map((v, i) => ({ id: String(2000 + i), name: v, fieldId: 'customfield_200', contextId: '2', disabled: false })),
        ],
      };
      const catalogue = buildJqlCatalogue(snapshot);
      const jql = `Mine in (${asked.map((v) => `"${v}"`).join(', ')}) AND Others = x1`;
      const results = resolveJql(jql, catalogue).filter((r) => r.type !== 'syntax' && r.kind === 'option');
      const mineIds = new Set(mine.map((_, i) => String(1000 + i)));
      for (const v of asked) {
        const hits = results.filter((r) => r.type === 'resolved' && r.written === v);
        const broken = results.filter((r) => r.type === 'broken' && r.written === v);
        const holding = mine.map((m, i) => ({ m, id: String(1000 + i) })).filter((x) => x.m.toLowerCase() === v.toLowerCase());
        if (holding.length > 0) expect([...new Set(hits.map((r) => (r.type === 'resolved' ? r.id : '')))].sort()).toEqual(holding.map((x) => x.id).sort());
        else expect(broken.length).toBeGreaterThan(0);
      }
      for (const r of results) {
        if (r.type === 'resolved' && r.written !== 'x1') expect(mineIds.has(r.id)).toBe(true);
        if (r.type === 'broken' && r.written !== 'x1') expect(r.fieldId).toBe('customfield_100');
      }
    },
  );
});

describe('TextMap (property)', () => {
  // Short texts over a few characters, so that keys repeat, collide and fill the table past its first size.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', ' ', 'é', '\u{1F600}'), maxLength: 6 });
  test.prop([fc.array(fc.tuple(text, fc.integer()), { maxLength: 300 }), fc.array(text, { maxLength: 50 }), text, text], { numRuns: 300 })(
    'a TextMap answers every text, asked whole or as a range of a longer string, exactly as a Map of the same sets',
    (sets, asked, before, after) => {
      const ours = new TextMap<number>(1);
      const theirs = new Map<string, number>();
      for (const [key, value] of sets) {
        ours.set(key, value);
        theirs.set(key, value);
      }
      expect(ours.size).toBe(theirs.size);
      for (const key of [...asked, ...theirs.keys()]) {
        expect(ours.get(key)).toBe(theirs.get(key));
        const src = before + key + after;
        expect(ours.getRange(src, before.length, before.length + key.length)).toBe(theirs.get(key));
      }
    },
  );
});

describe('JQL fingerprint made while reading (property)', () => {
  // Quotes, escapes, blanks and control characters, letters of both cases, characters outside ASCII, unterminated strings.
  const unit = fc.constantFrom('a', 'B', ' ', '\t', '\u0001', '"', "'", '\\', 'u', '0', 'F', '=', '(', ')', '!', '&', '|', '[', ']', ',', '#', 'é', '\u00a0', '~', '<');
  test.prop([fc.oneof(validJql.map((q) => q.text), fc.string({ unit, maxLength: 60 }), fc.constantFrom(...NASTY_JQL))], { numRuns: 500 })(
    'the fingerprint the tokenizer makes as it reads a query equals the fingerprint of its text (-1 where that has none)',
    (jql) => {
      expect(tokenize(jql).fingerprint).toBe(jqlFingerprint(jql) ?? -1);
    },
  );
});
