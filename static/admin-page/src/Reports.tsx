import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useCallback, useEffect, useState } from 'react';
import { call, downloadCsvParts, kindLabel, messageOf, type ApiResults } from './api';
import { Empty, Failure } from './states';
import { OBJECT_KINDS } from '../../../src/domain/model';
import { JiraLink } from './JiraLink';
import { RowsTable, type Row, type Sort } from './Table';

type StoredReport = 'unused' | 'cleanup' | 'duplicates' | 'references' | 'limits' | 'inventory' | 'health';

const REPORTS: readonly { readonly value: StoredReport; readonly label: string; readonly about: string }[] = [
  { value: 'unused', label: 'Unused', about: 'Objects nothing uses, with the criterion each row was judged by.' },
  {
    value: 'cleanup',
    label: 'Cleanup',
    about: 'Candidates for cleanup with a verdict: safe (nothing uses it, holds no values, nothing hides a use) or review, with the reasons to look first. Config Lens changes nothing in Jira.',
  },
  { value: 'duplicates', label: 'Duplicates', about: 'Custom fields with the same name, filters with the same JQL, and other same-name objects.' },
  { value: 'references', label: 'Broken and ambiguous references', about: 'JQL, rules and schemes that name something missing, or a name several objects share.' },
  {
    value: 'limits',
    label: "Jira's limits per space",
    about:
      "Each space (and select field, permission, the site) against Atlassian's published limits, worst first. Under a space at 80 % or more: the fields that could go, with what to do (delete a field Cleanup calls safe; narrow the global context of a field no issue of that space holds a value of).",
  },
  { value: 'inventory', label: 'Inventory', about: 'Every object the scan read.' },
  { value: 'health', label: 'Health', about: 'Counts, the worst offenders and coverage gaps.' },
];

/** The name columns of a row's object, in the order the resolver picks the object a row's link goes to (src/app/row-links.ts). */
const OBJECT_NAMES = [
  ['candidate_id', 'candidate_name'],
  ['used_by_id', 'used_by_name'],
  ['affected_id', 'affected_name'],
  ['source_id', 'source_name'],
  ['id', 'name'],
] as const;

/** The column whose name the row's Jira link belongs to: the first object column the row fills. */
export function linkedColumn(r: Row): string | undefined {
  return OBJECT_NAMES.find(([id]) => typeof r[id] === 'string' && r[id] !== '')?.[1];
}

// Every kind of the snapshot, from the model: a copy here missed the kinds added since.
const KINDS = OBJECT_KINDS;
const PAGE = 50;

/** The stored reports as tables: filter, kind, server-side sort and paging, and the whole report as CSV. */
export function Reports({ scanVersion }: { readonly scanVersion: number }) {
  const [report, setReport] = useState<StoredReport>('unused');
  const [filter, setFilter] = useState('');
  const [appliedFilter, setAppliedFilter] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [sort, setSort] = useState<Sort | undefined>();
  const [offset, setOffset] = useState(0);
  const [table, setTable] = useState<ApiResults['report.rows'] | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const [downloading, setDownloading] = useState<string | undefined>();

  useEffect(() => {
    const timer = setTimeout(() => { setAppliedFilter(filter.trim()); setOffset(0); }, 300);
    return () => { clearTimeout(timer); };
  }, [filter]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const rows = await call('report.rows', {
        report,
        offset,
        limit: PAGE,
        ...(appliedFilter === '' ? {} : { filter: appliedFilter }),
        ...(kind === undefined ? {} : { kind: kind as never }),
        ...(sort === undefined ? {} : { sort }),
      });
      setTable(rows);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [report, offset, appliedFilter, kind, sort]);

  useEffect(() => { void load(); }, [load, scanVersion]);

  const downloadCsv = async (): Promise<void> => {
    setDownloading('Preparing the CSV…');
    try {
      const narrowing = { ...(appliedFilter === '' ? {} : { filter: appliedFilter }), ...(kind === undefined ? {} : { kind: kind as never }) };
      await downloadCsvParts(
        (part) => call('report.csv', { report, part, ...narrowing }),
        (done, parts) => { setDownloading(`Preparing the CSV… part ${done + 1} of ${parts}`); },
      );
      setDownloading(undefined);
    } catch (e) {
      setDownloading(undefined);
      setError(messageOf(e));
    }
  };

  const about = REPORTS.find((r) => r.value === report);
  return (
    <section aria-labelledby="reports-heading" style={{ marginTop: 16, minWidth: 0, width: "100%" }}>
      <Heading size="medium" as="h2" id="reports-heading">
        Reports
      </Heading>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-end', margin: '8px 0' }}>
        <div style={{ minWidth: 260 }}>
          <label htmlFor="report-select">Report</label>
          <Select
            inputId="report-select"
            options={REPORTS.map((r) => ({ value: r.value, label: r.label }))}
            value={{ value: report, label: about?.label ?? report }}
            onChange={(o) => {
              if (o === null) return;
              // Another report starts unfiltered: a filter or kind chosen for one report hid rows of the next.
              setReport(o.value);
              setOffset(0);
              setSort(undefined);
              setFilter('');
              setAppliedFilter('');
              setKind(undefined);
            }}
          />
        </div>
        <div style={{ minWidth: 220 }}>
          <label htmlFor="report-kind">Kind</label>
          <Select
            inputId="report-kind"
            isClearable
            placeholder="All kinds"
            options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            value={kind === undefined ? null : { value: kind, label: kindLabel(kind) }}
            onChange={(o) => { setKind(o?.value); setOffset(0); }}
          />
        </div>
        <div style={{ minWidth: 240 }}>
          <label htmlFor="report-filter">Filter rows</label>
          <Textfield id="report-filter" placeholder="Text in any column" value={filter} onChange={(e) => { setFilter(e.currentTarget.value); }} />
        </div>
        <Button onClick={() => void downloadCsv()} isDisabled={downloading !== undefined || table?.scanId === null || table?.total === 0}>
          Download CSV
        </Button>
      </div>
      <p>{about?.about}</p>
      {downloading !== undefined ? <p role="status">{downloading}</p> : null}
      {error !== undefined ? <Failure title="The report could not be read" message={error} onRetry={() => void load()} /> : null}
      {table?.scanId === null ? (
        <Empty title="No scan yet">Run a scan from the Overview tab; its reports appear here.</Empty>
      ) : (
        <RowsTable
          label={about?.label ?? report}
          columns={table?.columns ?? []}
          rows={table?.rows ?? []}
          total={table?.total ?? 0}
          offset={offset}
          pageSize={PAGE}
          loading={loading}
          sort={sort}
          onSort={(s) => { setSort(s); setOffset(0); }}
          onPage={setOffset}
          empty={<p>{appliedFilter !== '' || kind !== undefined ? 'No rows match the filter.' : 'This report has no rows: nothing to report.'}</p>}
          render={(c, v, r) => {
            if ((c === 'kind' || c.endsWith('_kind')) && typeof v === 'string') return kindLabel(v);
            // The object's name opens it in Jira; a row naming several objects (duplicates) says why it has no one link.
            if (c === linkedColumn(r) || (c === 'name' && linkedColumn(r) === undefined)) return <JiraLink name={v === null ? '' : String(v)} link={r.link} why={r.link_why} />;
            return v === null ? '' : String(v);
          }}
        />
      )}
      {table !== undefined && table.scanId !== null ? <p aria-live="polite">{table.total.toLocaleString()} row{table.total === 1 ? '' : 's'}</p> : null}
    </section>
  );
}
