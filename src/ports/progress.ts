import type { ServiceIdentifier } from 'inversify';

/** A step of long work (a scan, an export), for progress bars and logs. */
export interface ProgressEvent {
  /** What is being done, e.g. `fields`, `filters`, `loading snapshot`. */
  readonly phase: string;
  readonly done: number;
  /** Absent while the total is not known yet. */
  readonly total?: number;
  readonly message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Where progress goes in a runtime (stderr for the CLI, KVS for Forge jobs). */
export interface ProgressReporter {
  readonly report: ProgressListener;
}

export const ProgressReporterId: ServiceIdentifier<ProgressReporter> = Symbol.for('ProgressReporter');
