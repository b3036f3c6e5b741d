import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, runReport } from '../src/domain/analysis';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type ObjectKind } from '../src/domain/model';
import { loadSample } from './support/sample';

const NODE = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const BIN = join(import.meta.dirname, '..', 'bin', 'config-lens.js');

type Rows = { columns: string[]; rows: Record<string, unknown>[]; total: number };

/** A report's rows as the analysis of the file makes them, without the links the page's rows carry. */
function expected(report: 'cleanup' | 'unused' | 'inventory', kind?: ObjectKind): Record<string, unknown>[] {
  const table = runReport(analyse(loadSample()), { report, ...(kind === undefined ? {} : { kind }) });
  if (!table.ok) throw new Error(table.error.message);
  return table.value.rows.map((r) => ({ ...r }));
}

describe('config-lens serve --instance: the page shows the file as scanned', () => {
  it('the newest scan is the file itself (value counts, Automation rules, last use as it holds them; no scan through the fake), and Cleanup answers every kind the CLI judges, filters, options, boards and dashboards included', async () => {
    const child = spawn(NODE, [BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (err += c));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          const m = /Config Lens admin page: (http:\/\/\S+)/.exec(chunk);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        child.once('exit', (code) => { reject(new Error(`serve exited with ${String(code)}: ${err}`)); });
      });
      const invoke = async <T,>(functionKey: string, payload: unknown): Promise<T> => {
        const r = await fetch(new URL('/__local/invoke', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ functionKey, payload }) });
        const answer = (await r.json()) as { ok: boolean; value: T; error?: string };
        if (!answer.ok) throw new Error(`${functionKey}: ${answer.error ?? ''}`);
        return answer.value;
      };
      const sample = loadSample();
      const status = await invoke<{ state: string; partsTotal: number; loadedFrom?: { file: string; scannedAt: string }; counts: Record<string, number> }>('scan.status', {});
      expect(status.state).toBe('done');
      expect(status.partsTotal).toBe(0);
      expect(status.loadedFrom).toEqual({ file: 'sample-instance.json', scannedAt: sample.site.scannedAt });
      expect(status.counts).toEqual(Object.fromEntries(OBJECT_KINDS.map((k) => [k, sample[COLLECTION_OF_KIND[k]].length])));
      expect(status.counts['automation-rule']).toBeGreaterThan(0);
      expect(err).toContain('showing sample-instance.json as scanned at');

      const withoutLinks = (rows: Record<string, unknown>[]): Record<string, unknown>[] => rows.map(({ link: _l, link_why: _w, ...r }) => r);
      const cleanup = await invoke<Rows>('report.rows', { report: 'cleanup', limit: 500 });
      expect(withoutLinks(cleanup.rows)).toEqual(expected('cleanup'));
      // Values held come from the file: a scan through the fake counted none.
      const fields = await invoke<Rows>('report.rows', { report: 'inventory', kind: 'field', limit: 500 });
      expect(withoutLinks(fields.rows)).toEqual(expected('inventory', 'field'));
      expect(fields.rows.find((r) => r.id === 'customfield_10010')?.detail).toContain('81 issue(s) with a value');
      for (const kind of ['filter', 'option', 'board', 'dashboard'] as const) {
        const judged = await invoke<Rows>('report.rows', { report: 'cleanup', kind, limit: 500 });
        expect(withoutLinks(judged.rows), kind).toEqual(expected('cleanup', kind));
        const unused = await invoke<Rows>('report.rows', { report: 'unused', kind, limit: 500 });
        expect(withoutLinks(unused.rows), kind).toEqual(expected('unused', kind));
      }
      expect((await invoke<Rows>('report.rows', { report: 'cleanup', kind: 'board', limit: 500 })).total).toBeGreaterThan(0);
      // The CSV of a kind judged on request is the same rows.
      const csv = await invoke<{ text: string; parts: number }>('report.csv', { report: 'cleanup', kind: 'dashboard' });
      expect(csv.parts).toBe(1);
      expect(csv.text.trim().split('\r\n').length).toBe(expected('cleanup', 'dashboard').length + 1);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exit).toBe(0);
  }, 60_000);
});
