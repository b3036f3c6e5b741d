/**
 * JQL extractor throughput against @atlassianlabs/jql-ast on the same corpus: the JQL of the enterprise preset's
 * filters, boards and quick filters. jql-ast is slow, so it runs on a slice of the corpus; both are compared per
 * query, and the field names both find are checked to be identical on that slice.
 */
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { extractJql } from '../src/domain/jql';
import { jqlAstFieldNames } from '../test/support/jql-ast';
import { alternating, emit, line } from './support';

const s = generateSnapshot({ preset: 'enterprise', seed: 2026 });
const corpus = [...s.filters.map((f) => f.jql), ...s.boards.flatMap((b) => [b.subQuery ?? '', ...b.quickFilters.map((q) => q.jql)])].filter((q) => q !== '');
const slice = corpus.filter((_, i) => i % 25 === 0);

const ours = (q: string): string[] => extractJql(q).references.flatMap((r) => (r.type === 'field' ? [r.name] : []));
let mismatches = 0;
for (const q of slice) {
  const theirs = jqlAstFieldNames(q);
  if (theirs.errors === 0 && JSON.stringify(theirs.names) !== JSON.stringify(ours(q))) mismatches++;
}

// Ours and jql-ast alternate round by round (A B A B …); the ratio is of their best rounds.
const { a: oursMs, b: theirsMs } = alternating(
  3,
  () => {
    for (const q of corpus) extractJql(q);
  },
  () => {
    for (const q of slice) jqlAstFieldNames(q);
  },
);
const oursQps = corpus.length / (oursMs / 1000);
const theirsQps = slice.length / (theirsMs / 1000);
line('JQL corpus', `${corpus.length} queries (jql-ast on ${slice.length})`);
line('field names differing from jql-ast', String(mismatches));
line('ours', `${Math.round(oursQps)} queries/s`);
line('@atlassianlabs/jql-ast', `${Math.round(theirsQps)} queries/s`);
line('jql_speedup (target >= 50)', (oursQps / theirsQps).toFixed(1));
if (mismatches > 0) throw new Error(`${mismatches} queries where the field names differ from jql-ast`);
emit({ jql_speedup: Math.round((oursQps / theirsQps) * 10) / 10, jql_queries_per_s: Math.round(oursQps), jqlast_queries_per_s: Math.round(theirsQps) });
