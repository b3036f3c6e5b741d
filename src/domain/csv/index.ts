/**
 * RFC 4180 CSV writer: CRLF after every record, a field quoted when it holds `"`, `,`, CR or LF, quotes
 * doubled inside. Pure: it produces strings; the caller writes them where it wants.
 *
 * Formula-injection guard (on by default): a text cell that starts with `=`, `+`, `-`, `@` (or their full-width
 * forms), TAB, CR or LF, or with blanks before one of those characters, gets a leading `'`, so spreadsheet programs show it as text instead of evaluating it. Typed numbers are data, not
 * formulas: `-5` passed as a number is written as `-5`.
 */

/** One cell. `null` and `undefined` are written as an empty field; booleans as `true`/`false`. */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Write a UTF-8 byte order mark first (Excel needs it to read UTF-8). Default false. */
  readonly bom?: boolean;
  /** Prefix `'` to text cells that spreadsheet programs would evaluate. Default true. */
  readonly formulaGuard?: boolean;
  /** Approximate size, in characters, of the chunks the streaming writers yield. Default 64 Ki. */
  readonly chunkSize?: number;
}

const BOM = '\uFEFF';
const DEFAULT_CHUNK = 65536;

/** `=` `+` `-` `@` and their full-width forms `＝` `＋` `－` `＠`, which spreadsheet programs also read as formulas. */
const FORMULA_STARTS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0xff1d, 0xff0b, 0xff0d, 0xff20]);
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000;

/**
 * True for text a spreadsheet could run: it starts with a formula character, with TAB, CR or LF, or with blanks
 * (spaces, no-break and ideographic spaces) before a formula character, which some programs trim.
 */
export function needsFormulaGuard(s: string): boolean {
  const c = s.charCodeAt(0);
  if (FORMULA_STARTS.has(c) || c === 0x09 || c === 0x0d || c === 0x0a) return true;
  if (!isBlank(c)) return false;
  let i = 1;
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return i < s.length && FORMULA_STARTS.has(s.charCodeAt(i));
}

const NEEDS_QUOTES = /[",\r\n]/;

function needsQuotes(s: string): boolean {
  // A leading U+FEFF would be read as a byte order mark and dropped unless it is inside quotes.
  return NEEDS_QUOTES.test(s) || s.charCodeAt(0) === 0xfeff;
}

/**
 * Renders a number without locale: integers and finite decimals as JavaScript prints them; NaN and the
 * infinities, which have no CSV meaning, as an empty field.
 */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

function encodeText(s: string, guard: boolean): string {
  const text = guard && s.length > 0 && needsFormulaGuard(s) ? `'${s}` : s;
  if (!needsQuotes(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Encodes one field. */
export function csvField(cell: CsvCell, formulaGuard = true): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return encodeText(cell, formulaGuard);
  if (typeof cell === 'number') return numberText(cell);
  return cell ? 'true' : 'false';
}

/**
 * Encodes one record, CRLF included. A record of one empty field is written `""` so that it is not a blank
 * line (which readers skip); a record of no fields is a blank line.
 */
export function csvRecord(cells: readonly CsvCell[], formulaGuard = true): string {
  const n = cells.length;
  if (n === 1) {
    const only = csvField(cells[0], formulaGuard);
    return only === '' ? '""\r\n' : `${only}\r\n`;
  }
  const fields = new Array<string>(n);
  for (let i = 0; i < n; i++) fields[i] = csvField(cells[i], formulaGuard);
  return `${fields.join(',')}\r\n`;
}

/**
 * A stateful encoder for callers that push records one at a time (e.g. page by page during an export):
 * the first string it returns starts with the BOM when asked for.
 */
export interface CsvEncoder {
  /** Encodes one record (CRLF included). */
  record(cells: readonly CsvCell[]): string;
}

export function createCsvEncoder(options: CsvOptions = {}): CsvEncoder {
  const guard = options.formulaGuard ?? true;
  let first = options.bom ?? false;
  return {
    record(cells) {
      const text = csvRecord(cells, guard);
      if (!first) return text;
      first = false;
      return BOM + text;
    },
  };
}

/** Collects encoded records and hands out a chunk each time about `chunkSize` characters have gathered. */
function chunker(options: CsvOptions): { push(row: readonly CsvCell[]): string | undefined; flush(): string | undefined } {
  const guard = options.formulaGuard ?? true;
  const size = options.chunkSize ?? DEFAULT_CHUNK;
  let parts: string[] = options.bom === true ? [BOM] : [];
  let length = 0;
  const take = (): string => {
    const chunk = parts.join('');
    parts = [];
    length = 0;
    return chunk;
  };
  return {
    push(row) {
      const record = csvRecord(row, guard);
      parts.push(record);
      length += record.length;
      return length >= size ? take() : undefined;
    },
    flush: () => (parts.length > 0 ? take() : undefined),
  };
}

/** Streams records into chunks of about `chunkSize` characters. */
export function* csvChunks(rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): Generator<string, void, undefined> {
  const c = chunker(options);
  for (const row of rows) {
    const chunk = c.push(row);
    if (chunk !== undefined) yield chunk;
  }
  const last = c.flush();
  if (last !== undefined) yield last;
}

/** Streams records from an async source (or a plain iterable) into chunks of about `chunkSize` characters. */
export async function* csvChunksAsync(
  rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>,
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const c = chunker(options);
  for await (const row of rows) {
    const chunk = c.push(row);
    if (chunk !== undefined) yield chunk;
  }
  const last = c.flush();
  if (last !== undefined) yield last;
}

/** The whole CSV text of some records. */
export function toCsv(rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const guard = options.formulaGuard ?? true;
  const parts: string[] = options.bom === true ? [BOM] : [];
  for (const row of rows) parts.push(csvRecord(row, guard));
  return parts.join('');
}

/** Records of objects by column names: the header first, then one record per object in column order. */
export function* objectsToRecords<C extends string>(
  columns: readonly C[],
  objects: Iterable<Readonly<Record<C, CsvCell>>>,
): Generator<readonly CsvCell[], void, undefined> {
  yield columns;
  for (const o of objects) yield columns.map((c) => o[c]);
}
