import type { ServiceIdentifier } from 'inversify';
import type { ConfigSnapshot } from '../domain/model';
import type { ProgressListener } from './progress';

/** Where a configuration snapshot comes from: a snapshot file, a live Jira site, a recording, memory. */
export interface ConfigurationSource {
  /**
   * Reads the whole configuration into a snapshot.
   * @throws an error naming the source and what was wrong (unreadable file, invalid snapshot, Jira refusing access).
   */
  load(progress?: ProgressListener): Promise<ConfigSnapshot>;
}

export const ConfigurationSourceId: ServiceIdentifier<ConfigurationSource> = Symbol.for('ConfigurationSource');
