/** Shared helpers for the benchmarks: timing, best-of rounds, memory, and running a benchmark in a process of its own. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KeyValueStore } from '../src/ports/key-value-store';

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}

/**
 * Best wall times in milliseconds of two functions timed round by round, A B A B …, after one warm-up run of each
 * (every run, the warm-ups too, starts from a collected heap):
 * a slow spell of a shared machine falls on both sides, not on one, so the ratio of the bests holds where two
 * separate best-of runs drift apart (the CSV ratio read 2.0× in one run and 3.8× in the next on the same code).
 * The warm-up runs' times are returned too (`firstA`, `firstB`): what each side costs before the engine optimises it.
 */
export function alternating(rounds: number, a: () => void, b: () => void): { readonly a: number; readonly b: number; readonly firstA: number; readonly firstB: number } {
  const timed = (f: () => void): number => {
    gc();
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const firstA = timed(a);
  const firstB = timed(b);
  let bestA = Number.POSITIVE_INFINITY;
  let bestB = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    bestA = Math.min(bestA, timed(a));
    bestB = Math.min(bestB, timed(b));
  }
  return { a: bestA, b: bestB, firstA, firstB };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Samples this process's resident set size every `everyMs` and returns a reader of the highest seen, in MB. For a
 * process started by a large one: Linux carries `maxRSS` over `execve`, so {@link peakRssMb} there would report
 * the parent's peak.
 */
export function sampledPeakRssMb(everyMs = 20): () => number {
  let peak = process.memoryUsage.rss();
  const sample = (): void => { peak = Math.max(peak, process.memoryUsage.rss()); };
  setInterval(sample, everyMs).unref();
  return () => {
    sample();
    return Math.round(peak / (1024 * 1024));
  };
}

/**
 * A key-value store that counts its traffic in Forge's units: every read or write of a value counts its JSON
 * size rounded up to 10 KB (Forge allows 4,000 read and 4,000 write units a minute per installation).
 */
export class MeteredStore implements KeyValueStore {
  readUnits = 0;
  writeUnits = 0;
  constructor(private readonly inner: KeyValueStore) {}
  private static units(value: unknown): number {
    return value === undefined ? 1 : Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(value), 'utf8') / 10_240));
  }
  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.inner.get<T>(key);
    this.readUnits += MeteredStore.units(value);
    return value;
  }
  async set(key: string, value: unknown): Promise<void> {
    this.writeUnits += MeteredStore.units(value);
    return this.inner.set(key, value);
  }
  create(key: string, value: unknown): Promise<boolean> {
    this.writeUnits += MeteredStore.units(value);
    return this.inner.create(key, value);
  }
  delete(key: string): Promise<void> {
    this.writeUnits += 1;
    return this.inner.delete(key);
  }
  keys(prefix: string): Promise<string[]> {
    this.readUnits += 1;
    return this.inner.keys(prefix);
  }
}

export function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
}

export function emit(figures: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/**
 * Runs `bench/<file>` in a Node process of its own with `flags` (so that its memory and its garbage are its own),
 * passes its lines through to this process's output, and resolves with the figures it emitted last.
 */
export function runBench(file: string, flags: readonly string[], args: readonly string[] = []): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const path = fileURLToPath(new URL(file, import.meta.url));
    const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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
      else if (last === '') reject(new Error(`bench/${file} emitted no figures`));
      else resolve(JSON.parse(last) as Record<string, number>);
    });
  });
}
