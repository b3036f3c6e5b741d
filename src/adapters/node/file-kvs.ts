import { readFile } from 'node:fs/promises';
import { InMemoryKeyValueStore } from '../memory/in-memory-kvs';
import { KEY_PATTERN } from '../../ports/key-value-store';
import { writeFileAtomic } from './files';

/** The file's form: every key with its value, readable as it is (what the app stores, for inspection). */
interface StoreFile {
  readonly version: 1;
  readonly values: Readonly<Record<string, unknown>>;
}

/** How long changes gather before the file is written (a scan makes thousands of writes). */
const WRITE_DELAY_MS = 200;

/**
 * The local page server's store kept in a file (`serve --store <file>`), so that what the app stores can be
 * inspected, and survives a restart. The same limits as Forge's store (it is the in-memory store underneath); the
 * file is written atomically a moment after changes, and on `flush`; readable by its owner only.
 */
export class FileKeyValueStore extends InMemoryKeyValueStore {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(private readonly path: string) {
    super();
  }

  /** Opens the store in `path`, empty when the file does not exist yet. @throws naming the file and what is wrong in it. */
  static async open(path: string): Promise<FileKeyValueStore> {
    const store = new FileKeyValueStore(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ENOENT') return store;
      throw new Error(`${path}: the store file cannot be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path}: the store file is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const file = parsed as { version?: unknown; values?: unknown } | null;
    if (typeof file !== 'object' || file === null || file.version !== 1 || typeof file.values !== 'object' || file.values === null || Array.isArray(file.values)) {
      throw new Error(`${path}: not a Config Lens store file ({"version": 1, "values": {…}} expected)`);
    }
    for (const [key, value] of Object.entries(file.values)) {
      if (!KEY_PATTERN.test(key)) throw new Error(`${path}: $.values: the key '${key.slice(0, 80)}' is not one the store takes`);
      store.values.set(key, JSON.stringify(value));
    }
    return store;
  }

  protected override changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.save()).catch((e: unknown) => { this.failure = e; });
    }, WRITE_DELAY_MS);
  }

  /** Writes what is pending now. @throws when a write of the file failed (since the last flush). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writing = this.writing.then(() => this.save()).catch((e: unknown) => { this.failure = e; });
    }
    await this.writing;
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw new Error(`${this.path}: the store file could not be written: ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`, { cause: failure });
  }

  private async save(): Promise<void> {
    const values: Record<string, unknown> = {};
    for (const [key, text] of [...this.values.entries()].sort(([a], [b]) => a.localeCompare(b))) values[key] = JSON.parse(text) as unknown;
    await writeFileAtomic(this.path, [JSON.stringify({ version: 1, values } satisfies StoreFile, null, 1)], { newFileMode: 0o600 });
  }
}
