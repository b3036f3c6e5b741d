import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createFakeJiraHandlers } from '../../src/adapters/fake-jira/handlers';
import { JiraClient } from '../../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../../src/adapters/jira-rest/issues';
import { InMemoryKeyValueStore } from '../../src/adapters/memory/in-memory-kvs';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { syntheticIssue, SYNTHETIC_ISSUE_FIELDS } from '../../src/adapters/synthetic/issues';
import { ExportIssuesUseCase } from '../../src/app/export-issues';
import { ExportJobs } from '../../src/app/export-jobs';
import { loadSample } from '../support/sample';

const sample = loadSample();
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });
const dir = mkdtempSync(join(tmpdir(), 'config-lens-export-jobs-'));

describe('issue export in resumable steps', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 2500 }),
      fc.integer({ min: 1, max: 100 }),
      fc.constantFrom<'joined' | 'columns'>('joined', 'columns'),
      fc.constantFrom(0, 60_000),
      fc.subarray([...SYNTHETIC_ISSUE_FIELDS], { minLength: 1 }),
    ],
    { numRuns: 12 },
  )('the chunks of a stepwise export, joined, are byte for byte the one-shot export, for any size, page, budget and fields; every chunk fits a store value (the in-memory store refuses any that does not)', async (count, pageSize, multi, budget, fields) => {
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count, issue: (i) => syntheticIssue(i, 3) } }));
    const client = new JiraClient(new NodeJiraHttp({ site: 'https://prop.fake-jira.invalid' }));
    const store = new InMemoryKeyValueStore();
    const catalogue = () => readFieldCatalogue(client);
    const jobs = new ExportJobs(store, new RestIssueSearch(client, pageSize), new RestUserDirectory(client), catalogue, { now: () => new Date() });
    const request = { jql: 'project = ENG', fields, render: { multi, accountIds: true }, csv: { bom: true } };
    let state = await jobs.start(request, 'admin');
    while (state.state === 'running') state = await jobs.step(state.id, 'admin', budget);
    expect(state).toMatchObject({ state: 'done', rows: count });
    let csv = '';
    for (let part = 0; part <= state.chunks; part++) csv += await jobs.chunk(state.id, 'admin', part);
    const out = join(dir, 'one-shot.csv');
    await new ExportIssuesUseCase(new RestIssueSearch(client, pageSize), new RestUserDirectory(client), catalogue).run({ ...request, out });
    expect(csv).toBe(readFileSync(out, 'utf8'));
  });
});
