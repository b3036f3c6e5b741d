import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { compileJql, JqlEvalError } from '../src/adapters/fake-jira/jql-eval';
import type { IssueRecord } from '../src/domain/model';
import { loadSample } from './support/sample';

const sample = loadSample();
const issues = sample.issues ?? [];
const NOW = new Date('2026-11-23T12:00:00Z');
const ME = '70d2a3b4c5d6e7000000eng2';

/** Keys of the sample's issues the JQL finds, in the order it gives. */
function keys(jql: string, accountId: string | null = ME): string[] {
  const q = compileJql(jql, { fields: sample.fields, accountId: accountId ?? undefined, now: NOW });
  return issues.filter((i) => q.matches(i)).sort((a, b) => q.compare(a, b)).map((i) => i.key);
}
const where = (test: (fields: Record<string, unknown>, issue: IssueRecord) => boolean): string[] => issues.filter((i) => test(i.fields, i)).map((i) => i.key);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const set = (xs: readonly string[]): Set<string> => new Set(xs);

describe('JQL in the fake Jira, evaluated over the sample issues', () => {
  it('= and != on project: != is the complement because every issue has a project', () => {
    const ops = where((f) => obj(f.project).key === 'OPS');
    expect(ops.length).toBeGreaterThan(10);
    expect(keys('project = OPS')).toEqual(ops);
    expect(keys('project = "OPS"')).toEqual(ops);
    expect(set(keys('project != OPS'))).toEqual(set(where((f) => obj(f.project).key !== 'OPS')));
  });

  it('!= and NOT IN leave out issues whose field is empty, as Jira does; IS EMPTY finds them', () => {
    const unassigned = where((f) => f.assignee === null);
    expect(unassigned.length).toBeGreaterThan(0);
    expect(keys('assignee is EMPTY')).toEqual(unassigned);
    expect(keys('assignee = EMPTY')).toEqual(unassigned);
    expect(set(keys('assignee is not EMPTY'))).toEqual(set(where((f) => f.assignee !== null)));
    const other = where((f) => f.assignee !== null && obj(f.assignee).accountId !== ME);
    expect(set(keys(`assignee != ${ME}`))).toEqual(set(other));
    expect(set(keys(`assignee not in (${ME})`))).toEqual(set(other));
  });

  it('names a field by id, name, clause name or cf[n], and matches option values at either level of a cascade', () => {
    const sev1 = where((f) => obj(f.customfield_10023).value === 'Sev 1');
    expect(sev1.length).toBeGreaterThan(0);
    for (const q of ['Severity = "Sev 1"', 'cf[10023] = "Sev 1"', 'customfield_10023 = "sev 1"']) expect(keys(q), q).toEqual(sev1);
    const germany = where((f) => obj(obj(f.customfield_10028).child).value === 'Germany');
    expect(keys('cf[10028] = Germany')).toEqual(germany);
    expect(keys('cf[10028] = EMEA').length).toBeGreaterThanOrEqual(germany.length);
  });

  it('IN lists, AND binding tighter than OR, NOT and parentheses', () => {
    const p = (i: Record<string, unknown>, k: string) => obj(i.project).key === k;
    const done = (i: Record<string, unknown>) => obj(i.status).name === 'Done';
    expect(set(keys('project in (OPS, SUP) AND status = Done'))).toEqual(set(where((f) => (p(f, 'OPS') || p(f, 'SUP')) && done(f))));
    expect(set(keys('project = OPS OR project = SUP AND status = Done'))).toEqual(set(where((f) => p(f, 'OPS') || (p(f, 'SUP') && done(f)))));
    expect(set(keys('(project = OPS OR project = SUP) AND NOT status = Done'))).toEqual(set(where((f) => (p(f, 'OPS') || p(f, 'SUP')) && !done(f))));
  });

  it('~ finds whole words (and prefixes with *) in text fields; text searches summary and description', () => {
    const alert = where((f) => /(^|[^\p{L}\p{N}])alert($|[^\p{L}\p{N}])/iu.test(String(f.summary)));
    expect(alert.length).toBeGreaterThan(0);
    expect(keys('summary ~ alert')).toEqual(alert);
    expect(keys('summary ~ "ALERT"')).toEqual(alert);
    expect(set(keys('summary ~ "aler*"'))).toEqual(set(where((f) => String(f.summary).toLowerCase().includes('aler'))));
    expect(set(keys('text ~ alert'))).toEqual(set([...alert, ...keys('description ~ alert')]));
  });

  it('compares dates and date-times by instant, with relative offsets and start/end functions', () => {
    const at = (f: Record<string, unknown>) => Date.parse(String(f.created).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    const since = Date.parse('2026-11-01T12:00:00');
    expect(set(keys('created >= "2026-11-01 12:00"'))).toEqual(set(where((f) => at(f) >= since)));
    expect(set(keys('created < "2026-11-01 12:00"'))).toEqual(set(where((f) => at(f) < since)));
    expect(set(keys('created >= -30d'))).toEqual(set(where((f) => at(f) >= NOW.getTime() - 30 * 86_400_000)));
    expect(set(keys('created >= startOfMonth()'))).toEqual(set(where((f) => at(f) >= Date.UTC(2026, 10, 1))));
    expect(set(keys('created <= endOfMonth(-1)'))).toEqual(set(where((f) => at(f) < Date.UTC(2026, 10, 1))));
  });

  it('compares keys within a project by number, and ORDER BY key sorts by project then number', () => {
    const sup = where((f, i) => i.key.startsWith('SUP-') && Number(i.key.slice(4)) > 10);
    expect(set(keys('key > SUP-10'))).toEqual(set(sup));
    const ordered = keys('project in (SUP, OPS) ORDER BY key DESC');
    const expected = where((f) => ['SUP', 'OPS'].includes(String(obj(f.project).key))).sort((a, b) => {
      const [pa, na] = a.split('-');
      const [pb, nb] = b.split('-');
      return (pb ?? '').localeCompare(pa ?? '') || Number(nb) - Number(na);
    });
    expect(ordered).toEqual(expected);
    expect(keys('project in (SUP, OPS) ORDER BY key ASC')).toEqual([...expected].reverse());
  });

  it('ORDER BY a date field sorts by instant, not by text (offsets differ between issues)', () => {
    const ordered = keys('project = OPS ORDER BY created ASC');
    const instants = ordered.map((k) => Date.parse(String(issues.find((i) => i.key === k)?.fields.created).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('currentUser() is the calling account, and matches nothing when there is none', () => {
    const mine = where((f) => obj(f.reporter).accountId === ME);
    expect(mine.length).toBeGreaterThan(0);
    expect(keys('reporter = currentUser()')).toEqual(mine);
    expect(keys('reporter = currentUser()', null)).toEqual([]);
  });

  it('refuses, with a message naming it, what it does not evaluate, and unknown fields in Jira’s words', () => {
    const refused = (jql: string): string => {
      try {
        keys(jql);
      } catch (e) {
        if (e instanceof JqlEvalError) return e.message;
        throw e;
      }
      throw new Error(`${jql} was evaluated`);
    };
    expect(refused('status changed')).toMatch(/does not evaluate the operator 'changed'/);
    expect(refused('status was Done')).toMatch(/does not evaluate the operator 'was'/);
    expect(refused('issue in linkedIssues(OPS-1)')).toMatch(/does not evaluate the function linkedIssues\(\)/);
    expect(refused('filter = 10000')).toMatch(/does not evaluate filter clauses/);
    expect(refused('Nope = 1')).toBe("Field 'Nope' does not exist or you do not have permission to view it.");
  });
});

describe('POST /rest/api/3/search/jql in the fake applies the query and its order', () => {
  const SITE = 'https://jql.fake-jira.test';
  const server = setupServer(...createFakeJiraHandlers(sample, { currentUser: ME }));
  beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
  afterAll(() => { server.close(); });
  const search = async (jql: string) => {
    const r = await fetch(`${SITE}/rest/api/3/search/jql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jql, fields: ['summary'], maxResults: 100 }) });
    return { status: r.status, body: (await r.json()) as { issues?: { key: string }[]; errorMessages?: string[] } };
  };

  it('answers the issues of the query in its order, and 400 with the reason for what it cannot evaluate', async () => {
    const ok = await search('reporter = currentUser() AND project = OPS ORDER BY key DESC');
    expect(ok.status).toBe(200);
    expect(ok.body.issues?.map((i) => i.key)).toEqual(keys('reporter = currentUser() AND project = OPS ORDER BY key DESC'));
    expect(ok.body.issues?.[0]?.key).toMatch(/^OPS-/);
    const refused = await search('project = OPS AND status changed');
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessages?.[0]).toMatch(/does not evaluate the operator 'changed'/);
  });
});
