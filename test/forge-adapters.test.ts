import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ForgeKeyValueStore } from '../src/adapters/forge/forge-kvs';
import { ForgeJobQueue, JOB_QUEUE_KEY } from '../src/adapters/forge/forge-queue';
import { mulberry32 } from '../src/adapters/synthetic/prng';
import { putChunked, getChunked } from '../src/app/chunked';
import { fakeForge } from './support/forge-runtime';

/**
 * The Forge adapters through the real @forge/kvs and @forge/events. Outside Forge both send their requests
 * through `global.__forge_fetch__`; here it answers as the KVS service and the async-events endpoint do.
 */
const forge = fakeForge();
const { values, pushes } = forge;

beforeAll(() => { forge.install(); });
afterAll(() => { forge.uninstall(); });
beforeEach(() => { values.clear(); pushes.length = 0; });

describe('ForgeKeyValueStore through @forge/kvs', () => {
  it('gets, sets, deletes and lists keys by prefix across query pages', async () => {
    const store = new ForgeKeyValueStore();
    expect(await store.get('scan:1')).toBeUndefined();
    for (let i = 0; i < 230; i++) await store.set(`scan:1:part:${String(i).padStart(5, '0')}`, { i });
    await store.set('scan:2', { other: true });
    expect(await store.get('scan:1:part:00007')).toEqual({ i: 7 });
    const keys = await store.keys('scan:1:');
    expect(keys).toHaveLength(230);
    expect(keys[229]).toBe('scan:1:part:00229');
    await store.delete('scan:1:part:00007');
    expect(await store.get('scan:1:part:00007')).toBeUndefined();
  });

  it('refuses a value over 240 KiB or a key Forge would refuse, before sending it', async () => {
    const store = new ForgeKeyValueStore();
    await expect(store.set('big', 'x'.repeat(250 * 1024))).rejects.toThrow(/value of 'big' is \d+ bytes of JSON, over the 245760 byte limit/);
    await expect(store.set('a/b', 1)).rejects.toThrow(/key 'a\/b' is not/);
    expect(values.size).toBe(0);
  });

  it('retries a call the store refuses for its rate limit, backing off, and names the key when it keeps refusing', async () => {
    const waits: number[] = [];
    const store = new ForgeKeyValueStore({ attempts: 4, baseDelayMs: 100, sleep: (ms) => { waits.push(ms); return Promise.resolve(); }, random: () => 0.5 });
    forge.refuseKvs(2);
    await store.set('scan:r', { ok: 1 });
    expect(waits).toEqual([100, 200]);
    forge.refuseKvs(1);
    expect(await store.get('scan:r')).toEqual({ ok: 1 });
    forge.refuseKvs(4);
    await expect(store.get('scan:r')).rejects.toThrow("key-value store: get 'scan:r' was refused 4 times (429 RATE_LIMIT_EXCEEDED: Rate limit exceeded)");
    forge.refuseKvs(0);
    expect(await store.keys('scan:')).toEqual(['scan:r']);
  });

  it('holds a chunked value larger than one value and gives it back whole', async () => {
    const store = new ForgeKeyValueStore();
    // Values are stored gzipped: random text keeps this one larger than a store value after compression.
    const random = mulberry32(7);
    const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `Field ${i} "quoted", ünïcödé 🚀 ${random().toString(36)}${random().toString(36)}` })) };
    await putChunked(store, 'scan:x:snapshot', big);
    expect((await store.keys('scan:x:snapshot#')).length).toBeGreaterThan(2);
    expect(await getChunked(store, 'scan:x:snapshot')).toEqual(big);
  });
});

describe('ForgeJobQueue through @forge/events', () => {
  it('pushes job events to the manifest queue, 50 at most per request, with the delay', async () => {
    const queue = new ForgeJobQueue();
    const events = Array.from({ length: 120 }, (_, i) => ({ type: 'scan-part' as const, scanId: 's', part: i }));
    await queue.push(events, 30);
    expect(pushes.map((p) => p.body.payload.length)).toEqual([50, 50, 20]);
    expect(pushes.every((p) => p.body.queueName === JOB_QUEUE_KEY)).toBe(true);
    expect(pushes.flatMap((p) => p.body.payload.map((e) => e.body))).toEqual(events);
    expect(pushes[0]?.body.payload[0]?.delayInSeconds).toBe(30);
  });
});
