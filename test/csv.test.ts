import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { createCsvEncoder, csvChunks, csvChunksAsync, csvField, objectsToRecords, toCsv } from '../src/domain/csv';

describe('CSV writer', () => {
  it('writes CRLF after every record and quotes only fields with a quote, comma, CR or LF', () => {
    expect(toCsv([['a', 'b c', 'd,e'], ['say "hi"', 'line\nbreak', 'cr\rhere']])).toBe('a,b c,"d,e"\r\n"say ""hi""","line\nbreak","cr\rhere"\r\n');
  });

  it('neutralises formulas in text cells by default and leaves typed numbers alone', () => {
    expect(toCsv([['=1+2', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx', 'a=b', -5, 3.25]])).toBe(`'=1+2,'+SUM(A1),'-2,'@cmd,'\tx,"'\rx",a=b,-5,3.25\r\n`);
  });

  it('neutralises what a spreadsheet would still run: a leading line feed, full-width ＝＋－＠, blanks before =', () => {
    expect(toCsv([['\n=1+2', '＝1+2', '＋1', '－1', '＠SUM(A1)', ' =1+2', '\u3000=HYPERLINK("x")', '  -2', 'a=b', ' plain']])).toBe(
      `"'\n=1+2",'＝1+2,'＋1,'－1,'＠SUM(A1),' =1+2,"'\u3000=HYPERLINK(""x"")",'  -2,a=b, plain\r\n`,
    );
  });

  it('writes formulas as they are when the guard is off', () => {
    expect(toCsv([['=1+2', '-2']], { formulaGuard: false })).toBe('=1+2,-2\r\n');
  });

  it('puts the BOM first, once, and only when asked', () => {
    expect(toCsv([['a'], ['b']], { bom: true })).toBe('\uFEFFa\r\nb\r\n');
    expect(toCsv([['a']])).toBe('a\r\n');
    expect(toCsv([], { bom: true })).toBe('\uFEFF');
  });

  it('writes null, undefined, booleans, NaN and infinities predictably', () => {
    expect(toCsv([[null, undefined, true, false, Number.NaN, Number.POSITIVE_INFINITY, 0]])).toBe(',,true,false,,,0\r\n');
  });

  it('writes a record of one empty field as "" so that it is not a blank line', () => {
    expect(toCsv([[''], [null]])).toBe('""\r\n""\r\n');
    expect(csvField('')).toBe('');
  });

  it('streams in chunks near the requested size and the encoder adds the BOM to its first record only', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`row ${i}`, i]);
    const chunks = [...csvChunks(rows, { chunkSize: 1000 })];
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1000);
    const enc = createCsvEncoder({ bom: true });
    expect(enc.record(['a'])).toBe('\uFEFFa\r\n');
    expect(enc.record(['b'])).toBe('b\r\n');
  });

  it('writes objects by column names with the header first', () => {
    expect(toCsv(objectsToRecords(['kind', 'id'], [{ kind: 'field', id: 'customfield_1' }]))).toBe('kind,id\r\nfield,customfield_1\r\n');
  });

  it('matches csv-stringify byte for byte once csv-stringify is told to quote line breaks as RFC 4180 asks', () => {
    const rows = [['plain', 'with,comma', 'with "quote"', 'multi\nline', 'ünïcödé 😀', '']];
    expect(toCsv(rows, { formulaGuard: false })).toBe(stringify(rows, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
    // Out of the box csv-stringify leaves a lone LF unquoted, which spreadsheet programs read as a new row.
    expect(stringify([['multi\nline']], { record_delimiter: '\r\n' })).toBe('multi\nline\r\n');
  });

  it('quotes a field that starts with U+FEFF so that readers do not take it for a byte order mark', () => {
    expect(toCsv([['\uFEFFx', 'y']])).toBe('"\uFEFFx",y\r\n');
  });

  it('streams from an async source the same text as from an array', async () => {
    async function* rows(): AsyncGenerator<string[]> {
      yield ['a', '=b'];
      await Promise.resolve();
      yield ['c', 'd\ne'];
    }
    let out = '';
    for await (const chunk of csvChunksAsync(rows(), { bom: true })) out += chunk;
    expect(out).toBe(toCsv([['a', '=b'], ['c', 'd\ne']], { bom: true }));
  });
});
