import { describe, expect, it } from 'vitest';
import { utcTime, waitingSentence } from '../static/admin-page/src/waiting';

describe('what the page says of a scan that waits', () => {
  it("says the quota pause the issue asks for, in UTC (Jira's windows are clock hours), with the date only when not today", () => {
    const now = new Date('2026-12-03T13:20:00Z');
    expect(waitingSentence({ until: '2026-12-03T14:00:00.000Z', why: 'quota' }, now)).toBe("Paused by Jira's hourly quota until 14:00 UTC; resumes by itself.");
    expect(utcTime('2026-01-02T09:05:00Z', new Date('2026-12-03T10:00:00Z'))).toBe('2026-01-02 09:05 UTC');
    expect(utcTime('2026-12-03T23:59:00Z', new Date('2026-12-03T10:00:00Z'))).toBe('23:59 UTC');
  });

  it('names each other reason: the budget of scheduled scans, the pool running low, a scheduled start', () => {
    const now = new Date('2026-12-03T13:20:00Z');
    const at = '2026-12-03T13:27:00.000Z';
    expect(waitingSentence({ until: at, why: 'budget' }, now)).toContain("this hour's budget for scheduled scans is spent, until 13:27 UTC");
    expect(waitingSentence({ until: at, why: 'reserve' }, now)).toContain('less than 20 % of its points are left, until 13:27 UTC');
    expect(waitingSentence({ until: at, why: 'start' }, now)).toContain("starts at 13:27 UTC, this site's own minute of the hour");
  });
});
