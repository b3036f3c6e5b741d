import type { ServiceIdentifier } from 'inversify';
import { resolveAddress } from '../domain/address';
import { analyse, runReport, type Analysis } from '../domain/analysis';
import type { AnyReportTable, ReportName } from '../domain/analysis/types';
import type { ObjectKind } from '../domain/model';
import { err, type Result } from '../domain/result';
import type { ConfigurationSource } from '../ports/configuration-source';
import type { ProgressListener } from '../ports/progress';

export interface ReportCommand {
  readonly report: ReportName;
  /** Object address as people type it: `field:customfield_10010`, `project:KEY`, `workflow:<name>`. */
  readonly object?: string;
  readonly kind?: ObjectKind;
  /** Cleanup: list objects in use too. */
  readonly all?: boolean;
}

/** Loads the configuration once, analyses it once, and answers report requests against it. */
export class ReportUseCase {
  private analysis: Promise<Analysis> | undefined;

  constructor(
    private readonly source: ConfigurationSource,
    private readonly progress?: ProgressListener,
  ) {}

  /** The analysed snapshot (loaded on first use). */
  analysed(): Promise<Analysis> {
    this.analysis ??= this.source.load(this.progress).then(analyse);
    return this.analysis;
  }

  /** Runs one report; request problems (a missing or unknown object) come back as errors, not exceptions. */
  async run(command: ReportCommand): Promise<Result<AnyReportTable, string>> {
    const a = await this.analysed();
    let object;
    if (command.object !== undefined) {
      const found = resolveAddress(a.graph, command.object);
      if (!found.ok) return err(found.error);
      object = found.value;
    }
    const result = runReport(a, { report: command.report, ...(object === undefined ? {} : { object }), ...(command.kind === undefined ? {} : { kind: command.kind }), ...(command.all === true ? { all: true } : {}) });
    return result.ok ? result : err(result.error.message);
  }
}

export const ReportUseCaseId: ServiceIdentifier<ReportUseCase> = Symbol.for('ReportUseCase');
