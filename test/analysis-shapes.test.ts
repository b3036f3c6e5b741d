import { describe, expect, it } from 'vitest';
import { analyseSite, keepAnalysisShapes, keptAnalysisSite } from '../src/app/analysis-shapes';
import { analyse, JUDGED_KINDS, REPORT_NAMES, runReport, type Analysis } from '../src/domain/analysis';
import { loadSample } from './support/sample';

/** Every report of an analysis without an object, and each judged kind's verdicts, as JSON. */
function answers(a: Analysis): string {
  const out: unknown[] = [];
  for (const report of REPORT_NAMES) if (report !== 'where-used' && report !== 'impact') out.push(runReport(a, { report }));
  for (const kind of JUDGED_KINDS) out.push(runReport(a, { report: 'cleanup', kind, all: true }));
  return JSON.stringify(out);
}

describe('the analysis a process keeps so that the engine keeps its code', () => {
  it('is made once per process, of the synthetic site, and never of a site analysed through it', () => {
    expect(keptAnalysisSite()).toBeUndefined();
    const sample = loadSample();
    const a = analyseSite(sample);
    expect(a.snapshot.site.baseUrl).toBe(sample.site.baseUrl);
    expect(keptAnalysisSite()).toBe('synthetic:small/1');
    // Made at the first analysis only.
    expect(keepAnalysisShapes()).toBe(0);
    analyseSite(loadSample());
    expect(keptAnalysisSite()).toBe('synthetic:small/1');
  });

  it('changes no answer: a site analysed after it reads exactly as one analysed alone', () => {
    keepAnalysisShapes();
    expect(answers(analyseSite(loadSample()))).toBe(answers(analyse(loadSample())));
  });
});
