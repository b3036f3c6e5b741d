import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../src/adapters/fixture/snapshot-schema';
import { readSnapshotFile, writeSnapshotFile } from '../src/adapters/node/snapshot-file';
import { writeFileAtomic } from '../src/adapters/node/files';
import { generateSnapshot } from '../src/adapters/synthetic/generator';
import { anySnapshot } from './support/snapshot-arbitrary';
import { loadSample } from './support/sample';
import { withAllCollections } from '../src/domain/scan-plan';
import type { ConfigSnapshot } from '../src/domain/model';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-snapshot-');

describe('snapshot files', () => {
  it('names the JSON path and what was expected when a snapshot is invalid', () => {
    const s = JSON.parse(JSON.stringify(loadSample())) as { fields: { clauseNames: unknown }[] };
    s.fields[3]!.clauseNames = 'project';
    const result = parseSnapshot(s, 'broken.json');
    expect(result).toEqual({ ok: false, error: 'broken.json: $.fields[3].clauseNames: Invalid input: expected array, received string' });
  });

  it('rejects unknown keys in our own format, naming them', () => {
    const s = { ...loadSample(), filtres: [] };
    expect(parseSnapshot(s, 'typo.json')).toEqual({ ok: false, error: expect.stringContaining('typo.json: $: Unrecognized key: "filtres"') as unknown });
  });

  it('loads a snapshot written before priority schemes existed, with none, and so does a scan stored then', () => {
    const { prioritySchemes: _gone, ...older } = loadSample();
    const parsed = parseSnapshot(JSON.parse(JSON.stringify(older)), 'older.json');
    expect(parsed.ok && parsed.value.prioritySchemes).toEqual([]);
    expect(withAllCollections(older as unknown as ConfigSnapshot).prioritySchemes).toEqual([]);
  });

  it('says which version it found and which it reads', () => {
    expect(parseSnapshot({ ...loadSample(), version: 2 }, 'future.json')).toEqual({
      ok: false,
      error: 'future.json: $.version: snapshot version 2 is not supported; this Config Lens reads version 1',
    });
  });

  it('reports bad JSON with line and column, and a missing file by name', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "version": 1,\n  "site": {,\n}');
    await expect(readSnapshotFile(bad)).rejects.toThrow(/bad\.json: invalid JSON: .*\(line 3 column 12\)/);
    await expect(readSnapshotFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
  });

  it('writes atomically: a failing writer leaves the old file and no temporary file', async () => {
    const target = join(dir, 'atomic.json');
    writeFileSync(target, 'old');
    async function* failing(): AsyncGenerator<string> {
      yield 'new';
      await Promise.resolve();
      throw new Error('disk full');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.includes('atomic') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('the synthetic presets are valid snapshots', () => {
    for (const preset of ['small', 'medium'] as const) expect(parseSnapshot(JSON.parse(JSON.stringify(generateSnapshot({ preset }))), preset).ok).toBe(true);
  });
});

describe('snapshot save and load', () => {
  test.prop([anySnapshot], { numRuns: 40 })('saving a snapshot and loading it again gives the same snapshot', async (s) => {
    const file = join(dir, 'roundtrip.json');
    await writeSnapshotFile(file, s);
    expect(await readSnapshotFile(file)).toEqual(s);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 10 })('saved snapshots are stable text: the same snapshot is written byte for byte the same', async (seed) => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await writeSnapshotFile(a, generateSnapshot({ preset: 'small', seed }));
    await writeSnapshotFile(b, structuredClone(generateSnapshot({ preset: 'small', seed })));
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });
});
