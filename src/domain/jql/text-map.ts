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
  private mask: number;
  /** How many entries the map holds. */
  size = 0;

  constructor(capacity = 64) {
    const slots = 2 ** Math.max(4, Math.ceil(Math.log2(2 * Math.max(1, capacity))));
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The value of the text `src[start, end)`, if the map holds that text. */
  getRange(src: string, start: number, end: number): V | undefined {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
    const length = end - start;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === h && key.length === length && sameText(key, src, start)) return this.values[slot];
    }
  }

  get(key: string): V | undefined {
    return this.getRange(key, 0, key.length);
  }

  /** Sets the value of `key` (a text the map holds already gets the new value). */
  set(key: string, value: V): void {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const known = this.keys[slot];
      if (known === undefined) {
        this.keys[slot] = key;
        this.values[slot] = value;
        this.hashes[slot] = h;
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

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    const hashes = this.hashes;
    const slots = 2 * keys.length;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
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
    }
  }
}

/** Whether `key` is the text of `src` from `start` (the lengths are known equal). */
function sameText(key: string, src: string, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== src.charCodeAt(start + i)) return false;
  return true;
}
