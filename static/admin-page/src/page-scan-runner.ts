import { useSyncExternalStore } from 'react';
import { newWorkerId, runScanInPage, type PageScanOutcome } from '../../../src/app/page-scan';
import { bridgeHttp } from './bridge-http';
import { call, messageOf } from './api';

/**
 * The scan this page runs, if any: one per page (not per view: switching tabs goes on with it), until it ends, the
 * admin stops it or the page closes (the scan stays resumable, here or in another page, or can be handed to the
 * backend).
 */
export interface PageRunner {
  readonly scanId: string;
  readonly phase: 'running' | 'stopped' | 'elsewhere' | 'over' | 'failed';
  /** Parts running in this page now. */
  readonly running: readonly number[];
  /** Parts this page has read and handed to the resolver. */
  readonly done: number;
  /** Retries of parts so far, and parts that failed for good (coverage gaps). */
  readonly retries: number;
  readonly failed: number;
  /** Why it stopped (failed), or until when another page holds the scan (elsewhere). */
  readonly message?: string;
}

let state: PageRunner | undefined;
let controller: AbortController | undefined;
const listeners = new Set<() => void>();
/** This page's id while it runs a scan: one per page load, so that a resume after a reload is a new page. */
export const worker = newWorkerId();

const set = (next: PageRunner | undefined): void => {
  state = next;
  for (const l of listeners) l();
};

/** Asks before the page is closed while it runs a scan (the scan would wait for a page to resume it). */
const warnOnClose = (e: BeforeUnloadEvent): void => {
  e.preventDefault();
};

/** Runs (or resumes) a page scan in this page; a second call for the scan it already runs does nothing. */
export function runHere(scanId: string): void {
  if (state?.scanId === scanId && state.phase === 'running') return;
  controller?.abort();
  const own = new AbortController();
  controller = own;
  set({ scanId, phase: 'running', running: [], done: 0, retries: 0, failed: 0 });
  window.addEventListener('beforeunload', warnOnClose);
  const update = (change: Partial<PageRunner>): void => {
    if (controller === own && state !== undefined) set({ ...state, ...change });
  };
  runScanInPage({
    scanId,
    worker,
    http: bridgeHttp,
    signal: own.signal,
    calls: {
      drive: (id, w) => call('scan.drive', { scanId: id, worker: w }),
      result: (delivery) => call('scan.result', delivery),
    },
    onEvent: (e) => {
      const now = state;
      if (now === undefined) return;
      if (e.type === 'progress') update({ running: e.running });
      else if (e.type === 'part-done') update({ done: now.done + 1 });
      else if (e.type === 'part-retry') update({ retries: now.retries + 1 });
      else update({ failed: now.failed + 1, done: now.done + 1 });
    },
  })
    .then((outcome: PageScanOutcome) => {
      if (outcome.type === 'elsewhere') update({ phase: 'elsewhere', running: [], message: outcome.until });
      else update({ phase: outcome.type === 'over' ? 'over' : 'stopped', running: [] });
    })
    .catch((e: unknown) => {
      update({ phase: 'failed', running: [], message: messageOf(e) });
    })
    .finally(() => {
      if (controller === own) window.removeEventListener('beforeunload', warnOnClose);
    });
}

/** Stops the scan this page runs (parts under way finish first); it stays resumable. */
export function stopHere(): void {
  controller?.abort();
}

export function usePageRunner(): PageRunner | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
