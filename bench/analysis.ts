/**
 * Graph and reports on the enterprise preset. The snapshot is generated and written to a file by a first child
 * process; three more children each load it (as a stored scan would be), then build the graph and run every
 * report, so that their peak RSS is the analysis's own and generation is excluded from every figure. The figures
 * are the medians of the three.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { analyse, runReport, UNUSED_KINDS, usageCount } from '../src/domain/analysis';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectRef } from '../src/domain/model';
import { emit, line, peakRssMb } from './support';

const role = process.argv[2];

if (role === 'generate') {
  const file = process.argv[3] ?? '';
  writeFileSync(file, JSON.stringify(generateSnapshot({ preset: 'enterprise', seed: 2026 })));
} else if (role === 'analyse') {
  const file = process.argv[3] ?? '';
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as ConfigSnapshot;
  let t = performance.now();
  const a = analyse(snapshot);
  const graphMs = performance.now() - t;
  t = performance.now();
  for (const report of ['health', 'inventory', 'unused', 'cleanup', 'duplicates', 'references'] as const) runReport(a, { report });
  for (const kind of [...UNUSED_KINDS, 'filter' as const, 'option' as const]) {
    runReport(a, { report: 'unused', kind });
    runReport(a, { report: 'cleanup', kind });
  }
  // where-used and impact for 50 objects across kinds, the most used custom field first.
  const fields = a.graph.nodesOf('field').filter((n) => n.id.startsWith('customfield_'));
  const mostUsed = fields.reduce((best, n) => (usageCount(a, n) > usageCount(a, best) ? n : best), fields[0] ?? { kind: 'field', id: 'summary', name: '' });
  const sample: ObjectRef[] = [mostUsed];
  for (let i = 0; sample.length < 50; i++) {
    const kind = OBJECT_KINDS[i % OBJECT_KINDS.length] ?? 'field';
    const nodes = a.graph.nodesOf(kind);
    const node = nodes[(i * 7919) % Math.max(1, nodes.length)];
    if (node !== undefined) sample.push(node);
  }
  for (const object of sample) {
    runReport(a, { report: 'where-used', object });
    runReport(a, { report: 'impact', object });
  }
  const reportsMs = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ graph_ms: Math.round(graphMs), reports_ms: Math.round(reportsMs), analysis_peak_rss_mb: peakRssMb(), edges: a.graph.edgeCount })}\n`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'config-lens-bench-'));
  const file = join(dir, 'enterprise.json');
  const self = fileURLToPath(import.meta.url);
  const child = (args: string[]): string => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`bench/analysis.ts ${args[0] ?? ''} failed: ${r.stderr}`);
    return r.stdout;
  };
  try {
    child(['generate', file]);
    // Three cold processes, each loading the snapshot: the figures are their medians, with the range beside them
    // (one run of the same code varies by a fifth on a shared machine).
    const runs = [0, 1, 2].map(() => JSON.parse(child(['analyse', file]).trim().split('\n').pop() ?? '{}') as Record<string, number>);
    const of = (key: string): number[] => runs.map((r) => (key === 'total_ms' ? (r.graph_ms ?? 0) + (r.reports_ms ?? 0) : (r[key] ?? -1))).sort((x, y) => x - y);
    const median = (key: string): number => of(key)[1] ?? -1;
    const range = (key: string): string => `median of 3; ${of(key)[0] ?? -1}-${of(key)[2] ?? -1}`;
    line('enterprise graph build', `${median('graph_ms')} ms (${range('graph_ms')}; ${runs[0]?.edges ?? -1} edges)`);
    line('enterprise all reports (+50 where-used/impact)', `${median('reports_ms')} ms (${range('reports_ms')})`);
    line('enterprise graph + reports', `${median('total_ms')} ms (${range('total_ms')}; target < 1500)`);
    const rss = Math.max(...of('analysis_peak_rss_mb'));
    line('analysis peak RSS (snapshot loaded)', `${rss} MB (highest of 3; target < 512)`);
    emit({ graph_ms: median('graph_ms'), reports_ms: median('reports_ms'), analysis_peak_rss_mb: rss });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
