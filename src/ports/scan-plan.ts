import type { ServiceIdentifier } from 'inversify';
import type { ScanPart, ScanPartResult } from '../domain/scan-plan';

/** Runs one part of a scan plan against a site. */
export interface ScanPartRunner {
  /**
   * Reads what the part names; failures of single requests come back as coverage gaps in the result.
   * @throws when the site refuses the app (401) or does not answer at all.
   */
  run(part: ScanPart): Promise<ScanPartResult>;
}

export const ScanPartRunnerId: ServiceIdentifier<ScanPartRunner> = Symbol.for('ScanPartRunner');
