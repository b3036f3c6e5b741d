import type { ServiceIdentifier } from 'inversify';

/**
 * Where the app keeps scans, results and exports between invocations: Forge's key-value store on Forge, memory
 * for the local page and tests. Values are JSON; a value may be at most {@link MAX_VALUE_BYTES} of JSON and a key
 * at most 500 characters of `[a-zA-Z0-9:._\s-#]`, Forge's limits, which every adapter enforces.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** @throws when the key or the value breaks the store's limits. */
  set(key: string, value: unknown): Promise<void>;
  /**
   * Sets `key` only when it holds nothing, atomically (Forge: `keyPolicy: FAIL_IF_EXISTS`): of two calls at once,
   * one creates it. @returns whether this call created it.
   */
  create(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key that begins with `prefix`, in key order. */
  keys(prefix: string): Promise<string[]>;
}

export const KeyValueStoreId: ServiceIdentifier<KeyValueStore> = Symbol.for('KeyValueStore');

/** Forge KVS: a value is at most 240 KiB. */
export const MAX_VALUE_BYTES = 240 * 1024;
/** Forge KVS: keys are at most 500 characters of these. */
export const KEY_PATTERN = /^[a-zA-Z0-9:._\s#-]{1,500}$/;
