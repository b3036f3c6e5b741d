import { gzipSync } from 'fflate';
import { RestScanner } from '../adapters/jira-rest/scan';
import type { ScanPart, ScanPartResult } from '../domain/scan-plan';
import type { JiraHttp } from '../ports/jira-http';
import type { DriveAnswer, PartReceipt, ScanProgress } from './scan-jobs';

/**
 * The scan's page executor: the admin's page runs the parts of a scan it started, through `@forge/bridge`
 * `requestJira` (as the signed-in admin: no app points), with the same REST adapter the queue consumer runs, and hands
 * each part's result to the resolver in chunks that fit Forge's payload limit. It imports nothing of Node: the page's
 * bundle and the tests run it alike.
 */

/**
 * Characters of one chunk of a part's result (gzipped JSON in base64): one store value each on the resolver's side
 * (240 KiB), under the 500 KB a frontend `invoke` may send.
 */
export const RESULT_CHUNK_CHARS = 240_000;
/** Chunks of one part's result at most (46 MB of gzipped JSON: far beyond any part). */
export const MAX_RESULT_CHUNKS = 200;

/** What the page sends for one part: a chunk of its result, or its failure. */
export type PartDelivery =
  | { readonly scanId: string; readonly worker: string; readonly part: number; readonly chunk: number; readonly chunks: number; readonly data: string }
  | { readonly scanId: string; readonly worker: string; readonly part: number; readonly error: string };

/** The resolver calls the executor makes (`scan.drive`, `scan.result`). */
export interface PageScanCalls {
  drive(scanId: string, worker: string): Promise<DriveAnswer>;
  result(delivery: PartDelivery): Promise<PartReceipt>;
}

/** What the executor tells the page as it goes. */
export type PageScanEvent =
  | { readonly type: 'progress'; readonly scan: ScanProgress; readonly running: readonly number[] }
  | { readonly type: 'part-done'; readonly n: number; readonly part: ScanPart }
  | { readonly type: 'part-retry'; readonly n: number; readonly attempt: number; readonly error: string }
  | { readonly type: 'part-failed'; readonly n: number; readonly error: string };

/** How a run of the executor ended. */
export type PageScanOutcome =
  /** The scan finished (or failed) on the resolver's side: its record says which. */
  | { readonly type: 'over'; readonly scan: ScanProgress | null }
  /** Another page runs it now (this one ran nothing further). */
  | { readonly type: 'elsewhere'; readonly until: string }
  /** Stopped by the page (closed, or the admin stopped it): resumable. */
  | { readonly type: 'stopped' };

export interface PageScanOptions {
  readonly scanId: string;
  readonly calls: PageScanCalls;
  /** Jira as the page reaches it: the bridge's `requestJira` (locally, the server's stand-in for it). */
  readonly http: JiraHttp;
  /** This page's id while it runs the scan (made up when not given). */
  readonly worker?: string;
  /** Parts run at once. Default 3. */
  readonly workers?: number;
  /** Runs of one part before it is handed over as failed (a coverage gap). Default 3. */
  readonly attempts?: number;
  /** How often the page renews its hold on the scan while parts run (seconds). Default 30, well inside the 120 s hold. */
  readonly renewSeconds?: number;
  /** How often it asks again while no part is left to run and the scan has not ended (the finish runs in the backend). Default 3. */
  readonly pollSeconds?: number;
  /** The run gives up after this long (hours); the scan stays resumable, or can be handed to the backend. Default 6. */
  readonly maxHours?: number;
  readonly onEvent?: (event: PageScanEvent) => void;
  readonly signal?: AbortSignal;
  /** The scanner (tests give one with other options); by default one over `http` as the backend's runs (Automation from an export only). */
  readonly scanner?: RestScanner;
}

/** A page's worker id: random, and fit for the resolver's check (`[0-9a-z-]{8,40}`). */
export function newWorkerId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `page-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A part's result as the resolver stores it: gzipped JSON in base64, cut into chunks of {@link RESULT_CHUNK_CHARS}. Its points stay out (bridge calls cost the app none). */
export function packPartResult(result: ScanPartResult): string[] {
  const { points: _points, ...kept } = result;
  const packed = base64(gzipSync(new TextEncoder().encode(JSON.stringify(kept))));
  const chunks = Math.max(1, Math.ceil(packed.length / RESULT_CHUNK_CHARS));
  if (chunks > MAX_RESULT_CHUNKS) throw new Error(`the part's result is ${Math.round(packed.length / 1e6)} MB packed, over the ${MAX_RESULT_CHUNKS} chunks a part may send`);
  return Array.from({ length: chunks }, (_, i) => packed.slice(i * RESULT_CHUNK_CHARS, (i + 1) * RESULT_CHUNK_CHARS));
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a page scan in this page until it ends, another page holds it, or the page stops it (`signal`). Each loop asks
 * the resolver for the parts not settled (which renews this page's hold on the scan), starts those it does not run
 * yet (at most `workers` at once), and waits for one to end or for the renewal time. A part is run at most `attempts`
 * times; then its failure is handed over (a coverage gap; the core part's fails the scan, as in the backend).
 */
export async function runScanInPage(options: PageScanOptions): Promise<PageScanOutcome> {
  const { scanId, calls, signal } = options;
  const worker = options.worker ?? newWorkerId();
  const workers = Math.max(1, options.workers ?? 3);
  const attempts = Math.max(1, options.attempts ?? 3);
  const renewMs = (options.renewSeconds ?? 30) * 1000;
  const pollMs = (options.pollSeconds ?? 3) * 1000;
  const deadline = Date.now() + (options.maxHours ?? 6) * 3_600_000;
  const scanner = options.scanner ?? new RestScanner(options.http, { automation: 'export-only' });
  const running = new Map<number, Promise<void>>();
  /** Parts this page handed over (settled), and those whose delivery the resolver refused (another page holds the scan). */
  const handed = new Set<number>();
  let refused: string | undefined;

  const deliver = async (n: number, result: ScanPartResult): Promise<void> => {
    const chunks = packPartResult(result);
    for (let i = 0; i < chunks.length; i++) await calls.result({ scanId, worker, part: n, chunk: i, chunks: chunks.length, data: chunks[i] ?? '' });
  };

  const runOne = async (n: number, part: ScanPart): Promise<void> => {
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (signal?.aborted === true) return;
      let result: ScanPartResult;
      try {
        result = await scanner.run(part);
      } catch (e) {
        last = messageOf(e);
        if (attempt < attempts) {
          options.onEvent?.({ type: 'part-retry', n, attempt, error: last });
          await pause(2_000 * attempt, signal);
        }
        continue;
      }
      try {
        await deliver(n, result);
        handed.add(n);
        options.onEvent?.({ type: 'part-done', n, part });
      } catch (e) {
        // The resolver refused it (another page holds the scan, the scan ended, a result it cannot take): said once, not retried here.
        refused = messageOf(e);
      }
      return;
    }
    try {
      await calls.result({ scanId, worker, part: n, error: last });
      handed.add(n);
      options.onEvent?.({ type: 'part-failed', n, error: last });
    } catch (e) {
      refused = messageOf(e);
    }
  };

  for (;;) {
    if (signal?.aborted === true) {
      await Promise.allSettled(running.values());
      return { type: 'stopped' };
    }
    if (Date.now() > deadline) {
      await Promise.allSettled(running.values());
      throw new Error(`the scan ran in this page for ${options.maxHours ?? 6} hours without finishing: resume it, or hand it to the backend`);
    }
    const answer = await calls.drive(scanId, worker);
    if (answer.state === 'elsewhere') {
      await Promise.allSettled(running.values());
      return { type: 'elsewhere', until: answer.until };
    }
    if (answer.state === 'over') {
      await Promise.allSettled(running.values());
      return { type: 'over', scan: answer.scan };
    }
    if (refused !== undefined && running.size === 0) throw new Error(`the resolver refused a part's result: ${refused}`);
    options.onEvent?.({ type: 'progress', scan: answer.scan, running: [...running.keys()] });
    for (const { n, part } of answer.parts) {
      if (running.size >= workers) break;
      if (running.has(n) || handed.has(n)) continue;
      running.set(
        n,
        runOne(n, part).finally(() => {
          running.delete(n);
        }),
      );
    }
    // Until a part ends (the next may be started, and the core part names the rest), or the hold needs renewing.
    await Promise.race([pause(running.size === 0 ? pollMs : renewMs, signal), ...running.values()]);
  }
}
