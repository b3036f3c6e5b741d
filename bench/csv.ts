/**
 * CSV writer throughput against csv-stringify on the same rows (report-like cells: ids, names with commas, quotes
 * and line breaks, numbers, empty cells), formula guard off so that both write the same bytes, which is checked.
 * csv-stringify runs in its synchronous mode with RFC 4180 settings (CRLF, line breaks quoted).
 */
import { stringify } from 'csv-stringify/sync';
import { toCsv, type CsvCell } from '../src/domain/csv';
import { alternating, emit, line } from './support';

const names = ['Story Points', 'Team, Platform', 'Say "hi"', 'Multi\nline', 'Ünïcödé 😀', 'plain name', ''];
const rows: CsvCell[][] = Array.from({ length: 200_000 }, (_, i) => [
  'field',
  `customfield_${10000 + (i % 3000)}`,
  names[i % names.length] ?? '',
  'screen',
  String(10000 + i),
  `Screen ${i}`,
  'screen-tab-field',
  `tab "Field Tab" ${i % 17}`,
]);
const asStrings = rows as string[][];

const ours = toCsv(rows, { formulaGuard: false });
const theirs = stringify(asStrings, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
if (ours !== theirs) throw new Error('our CSV and csv-stringify differ on the benchmark rows');
const mb = Buffer.byteLength(ours) / 1e6;

// Ours and csv-stringify alternate round by round (A B A B …); the ratio is of their best rounds.
const { a: oursMs, b: theirsMs } = alternating(5, () => toCsv(rows, { formulaGuard: false }), () => stringify(asStrings, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
line('rows × columns', `${rows.length} × 8 (${mb.toFixed(1)} MB, same bytes)`);
line('ours', `${(mb / (oursMs / 1000)).toFixed(1)} MB/s`);
line('csv-stringify (sync)', `${(mb / (theirsMs / 1000)).toFixed(1)} MB/s`);
line('csv_speedup (target >= 3)', (theirsMs / oursMs).toFixed(1));
emit({ csv_speedup: Math.round((theirsMs / oursMs) * 10) / 10, csv_mb_per_s: Math.round((mb / (oursMs / 1000)) * 10) / 10, csv_stringify_mb_per_s: Math.round((mb / (theirsMs / 1000)) * 10) / 10 });
