import { describe, expect, it } from 'vitest';
import { adfToText, exportHeader, isoDateTime, issueCells, renderField, selectFields, valueCounts, type IssueRecord } from '../src/domain/issues';
import type { Field } from '../src/domain/model';
import { loadSample } from './support/sample';

const catalogue = loadSample().fields;
const field = (id: string): Field => {
  const f = catalogue.find((x) => x.id === id);
  if (f === undefined) throw new Error(id);
  return f;
};
const users = (id: string): string | undefined => ({ 'acct-hidden': 'Privacy Person' })[id];

describe('rendering issue values by field schema', () => {
  it.each([
    ['assignee', { accountId: 'a1', displayName: 'Ada Lovelace', active: true }, ['Ada Lovelace']],
    ['assignee', { accountId: 'acct-hidden', accountType: 'atlassian', active: false }, ['Privacy Person']],
    ['assignee', { accountId: 'acct-unknown', active: true }, ['acct-unknown']],
    ['customfield_10027', [{ accountId: 'a1', displayName: 'Ada' }, { accountId: 'a2', displayName: 'Grace' }], ['Ada', 'Grace']],
    ['customfield_10023', { id: '1', value: 'Sev 1' }, ['Sev 1']],
    ['customfield_10035', [{ value: 'Email' }, { value: 'Social' }], ['Email', 'Social']],
    ['customfield_10028', { value: 'EMEA', child: { value: 'Germany' } }, ['EMEA / Germany']],
    ['customfield_10028', { value: 'APAC' }, ['APAC']],
    ['labels', ['backend', 'urgent'], ['backend', 'urgent']],
    ['components', [{ id: '1', name: 'API' }], ['API']],
    ['fixVersions', [{ id: '1', name: '2.0' }, { id: '2', name: '2.1' }], ['2.0', '2.1']],
    ['customfield_10020', [{ id: 1, name: 'Sprint 41', state: 'closed' }, { id: 2, name: 'Sprint 42', state: 'active' }], ['Sprint 41', 'Sprint 42']],
    ['duedate', '2026-12-01', ['2026-12-01']],
    ['created', '2026-11-20T09:12:00.000+0100', ['2026-11-20T09:12:00.000+01:00']],
    ['customfield_10022', 5.5, ['5.5']],
    ['customfield_10022', 0, ['0']],
    ['parent', { id: '1', key: 'ENG-1', fields: { summary: 'Epic' } }, ['ENG-1']],
    ['timetracking', { originalEstimate: '1d', remainingEstimate: '4h', timeSpent: '2h' }, ['original estimate 1d, remaining 4h, time spent 2h']],
    ['issuelinks', [{ type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: 'ENG-2' } }, { type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: 'ENG-3' } }], ['blocks ENG-2', 'is blocked by ENG-3']],
    ['status', { id: '3', name: 'In Progress' }, ['In Progress']],
    ['customfield_10010', { id: 'team-1', name: 'Platform' }, ['Platform']],
    ['summary', null, []],
    ['customfield_10024', { weird: [1, 2] }, ['{"weird":[1,2]}']],
  ])('%s %j → %j', (id, value, expected) => {
    expect(renderField(value, field(id), users)).toEqual(expected);
  });

  it('turns rich text into plain text with paragraphs, lists and breaks kept as lines', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Hello ' }, { type: 'mention', attrs: { id: 'a1', text: '@Ada' } }, { type: 'text', text: ',' }, { type: 'hardBreak' }, { type: 'text', text: 'second line' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }, { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] }] },
        { type: 'codeBlock', content: [{ type: 'text', text: 'x = 1' }] },
        { type: 'paragraph', content: [{ type: 'emoji', attrs: { shortName: ':tada:', text: '🎉' } }] },
      ],
    };
    expect(adfToText(doc)).toBe('Hello @Ada,\nsecond line\n- one\n- two\nx = 1\n🎉');
    expect(renderField(doc, field('description'))).toEqual(['Hello @Ada,\nsecond line\n- one\n- two\nx = 1\n🎉']);
    expect(adfToText({ type: 'doc', content: 'not a list' })).toBe('');
  });

  it('keeps the site offset of date-times and only reformats the offset', () => {
    expect(isoDateTime('2026-01-02T03:04:05.678-0530')).toBe('2026-01-02T03:04:05.678-05:30');
    expect(isoDateTime('2026-01-02T03:04:05.678Z')).toBe('2026-01-02T03:04:05.678Z');
  });
});

describe('columns', () => {
  const fields = selectFields(catalogue, ['summary', 'Team', 'customfield_10010', 'assignee', 'Labels']);

  it('selects by id or name, refuses a shared name, and names what is unknown', () => {
    expect(selectFields(catalogue, ['Team'])).toEqual({ ok: false, error: "--fields: 'Team' is the name of 2 fields (customfield_10010, customfield_10011): give the id" });
    expect(selectFields(catalogue, ['nope'])).toEqual({ ok: false, error: "--fields: no field has the id or name 'nope'" });
    const all = selectFields(catalogue, ['*all']);
    expect(all.ok && all.value.length).toBe(catalogue.length);
  });

  it('puts the key first and disambiguates same-name fields by id', () => {
    const f = selectFields(catalogue, ['summary', 'customfield_10010', 'customfield_10011', 'assignee']);
    if (!f.ok) throw new Error(f.error);
    expect(exportHeader(f.value, { accountIds: true })).toEqual(['Issue key', 'Summary', 'Team (customfield_10010)', 'Team (customfield_10011)', 'Assignee', 'Assignee (account id)']);
    expect(fields.ok).toBe(false);
  });

  it('joins multi-values in one cell by default, or repeats columns sized by the most values', () => {
    const f = selectFields(catalogue, ['summary', 'labels', 'assignee']);
    if (!f.ok) throw new Error(f.error);
    const issues: IssueRecord[] = [
      { id: '1', key: 'ENG-1', fields: { summary: 'A', labels: ['x', 'y', 'z'], assignee: { accountId: 'a1', displayName: 'Ada' } } },
      { id: '2', key: 'ENG-2', fields: { summary: 'B', labels: ['q'], assignee: null } },
    ];
    expect(issueCells(issues[0]!, f.value)).toEqual(['ENG-1', 'A', 'x; y; z', 'Ada']);
    expect(issueCells(issues[0]!, f.value, { separator: ' | ', accountIds: true })).toEqual(['ENG-1', 'A', 'x | y | z', 'Ada', 'a1']);
    const counts = new Map<string, number>();
    for (const i of issues) for (const [id, n] of valueCounts(i, f.value)) counts.set(id, Math.max(n, counts.get(id) ?? 0));
    expect(exportHeader(f.value, { multi: 'columns' }, counts)).toEqual(['Issue key', 'Summary', 'Labels', 'Labels', 'Labels', 'Assignee']);
    expect(issueCells(issues[1]!, f.value, { multi: 'columns' }, undefined, counts)).toEqual(['ENG-2', 'B', 'q', '', '', '']);
  });
});

describe('issue export cells people can read (real shapes of system fields)', () => {
  const system = (id: string, type: string, extra: Partial<Field['schema']> = {}): Field => ({ id, name: id, custom: false, clauseNames: [id], schema: { type, system: id, ...extra } });

  it.each([
    ['progress as time of time and the percentage', system('progress', 'progress'), { progress: 28_800, total: 36_000, percent: 80 }, ['8h of 10h (80%)']],
    ['aggregate progress without a percent', system('aggregateprogress', 'progress'), { progress: 5_400, total: 7_200 }, ['1h 30m of 2h (75%)']],
    ['no progress at all as an empty cell', system('progress', 'progress'), { progress: 0, total: 0 }, []],
    ['time tracking', system('timetracking', 'timetracking'), { originalEstimate: '1d', remainingEstimate: '4h', timeSpent: '4h', originalEstimateSeconds: 28_800 }, ['original estimate 1d, remaining 4h, time spent 4h']],
    ['the restricting roles and groups by name', system('issuerestriction', 'issuerestriction'), { issuerestrictions: { projectrole: [{ id: 10002, name: 'Administrators' }], group: [{ name: 'hr-team' }] }, shouldDisplay: true }, ['projectrole: Administrators; group: hr-team']],
    ['no restriction (observed as {} and [])', system('issuerestriction', 'issuerestriction'), { issuerestrictions: [], shouldDisplay: false }, []],
    ['votes as a count', system('votes', 'votes'), { self: 'x', votes: 3, hasVoted: false }, ['3']],
    ['watches as a count', system('watches', 'watches'), { self: 'x', watchCount: 2, isWatching: true }, ['2']],
    ['attachments by file name', system('attachment', 'array', { items: 'attachment' }), [{ id: '1', filename: 'spec.pdf', author: { displayName: 'Ada' }, size: 10 }, { id: '2', filename: 'logo.png', size: 3 }], ['spec.pdf', 'logo.png']],
    ['a licence error object as an empty cell', { id: 'customfield_10090', name: 'Time to resolution', custom: true, clauseNames: [] }, { errorMessage: 'Jira Service Management is not licensed on this site.' }, []],
  ] as const)('%s', (_what, f, value, expected) => {
    expect(renderField(value, f as Field)).toEqual(expected);
  });

  it('worklog is the time logged in all, from timespent, not the page of worklogs Jira lists', () => {
    const worklog = system('worklog', 'array', { items: 'worklog' });
    const value = { startAt: 0, maxResults: 2, total: 25, worklogs: [{ timeSpentSeconds: 3_600 }, { timeSpentSeconds: 1_800 }] };
    const issue: IssueRecord = { id: '1', key: 'OPS-1', fields: { worklog: value, timespent: 90_000 } };
    expect(issueCells(issue, [worklog])).toEqual(['OPS-1', '25h']);
    expect(renderField(value, worklog)).toEqual(['at least 1h 30m (the first 2 of 25 worklogs)']);
    expect(renderField({ total: 2, worklogs: [{ timeSpentSeconds: 3_600 }, { timeSpentSeconds: 1_800 }] }, worklog)).toEqual(['1h 30m']);
  });

  it('ADF link marks and cards keep their URL after the text, separated by a space', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'see ' }, { type: 'text', text: 'the runbook', marks: [{ type: 'link', attrs: { href: 'https://wiki.acme.test/run' } }] }, { type: 'text', text: ' and ' }, { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/OPS-2' } }] },
        { type: 'blockCard', attrs: { data: { '@type': 'Document', name: 'Q3 plan', url: 'https://docs.acme.test/q3' } } },
        { type: 'paragraph', content: [{ type: 'text', text: 'https://x.test', marks: [{ type: 'link', attrs: { href: 'https://x.test' } }] }] },
      ],
    };
    expect(adfToText(doc)).toBe('see the runbook https://wiki.acme.test/run and https://acme.atlassian.net/browse/OPS-2\nQ3 plan https://docs.acme.test/q3\nhttps://x.test');
  });
});
