import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { useCallback, useEffect, useState } from 'react';
import { call, downloadCsvParts, failureTitle, kindLabel, messageOf, type ApiResults } from './api';
import { Empty, Failure, Loading } from './states';
import { whenText } from './Cleanup';
import { JiraLink } from './JiraLink';
import { People } from './Person';
import { RowsTable, type Row } from './Table';

type Summary = ApiResults['history.list'][number];
type Change = 'added' | 'removed' | 'renamed' | 'changed' | 'broken';

const PAGE = 50;
const CHANGES: readonly Change[] = ['added', 'removed', 'renamed', 'changed', 'broken'];
const when = (iso: string): string => new Date(iso).toLocaleString();

/** "3 added, 1 removed, 2 changed, 1 reference broken". */
export function changeSummary(counts: Readonly<Record<Change, number>>): string {
  const parts = [
    `${counts.added} added`,
    `${counts.removed} removed`,
    `${counts.renamed} renamed`,
    `${counts.changed} changed`,
    `${counts.broken} reference${counts.broken === 1 ? '' : 's'} broken`,
  ];
  return parts.join(', ');
}

/** What changed from scan to scan: the diffs kept 90 days, and the rows of the one opened, by kind of change. */
export function History({ scanVersion }: { readonly scanVersion: number }) {
  const [list, setList] = useState<readonly Summary[] | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [change, setChange] = useState<Change | undefined>();
  const [page, setPage] = useState<ApiResults['history.rows'] | undefined>();
  const [offset, setOffset] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<{ title: string; message: string } | undefined>();

  const loadList = useCallback(async () => {
    try {
      setError(undefined);
      const found = await call('history.list', {});
      setList(found);
      setOpen((current) => current ?? found[0]?.scanId);
    } catch (e) {
      setError({ title: failureTitle(e, 'The history could not be read'), message: messageOf(e) });
    }
  }, []);
  useEffect(() => { void loadList(); }, [loadList, scanVersion]);

  useEffect(() => {
    if (open === undefined) return;
    setLoading(true);
    call('history.rows', { scanId: open, offset, limit: PAGE, ...(change === undefined ? {} : { change }) })
      .then(setPage)
      .catch((e: unknown) => { setError({ title: failureTitle(e, 'The changes could not be read'), message: messageOf(e) }); })
      .finally(() => { setLoading(false); });
  }, [open, change, offset]);

  if (error !== undefined) return <Failure title={error.title} message={error.message} onRetry={() => void loadList()} />;
  if (list === undefined) return <Loading what="the history" />;
  if (list.length === 0) {
    return (
      <Empty title="No history yet">
        <p>Each scan after the first keeps what changed since the one before it (for 90 days). Scan again after a change to see it here.</p>
      </Empty>
    );
  }
  const rows: Row[] = list.map((h) => ({ scan: when(h.at), since: when(h.since), changes: changeSummary(h.counts), id: h.scanId }));
  return (
    <section aria-labelledby="history-heading" style={{ marginTop: 16 }}>
      <Heading size="medium" as="h2" id="history-heading">
        History
      </Heading>
      <p>
        What changed between scans, kept 90 days. Choose a scan to see its changes and the references they broke. Who made a change, and when, is
        shown where Jira&apos;s audit log names the object; people are shown by the name Jira gives them now.
      </p>
      <RowsTable
        label="Scans with changes"
        columns={['scan', 'since', 'changes', 'open']}
        rows={rows}
        total={rows.length}
        offset={0}
        pageSize={rows.length}
        loading={false}
        empty={<p>No diffs.</p>}
        render={(c, v, r) =>
          c === 'open' ? (
            <Button appearance={r.id === open ? 'primary' : 'default'} onClick={() => { setOpen(String(r.id)); setOffset(0); }}>
              {r.id === open ? 'Shown' : 'Show'}
            </Button>
          ) : v === null ? '' : String(v)
        }
      />
      {open === undefined || page === undefined ? null : (
        <div style={{ marginTop: 16 }}>
          <Heading size="small" as="h3">
            Changes since {when(page.summary.since)}
          </Heading>
          <div role="group" aria-label="Kind of change" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '8px 0' }}>
            <Button appearance={change === undefined ? 'primary' : 'default'} aria-pressed={change === undefined} onClick={() => { setChange(undefined); setOffset(0); }}>
              All ({page.summary.total})
            </Button>
            {CHANGES.map((c) => (
              <Button key={c} appearance={change === c ? 'primary' : 'default'} aria-pressed={change === c} onClick={() => { setChange(c); setOffset(0); }}>
                {c} ({page.summary.counts[c]})
              </Button>
            ))}
            <Button appearance="subtle" onClick={() => void downloadCsvParts((part) => call('history.csv', { scanId: open, part }))}>
              Download CSV
            </Button>
          </div>
          <RowsTable
            label="Changes"
            columns={page.columns}
            rows={page.rows}
            total={page.total}
            offset={page.offset}
            pageSize={PAGE}
            loading={loading}
            onPage={setOffset}
            empty={<p>No changes of this kind.</p>}
            render={(c, v, r) => {
              if (c === 'kind' && typeof v === 'string') return kindLabel(v);
              // The object's name opens it in Jira, or says why it cannot (a removed object has nothing to open).
              if (c === 'name') return <JiraLink name={v === null ? '' : String(v)} link={r.link} why={r.link_why} />;
              if (c === 'changed_at' && typeof v === 'string') {
                const at = whenText(v);
                return <span title={at.title}>{at.text}</span>;
              }
              // Who changed it, by name, looked up now through Jira (the diff keeps account ids only).
              if (c === 'changed_by' && typeof v === 'string') return <People ids={v} />;
              return v === null ? '' : String(v);
            }}
          />
        </div>
      )}
    </section>
  );
}
