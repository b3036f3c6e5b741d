import { KEY_PATTERN, MAX_VALUE_BYTES, type KeyValueStore } from '../../ports/key-value-store';

/**
 * The key-value store in memory, with Forge KVS's limits on keys and values, so that code which runs locally
 * and in tests also fits on Forge. Values are stored as JSON text: what comes back is a copy, as from Forge.
 */
export class InMemoryKeyValueStore implements KeyValueStore {
  /** Each value as its JSON text. */
  protected readonly values = new Map<string, string>();
  /** Calls made, for tests and the benchmark. */
  readonly calls = { get: 0, set: 0, delete: 0, keys: 0 };

  get<T>(key: string): Promise<T | undefined> {
    this.calls.get++;
    const text = this.values.get(key);
    return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as T));
  }

  set(key: string, value: unknown): Promise<void> {
    this.calls.set++;
    if (!KEY_PATTERN.test(key)) return Promise.reject(new Error(`key-value store: key '${key.slice(0, 80)}' is not 1–500 characters of [a-zA-Z0-9:._ #-]`));
    const text = JSON.stringify(value);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_VALUE_BYTES) return Promise.reject(new Error(`key-value store: value of '${key}' is ${bytes} bytes of JSON, over the ${MAX_VALUE_BYTES} byte limit`));
    this.values.set(key, text);
    this.changed();
    return Promise.resolve();
  }

  async create(key: string, value: unknown): Promise<boolean> {
    if (this.values.has(key)) return false;
    await this.set(key, value);
    return true;
  }

  delete(key: string): Promise<void> {
    this.calls.delete++;
    if (this.values.delete(key)) this.changed();
    return Promise.resolve();
  }

  keys(prefix: string): Promise<string[]> {
    this.calls.keys++;
    return Promise.resolve([...this.values.keys()].filter((k) => k.startsWith(prefix)).sort());
  }

  /** Called after every change (a store kept in a file writes it out). */
  protected changed(): void {
    // Nothing to do in memory.
  }

  /** Bytes held, for tests. */
  get size(): number {
    let n = 0;
    for (const v of this.values.values()) n += v.length;
    return n;
  }
}
