import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../../src/adapters/fake-jira/handlers';
import { JiraClient } from '../../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../../src/adapters/jira-rest/issues';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { syntheticIssue, SYNTHETIC_ISSUE_FIELDS } from '../../src/adapters/synthetic/issues';
import { ExportIssuesUseCase } from '../../src/app/export-issues';
import { ExportCapError, exportInPage, previewInPage } from '../../src/app/page-export';
import { ExportJobs } from '../../src/app/export-jobs';
import { InMemoryKeyValueStore } from '../../src/adapters/memory/in-memory-kvs';
import type { IssueRecord } from '../../src/domain/model';
import { loadSample } from '../support/sample';
import { tempDir } from '../support/temp';

const sample = loadSample();
const SITE = 'https://page-export.fake-jira.invalid';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });
const dir = tempDir('config-lens-page-export-');
const http = (): NodeJiraHttp => new NodeJiraHttp({ site: SITE });

/** A sink that keeps what it was given, write by write. */
function memorySink(): { writes: string[]; write(text: string): Promise<void> } {
  const writes: string[] = [];
  return { writes, write: (text) => { writes.push(text); return Promise.resolve(); } };
}

describe('the issue export in the page', () => {
  test.prop(
    [
      fc.integer({ min: 0, max: 1200 }),
      fc.integer({ min: 1, max: 100 }),
      fc.constantFrom<'joined' | 'columns'>('joined', 'columns'),
      fc.subarray([...SYNTHETIC_ISSUE_FIELDS], { minLength: 1 }),
      fc.boolean(),
    ],
    { numRuns: 12 },
  )('the CSV the page writes is byte for byte the CLI\'s, for any size, page, mode and fields, and the sink is given one page of rows at a time', async (count, pageSize, multi, fields, bom) => {
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count, issue: (i) => syntheticIssue(i, 3) } }));
    const request = { jql: 'project = ENG', fields, render: { multi, accountIds: true }, csv: { bom } };
    const sink = memorySink();
    const result = await exportInPage({ http: http(), request, sink, pageSize });
    expect(result.rows).toBe(count);
    const out = join(dir, 'cli.csv');
    const client = new JiraClient(http());
    await new ExportIssuesUseCase(new RestIssueSearch(client, pageSize), new RestUserDirectory(client), () => readFieldCatalogue(client)).run({ ...request, out });
    expect(sink.writes.join('')).toBe(readFileSync(out, 'utf8'));
    expect(result.chars).toBe(sink.writes.join('').length);
    // The header, then one write per page of the search (a search that finds nothing answers one empty page):
    // never more than a page of rows held.
    expect(sink.writes.length).toBe(1 + Math.max(1, Math.ceil(count / pageSize)));
  });

  it('previews what the resolver\'s preview shows', async () => {
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count: 40, issue: (i) => syntheticIssue(i, 3) } }));
    const client = new JiraClient(http());
    const jobs = new ExportJobs(new InMemoryKeyValueStore(), new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client), { now: () => new Date() });
    for (const multi of ['joined', 'columns'] as const) {
      const request = { jql: 'project = ENG', fields: [...SYNTHETIC_ISSUE_FIELDS], render: { multi }, csv: {} };
      expect(await previewInPage(http(), request)).toEqual(await jobs.preview(request));
    }
  });

  it('stops at the cap of what the browser can keep, saying so, with no more written than the cap', async () => {
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count: 2000, issue: (i) => syntheticIssue(i, 3) } }));
    const sink = memorySink();
    const run = exportInPage({ http: http(), request: { jql: 'project = ENG', fields: [...SYNTHETIC_ISSUE_FIELDS], render: {}, csv: {} }, sink, maxChars: 50_000 });
    await expect(run).rejects.toThrow(ExportCapError);
    await expect(run).rejects.toThrow(/this browser keeps the file until it is saved, at most 0 MB of CSV\. Nothing was saved/);
    expect(sink.writes.join('').length).toBeLessThanOrEqual(50_000);
  });

  it('one column per value: an issue that gained values between the two reads stops the export instead of losing them', async () => {
    let reads = 0;
    const issue = (i: number): IssueRecord => {
      const base = syntheticIssue(i, 3);
      if (i === 0) reads++;
      // The second read of issue 0 has one more label than the first.
      return i === 0 && reads > 1 ? { ...base, fields: { ...base.fields, labels: [...((base.fields.labels as string[] | undefined) ?? []), 'added-meanwhile', 'and-another', 'and-more', 'and-yet-more', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'] } } : base;
    };
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count: 5, issue } }));
    await expect(exportInPage({ http: http(), request: { jql: 'project = ENG', fields: ['labels'], render: { multi: 'columns' }, csv: {} }, sink: memorySink() })).rejects.toThrow(/has more values of Labels than when the export counted them/);
  });
});
