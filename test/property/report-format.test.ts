import { fc, test } from '@fast-check/vitest';
import Papa from 'papaparse';
import { describe, expect } from 'vitest';
import { analyse, runReport, REPORT_NAMES } from '../../src/domain/analysis';
import type { Cell } from '../../src/domain/analysis/types';
import { OBJECT_KINDS } from '../../src/domain/model';
import { renderReport } from '../../src/domain/report-format';
import { anySnapshot } from '../support/snapshot-arbitrary';

const text = (cell: Cell): string => (cell === null ? '' : String(cell));
const guarded = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe('report renderings', () => {
  test.prop([anySnapshot, fc.constantFrom(...REPORT_NAMES), fc.nat(), fc.boolean()], { numRuns: 80 })(
    'JSON and CSV renderings of a report carry the same rows (CSV cells are the JSON values as text, guarded when the guard is on)',
    (s, report, pick, guard) => {
      const a = analyse(s);
      const nodes = OBJECT_KINDS.flatMap((k) => a.graph.nodesOf(k));
      const object = nodes[pick % Math.max(1, nodes.length)];
      const result = runReport(a, object === undefined ? { report } : { report, object });
      if (!result.ok) return;
      const table = result.value;
      const json = JSON.parse([...renderReport(table, 'json')].join('')) as Record<string, Cell>[];
      const csv = Papa.parse<string[]>([...renderReport(table, 'csv', { formulaGuard: guard })].join(''), { delimiter: ',', newline: '\r\n', skipEmptyLines: false }).data;
      csv.pop();
      expect(csv[0]).toEqual([...table.columns]);
      expect(json.map((r) => Object.keys(r))).toEqual(json.map(() => [...table.columns]));
      expect(csv.slice(1)).toEqual(json.map((r) => table.columns.map((c) => (guard ? guarded(text(r[c] ?? null)) : text(r[c] ?? null)))));
    },
  );
});
