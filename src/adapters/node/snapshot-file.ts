import type { ConfigSnapshot } from '../../domain/model';
import type { ConfigurationSource } from '../../ports/configuration-source';
import type { ProgressListener } from '../../ports/progress';
import { parseSnapshot } from '../fixture/snapshot-schema';
import { readJsonFile, writeFileAtomic } from './files';

/** Reads and validates a snapshot file; the error names the file and the JSON path of the first problems. */
export async function readSnapshotFile(path: string): Promise<ConfigSnapshot> {
  const parsed = parseSnapshot(await readJsonFile(path), path);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Writes a snapshot as stable, pretty JSON (2 spaces), atomically. */
export async function writeSnapshotFile(path: string, snapshot: ConfigSnapshot): Promise<void> {
  await writeFileAtomic(path, [`${JSON.stringify(snapshot, null, 2)}\n`]);
}

/** The configuration source behind `--instance <snapshot.json>`. */
export class SnapshotFileConfigurationSource implements ConfigurationSource {
  constructor(private readonly path: string) {}

  async load(progress?: ProgressListener): Promise<ConfigSnapshot> {
    progress?.({ phase: 'loading snapshot', done: 0, total: 1, message: this.path });
    const snapshot = await readSnapshotFile(this.path);
    progress?.({ phase: 'loading snapshot', done: 1, total: 1, message: this.path });
    return snapshot;
  }
}
