import { useEffect, useState } from 'react';
import { directoryInPage } from '../../../src/app/page-export';
import { bridgeHttp } from './bridge-http';

/**
 * Display names of the people the page shows (owners, leads, who changed what), read through the bridge as the admin
 * when shown and kept only in this page's memory (the page serves one admin on one site): never stored by the app.
 * Ids asked for in the same moment go to Jira in one request (`user/bulk`, 50 ids each).
 */
const directory = directoryInPage(bridgeHttp);
const known = new Map<string, Promise<string | undefined>>();
let waiting = new Map<string, (name: string | undefined) => void>();

function flush(): void {
  const batch = waiting;
  waiting = new Map();
  directory
    .displayNames([...batch.keys()])
    .then((names) => {
      for (const [id, resolve] of batch) resolve(names.get(id));
    })
    .catch(() => {
      // Asked again the next time it is shown.
      for (const [id, resolve] of batch) {
        known.delete(id);
        resolve(undefined);
      }
    });
}

function nameOf(accountId: string): Promise<string | undefined> {
  let found = known.get(accountId);
  if (found === undefined) {
    found = new Promise((resolve) => {
      if (waiting.size === 0) setTimeout(flush, 0);
      waiting.set(accountId, resolve);
    });
    known.set(accountId, found);
  }
  return found;
}

/** A person by display name, with the account id on hover; the id where Jira shows no name (privacy settings, a removed account). */
export function Person({ accountId }: { readonly accountId: string }) {
  const [name, setName] = useState<string | null | undefined>();
  useEffect(() => {
    let live = true;
    void nameOf(accountId).then((n) => { if (live) setName(n ?? null); });
    return () => { live = false; };
  }, [accountId]);
  if (name === undefined) return <span title={`account ${accountId}`}>account {accountId}</span>;
  if (name === null) return <span title="Jira shows no name for this account (its privacy settings, or the account is gone)">account {accountId}</span>;
  return <span title={`account ${accountId}`} data-person={accountId}>{name}</span>;
}

/** People of a cell that lists account ids, newest first ("a, b"), each by name. */
export function People({ ids }: { readonly ids: string }) {
  const list = ids.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return (
    <>
      {list.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : ''}
          <Person accountId={id} />
        </span>
      ))}
    </>
  );
}
