import { kvs, WhereConditions } from '@forge/kvs';
import { KEY_PATTERN, MAX_VALUE_BYTES, type KeyValueStore } from '../../ports/key-value-store';

/** Forge's key-value store (`@forge/kvs`, needs the `storage:app` scope). */
export class ForgeKeyValueStore implements KeyValueStore {
  get<T>(key: string): Promise<T | undefined> {
    return kvs.get<T>(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    // Checked here too, so that an oversized value fails with our message rather than a remote one.
    if (!KEY_PATTERN.test(key)) throw new Error(`key-value store: key '${key.slice(0, 80)}' is not 1–500 characters of [a-zA-Z0-9:._ #-]`);
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > MAX_VALUE_BYTES) throw new Error(`key-value store: value of '${key}' is ${bytes} bytes of JSON, over the ${MAX_VALUE_BYTES} byte limit`);
    await kvs.set(key, value);
  }

  delete(key: string): Promise<void> {
    return kvs.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany();
      out.push(...page.results.map((r) => r.key));
      if (page.nextCursor !== undefined && page.nextCursor === cursor) throw new Error(`key-value store: query for '${prefix}' gave the same cursor twice`);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out.sort();
  }
}
