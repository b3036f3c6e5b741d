import type { ApiResults } from '../../../src/app/admin-api';

type Waiting = NonNullable<NonNullable<ApiResults['scan.status']>['waiting']>;

/** `14:00 UTC`, with the date when it is not today's (UTC: Jira's quota windows are clock hours). */
export function utcTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const time = `${d.toISOString().slice(11, 16)} UTC`;
  return d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${d.toISOString().slice(0, 10)} ${time}`;
}

/** What a waiting scan waits for, in one sentence ("Paused by Jira's hourly quota until 14:00 UTC; resumes by itself"). */
export function waitingSentence(w: Waiting, now: Date = new Date()): string {
  const until = utcTime(w.until, now);
  switch (w.why) {
    case 'quota':
      return `Paused by Jira's hourly quota until ${until}; resumes by itself.`;
    case 'budget':
      return `Paused: this hour's budget for scheduled scans is spent, until ${until}; resumes by itself.`;
    case 'reserve':
      return `Paused while Jira says less than 20 % of its points are left, until ${until}; resumes by itself.`;
    case 'start':
      return `Scheduled scan: starts at ${until}, this site's own minute of the hour (so that sites do not all spend Jira's shared points at once).`;
  }
}

