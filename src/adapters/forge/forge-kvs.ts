import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { KEY_PATTERN, MAX_VALUE_BYTES, type KeyValueStore } from '../../ports/key-value-store';

export interface ForgeKvsOptions {
  /** Tries of a call the store refuses for its rate limit (429) or fails (5xx); default 5. */
  readonly attempts?: number;
  /** The first wait before a retry, doubled each time, with jitter (at most ~11 s in all by default, inside a resolver's 25 s); default 500 ms. */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Forge's key-value store (`@forge/kvs`, needs the `storage:app` scope). A call the store refuses for the
 * installation's rate limit (429 RATE_LIMIT_EXCEEDED) or fails with a 5xx is retried with exponential backoff and
 * jitter; the error after the last try names the operation, the key and Forge's code.
 */
export class ForgeKeyValueStore implements KeyValueStore {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: ForgeKvsOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
  }

  private async retried<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ForgeKvsAPIError)) throw e;
        const status = e.responseDetails.status;
        if (status !== 429 && status < 500) throw e;
        if (attempt >= this.attempts) throw new Error(`key-value store: ${what} was refused ${attempt} times (${status} ${e.code}: ${e.message})`, { cause: e });
        await this.sleep(this.baseDelayMs * 2 ** (attempt - 1) * (0.5 + this.random()));
      }
    }
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.retried(`get '${key}'`, () => kvs.get<T>(key));
  }

  async set(key: string, value: unknown): Promise<void> {
    // Checked here too, so that an oversized value fails with our message rather than a remote one.
    if (!KEY_PATTERN.test(key)) throw new Error(`key-value store: key '${key.slice(0, 80)}' is not 1–500 characters of [a-zA-Z0-9:._ #-]`);
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > MAX_VALUE_BYTES) throw new Error(`key-value store: value of '${key}' is ${bytes} bytes of JSON, over the ${MAX_VALUE_BYTES} byte limit`);
    await this.retried(`set '${key}'`, () => kvs.set(key, value));
  }

  async create(key: string, value: unknown): Promise<boolean> {
    if (!KEY_PATTERN.test(key)) throw new Error(`key-value store: key '${key.slice(0, 80)}' is not 1–500 characters of [a-zA-Z0-9:._ #-]`);
    try {
      await this.retried(`create '${key}'`, () => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' }));
      return true;
    } catch (e) {
      // Forge answers 409 KEY_CONFLICT when the key exists.
      if (e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) return false;
      throw e;
    }
  }

  delete(key: string): Promise<void> {
    return this.retried(`delete '${key}'`, () => kvs.delete(key));
  }

  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await this.retried(`query '${prefix}'`, () => query.getMany());
      out.push(...page.results.map((r) => r.key));
      if (page.nextCursor !== undefined && page.nextCursor === cursor) throw new Error(`key-value store: query for '${prefix}' gave the same cursor twice`);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out.sort();
  }
}
