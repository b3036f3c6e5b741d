import { fc, test } from '@fast-check/vitest';
import Papa from 'papaparse';
import { describe, expect } from 'vitest';
import { toCsv } from '../../src/domain/csv';
import { adfToText, exportHeader, issueCells, renderField, type IssueRecord } from '../../src/domain/issues';
import type { Field } from '../../src/domain/model';
import { loadSample } from '../support/sample';

const catalogue = loadSample().fields;
const nasty = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', '=', '+', '@', '-', 'é', '😀', '\t', ';'), maxLength: 12 });
const user = fc.record({ accountId: fc.string({ minLength: 1, maxLength: 6 }), displayName: nasty, active: fc.boolean() });
const valueFor = (f: Field): fc.Arbitrary<unknown> => {
  switch (f.schema?.type) {
    case 'user':
      return fc.option(user, { nil: null });
    case 'number':
      return fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null });
    case 'option':
      return fc.option(fc.record({ value: nasty }), { nil: null });
    case 'option-with-child':
      return fc.option(fc.record({ value: nasty, child: fc.record({ value: nasty }) }), { nil: null });
    case 'array':
      return f.schema.items === 'user' ? fc.array(user, { maxLength: 3 }) : f.schema.items === 'option' ? fc.array(fc.record({ value: nasty }), { maxLength: 3 }) : fc.array(nasty, { maxLength: 3 });
    default:
      return fc.option(nasty, { nil: null });
  }
};

const fields = fc.subarray(catalogue.filter((f) => f.id !== 'description'), { minLength: 1, maxLength: 8 });
const issues = (fs: readonly Field[]): fc.Arbitrary<IssueRecord[]> =>
  fc.array(
    fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.tuple(...fs.map((f) => valueFor(f)))).map(([n, values]) => ({
      id: String(n),
      key: `ENG-${n}`,
      fields: Object.fromEntries(fs.map((f, i) => [f.id, values[i]])),
    })),
    { minLength: 1, maxLength: 10 },
  );

describe('issue rows', () => {
  test.prop([fields.chain((fs) => fc.tuple(fc.constant(fs), issues(fs)))])('every exported row parses back with papaparse into the same cells, header first', ([fs, list]) => {
    const header = exportHeader(fs, { accountIds: true });
    const rows = list.map((i) => issueCells(i, fs, { accountIds: true }));
    const parsed = Papa.parse<string[]>(toCsv([header, ...rows], { formulaGuard: false }), { delimiter: ',', newline: '\r\n' }).data;
    parsed.pop();
    expect(parsed).toEqual([header, ...rows]);
    for (const r of rows) expect(r).toHaveLength(header.length);
  });

  test.prop([fc.jsonValue(), fc.constantFrom(...catalogue)])('rendering never throws on any JSON value and gives text', (value, f) => {
    for (const s of renderField(value, f)) expect(typeof s).toBe('string');
    expect(typeof adfToText(value)).toBe('string');
  });
});
