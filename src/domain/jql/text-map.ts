import { FNV_OFFSET, FNV_PRIME } from './lexer';

/**
 * A map from texts to values that can also be asked with a range of a longer string, without making a string of it:
 * fifty thousand filters name the same few thousand fields and values again and again, and a string cut from each
 * JQL for a Map lookup was most of what reading them allocated. Open addressing with linear probing over a table of
 * a power of two; the hash is FNV-1a over the UTF-16 code units, so a range and the string of its text hash alike.
 */
export class TextMap<V> {
  private keys: (string | undefined)[];
  private values: (V | undefined)[];
  private hashes: Int32Array;
  /** Each slot's key length + 1 (0: empty), and where its characters start in {@link pool}. */
  private lengths: Int32Array;
  private offsets: Int32Array;
  /**
   * Every key's characters in a row. A lookup compares the text with these, not with the key strings: those lie
   * wherever the heap put them, and on a large site each comparison with one cost a cache miss, most of a lookup.
   */
  private pool = new Uint16Array(1024);
  private used = 0;
  private mask: number;
  /** How many entries the map holds. */
  size = 0;

  constructor(capacity = 64) {
    const slots = 2 ** Math.max(4, Math.ceil(Math.log2(2 * Math.max(1, capacity))));
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The value of the text `src[start, end)`, if the map holds that text. */
  getRange(src: string, start: number, end: number): V | undefined {
    return this.getHashed(src, start, end, hashOf(src, start, end));
  }

  /** {@link getRange} for a text whose hash ({@link hashOf}) the caller has already. */
  getHashed(src: string, start: number, end: number, h: number): V | undefined {
    const length = end - start;
    const pool = this.pool;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.lengths[slot] ?? 0;
      if (stored === 0) return undefined;
      if (this.hashes[slot] !== h || stored !== length + 1) continue;
      const at = this.offsets[slot] ?? 0;
      let i = 0;
      while (i < length && pool[at + i] === src.charCodeAt(start + i)) i++;
      if (i === length) return this.values[slot];
    }
  }

  get(key: string): V | undefined {
    return this.getRange(key, 0, key.length);
  }

  /** Sets the value of `key` (a text the map holds already gets the new value). */
  set(key: string, value: V): void {
    this.setHashed(key, hashOf(key, 0, key.length), value);
  }

  /** {@link set} for a key whose hash ({@link hashOf}) the caller has already (the lexer made it as it read the text). */
  setHashed(key: string, h: number, value: V): void {
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const known = this.keys[slot];
      if (known === undefined) {
        this.keys[slot] = key;
        this.values[slot] = value;
        this.hashes[slot] = h;
        this.lengths[slot] = key.length + 1;
        this.offsets[slot] = this.keep(key);
        this.size++;
        // At most half full: probes stay short.
        if (2 * this.size > this.mask) this.grow();
        return;
      }
      if (this.hashes[slot] === h && known === key) {
        this.values[slot] = value;
        return;
      }
    }
  }

  /** Copies a key's characters to the pool; where they start. */
  private keep(key: string): number {
    if (this.used + key.length > this.pool.length) {
      const pool = new Uint16Array(2 * Math.max(this.pool.length, this.used + key.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    const at = this.used;
    for (let i = 0; i < key.length; i++) this.pool[at + i] = key.charCodeAt(i);
    this.used += key.length;
    return at;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    const hashes = this.hashes;
    const lengths = this.lengths;
    const offsets = this.offsets;
    const slots = 2 * keys.length;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    this.mask = slots - 1;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old];
      if (key === undefined) continue;
      const h = hashes[old] ?? 0;
      let slot = h & this.mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = values[old];
      this.hashes[slot] = h;
      this.lengths[slot] = lengths[old] ?? 0;
      this.offsets[slot] = offsets[old] ?? 0;
    }
  }
}

/** The FNV-1a hash of `src[start, end)` over its UTF-16 code units (the lexer makes the same as it reads a word or string). */
export function hashOf(src: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ src.charCodeAt(i), FNV_PRIME);
  return h;
}
