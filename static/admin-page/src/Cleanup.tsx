import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { useEffect, useId, useState } from 'react';
import { ON_REQUEST_KINDS, UNUSED_KINDS } from '../../../src/domain/analysis/verdicts';
import { createCsvEncoder } from '../../../src/domain/csv';
import { call, download, failureTitle, kindLabel, messageOf, type ApiResults } from './api';
import { Failure } from './states';
import { JiraLink } from './JiraLink';
import { RowsTable, type Row, type Sort } from './Table';
import { Reasons } from './Reasons';
import { SiteCaveats } from './SiteCaveats';

type Verdict = 'safe' | 'review';
const PAGE = 50;
/** The kinds "All kinds" covers and those judged when chosen: the domain's own lists, not copies (the CLI's `--kind` takes the same). */
const KINDS = UNUSED_KINDS;
const ON_REQUEST = ON_REQUEST_KINDS;
const COLUMNS = ['pick', 'kind', 'name', 'verdict', 'reasons', 'last_used', 'issues_with_value'] as const;
const CSV_COLUMNS = ['kind', 'id', 'name', 'verdict', 'reasons', 'last_used', 'issues_with_value'] as const;

const keyOf = (r: Row): string => `${String(r.kind)}:${String(r.id)}`;
/** Rows read a call when every matching row is picked (the resolver's most). */
const PICK_PAGE = 500;

const VERDICT_LOOK: Readonly<Record<string, 'success' | 'moved' | 'default'>> = { safe: 'success', review: 'moved', 'in-use': 'default' };

const UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "4 months ago" for a date (the date itself on hover); words such as "not tracked" as they are. */
export function whenText(value: string, now = Date.now()): { readonly text: string; readonly title?: string } {
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return { text: value };
  const ago = now - at;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(ago) >= ms) ?? ['minute', 60_000];
  return { text: RELATIVE.format(-Math.round(ago / size), unit), title: new Date(at).toLocaleString() };
}

/**
 * The cleanup report as a view: every candidate with its verdict (safe, or review with the reasons), filtered by kind
 * and verdict; rows picked across pages download as CSV. Config Lens changes nothing in Jira: deleting is the admin's.
 */
export function Cleanup({ scanVersion }: { readonly scanVersion: number }) {
  const ids = useId();
  const [kind, setKind] = useState<string>('');
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<Sort | undefined>();
  const [picking, setPicking] = useState(false);
  const [page, setPage] = useState<ApiResults['report.rows'] | undefined>();
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<ReadonlyMap<string, Row>>(new Map());
  const [error, setError] = useState<{ title: string; message: string } | undefined>();
  const [caveats, setCaveats] = useState<readonly string[] | undefined>();

  useEffect(() => {
    call('scan.status', {})
      .then((s) => { setCaveats(s?.state === 'done' ? (s.caveats ?? []) : undefined); })
      .catch(() => { setCaveats(undefined); });
  }, [scanVersion]);

  const narrowing = { ...(kind === '' ? {} : { kind: kind as never }), ...(verdict === '' ? {} : { verdict }) };
  useEffect(() => {
    setLoading(true);
    call('report.rows', { report: 'cleanup', offset, limit: PAGE, ...narrowing, ...(sort === undefined ? {} : { sort }) })
      .then((p) => { setPage(p); setError(undefined); })
      .catch((e: unknown) => { setError({ title: failureTitle(e, 'The cleanup report could not be read'), message: messageOf(e) }); })
      .finally(() => { setLoading(false); });
  }, [kind, verdict, offset, sort, scanVersion]);

  const pickAll = async (): Promise<void> => {
    // Every row the kind and verdict match, read a few hundred at a time (bounded by the count the first page gave).
    setPicking(true);
    try {
      const total = page?.total ?? 0;
      const rows: Row[] = [];
      for (let from = 0; from < total; from += PICK_PAGE) rows.push(...(await call('report.rows', { report: 'cleanup', offset: from, limit: PICK_PAGE, ...narrowing })).rows);
      setPicked((before) => new Map([...before, ...rows.map((r) => [keyOf(r), r] as const)]));
    } catch (e) {
      setError({ title: failureTitle(e, 'The rows could not be picked'), message: messageOf(e) });
    } finally {
      setPicking(false);
    }
  };
  const shown = page?.rows ?? [];
  const allShownPicked = shown.length > 0 && shown.every((r) => picked.has(keyOf(r)));
  const pickShown = (on: boolean): void => {
    setPicked((before) => {
      const next = new Map(before);
      for (const r of shown) {
        if (on) next.set(keyOf(r), r);
        else next.delete(keyOf(r));
      }
      return next;
    });
  };

  const toggle = (row: Row): void => {
    setPicked((before) => {
      const next = new Map(before);
      if (next.has(keyOf(row))) next.delete(keyOf(row));
      else next.set(keyOf(row), row);
      return next;
    });
  };

  const downloadPicked = (): void => {
    const encoder = createCsvEncoder({ formulaGuard: true });
    let text = encoder.record(CSV_COLUMNS);
    for (const r of picked.values()) text += encoder.record(CSV_COLUMNS.map((c) => r[c] ?? null));
    download('config-lens-cleanup-selection.csv', text);
  };

  if (error !== undefined) return <Failure title={error.title} message={error.message} />;
  return (
    <section aria-labelledby={`${ids}-heading`} style={{ marginTop: 16 }}>
      <Heading size="medium" as="h2" id={`${ids}-heading`}>
        Cleanup
      </Heading>
      <p>
        What could go, with a verdict: <strong>safe</strong> (nothing uses it, it holds no values, and no unseen place could use it) or{' '}
        <strong>review</strong>, with the reasons to look first. Config Lens changes nothing in Jira. Filters, options, boards and dashboards are
        judged when their kind is chosen (a site has thousands; nothing records a board or dashboard being opened, so they are always review).
      </p>
      <SiteCaveats caveats={caveats} />
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap', margin: '8px 0' }}>
        <label htmlFor={`${ids}-kind`}>Kind</label>
        <select id={`${ids}-kind`} value={kind} onChange={(e) => { setKind(e.currentTarget.value); setOffset(0); }}>
          <option value="">All kinds (but those below)</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
          <optgroup label="Judged when chosen">
            {ON_REQUEST.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </optgroup>
        </select>
        <label htmlFor={`${ids}-verdict`}>Verdict</label>
        <select id={`${ids}-verdict`} value={verdict} onChange={(e) => { setVerdict(e.currentTarget.value as Verdict | ''); setOffset(0); }}>
          <option value="">Safe and review</option>
          <option value="safe">Safe</option>
          <option value="review">Review</option>
        </select>
        <Button appearance="primary" isDisabled={picked.size === 0} onClick={downloadPicked}>
          Download the {picked.size} picked as CSV
        </Button>
        <Button isDisabled={picking || (page?.total ?? 0) === 0} onClick={() => void pickAll()}>
          {picking ? 'Picking…' : `Pick all ${(page?.total ?? 0).toLocaleString('en-US')} matching`}
        </Button>
        {picked.size === 0 ? null : (
          <Button appearance="subtle" onClick={() => { setPicked(new Map()); }}>
            Clear the picks
          </Button>
        )}
      </div>
      <RowsTable
        label="Cleanup candidates"
        columns={COLUMNS}
        rows={page?.rows ?? []}
        total={page?.total ?? 0}
        offset={offset}
        pageSize={PAGE}
        loading={loading}
        onPage={setOffset}
        sort={sort}
        onSort={(s) => { setSort(s); setOffset(0); }}
        sortable={COLUMNS.filter((c) => c !== 'pick')}
        heading={(c) =>
          c === 'pick' ? <input type="checkbox" aria-label="Pick every row of this page" checked={allShownPicked} onChange={(e) => { pickShown(e.currentTarget.checked); }} /> : undefined
        }
        empty={<p>{kind !== '' || verdict !== '' ? 'No candidates match.' : 'Nothing to clean up: every candidate is in use.'}</p>}
        render={(c, v, r) => {
          if (c === 'pick') {
            return <input type="checkbox" aria-label={`Pick ${kindLabel(String(r.kind))} ${String(r.name)}`} checked={picked.has(keyOf(r))} onChange={() => { toggle(r); }} />;
          }
          if (c === 'kind' && typeof v === 'string') return kindLabel(v);
          if (c === 'name') return <JiraLink name={v === null ? '' : String(v)} link={r.link} why={r.link_why} />;
          if (c === 'reasons' && typeof v === 'string') return <Reasons reasons={v} />;
          if (c === 'verdict' && typeof v === 'string') return <Lozenge appearance={VERDICT_LOOK[v] ?? 'default'}>{v}</Lozenge>;
          if (c === 'last_used' && typeof v === 'string') {
            const when = whenText(v);
            return when.title === undefined ? when.text : <time dateTime={v} title={when.title}>{when.text}</time>;
          }
          return v === null ? '' : String(v);
        }}
      />
    </section>
  );
}
