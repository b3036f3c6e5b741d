import type { KeyValueStore } from '../ports/key-value-store';
import { deletePrefix } from './chunked';

/**
 * The data generation of an installation's store. A purge moves it on before it deletes anything, so that a job
 * that started before the purge (a scan part, an export step) and writes after it sees, right after its write,
 * that its data belongs to a generation that is gone, and deletes what it wrote. Nothing a purge meant to delete
 * can outlive it: either the write came before the purge's listing (and the purge deletes it), or the writer's
 * check after it sees the new generation.
 */
const GENERATION_KEY = 'data:generation';

export async function currentGeneration(store: KeyValueStore): Promise<number> {
  return (await store.get<number>(GENERATION_KEY)) ?? 0;
}

/** Moves the generation on: call before deleting the data of a purge. */
export async function nextGeneration(store: KeyValueStore): Promise<number> {
  const next = (await currentGeneration(store)) + 1;
  await store.set(GENERATION_KEY, next);
  return next;
}

/** The data was purged while a job was writing it. */
export class PurgedError extends Error {
  constructor(what: string) {
    super(`${what} was deleted (all data was purged) while it was being written; what it wrote is deleted too`);
    this.name = 'PurgedError';
  }
}

/**
 * After a job's writes: when the generation moved on since `generation`, deletes the job's data (its record key and
 * every key under `record:`) and throws {@link PurgedError}.
 */
export async function keepIfCurrent(store: KeyValueStore, generation: number | undefined, recordKey: string, what: string): Promise<void> {
  if ((await currentGeneration(store)) === (generation ?? 0)) return;
  await deletePrefix(store, `${recordKey}:`);
  await store.delete(recordKey);
  throw new PurgedError(what);
}

/** The time a job id (see newJobId) was made at, in ms; NaN for an id of another form. */
export function jobIdTime(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})-/.exec(id);
  if (m === null) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}

/**
 * Deletes the data of jobs that no index entry names (left by a purge that raced a writer, or a job stopped
 * mid-write), leaving alone ids younger than `graceMs`, whose index entry may be on its way.
 * @returns the number of keys deleted.
 */
export async function sweepOrphans(store: KeyValueStore, prefix: string, indexed: ReadonlySet<string>, now: number, graceMs = 10 * 60 * 1000): Promise<number> {
  const keys = await store.keys(prefix);
  const orphans = keys.filter((k) => {
    const id = k.slice(prefix.length).split(':')[0] ?? '';
    return !indexed.has(id) && now - jobIdTime(id) > graceMs;
  });
  await Promise.all(orphans.map((k) => store.delete(k)));
  return orphans.length;
}
