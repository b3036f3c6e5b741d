import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKeyValueStore } from '../src/adapters/node/file-kvs';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-file-kvs-');

describe('the store kept in a file (serve --store)', () => {
  it('keeps what is set and deleted, readable as it is, for its owner only, and opens it again after a restart', async () => {
    const path = join(dir, 'store.json');
    const store = await FileKeyValueStore.open(path);
    await store.set('scan:1', { state: 'done', counts: { field: 3 } });
    await store.set('scan:2', 'gone soon');
    await store.delete('scan:2');
    await store.flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, values: { 'scan:1': { state: 'done', counts: { field: 3 } } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await FileKeyValueStore.open(path);
    expect(await again.get('scan:1')).toEqual({ state: 'done', counts: { field: 3 } });
    expect(await again.keys('scan:')).toEqual(['scan:1']);
    // Forge's limits hold as in memory.
    await expect(again.set('bad key!', 1)).rejects.toThrow(/is not 1–500 characters/);
  });

  it('writes a moment after changes without being asked', async () => {
    const path = join(dir, 'later.json');
    const store = await FileKeyValueStore.open(path);
    await store.set('k', 1);
    await expect.poll(() => { try { return readFileSync(path, 'utf8'); } catch { return ''; } }, { timeout: 3_000 }).toContain('"k": 1');
  });

  it('refuses a file that is not a store, naming the file and what is wrong', async () => {
    const cases: [file: string, text: string, said: RegExp][] = [
      ['not-json.json', '{ not json', /not-json\.json: the store file is not JSON/],
      ['array.json', '[1, 2]', /array\.json: not a Config Lens store file/],
      ['v2.json', '{"version": 2, "values": {}}', /v2\.json: not a Config Lens store file/],
      ['key.json', '{"version": 1, "values": {"bad key!": 1}}', /key\.json: \$\.values: the key 'bad key!' is not one the store takes/],
    ];
    for (const [file, text, said] of cases) {
      writeFileSync(join(dir, file), text);
      await expect(FileKeyValueStore.open(join(dir, file))).rejects.toThrow(said);
    }
  });
});
