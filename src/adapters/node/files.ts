import { randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { chmod, mkdtemp, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Where a JSON.parse error happened, as `line L column C`, from the position V8 reports. */
export function jsonErrorLocation(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const m = /position (\d+)/.exec(message);
  if (m?.[1] === undefined) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line} column ${column})`;
}

/** Reads and parses a JSON file; errors name the file, and the line and column of bad JSON. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})`, { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: invalid JSON: ${jsonErrorLocation(text, e)}`, { cause: e });
  }
}

/** Temporary files and folders in use now: removed on SIGINT/SIGTERM by {@link removeTemporariesOnSignals}. */
const temporaries = new Set<string>();

/** Keeps `path` (a temporary file or folder) to be removed if the process is interrupted. */
export function trackTemporary(path: string): void {
  temporaries.add(path);
}

export function untrackTemporary(path: string): void {
  temporaries.delete(path);
}

/** Removes every tracked temporary now (synchronously: a signal handler cannot wait). */
export function removeTemporariesSync(): void {
  for (const path of temporaries) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the process is going down.
    }
  }
  temporaries.clear();
}

let signalsHandled = false;

/**
 * On SIGINT or SIGTERM, removes the temporaries a command is writing (a half-written `--out`, an export's spool
 * folder) and exits with 130 or 143, as a shell reports those signals. For commands that write files; the servers
 * handle the signals themselves to close cleanly.
 */
export function removeTemporariesOnSignals(exit: (code: number) => void = (code) => process.exit(code)): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeTemporariesSync();
      exit(code);
    });
  }
}

/** A folder of our own under the system's temporary folder, removed on signals until {@link removeTemporaryDir}. */
export async function makeTemporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  trackTemporary(dir);
  return dir;
}

export async function removeTemporaryDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  untrackTemporary(dir);
}

export interface WriteOptions {
  /** Mode of a file that does not exist yet (an existing file keeps its own); default 0o666 less the umask. */
  readonly newFileMode?: number;
}

/**
 * Writes a file atomically: the chunks go to a temporary file beside the target, which is renamed over the
 * target only when everything was written. On failure (or SIGINT/SIGTERM, with {@link removeTemporariesOnSignals})
 * the temporary file is removed and the target is untouched. An existing file keeps its mode. A symbolic link is
 * written through (its target is replaced, the link stays); a target that is not a regular file (a device, a FIFO)
 * is written to directly, as a shell redirection would, since it cannot be replaced.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string> | AsyncIterable<string>, options: WriteOptions = {}): Promise<void> {
  const real = await realpath(path).catch(() => path);
  const existing = await stat(real).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    if (existing.isDirectory()) throw new Error(`${path}: is a folder, not a file`);
    await pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(real, { encoding: 'utf8', flags: 'w' }));
    return;
  }
  const tmp = join(dirname(real), `.${basename(real)}.${randomBytes(6).toString('hex')}.tmp`);
  trackTemporary(tmp);
  try {
    const mode = existing === undefined ? options.newFileMode : existing.mode & 0o7777;
    await pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(tmp, { encoding: 'utf8', flags: 'wx', ...(mode === undefined ? {} : { mode }) }));
    // The umask may have narrowed the mode given at creation.
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, real);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    untrackTemporary(tmp);
  }
}

/** True when two paths name the same file (after links), or the same path where neither exists yet. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [ra, rb] = await Promise.all([realpath(a).catch(() => resolve(a)), realpath(b).catch(() => resolve(b))]);
  return ra === rb;
}
