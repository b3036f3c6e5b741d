/**
 * Graph and reports on the enterprise preset, as a multiple of JSON.parse of the same snapshot in the same process
 * (a ratio holds on a shared machine; an absolute time does not). The snapshot is generated and written to a file by
 * a first child process; three more children each parse it and analyse what they parsed, round by round, so that
 * their peak RSS is the analysis's own and generation is excluded from every figure. The figures are the medians of
 * the three: the best of five rounds after a warm-up, and the warm-up itself (the first analysis in a process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { keepAnalysisShapes, analyseSite } from '../src/app/analysis-shapes';
import { JUDGED_KINDS, runReport, userCount, type Analysis } from '../src/domain/analysis';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectRef } from '../src/domain/model';
import { alternating, emit, line, peakRssMb } from './support';

const role = process.argv[2];
/** Rounds of parse and analysis in each child after the warm-up, as the CSV and JQL ratios take theirs. */
const ROUNDS = 5;

/** Every report (limits included), each unused and cleanup kind, and where-used and impact for 50 objects, the most used custom field first. */
function allReports(a: Analysis): void {
  for (const report of ['health', 'inventory', 'unused', 'cleanup', 'duplicates', 'references', 'limits'] as const) runReport(a, { report });
  for (const kind of JUDGED_KINDS) {
    runReport(a, { report: 'unused', kind });
    runReport(a, { report: 'cleanup', kind });
  }
  const fields = a.graph.nodesOf('field').filter((n) => n.id.startsWith('customfield_'));
  const mostUsed = fields.reduce((best, n) => (userCount(a, n) > userCount(a, best) ? n : best), fields[0] ?? { kind: 'field', id: 'summary', name: '' });
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
}

if (role === 'generate') {
  const file = process.argv[3] ?? '';
  writeFileSync(file, JSON.stringify(generateSnapshot({ preset: 'enterprise', seed: 2026 })));
} else if (role === 'analyse') {
  const text = readFileSync(process.argv[3] ?? '', 'utf8');
  // As the product does (src/app/analysis-shapes.ts): the process keeps an analysis of a small synthetic site, so
  // that the engine keeps its optimised code from one site's analysis to the next. Made before any round, and timed.
  const keptMs = keepAnalysisShapes();
  // JSON.parse of the snapshot (A) and the analysis of what it parsed (B), alternating as every ratio of the bench
  // does (one warm-up run of each, then A B A B …; see `alternating`): the ratio is of their best rounds, so that a
  // slow spell of the machine cannot fall on one side only. Each analysis is of a fresh parse (nothing an earlier
  // round computed is reused, and nothing of it is alive when the next starts, as a process analysing one site after
  // another lets each go). The warm-up's figures are kept too: the first analysis in a process, before the engine
  // has optimised its code, is what one admin's one scan in a fresh instance costs.
  let snapshot: ConfigSnapshot | undefined;
  // Graph and reports apart, round by round (the first is the warm-up's); their sum is what `alternating` times.
  const graphs: number[] = [];
  const reports: number[] = [];
  let edges = 0;
  const { a: parseMs, b: totalMs, firstA: firstParseMs, firstB: firstTotalMs } = alternating(
    ROUNDS,
    () => {
      snapshot = JSON.parse(text) as ConfigSnapshot;
    },
    () => {
      if (snapshot === undefined) throw new Error('bench/analysis.ts: no snapshot parsed');
      let t = performance.now();
      const a = analyseSite(snapshot);
      graphs.push(performance.now() - t);
      t = performance.now();
      allReports(a);
      reports.push(performance.now() - t);
      edges = a.graph.edgeCount;
      snapshot = undefined;
    },
  );
  const afterWarmUp = (xs: readonly number[]): number => Math.min(...xs.slice(1));
  process.stdout.write(
    `${JSON.stringify({
      parse_ms: Math.round(parseMs),
      graph_ms: Math.round(afterWarmUp(graphs)),
      reports_ms: Math.round(afterWarmUp(reports)),
      total_ms: Math.round(totalMs),
      analysis_to_parse: Math.round((totalMs / parseMs) * 100) / 100,
      first_analysis_ms: Math.round(firstTotalMs),
      first_analysis_to_parse: Math.round((firstTotalMs / firstParseMs) * 100) / 100,
      kept_shapes_ms: Math.round(keptMs),
      analysis_peak_rss_mb: peakRssMb(),
      edges,
    })}\n`,
  );
} else {
  const dir = mkdtempSync(join(tmpdir(), 'config-lens-bench-'));
  const file = join(dir, 'enterprise.json');
  const self = fileURLToPath(import.meta.url);
  const child = (args: string[]): string => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`bench/analysis.ts ${args[0] ?? ''} failed: ${r.stderr}`);
    return r.stdout;
  };
  try {
    child(['generate', file]);
    // Three cold processes, each loading the snapshot: the figures are their medians, with the range beside them
    // (one run of the same code varies by a fifth on a shared machine).
    const runs = [0, 1, 2].map(() => JSON.parse(child(['analyse', file]).trim().split('\n').pop() ?? '{}') as Record<string, number>);
    const of = (key: string): number[] => runs.map((r) => r[key] ?? -1).sort((x, y) => x - y);
    const median = (key: string): number => of(key)[1] ?? -1;
    const range = (key: string): string => `median of 3 processes, each the best of ${ROUNDS} rounds after a warm-up; ${of(key)[0] ?? -1}-${of(key)[2] ?? -1}`;
    line('enterprise JSON.parse of the snapshot', `${median('parse_ms')} ms (${range('parse_ms')})`);
    line('enterprise graph build', `${median('graph_ms')} ms (${range('graph_ms')}; ${runs[0]?.edges ?? -1} edges)`);
    line('enterprise all reports (+50 where-used/impact)', `${median('reports_ms')} ms (${range('reports_ms')})`);
    line('enterprise graph + reports', `${median('total_ms')} ms (${range('total_ms')})`);
    line('analysis / JSON.parse (target <= 3)', `${median('analysis_to_parse')}× (parse and analysis alternate round by round; ${of('analysis_to_parse')[0] ?? -1}-${of('analysis_to_parse')[2] ?? -1})`);
    line('the first analysis in a process / its parse', `${median('first_analysis_to_parse')}× (${median('first_analysis_ms')} ms; the warm-up round, before the engine optimises; ${of('first_analysis_to_parse')[0] ?? -1}-${of('first_analysis_to_parse')[2] ?? -1})`);
    line('the synthetic analysis a process keeps', `${median('kept_shapes_ms')} ms once per process (src/app/analysis-shapes.ts; ${of('kept_shapes_ms')[0] ?? -1}-${of('kept_shapes_ms')[2] ?? -1})`);
    const rss = Math.max(...of('analysis_peak_rss_mb'));
    line('analysis peak RSS (snapshot loaded)', `${rss} MB (highest of 3; target < 512)`);
    emit({ parse_ms: median('parse_ms'), graph_ms: median('graph_ms'), reports_ms: median('reports_ms'), analysis_to_parse: median('analysis_to_parse'), first_analysis_to_parse: median('first_analysis_to_parse'), kept_shapes_ms: median('kept_shapes_ms'), analysis_peak_rss_mb: rss });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
