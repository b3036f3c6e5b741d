import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers, FakeJiraLog } from '../src/adapters/fake-jira/handlers';
import { JiraClient } from '../src/adapters/jira-rest/client';
import { RestIssueSearch, RestUserDirectory } from '../src/adapters/jira-rest/issues';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { runCli } from '../src/app/cli/main';
import { loadSample, SAMPLE_PATH } from './support/sample';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-export-');
const sample = loadSample();
const parse = (file: string): string[][] => {
  const rows = Papa.parse<string[]>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { delimiter: ',', newline: '\r\n' }).data;
  rows.pop();
  return rows;
};
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { write: (t) => (out += t), error: (t) => (err += t), stdoutIsTTY: false });
  return { code, out, err };
}

describe('config-lens export-issues on the sample fixture', () => {
  it('writes every issue the JQL finds, key first, names resolved, formulas neutralised', async () => {
    const out = join(dir, 'eng.csv');
    const result = await cli('export-issues', '--jql', 'project = ENG', '--instance', SAMPLE_PATH, '--fields', 'summary,assignee,customfield_10027,created', '--account-ids', '--out', out, '--quiet');
    expect(result).toMatchObject({ code: 0, err: `wrote 81 issue(s) to ${out}\n` });
    const rows = parse(out);
    const eng = (sample.issues ?? []).filter((i) => (i.fields.project as { key: string }).key === 'ENG');
    expect(rows[0]).toEqual(['Issue key', 'Summary', 'Assignee', 'Assignee (account id)', 'Reviewers', 'Reviewers (account id)', 'Created']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(eng.map((i) => i.key));
    expect(rows.flat()).toContain('Private Person');
    expect(rows.slice(1).every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/.test(r[6] ?? ''))).toBe(true);
    for (const r of rows.slice(1)) expect(r[1]).not.toMatch(/^[=+\-@]/);
  });

  it('repeats columns for multi-value fields when asked, sized by the most values', async () => {
    const out = join(dir, 'cols.csv');
    expect((await cli('export-issues', '--jql', 'project = ENG', '--instance', SAMPLE_PATH, '--fields', 'labels', '--multi', 'columns', '--bom', '--out', out, '--quiet')).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('\uFEFFIssue key,Labels,Labels')).toBe(true);
    const rows = parse(out);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });

  it('shows Jira’s message for invalid JQL and writes nothing', async () => {
    const out = join(dir, 'bad.csv');
    const result = await cli('export-issues', '--jql', 'project = ENG AND (', '--instance', SAMPLE_PATH, '--out', out, '--quiet');
    expect(result.code).toBe(1);
    expect(result.err).toBe('config-lens: POST /rest/api/3/search/approximate-count: HTTP 400: Error in the JQL Query: expected a field but found end of query (line 1, character 20)\n');
    expect(existsSync(out)).toBe(false);
  });

  it('a field Jira answers with a licence error is an empty cell and one coverage gap line on stderr, even when quiet', async () => {
    const sla = { id: 'customfield_10090', name: 'Time to resolution', custom: true, schema: { type: 'sd-servicelevelagreement', custom: 'com.atlassian.servicedesk:sd-sla-field', customId: 10090 }, clauseNames: ['cf[10090]', 'Time to resolution'] };
    const error = { errorMessage: 'Jira Service Management is not licensed on this site.' };
    const fixture = { ...sample, fields: [...sample.fields, sla], issues: (sample.issues ?? []).map((i) => ({ ...i, fields: { ...i.fields, customfield_10090: error } })) };
    const instance = join(dir, 'unlicensed.json');
    writeFileSync(instance, JSON.stringify(fixture));
    const out = join(dir, 'unlicensed.csv');
    const result = await cli('export-issues', '--jql', 'project = OPS ORDER BY key', '--instance', instance, '--fields', 'summary,customfield_10090', '--out', out, '--quiet');
    expect(result.code).toBe(0);
    const first = (sample.issues ?? []).filter((i) => (i.fields.project as { key: string }).key === 'OPS').map((i) => i.key).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]))[0];
    expect(result.err.split('\n')[0]).toBe(`coverage gap: field Time to resolution (customfield_10090): Jira did not give its value (Jira Service Management is not licensed on this site.), first in ${first ?? ''}; its cells are empty`);
    expect(result.err.match(/coverage gap/g)).toHaveLength(1);
    const rows = parse(out);
    expect(rows[0]).toEqual(['Issue key', 'Summary', 'Time to resolution']);
    expect(rows.slice(1).every((r) => r[2] === '')).toBe(true);
  });

  it('names an unknown or ambiguous field as a usage error', async () => {
    expect(await cli('export-issues', '--jql', 'project = ENG', '--instance', SAMPLE_PATH, '--fields', 'Team', '--out', join(dir, 'x.csv'))).toMatchObject({
      code: 2,
      err: "config-lens: --fields: 'Team' is the name of 2 fields (customfield_10010, customfield_10011): give the id (see config-lens help)\n",
    });
  });
});

describe('REST issue search and user directory', () => {
  const SITE = 'https://export.fake-jira.test';
  const log = new FakeJiraLog();
  const server = setupServer(...createFakeJiraHandlers(sample, {}, log));
  beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
  afterAll(() => { server.close(); });
  const client = (): JiraClient => new JiraClient(new NodeJiraHttp({ site: SITE }));

  it('pages by nextPageToken, with smaller pages when many fields are asked for, like Jira', async () => {
    const search = new RestIssueSearch(client(), 100);
    const narrow: number[] = [];
    for await (const page of search.pages('project in (ENG, OPS, SUP, MKT)', ['summary'])) narrow.push(page.length);
    const wide: number[] = [];
    for await (const page of search.pages('project in (ENG, OPS, SUP, MKT)', ['*all'])) wide.push(page.length);
    expect(narrow).toEqual([100, 100, 100, 20]);
    expect(wide).toEqual([50, 50, 50, 50, 50, 50, 20]);
    expect(await search.approximateCount('project = SUP')).toBe((sample.issues ?? []).filter((i) => (i.fields.project as { key: string }).key === 'SUP').length);
  });

  it('asks the user directory in batches and only once per account in a run', async () => {
    let requests = 0;
    server.use(
      http.get('*/rest/api/3/user/bulk', ({ request }) => {
        requests++;
        const ids = new URL(request.url).searchParams.getAll('accountId');
        expect(ids.length).toBeLessThanOrEqual(100);
        return HttpResponse.json({ isLast: true, values: ids.map((accountId) => ({ accountId, displayName: `Name of ${accountId}`, active: true })) });
      }),
    );
    const directory = new RestUserDirectory(client());
    const ids = Array.from({ length: 250 }, (_, i) => `acct-${i}`);
    const names = await directory.displayNames(ids);
    expect(names.get('acct-249')).toBe('Name of acct-249');
    expect(requests).toBe(3);
    await directory.displayNames(ids.slice(0, 10));
    expect(requests).toBe(3);
  });
});

describe('export-issues record and replay', () => {
  it('records an export from a site and replays it to the same file, failing on a request the recording lacks', async () => {
    const { startFakeJiraServer } = await import('../src/adapters/fake-jira/http-server');
    const fake = await startFakeJiraServer(sample);
    const recorded = join(dir, 'export.recording.json');
    const first = join(dir, 'live.csv');
    try {
      const live = await cli('export-issues', '--jql', 'project = SUP', '--site', fake.url, '--fields', 'summary,assignee,customfield_10028', '--record', recorded, '--out', first, '--quiet');
      expect(live.code).toBe(0);
    } finally {
      await fake.close();
    }
    const again = join(dir, 'replayed.csv');
    expect((await cli('export-issues', '--jql', 'project = SUP', '--replay', recorded, '--fields', 'summary,assignee,customfield_10028', '--out', again, '--quiet')).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(first, 'utf8'));
    const other = await cli('export-issues', '--jql', 'project = OPS', '--replay', recorded, '--out', join(dir, 'other.csv'), '--quiet');
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/^config-lens: .*export\.recording\.json: the recording holds no response for POST \/rest\/api\/3\/search\/approximate-count\? \{"jql":"project = OPS"\}\n$/);
  });
});
