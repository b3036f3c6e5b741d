/**
 * `npm run bench`: runs each benchmark in its own Node process (so that peak memory is measured per benchmark),
 * passes its lines through, and ends with one JSON object that merges every benchmark's figures.
 */
import { runBench } from './support';

/**
 * Each benchmark with the Node flags it runs under. The export runs in a 128 MB old-space heap, as a Forge function
 * with bounded memory would: it shows the export's memory stays flat, where an unbounded heap only grows lazily.
 */
const BENCHES: readonly (readonly [string, readonly string[]])[] = [
  ['analysis.ts', []],
  ['jql.ts', []],
  ['csv.ts', []],
  ['scan.ts', []],
  ['points.ts', []],
  ['export.ts', ['--max-old-space-size=128']],
  ['page.ts', []],
];

const figures: Record<string, number> = {};
for (const [file, flags] of BENCHES) {
  process.stdout.write(`\n== bench/${file}${flags.length === 0 ? '' : ` (${flags.join(' ')})`}\n`);
  Object.assign(figures, await runBench(file, flags));
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
