import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { analyse, JUDGED_KINDS, runReport } from './src/domain/analysis';
let gcMs = 0; let n = 0; const kinds: Record<string, number> = {};
new PerformanceObserver((l) => { for (const e of l.getEntries()) { gcMs += e.duration; n++; const k = String((e as any).detail?.kind); kinds[k] = (kinds[k] ?? 0) + e.duration; } }).observe({ entryTypes: ['gc'] });
const text = readFileSync('/tmp/cl/ent.json', 'utf8');
const wait = () => new Promise((r) => setTimeout(r, 50));
for (let round = 0; round < 3; round++) {
  (globalThis as any).gc();
  await wait();
  let t = performance.now(); const g0 = gcMs;
  const s = JSON.parse(text);
  const parse = performance.now() - t;
  await wait(); const gp = gcMs - g0;
  (globalThis as any).gc(); await wait();
  const g1 = gcMs; const k0 = { ...kinds };
  t = performance.now();
  const a = analyse(s);
  const graph = performance.now() - t;
  t = performance.now();
  for (const report of ['health', 'inventory', 'unused', 'cleanup', 'duplicates', 'references'] as const) runReport(a, { report });
  for (const kind of JUDGED_KINDS) { runReport(a, { report: 'unused', kind }); runReport(a, { report: 'cleanup', kind }); }
  const rep = performance.now() - t;
  await wait();
  console.log({ parse: Math.round(parse), parseGc: Math.round(gp), graph: Math.round(graph), rep: Math.round(rep), analysisGc: Math.round(gcMs - g1), kinds: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, Math.round(v - (k0[k] ?? 0))])), heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) });
}
