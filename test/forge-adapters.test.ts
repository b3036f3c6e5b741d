import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ForgeKeyValueStore } from '../src/adapters/forge/forge-kvs';
import { ForgeJobQueue, JOB_QUEUE_KEY } from '../src/adapters/forge/forge-queue';
import { putChunked, getChunked } from '../src/app/chunked';

/**
 * The Forge adapters through the real @forge/kvs and @forge/events. Outside Forge both send their requests
 * through `global.__forge_fetch__`; here it answers as the KVS service and the async-events endpoint do.
 */
interface ForgeGlobal {
  __forge_fetch__?: (context: { type: string }, path: string, init: RequestInit) => Promise<Response>;
}

const values = new Map<string, unknown>();
const pushes: { path: string; body: { queueName: string; payload: { body: unknown; delayInSeconds?: number }[] } }[] = [];

async function fakeForge(context: { type: string }, path: string, init: RequestInit): Promise<Response> {
  const body = JSON.parse(init.body as string) as Record<string, unknown>;
  if (context.type === 'kvs') {
    const key = typeof body.key === 'string' ? body.key : '';
    switch (path) {
      case '/api/v1/get':
        return values.has(key) ? Response.json({ key, value: values.get(key) }) : Response.json({ code: 'KEY_NOT_FOUND', message: `no ${key}` }, { status: 404 });
      case '/api/v1/set':
        values.set(key, body.value);
        return new Response(null, { status: 204 });
      case '/api/v1/delete':
        values.delete(key);
        return new Response(null, { status: 204 });
      case '/api/v1/query': {
        const where = (body.where as { condition: string; values: string[] }[] | undefined)?.[0];
        const limit = Number(body.limit ?? 10);
        const keys = [...values.keys()].filter((k) => where === undefined || k.startsWith(where.values[0] ?? '')).sort();
        const from = typeof body.after === 'string' ? Number(body.after) : 0;
        const page = keys.slice(from, from + limit);
        return Response.json({ data: page.map((k) => ({ key: k, value: values.get(k) })), ...(from + limit < keys.length ? { cursor: String(from + limit) } : {}) });
      }
      default:
        return Response.json({ code: 'NOT_FOUND', message: path }, { status: 404 });
    }
  }
  await Promise.resolve();
  if (path.startsWith('/webhook/queue/publish/')) {
    pushes.push({ path, body: body as (typeof pushes)[number]['body'] });
    return Response.json({}, { status: 201 });
  }
  return new Response('unexpected', { status: 500 });
}

beforeAll(() => { (globalThis as ForgeGlobal).__forge_fetch__ = fakeForge; });
afterAll(() => { delete (globalThis as ForgeGlobal).__forge_fetch__; });
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

  it('holds a chunked value larger than one value and gives it back whole', async () => {
    const store = new ForgeKeyValueStore();
    const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `Field ${i} "quoted", ünïcödé 🚀` })) };
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
