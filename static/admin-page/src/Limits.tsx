import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import { useEffect, useState } from 'react';
import { call, kindLabel, messageOf, type ApiResults } from './api';
import { JiraLink } from './JiraLink';
import { Failure, Loading } from './states';

const NEAR = 80;

type Overview = ApiResults['limits.overview'];
type Gauge = Overview['gauges'][number];

const number = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : '');

/**
 * Each space's use of Jira's published limits, worst first (the limits report): a gauge for each of the worst, and
 * under one at 80 % or more, what could go. A limit Jira does not publish says so.
 */
export function Limits({ scanKey }: { readonly scanKey: string }) {
  const [overview, setOverview] = useState<Overview | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    call('limits.overview', {})
      .then((o) => { if (live) setOverview(o); })
      .catch((e: unknown) => { if (live) setError(messageOf(e)); });
    return () => { live = false; };
  }, [scanKey]);
  if (error !== undefined) return <Failure title="Jira's limits could not be read" message={error} />;
  if (overview === undefined) return <Loading what="Jira's limits" />;
  if (overview.scanId === null) return null;
  return (
    <div>
      <Heading size="small" as="h3">
        Jira&apos;s limits per space
      </Heading>
      <p>
        Atlassian&apos;s published limits (data limits and guardrails), the nearest of {overview.total.toLocaleString('en-US')} first. A field with a
        global context counts in every company-managed space. Reports → Jira&apos;s limits per space lists every one and everything that could go.
      </p>
      <ul aria-label="Jira's limits, nearest first" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: 12 }}>
        {overview.gauges.map((g) => {
          const percent = typeof g.row.percent === 'number' ? g.row.percent : 0;
          const label = `${kindLabel(String(g.row.kind))} ${String(g.row.name)}: ${String(g.row.limit)}`;
          return (
            <li key={`${String(g.row.kind)}:${String(g.row.id)}:${String(g.row.limit)}`}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
                <JiraLink name={String(g.row.name)} link={g.row.link} why={g.row.link_why} />
                <span>
                  {String(g.row.limit)}: {number(g.row.used)} of {number(g.row.max)} ({percent}%)
                </span>
                {percent >= 100 ? <Lozenge appearance="removed">at the limit</Lozenge> : percent >= NEAR ? <Lozenge appearance="moved">near the limit</Lozenge> : null}
              </div>
              <ProgressBar ariaLabel={label} value={Math.min(1, percent / 100)} />
              {percent >= NEAR ? <Candidates gauge={g} /> : null}
            </li>
          );
        })}
      </ul>
      {overview.unlimited.map((r) => (
        <p key={String(r.limit)}>
          {String(r.limit)}: {number(r.used)}, no published limit.
        </p>
      ))}
    </div>
  );
}

function Candidates({ gauge }: { readonly gauge: Gauge }) {
  const { row, candidates, candidateCount } = gauge;
  return (
    <div style={{ marginTop: 4 }}>
      <p>{String(row.action ?? '')}</p>
      {candidates.length === 0 ? null : (
        <ul aria-label={`What could go from ${String(row.name)}`}>
          {candidates.map((c) => (
            <li key={String(c.candidate_id)}>
              <JiraLink name={String(c.candidate_name)} link={c.link} why={c.link_why} /> ({String(c.candidate_id)}): {String(c.action)}
            </li>
          ))}
          {candidateCount > candidates.length ? <li>and {(candidateCount - candidates.length).toLocaleString('en-US')} more in Reports → Jira&apos;s limits per space</li> : null}
        </ul>
      )}
    </div>
  );
}
