import { analyse, JUDGED_KINDS, objectCard, REPORT_NAMES, runReport, useRows, type Analysis } from '../domain/analysis';
import { automationMentions } from '../domain/automation';
import { OBJECT_KINDS, type ConfigSnapshot } from '../domain/model';
import { generateSnapshot } from '../adapters/synthetic/generator';

/**
 * Why a process keeps one analysis of a synthetic site alive.
 *
 * V8 compiles the analysis's hot code for the hidden classes of the objects it meets (graph nodes, edges, evidence,
 * JQL readers and meanings, report rows). When the last object of such a class dies, the engine discards every
 * optimised function that embedded it. So once one site's analysis is let go, the next analysis in the same process
 * runs unoptimised again: a warm Forge instance analysing one site after another was no faster on its second site than
 * on its first (the bench measured 4.9x `JSON.parse` either way; 3.6x while something of every class stays alive, before the
 * hot code was reshaped to keep its code too: see the README).
 *
 * So the first analysis a process makes is preceded by an analysis of the generator's small synthetic site, run
 * through every report, and that analysis is kept for the life of the process. It holds no installation's data (it
 * is made from a fixed seed, the same in every process), a few MB, and costs about 45 ms once per process.
 * A site's own analysis is never kept for this: one function instance may serve several sites.
 */
let kept: KeptAnalysis | undefined;

/**
 * The analysis kept, and what its answers were made of: report rows, cards, edges, Automation mentions. Objects an
 * analysis makes and lets go of (a where-used row, an edge read out of the graph) have hidden classes too, and the
 * code that made them was thrown away with the last of them.
 */
interface KeptAnalysis {
  readonly analysis: Analysis;
  readonly answers: readonly unknown[];
}

/** The synthetic site kept: small, fixed, and read back from JSON as a stored snapshot is (the same object shapes). */
function syntheticSite(): ConfigSnapshot {
  return JSON.parse(JSON.stringify(generateSnapshot({ preset: 'small', seed: 1 }))) as ConfigSnapshot;
}

/** Every answer an analysis gives (each report, each kind's verdicts, where-used, impact and a card per kind), once; what they were. */
function answerEverything(a: Analysis): unknown[] {
  const answers: unknown[] = [];
  for (const report of REPORT_NAMES) {
    if (report === 'where-used' || report === 'impact') continue;
    const done = runReport(a, { report });
    if (!done.ok) throw new Error(`analysis shapes: the ${report} report of the synthetic site failed: ${done.error.message}`);
    answers.push(done.value);
  }
  for (const kind of JUDGED_KINDS) {
    answers.push(runReport(a, { report: 'unused', kind }), runReport(a, { report: 'cleanup', kind, all: true }), runReport(a, { report: 'inventory', kind }), runReport(a, { report: 'duplicates', kind }));
  }
  for (const kind of OBJECT_KINDS) {
    const node = a.graph.nodesOf(kind)[0];
    if (node === undefined) continue;
    answers.push(runReport(a, { report: 'where-used', object: node }), runReport(a, { report: 'impact', object: node }), objectCard(a, node), useRows(a, node), a.graph.usersOf(node), a.graph.usesOf(node));
  }
  for (const rule of a.snapshot.automationRules) answers.push(automationMentions(rule));
  return answers;
}

/**
 * Makes sure this process keeps the synthetic analysis (made at the first call); returns how long that took, in ms
 * (0 when it was already kept).
 */
export function keepAnalysisShapes(): number {
  if (kept !== undefined) return 0;
  const started = performance.now();
  const a = analyse(syntheticSite());
  kept = { analysis: a, answers: answerEverything(a) };
  return performance.now() - started;
}

/** The site of the analysis this process keeps (the synthetic one, `synthetic:small/1`), when it keeps one. */
export function keptAnalysisSite(): string | undefined {
  return kept?.analysis.snapshot.site.baseUrl;
}

/** Analyses a site's snapshot, the process keeping the engine's code for the next one (see above). */
export function analyseSite(snapshot: ConfigSnapshot): Analysis {
  keepAnalysisShapes();
  return analyse(snapshot);
}
