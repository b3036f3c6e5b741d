import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InMemoryKeyValueStore } from '../../src/adapters/memory/in-memory-kvs';
import { cutText, getChunked, packJson, pageRows, putChunked, unpackJson } from '../../src/app/chunked';

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');
// Text that JSON escaping and UTF-8 make bigger: quotes, backslashes, control characters, emoji (surrogate pairs).
const awkward = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '😀', '𝄞'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 3000 });

describe('values cut to fit the store', () => {
  test.prop([awkward, fc.integer({ min: 16, max: 400 })])('cut text joins back to the original; every piece is well-formed UTF-16 and its JSON fits the limit', (text, limit) => {
    const pieces = cutText(text, limit);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) {
      expect(jsonBytes(p)).toBeLessThanOrEqual(limit);
      expect(p.isWellFormed()).toBe(true);
    }
  });

  test.prop([fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(awkward.map((s) => s.slice(0, 60)), fc.integer(), fc.constant(null)), { maxKeys: 4 }), { maxLength: 300 }), fc.integer({ min: 2000, max: 20_000 })])(
    'report rows cut into pages keep every row in order, and each page fits the limit',
    (rows, limit) => {
      const pages = pageRows(rows, limit);
      expect(pages.flat()).toEqual(rows);
      for (const page of pages) expect(jsonBytes(page)).toBeLessThanOrEqual(limit);
    },
  );

  test.prop([fc.jsonValue()], { numRuns: 60 })('any JSON value stored in chunks reads back equal', async (value) => {
    const store = new InMemoryKeyValueStore();
    await putChunked(store, 'scan:p:value', value);
    expect(await getChunked(store, 'scan:p:value')).toEqual(JSON.parse(JSON.stringify(value)) as unknown);
  });

  it('stores a value packed (gzip, base64) in a fraction of the chunks its JSON text would need', async () => {
    const store = new InMemoryKeyValueStore();
    const value = { fields: Array.from({ length: 30_000 }, (_, i) => ({ id: `customfield_${10_000 + i}`, name: `Field ${i}`, clauseNames: [`cf[${10_000 + i}]`] })) };
    await putChunked(store, 'scan:p:snapshot', value);
    const chunks = (await store.keys('scan:p:snapshot#')).length;
    expect(chunks).toBeLessThan(cutText(JSON.stringify(value)).length / 4);
    expect(await getChunked(store, 'scan:p:snapshot')).toEqual(value);
    expect(unpackJson(packJson(value))).toEqual(value);
  });
});
