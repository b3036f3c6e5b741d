import { invoke } from '@forge/bridge';
import type { ApiFunction, ApiPayload, ApiResponse, ApiResults } from '../../../src/app/admin-api';

export type { ApiResults };

/** A refusal or failure the resolver answered with, kept with its code so the page can say what to do. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls a resolver function; resolves with its value or rejects with an {@link ApiError}. */
export async function call<F extends ApiFunction>(fn: F, payload: ApiPayload<F>): Promise<ApiResults[F]> {
  // Without metadata requested, invoke resolves with the resolver's value itself.
  const response = (await invoke(fn, payload as Record<string, unknown>)) as ApiResponse<ApiResults[F]>;
  if (!response.ok) throw new ApiError(response.code, response.error);
  return response.value;
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The title of an error box: a refusal says so, anything else says what could not be done. */
export const failureTitle = (e: unknown, what: string): string => (e instanceof ApiError && e.code === 'forbidden' ? 'Config Lens is for Jira administrators' : what);

/** Saves text as a file through the browser (a Blob behind a temporary link). */
export function download(filename: string, text: string): void {
  downloadBlob(filename, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

/** Saves a Blob as a file through the browser (a temporary link). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
}

/** `field` → `Field`, `issue-type-screen-scheme` → `Issue type screen scheme`. */
export const kindLabel = (kind: string): string => {
  const words = kind.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Fetches every part of a CSV (part 0 says how many there are) and saves the file; reports each part fetched. */
export async function downloadCsvParts(part: (n: number) => Promise<ApiResults['report.csv']>, onPart?: (done: number, parts: number) => void): Promise<void> {
  const first = await part(0);
  const texts = [first.text];
  for (let n = 1; n < first.parts; n++) {
    onPart?.(n, first.parts);
    texts.push((await part(n)).text);
  }
  download(first.filename, texts.join(''));
}
