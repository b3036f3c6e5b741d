/**
 * Issue export: 100,000 synthetic issues × 20 fields served by the fake Jira (MSW, in process, no latency, issues
 * made on demand so the fake holds none), exported through the production REST adapters and the export use case
 * to a CSV file. Reports rows per second and the process's peak RSS (the export's; the fake adds little), then
 * the same rendered rows written by our CSV writer and by csv-stringify for the ratio.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { stringify } from 'csv-stringify/sync';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { JiraClient } from '../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../src/adapters/jira-rest/issues';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { SYNTHETIC_ISSUE_FIELDS, syntheticIssue } from '../src/adapters/synthetic/issues';
import { ExportIssuesUseCase } from '../src/app/export-issues';
import { toCsv } from '../src/domain/csv';
import { issueCells, selectFields } from '../src/domain/issues';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { alternating, emit, line, peakRssMb } from './support';

const COUNT = Number(process.env.EXPORT_COUNT ?? 100_000);
process.stdout.write(`baseline RSS after loading: ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`);
const sample = await readSnapshotFile(new URL('../test/fixtures/sample-instance.json', import.meta.url).pathname);
const server = setupServer(...createFakeJiraHandlers({ ...sample, issues: [] }, { issueSource: { count: COUNT, issue: (i) => syntheticIssue(i) } }));
server.listen({ onUnhandledFrame: 'error' });
const dir = mkdtempSync(join(tmpdir(), 'config-lens-export-bench-'));
try {
  const client = new JiraClient(new NodeJiraHttp({ site: 'https://bench.fake-jira.invalid' }));
  const useCase = new ExportIssuesUseCase(new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client));
  const out = join(dir, 'issues.csv');
  const t = performance.now();
  const { rows } = await useCase.run({ jql: 'project = ENG', fields: [...SYNTHETIC_ISSUE_FIELDS], render: {}, csv: {}, out });
  const seconds = (performance.now() - t) / 1000;
  const rss = peakRssMb();
  line('issues exported', `${rows} × ${SYNTHETIC_ISSUE_FIELDS.length} fields, ${(statSync(out).size / 1e6).toFixed(1)} MB, ${client.requestCount} requests`);
  line('export throughput', `${Math.round(rows / seconds)} rows/s (${seconds.toFixed(1)} s)`);
  line('export peak RSS (target < 256 MB)', `${rss} MB`);

  const selected = selectFields(sample.fields, [...SYNTHETIC_ISSUE_FIELDS]);
  if (!selected.ok) throw new Error(selected.error);
  const cells = Array.from({ length: 20_000 }, (_, i) => issueCells(syntheticIssue(i), selected.value, {}, () => 'Private Person'));
  // Alternating round by round (A B A B …), the ratio of the best rounds.
  const { a: ours, b: theirs } = alternating(5, () => toCsv(cells, { formulaGuard: false }), () => stringify(cells, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
  if (toCsv(cells, { formulaGuard: false }) !== stringify(cells, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })) throw new Error('our CSV and csv-stringify differ on the export rows');
  line('export rows through our writer vs csv-stringify', `${(theirs / ours).toFixed(1)}× (same bytes)`);
  emit({ export_rows_per_s: Math.round(rows / seconds), export_peak_rss_mb: rss, export_csv_speedup: Math.round((theirs / ours) * 10) / 10 });
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
