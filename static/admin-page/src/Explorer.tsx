import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Textfield from '@atlaskit/textfield';
import { Fragment, useEffect, useState } from 'react';
import { call, downloadCsvParts, kindLabel, messageOf, type ApiResults } from './api';
import { ImpactGraph, ImpactTree } from './Impact';
import { Empty, Failure, Loading } from './states';
import { JiraLink } from './JiraLink';
import { Person } from './Person';
import { Reasons } from './Reasons';
import { RowsTable } from './Table';

type Found = ApiResults['object.search']['results'][number];
type ObjectReport = ApiResults['object.whereUsed'];
type Card = ApiResults['object.card'];

const WHERE_USED_COLUMNS = ['used_by_kind', 'used_by_id', 'used_by_name', 'relation', 'use', 'evidence'];

/** Finds any object by name or id, then shows where it is used (with evidence) and what a change to it reaches. */
export function Explorer({ scanVersion }: { readonly scanVersion: number }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ApiResults['object.search'] | undefined>();
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<Found | undefined>();
  const [whereUsed, setWhereUsed] = useState<ObjectReport | undefined>();
  const [impact, setImpact] = useState<ObjectReport | undefined>();
  const [card, setCard] = useState<Card | undefined>();
  const [view, setView] = useState<'where-used' | 'impact'>('where-used');
  const [detailError, setDetailError] = useState<string | undefined>();

  useEffect(() => {
    const text = query.trim();
    if (text === '') {
      setFound(undefined);
      return undefined;
    }
    // Search as the admin types, once they pause.
    const timer = setTimeout(() => {
      setSearching(true);
      call('object.search', { query: text, limit: 25 })
        .then((r) => { setFound(r); setError(undefined); })
        .catch((e: unknown) => { setError(messageOf(e)); })
        .finally(() => { setSearching(false); });
    }, 250);
    return () => { clearTimeout(timer); };
  }, [query, scanVersion]);

  const open = (o: Found): void => {
    setSelected(o);
    setWhereUsed(undefined);
    setImpact(undefined);
    setCard(undefined);
    setDetailError(undefined);
    const address = `${o.kind}:${o.id}`;
    Promise.all([call('object.card', { address }), call('object.whereUsed', { address }), call('object.impact', { address })])
      .then(([c, w, i]) => { setCard(c); setWhereUsed(w); setImpact(i); })
      .catch((e: unknown) => { setDetailError(messageOf(e)); });
  };

  return (
    <section aria-labelledby="explorer-heading" style={{ marginTop: 16, minWidth: 0, width: "100%" }}>
      <Heading size="medium" as="h2" id="explorer-heading">
        Explorer
      </Heading>
      <div style={{ maxWidth: 480, margin: '8px 0' }}>
        <label htmlFor="explorer-search">Find a field, screen, workflow, scheme, project, filter, board or dashboard by name or id</label>
        <Textfield id="explorer-search" placeholder="e.g. Story Points or customfield_10022" value={query} onChange={(e) => { setQuery(e.currentTarget.value); }} />
      </div>
      {error !== undefined ? <Failure title="Search failed" message={error} /> : null}
      {searching ? <Loading what="matches" /> : null}
      {found?.scanId === null ? <Empty title="No scan yet">Run a scan from the Overview tab first.</Empty> : null}
      {found !== undefined && found.scanId !== null && found.results.length === 0 && !searching ? <Empty title={`Nothing matches “${query.trim()}”`}>Try part of the name, or the id.</Empty> : null}
      {found !== undefined && found.results.length > 0 ? (
        <div>
          <p>
            {found.total > found.results.length ? `Showing ${found.results.length} of ${found.total} matches.` : `${found.total} match${found.total === 1 ? '' : 'es'}.`}
          </p>
          <ul aria-label="Matching objects" style={{ listStyle: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
            {found.results.map((o) => (
              <li key={`${o.kind}:${o.id}`}>
                <Button appearance={selected?.kind === o.kind && selected.id === o.id ? 'primary' : 'subtle'} onClick={() => { open(o); }}>
                  {kindLabel(o.kind)}: {o.name} ({o.id}) · used by {o.usedBy}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {selected === undefined ? null : (
        <div style={{ marginTop: 16, minWidth: 0, width: "100%" }}>
          <Heading size="small" as="h3">
            {kindLabel(selected.kind)}: <JiraLink name={selected.name} link={selected.link} /> <Lozenge>{selected.id}</Lozenge>
          </Heading>
          {card !== undefined && impact !== undefined ? <ObjectCardView card={card} impact={impact.total} /> : null}
          <div role="group" aria-label="View" style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
            <Button appearance={view === 'where-used' ? 'primary' : 'default'} onClick={() => { setView('where-used'); }}>
              Where used
            </Button>
            <Button appearance={view === 'impact' ? 'primary' : 'default'} onClick={() => { setView('impact'); }}>
              Impact of a change
            </Button>
            <Button
              appearance="subtle"
              isDisabled={whereUsed === undefined || impact === undefined}
              onClick={() => {
                const address = `${selected.kind}:${selected.id}`;
                downloadCsvParts((part) => call('object.csv', { report: view, address, part })).catch((e: unknown) => { setDetailError(messageOf(e)); });
              }}
            >
              Download CSV
            </Button>
          </div>
          {detailError !== undefined ? <Failure title="Could not read this object's relations" message={detailError} onRetry={() => { open(selected); }} /> : null}
          {detailError === undefined && (whereUsed === undefined || impact === undefined) ? <Loading what="relations" /> : null}
          {view === 'where-used' && whereUsed !== undefined ? <UsesSummary report={whereUsed} kind={kindLabel(selected.kind).toLowerCase()} /> : null}
          {view === 'where-used' && whereUsed !== undefined ? (
            <RowsTable
              label={`Where ${selected.name} is used`}
              columns={WHERE_USED_COLUMNS}
              rows={whereUsed.rows}
              total={whereUsed.total}
              offset={0}
              pageSize={whereUsed.rows.length}
              loading={false}
              empty={<p>Nothing uses this {kindLabel(selected.kind).toLowerCase()} directly.</p>}
              render={(c, v, r) => {
                if (c === 'used_by_kind' && typeof v === 'string') return kindLabel(v);
                if (c === 'used_by_name') return <JiraLink name={v === null ? '' : String(v)} link={r.link} why={r.link_why} />;
                return v === null ? '' : String(v);
              }}
            />
          ) : null}
          {view === 'impact' && impact !== undefined ? (
            impact.rows.length === 0 ? (
              <Empty title="No impact">Nothing depends on this {kindLabel(selected.kind).toLowerCase()}, directly or through other objects.</Empty>
            ) : (
              <div>
                <p>
                  A change reaches {impact.total} object{impact.total === 1 ? '' : 's'}
                  {impact.total > impact.rows.length ? ` (the first ${impact.rows.length} are shown; the CLI's impact report has them all)` : ''}.
                </p>
                <ImpactGraph report={impact} />
                <ImpactTree report={impact} />
              </div>
            )
          ) : null}
        </div>
      )}
    </section>
  );
}

const VERDICT_LOOK = { safe: 'success', review: 'moved', 'in-use': 'inprogress' } as const;

/**
 * What an admin needs before deleting an object, at a glance: its Cleanup verdict with the reasons (the very row
 * Cleanup shows), how many objects use it and how far a change reaches, and the facts to check (type, contexts and
 * their projects, values held, last use, owner, sharing, subscriptions), each linked into Jira where it has a page.
 */
function ObjectCardView({ card, impact }: { readonly card: Card; readonly impact: number }) {
  return (
    <section aria-label={`About ${card.name}`} style={{ border: '1px solid #dfe1e6', borderRadius: 4, padding: '8px 12px', margin: '8px 0' }}>
      {card.verdict === undefined ? (
        <p>{card.noVerdict}.</p>
      ) : (
        <div>
          <p style={{ margin: '4px 0' }}>
            Cleanup: <Lozenge appearance={VERDICT_LOOK[card.verdict.verdict]}>{card.verdict.verdict}</Lozenge>
          </p>
          <Reasons reasons={card.verdict.reasons} />
          <p style={{ margin: '4px 0', color: '#505f79' }}>Unused means: {card.verdict.criterion}.</p>
        </div>
      )}
      <p style={{ margin: '4px 0' }}>
        Used by {card.users} object{card.users === 1 ? '' : 's'} · impact of a change: {impact} object{impact === 1 ? '' : 's'}.
      </p>
      {card.facts.length === 0 ? null : (
        <dl aria-label="Facts" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: '8px 0' }}>
          {card.facts.map((f) => (
            <Fragment key={f.label}>
              <dt style={{ fontWeight: 600 }}>{f.label}</dt>
              <dd style={{ margin: 0 }}>
                {f.accountId === undefined ? <JiraLink name={f.value} link={f.link} /> : <Person accountId={f.accountId} />}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      {card.contexts.length === 0 ? null : (
        <table aria-label="Contexts" style={{ borderCollapse: 'collapse', margin: '8px 0' }}>
          <thead>
            <tr>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>Context</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>Projects</th>
              <th style={{ textAlign: 'left' }}>Issue types</th>
            </tr>
          </thead>
          <tbody>
            {card.contexts.map((c) => (
              <tr key={c.id}>
                <td style={{ paddingRight: 12 }}>
                  <JiraLink name={c.name} link={c.link} />
                </td>
                <td style={{ paddingRight: 12 }}>
                  {c.projects.map((p, i) => (
                    <Fragment key={p.label}>
                      {i > 0 ? ', ' : ''}
                      <JiraLink name={p.label} link={p.link} />
                    </Fragment>
                  ))}
                </td>
                <td>{c.issueTypes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The one count of an object's users (the search list and Cleanup say the same), by kind; and apart, what only
 * configures the object or is part of it (field configurations, its contexts), which is never a use.
 */
function UsesSummary({ report, kind }: { readonly report: ObjectReport; readonly kind: string }) {
  const uses = report.byKind ?? [];
  const configured = report.configuredBy ?? [];
  const n = uses.reduce((sum, k) => sum + k.count, 0);
  const m = configured.reduce((sum, k) => sum + k.count, 0);
  if (n === 0 && m === 0) return null;
  return (
    <div>
      {n === 0 ? (
        <p>Nothing uses this {kind}: the rows below configure it or are part of it, which is not a use.</p>
      ) : (
        <>
          <p id="used-by-summary">
            Used by {n} object{n === 1 ? '' : 's'} (the rows marked use: yes):
          </p>
          <KindCounts labelledBy="used-by-summary" counts={uses} />
        </>
      )}
      {m === 0 ? null : (
        <>
          <p id="configured-in-summary">
            Configured in or part of {m} object{m === 1 ? '' : 's'}, not counted as uses (use: no):
          </p>
          <KindCounts labelledBy="configured-in-summary" counts={configured} />
        </>
      )}
    </div>
  );
}

/** Counts by kind, as a list named by the sentence before it. */
function KindCounts({ labelledBy, counts }: { readonly labelledBy: string; readonly counts: readonly { readonly kind: string; readonly count: number }[] }) {
  return (
    <ul aria-labelledby={labelledBy} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', padding: 0, margin: '4px 0 8px' }}>
      {counts.map((k) => (
        <li key={k.kind}>
          {kindLabel(k.kind)}: <strong>{k.count}</strong>
        </li>
      ))}
    </ul>
  );
}
