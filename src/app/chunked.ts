import { gunzipSync, gzipSync } from 'node:zlib';
import { MAX_VALUE_BYTES, type KeyValueStore } from '../ports/key-value-store';

/** Room left under the store's value limit for JSON escaping of a chunk's text. */
const CHUNK_BYTES = MAX_VALUE_BYTES - 8 * 1024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Cuts text into pieces whose JSON encoding fits one store value. */
export function cutText(text: string, limit = CHUNK_BYTES): string[] {
  const out: string[] = [];
  let at = 0;
  const size = Math.max(1, Math.floor(limit / 2));
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    // Do not split a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
    let piece = text.slice(at, end);
    while (jsonBytes(piece) > limit) {
      end = at + Math.max(1, Math.floor((end - at) / 2));
      if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
      piece = text.slice(at, end);
    }
    out.push(piece);
    at = end;
  }
  return out;
}

/**
 * A value as gzipped JSON in base64. Forge's store counts reads and writes in 10 KB units, 4,000 a minute per
 * installation; configuration JSON compresses about eight times, so a large site's scan fits that budget.
 */
export function packJson(value: unknown): string {
  return gzipSync(JSON.stringify(value)).toString('base64');
}

/** The value {@link packJson} packed. @throws when the text is not gzipped JSON in base64. */
export function unpackJson(text: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8'));
}

interface ChunkedHead {
  readonly chunks: number;
  /** How the chunks hold it: gzipped JSON in base64. */
  readonly encoding: 'gzip-base64';
}

/** Stores a value of any size, packed ({@link packJson}) and cut into chunks (`key#0`, `key#1`, …) under a head at `key`. */
export async function putChunked(store: KeyValueStore, key: string, value: unknown): Promise<void> {
  const packed = packJson(value);
  // Base64 needs no escaping in JSON: a chunk's value is its text and two quotes.
  const size = CHUNK_BYTES - 2;
  const pieces = Array.from({ length: Math.max(1, Math.ceil(packed.length / size)) }, (_, i) => packed.slice(i * size, (i + 1) * size));
  await Promise.all(pieces.map((p, i) => store.set(`${key}#${i}`, p)));
  // The head goes last: a reader never sees a head whose chunks are not all written.
  await store.set(key, { chunks: pieces.length, encoding: 'gzip-base64' } satisfies ChunkedHead);
}

/** Reads a value stored by {@link putChunked}; undefined when there is none. @throws when a chunk is missing. */
export async function getChunked<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  // Read as stored data, which may come from another version.
  const head = await store.get<Omit<ChunkedHead, 'encoding'> & { readonly encoding?: string }>(key);
  if (head === undefined) return undefined;
  if (head.encoding !== 'gzip-base64') throw new Error(`stored value '${key}' has encoding '${String(head.encoding)}', which this version does not read`);
  const pieces = await Promise.all(Array.from({ length: head.chunks }, (_, i) => store.get<string>(`${key}#${i}`)));
  const missing = pieces.findIndex((p) => p === undefined);
  if (missing >= 0) throw new Error(`stored value '${key}' is incomplete: chunk ${missing} of ${head.chunks} is missing`);
  return unpackJson(pieces.join('')) as T;
}

/**
 * Deletes a value stored by {@link putChunked}: its head (one small read says how many chunks) and its chunks, with no
 * listing of keys, which on Forge would download every chunk's value to name it. @returns the keys deleted.
 */
export async function deleteChunked(store: KeyValueStore, key: string): Promise<number> {
  const head = await store.get<{ readonly chunks?: number }>(key);
  if (head === undefined) return 0;
  const chunks = typeof head.chunks === 'number' && Number.isSafeInteger(head.chunks) && head.chunks >= 0 ? head.chunks : 0;
  await Promise.all(Array.from({ length: chunks }, (_, i) => store.delete(`${key}#${i}`)));
  await store.delete(key);
  return chunks + 1;
}

/** Deletes every key under a prefix. */
export async function deletePrefix(store: KeyValueStore, prefix: string): Promise<number> {
  const keys = await store.keys(prefix);
  await Promise.all(keys.map((k) => store.delete(k)));
  return keys.length;
}

/**
 * Cuts rows into pages whose JSON fits one store value, so that a page of a report is one read. A row larger than
 * a value on its own is an error (no report row comes near it).
 */
export function pageRows<T>(rows: readonly T[], limit = CHUNK_BYTES): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = jsonBytes(row) + 1;
    if (size + 2 > limit) throw new Error(`a row of ${size} bytes does not fit one store value`);
    if (bytes + size > limit && page.length > 0) {
      pages.push(page);
      page = [];
      bytes = 2;
    }
    page.push(row);
    bytes += size;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** A new id for a scan or an export: sortable by time, unique enough, and fit for a store key. */
export function newJobId(now: Date): string {
  return `${now.toISOString().replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}
