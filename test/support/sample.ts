import { readFileSync } from 'node:fs';
import { parseSnapshot } from '../../src/adapters/fixture/snapshot-schema';
import type { ConfigSnapshot } from '../../src/domain/model';

export const SAMPLE_PATH = new URL('../fixtures/sample-instance.json', import.meta.url).pathname;

/** The bundled sample instance, validated with the production schema so the fixture cannot drift. */
export function loadSample(): ConfigSnapshot {
  const parsed = parseSnapshot(JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')), SAMPLE_PATH);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
