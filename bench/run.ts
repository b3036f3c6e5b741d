/**
 * `npm run bench`: runs each benchmark in its own Node process (so that peak memory is measured per benchmark),
 * passes its lines through, and ends with one JSON object that merges every benchmark's figures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Each benchmark with the Node flags it runs under. The export runs in a 128 MB old-space heap, as a Forge function
 * with bounded memory would: it shows the export's memory stays flat, where an unbounded heap only grows lazily.
 */
const BENCHES: readonly (readonly [string, readonly string[]])[] = [
  ['analysis.ts', []],
  ['jql.ts', []],
  ['csv.ts', []],
  ['scan.ts', []],
  ['export.ts', ['--max-old-space-size=128']],
  ['page.ts', []],
];

function runOne(file: string, flags: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const path = fileURLToPath(new URL(file, import.meta.url));
    const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) last = line;
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffer.startsWith('{')) last = buffer;
      if (code !== 0) reject(new Error(`bench/${file} exited with ${String(code)}`));
      else resolve(JSON.parse(last) as Record<string, number>);
    });
  });
}

const figures: Record<string, number> = {};
for (const [file, flags] of BENCHES) {
  process.stdout.write(`\n== bench/${file}${flags.length === 0 ? '' : ` (${flags.join(' ')})`}\n`);
  Object.assign(figures, await runOne(file, flags));
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
