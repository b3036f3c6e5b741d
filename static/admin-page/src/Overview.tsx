import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, failureTitle, kindLabel, messageOf, type ApiResults } from './api';
import { AutomationRules } from './AutomationRules';
import { changeSummary } from './History';
import { PointsUsage } from './Points';
import { waitingSentence } from './waiting';
import { ScheduleControl } from './Schedule';
import { runHere, stopHere, usePageRunner, worker, type PageRunner } from './page-scan-runner';
import { Limits } from './Limits';
import { SiteCaveats } from './SiteCaveats';
import { Empty, Failure, Loading } from './states';
import { RowsTable, type Row } from './Table';

type Progress = NonNullable<ApiResults['scan.status']>;
type ScanRecord = ApiResults['scan.list'][number];

const POLL_MS = 1500;

const when = (iso: string | undefined): string => (iso === undefined ? '' : new Date(iso).toLocaleString());

const SCAN_COLUMNS = ['started', 'state', 'finished', 'objects', 'coverage_gaps', 'parts', 'jira_points'] as const;

/** The kept scans as table rows, newest first (the list comes newest first from the resolver). */
const scanRows = (scans: readonly ScanRecord[]): Row[] =>
  scans.map((s) => ({
    started: when(s.startedAt),
    state: s.state === 'failed' ? `failed: ${s.error ?? 'no reason recorded'}` : s.loadedFrom === undefined ? s.state : `${s.state} (the file ${s.loadedFrom.file})`,
    finished: when(s.finishedAt),
    objects: s.counts === undefined ? null : Object.values(s.counts).reduce((a, n) => a + n, 0),
    coverage_gaps: s.coverageGaps ?? null,
    parts: s.partsTotal,
    jira_points: s.executor === 'page' ? 'none (read in the page)' : s.points === undefined ? null : s.points.quotaHits === 0 ? s.points.points : `${s.points.points.toLocaleString('en-US')} (paused ${s.points.quotaHits}× on Jira's quota)`,
  }));

/** Health, counts and coverage of the newest scan, and the Scan now button with the running scan's progress. */
export function Overview({ onScanFinished }: { readonly onScanFinished: () => void }) {
  const [scan, setScan] = useState<Progress | null | undefined>(undefined);
  const [error, setError] = useState<{ title: string; message: string } | undefined>();
  const [starting, setStarting] = useState(false);
  const [health, setHealth] = useState<{ rows: readonly Row[]; columns: readonly string[] } | undefined>();
  const [scans, setScans] = useState<readonly ScanRecord[] | undefined>();
  // The scan whose health is shown, and whether this page saw a scan running (so a finish is news to the others).
  const healthOf = useRef<string | undefined>(undefined);
  const sawRunning = useRef(false);

  const load = useCallback(async () => {
    try {
      setError(undefined);
      const status = await call('scan.status', {});
      setScan(status);
      if (status?.state === 'running') sawRunning.current = true;
      // A scan's reports are stored anew when a rules export is given or removed (its revision).
      const shown = status === null ? undefined : `${status.id}@${status.revision ?? 0}`;
      if (status?.state === 'done' && healthOf.current !== shown) {
        const table = await call('report.rows', { report: 'health', limit: 200 });
        healthOf.current = shown;
        // The counts are shown once, above; problems come first (errors, then warnings), then the rest.
        const order: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };
        const rows = table.rows
          .filter((r) => !String(r.check).startsWith('objects: '))
          .map((r, i) => ({ r, i }))
          .sort((x, y) => (order[String(x.r.severity)] ?? 3) - (order[String(y.r.severity)] ?? 3) || x.i - y.i)
          .map((x) => x.r);
        setHealth({ rows, columns: table.columns });
      }
      if (status !== null && status.state !== 'running') setScans(await call('scan.list', {}));
      if (status?.state !== 'running' && sawRunning.current) {
        sawRunning.current = false;
        onScanFinished();
      }
    } catch (e) {
      setError({ title: failureTitle(e, 'Config Lens could not read the scan'), message: messageOf(e) });
    }
  }, [onScanFinished]);

  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    if (scan?.state !== 'running') return undefined;
    const timer = setTimeout(() => { void load(); }, POLL_MS);
    return () => { clearTimeout(timer); };
  }, [scan, load]);

  const runner = usePageRunner();
  const start = async (): Promise<void> => {
    setStarting(true);
    try {
      // Started here, the scan runs in this page (through the admin's Jira session: no app points); a scan already
      // running (a scheduled one, or one another page runs) is shown instead.
      const started = await call('scan.start', { executor: 'page' });
      sawRunning.current = true;
      setScan({ ...started, partsDone: 0 });
      if (started.state === 'running' && started.executor === 'page') runHere(started.id);
    } catch (e) {
      setError({ title: failureTitle(e, 'The scan could not start'), message: messageOf(e) });
    } finally {
      setStarting(false);
    }
  };

  if (error !== undefined) return <Failure title={error.title} message={error.message} onRetry={() => void load()} />;
  if (scan === undefined) return <Loading what="the last scan" />;

  const running = scan?.state === 'running';
  const scanButton = (
    <Button appearance="primary" isDisabled={running || starting} onClick={() => void start()}>
      {running ? 'Scanning…' : 'Scan now'}
    </Button>
  );

  return (
    <section aria-labelledby="overview-heading" style={{ marginTop: 16, minWidth: 0, width: "100%" }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16 }}>
        <Heading size="medium" as="h2" id="overview-heading">
          Overview
        </Heading>
        {scanButton}
      </div>
      {scan === null ? (
        <Empty title="No scan yet">
          <p>Config Lens has not read this site's configuration yet. Scan now to see where fields, screens, workflows and schemes are used. A scan reads configuration only, never issues. Started here, it runs in this page through your Jira session, which costs the app none of its Jira points; scheduled scans run in the background.</p>
        </Empty>
      ) : null}
      {running ? (
        <div role="status" aria-live="polite" style={{ margin: '16px 0' }}>
          <p>
            Scanning {scan.site}: {scan.partsDone} of {scan.partsTotal} part{scan.partsTotal === 1 ? '' : 's'} read
            {scan.partsTotal === 1 ? ' (the plan is known once the first part is read)' : ''}.
          </p>
          <ProgressBar ariaLabel="Scan progress" value={scan.partsTotal === 0 ? 0 : scan.partsDone / Math.max(scan.partsTotal, 1)} />
          {scan.waiting === undefined ? null : <p>{waitingSentence(scan.waiting)}</p>}
          {scan.executor === 'page' ? (
            <PageScanState
              scan={scan}
              runner={runner?.scanId === scan.id ? runner : undefined}
              onHandOver={async () => {
                try {
                  stopHere();
                  await call('scan.handOver', { scanId: scan.id });
                  void load();
                } catch (e) {
                  setError({ title: failureTitle(e, 'The scan could not be handed to the backend'), message: messageOf(e) });
                }
              }}
            />
          ) : null}
        </div>
      ) : null}
      {scan?.state === 'failed' ? <Failure title="The scan failed" message={scan.error ?? 'no reason was recorded'} /> : null}
      {scan?.state === 'done' ? (
        <div>
          <p role="status" style={{ margin: '12px 0' }}>
            <Lozenge appearance="success">Scan finished</Lozenge> {when(scan.finishedAt)} · {scan.site}
          </p>
          {scan.loadedFrom === undefined ? null : (
            <p>
              Shown from the file {scan.loadedFrom.file} as it was scanned ({when(scan.loadedFrom.scannedAt)}): value counts, Automation rules and last use
              as the file holds them. Scan now reads it again through the local fake Jira, which serves what Jira&apos;s REST API can express of it.
            </p>
          )}
          {scan.sinceLast === undefined ? null : (
            <p>
              Since {when(scan.sinceLast.since)}: {changeSummary(scan.sinceLast.counts)} (the History tab lists them).
            </p>
          )}
          {(scan.coverageGaps ?? 0) > 0 ? (
            <SectionMessage appearance="warning" title={`${scan.coverageGaps ?? 0} coverage gap(s)`}>
              <p>
                Some configuration could not be seen (permissions, team-managed projects, gadgets that expose no settings, usage data Jira does not
                track{(scan.failedParts ?? 0) > 0 ? `, ${scan.failedParts ?? 0} scan part(s) that failed` : ''}). Results say so where it matters; the
                health table lists them.
              </p>
            </SectionMessage>
          ) : null}
          <SiteCaveats caveats={scan.caveats} />
          <AutomationRules
            scan={scan}
            onChanged={() => {
              // The scan's data changed: reload it here and in the other tabs.
              onScanFinished();
              void load();
            }}
          />
          <Heading size="small" as="h3">
            Findings
          </Heading>
          <HealthRows label="Findings" health={health} shown={(r) => r.severity !== 'info'} empty="No findings: nothing broken, ambiguous, unused or near a limit." />
          <Limits scanKey={`${scan.id}@${scan.revision ?? 0}`} />
          <Heading size="small" as="h3">
            Objects
          </Heading>
          <ul aria-label="Object counts" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 8, padding: 0, listStyle: 'none' }}>
            {Object.entries(scan.counts ?? {}).map(([kind, n]) => (
              <li key={kind} style={{ border: '1px solid #dfe1e6', borderRadius: 4, padding: '8px 12px' }}>
                <strong style={{ fontSize: 20 }}>{n.toLocaleString()}</strong>
                <div>{kindLabel(kind)}</div>
              </li>
            ))}
          </ul>
          <Heading size="small" as="h3">
            Other checks
          </Heading>
          <HealthRows label="Health checks" health={health} shown={(r) => r.severity === 'info'} empty="No other checks." />
        </div>
      ) : null}
      {scan !== null ? <ScheduleControl /> : null}
      {scan !== null ? <PointsUsage refresh={`${scan.id}:${scan.state}:${scan.partsDone}:${scan.waiting?.until ?? ''}`} /> : null}
      {scans !== undefined && scans.length > 0 ? (
        <div style={{ marginTop: 16 }}>
          <Heading size="small" as="h3">
            Recent scans
          </Heading>
          <p>The scans kept for this site, newest first (older ones are deleted); reports and the explorer use the newest finished one.</p>
          <RowsTable label="Recent scans" columns={SCAN_COLUMNS} rows={scanRows(scans)} total={scans.length} offset={0} pageSize={scans.length} loading={false} empty={<p>No scans.</p>} />
        </div>
      ) : null}
    </section>
  );
}

/** Some of the health report's rows (the findings, or the other checks), as a table. */
function HealthRows(props: { readonly label: string; readonly health: { rows: readonly Row[]; columns: readonly string[] } | undefined; readonly shown: (r: Row) => boolean; readonly empty: string }) {
  if (props.health === undefined) return <Loading what={props.label.toLowerCase()} />;
  const rows = props.health.rows.filter(props.shown);
  return <RowsTable label={props.label} columns={props.health.columns} rows={rows} total={rows.length} offset={0} pageSize={Math.max(1, rows.length)} loading={false} empty={<p>{props.empty}</p>} />;
}

/**
 * Where a scan started from a page runs: in this page (its parts as they go, and Stop), in another open page, or in
 * none (a page closed or stopped): then Resume here, or Hand the rest to the backend.
 */
function PageScanState({ scan, runner, onHandOver }: { readonly scan: Progress; readonly runner: PageRunner | undefined; readonly onHandOver: () => Promise<void> }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => { setNow(Date.now()); }, 5_000);
    return () => { clearInterval(timer); };
  }, []);
  if (runner?.phase === 'running') {
    return (
      <div>
        <p>
          Reading in this page, through your Jira session: Jira counts these calls as yours, not against the app&apos;s points. Keep this page open until
          the scan finishes (other tabs of Config Lens are fine); closing it pauses the scan, and you can resume it.
        </p>
        <p>
          {runner.running.length === 0 ? 'Waiting for the next parts.' : `Reading part${runner.running.length === 1 ? '' : 's'} ${runner.running.map((n) => n + 1).join(', ')}.`}
          {runner.retries > 0 ? ` ${runner.retries} retr${runner.retries === 1 ? 'y' : 'ies'} so far.` : ''}
          {runner.failed > 0 ? ` ${runner.failed} part${runner.failed === 1 ? '' : 's'} failed and will show as coverage gaps.` : ''}
        </p>
        <Button appearance="subtle" onClick={stopHere}>
          Pause the scan
        </Button>
      </div>
    );
  }
  // This page's own hold (it paused, or stopped on an error) does not keep it from resuming.
  const heldElsewhere = scan.driver !== undefined && scan.driver.worker !== worker && Date.parse(scan.driver.until) > now;
  if (heldElsewhere) {
    return <p>This scan runs in another open Config Lens page (yours or another administrator&apos;s). It goes on there; this page shows its progress. If that page was closed, this one offers to resume the scan within two minutes.</p>;
  }
  return (
    <SectionMessage appearance="warning" title="No page is running this scan">
      <p>
        {runner?.phase === 'failed' ? `It stopped in this page: ${runner.message ?? 'no reason was given'}. ` : 'The page that ran it was closed or paused it. '}
        Resume it here, or hand the rest to the backend, which reads it as background work within its hourly budget of the app&apos;s points. The parts read
        so far are kept either way.
      </p>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button appearance="primary" onClick={() => { runHere(scan.id); }}>
          Resume in this page
        </Button>
        <Button onClick={() => void onHandOver()}>Hand the rest to the backend</Button>
      </div>
    </SectionMessage>
  );
}
