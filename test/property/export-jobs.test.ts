import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../../src/adapters/fake-jira/handlers';
import { JiraClient } from '../../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../../src/adapters/jira-rest/issues';
import { InMemoryKeyValueStore } from '../../src/adapters/memory/in-memory-kvs';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { syntheticIssue, SYNTHETIC_ISSUE_FIELDS } from '../../src/adapters/synthetic/issues';
import { ExportIssuesUseCase } from '../../src/app/export-issues';
import { ExportJobs } from '../../src/app/export-jobs';
import { loadSample } from '../support/sample';
import { tempDir } from '../support/temp';

const sample = loadSample();
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });
const dir = tempDir('config-lens-export-jobs-');

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

  it('stores its pieces packed, and refuses to hand out a CSV with a piece missing rather than leave a hole in it', async () => {
    server.resetHandlers(...createFakeJiraHandlers(sample, { issueSource: { count: 3000, issue: (i) => syntheticIssue(i, 3) } }));
    const client = new JiraClient(new NodeJiraHttp({ site: 'https://prop.fake-jira.invalid' }));
    const store = new InMemoryKeyValueStore();
    const jobs = new ExportJobs(store, new RestIssueSearch(client), new RestUserDirectory(client), () => readFieldCatalogue(client), { now: () => new Date() });
    let state = await jobs.start({ jql: 'project = ENG', fields: [...SYNTHETIC_ISSUE_FIELDS], render: {}, csv: {} }, 'admin');
    while (state.state === 'running') state = await jobs.step(state.id, 'admin', 60_000);
    const keys = await store.keys(`export:${state.id}:chunk:`);
    expect(keys.length).toBe(state.chunks);
    let text = 0;
    for (let part = 1; part <= state.chunks; part++) text += (await jobs.chunk(state.id, 'admin', part)).length;
    expect(store.size).toBeLessThan(text / 2);
    await store.delete(keys[0] ?? '');
    await expect(jobs.chunk(state.id, 'admin', 1)).rejects.toThrow(`export ${state.id}: piece 1 of ${state.chunks} is missing from the store`);
  });
});
