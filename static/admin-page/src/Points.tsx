import Heading from '@atlaskit/heading';
import { useEffect, useId, useState } from 'react';
import { call, failureTitle, messageOf, type ApiResults } from './api';
import { RowsTable, type Row } from './Table';
import { waitingSentence } from './waiting';

type Usage = ApiResults['points.usage'];

const n = (x: number): string => x.toLocaleString('en-US');
/** The hours as table rows, newest first. */
const hourRows = (usage: Usage): Row[] =>
  usage.hours.map((h) => ({
    hour: `${h.hour.slice(0, 10)} ${h.hour.slice(11, 13)}:00 UTC`,
    points: h.points,
    requests: h.requests,
    scheduled_scans: h.background,
    jira_says_left: h.remaining === undefined ? 'not said (Jira tells once 80 % is used)' : `${n(h.remaining)}${h.pool === undefined ? '' : ` of ${n(h.pool)}`}`,
  }));

/**
 * Jira's points: what this site's scans cost in the last hours, what Jira said is left of its pool (it says so once
 * about 80 % is used), the budget of scheduled scans, and a pause while one holds calls back.
 */
export function PointsUsage({ refresh }: { readonly refresh: unknown }) {
  const id = useId();
  const [usage, setUsage] = useState<Usage | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    call('points.usage', {})
      .then(setUsage)
      .catch((e: unknown) => { setError(`${failureTitle(e, "Jira's points could not be read")}: ${messageOf(e)}`); });
  }, [refresh]);

  return (
    <section aria-labelledby={`${id}-heading`} style={{ marginTop: 16 }}>
      <Heading size="small" as="h3" id={`${id}-heading`}>
        Jira points
      </Heading>
      {error === undefined ? null : <p role="alert">{error}</p>}
      {usage === undefined ? null : (
        <>
          <p>
            Jira charges every call an app makes to a points quota that all sites using Config Lens share (1 point a call and 1 an object read,
            2 for users, groups and roles). Scheduled scans spend at most {n(usage.backgroundBudget.perHour)} points an hour on this site (
            {n(usage.backgroundBudget.left)} left this hour). A scan started here is read by this page through your Jira session, which Jira does not
            charge to the app; a scan handed to the backend is read part by part and pauses when Jira's quota is spent.
          </p>
          {usage.pause === null ? null : <p role="status">{waitingSentence(usage.pause)}</p>}
          <RowsTable
            label="Points by hour"
            columns={['hour', 'points', 'requests', 'scheduled_scans', 'jira_says_left']}
            rows={hourRows(usage)}
            total={usage.hours.length}
            offset={0}
            pageSize={Math.max(1, usage.hours.length)}
            loading={false}
            empty={<p>The app made no calls of its own to Jira in the last hours.</p>}
          />
        </>
      )}
    </section>
  );
}
