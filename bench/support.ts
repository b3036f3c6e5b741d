/** Shared helpers for the benchmarks: timing, best-of rounds, memory. */

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}

/** Best (smallest) wall time in milliseconds of `rounds` runs of `fn`, after one warm-up run. */
export function bestOf(rounds: number, fn: () => void): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    gc();
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
}

export function emit(figures: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
