import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { setupServer } from 'msw/node';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createFakeJiraHandlers } from '../../src/adapters/fake-jira/handlers';
import { JiraClient } from '../../src/adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../../src/adapters/jira-rest/issues';
import { NodeJiraHttp } from '../../src/adapters/node/node-jira-http';
import { ExportIssuesUseCase } from '../../src/app/export-issues';
import { issueCells, selectFields } from '../../src/domain/issues';
import type { IssueRecord } from '../../src/domain/model';
import { loadSample } from '../support/sample';
import { tempDir } from '../support/temp';

const sample = loadSample();
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });
const dir = tempDir('config-lens-export-prop-');
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '=', '+', '@', '-', 'é', '😀', '\t'), maxLength: 15 });
const issue = fc.record({
  summary: text,
  labels: fc.array(text, { maxLength: 3 }),
  customfield_10023: fc.option(fc.record({ value: text }), { nil: null }),
  assignee: fc.option(fc.record({ accountId: fc.constantFrom('5b10a2844c20165700ede21g', '70d2a3b4c5d6e7000000priv'), displayName: text, active: fc.boolean() }), { nil: null }),
});

describe('issue export end to end', () => {
  test.prop([fc.array(issue, { minLength: 1, maxLength: 150 }), fc.constantFrom<'joined' | 'columns'>('joined', 'columns')], { numRuns: 15 })(
    'every exported file parses back with papaparse into the cells the renderer gives, one row per issue, across pages',
    async (values, multi) => {
      const issues: IssueRecord[] = values.map((fields, i) => ({ id: String(i + 1), key: `ENG-${i + 1}`, fields: { ...fields, project: { id: '10000', key: 'ENG' } } }));
      server.resetHandlers(...createFakeJiraHandlers({ ...sample, issues }));
      const client = new JiraClient(new NodeJiraHttp({ site: 'https://prop.fake-jira.invalid' }));
      const out = join(dir, `${multi}.csv`);
      const search = new RestIssueSearch(client, 40);
      await new ExportIssuesUseCase(search, new RestUserDirectory(client), () => readFieldCatalogue(client)).run({
        jql: 'project = ENG',
        fields: ['summary', 'labels', 'customfield_10023', 'assignee'],
        render: { multi },
        csv: { formulaGuard: false },
        out,
      });
      const rows = Papa.parse<string[]>(readFileSync(out, 'utf8'), { delimiter: ',', newline: '\r\n' }).data;
      rows.pop();
      expect(rows).toHaveLength(issues.length + 1);
      if (multi === 'joined') {
        const selected = selectFields(sample.fields, ['summary', 'labels', 'customfield_10023', 'assignee']);
        if (!selected.ok) throw new Error(selected.error);
        expect(rows.slice(1)).toEqual(issues.map((i) => issueCells(i, selected.value)));
      } else {
        expect(new Set(rows.map((r) => r.length)).size).toBe(1);
        expect(rows.slice(1).map((r) => r[0])).toEqual(issues.map((i) => i.key));
      }
    },
  );
});
