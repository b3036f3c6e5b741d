import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { ScheduledScans, ScheduledScansId } from './schedule';
import type { ConfigSnapshot } from '../domain/model';
import { FixtureConfigurationSource } from '../adapters/fixture/fixture-configuration-source';
import { SnapshotFileConfigurationSource } from '../adapters/node/snapshot-file';
import { NodeJiraHttp, type NodeJiraHttpOptions } from '../adapters/node/node-jira-http';
import { CoreListingError, RestConfigurationSource, RestScanner, type RestScanOptions } from '../adapters/jira-rest/scan';
import { JiraHttpId, type JiraHttp } from '../ports/jira-http';
import type { Recording } from '../adapters/recording/recording';
import { ReplayConfigurationSource } from '../adapters/recording/replay';
import { ConfigurationSourceId } from '../ports/configuration-source';
import { ProgressReporterId, type ProgressReporter } from '../ports/progress';
import { ReportUseCase, ReportUseCaseId } from './report-use-case';
import { ExportIssuesUseCase, ExportIssuesUseCaseId } from './export-issues';
import { Retention, RetentionId } from './retention';
import { JiraClient, type JiraClientOptions } from '../adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../adapters/jira-rest/issues';
import { FieldCatalogueId, IssueSearchId, UserDirectoryId } from '../ports/issue-search';
import { ClockId, type Clock } from '../ports/clock';
import { JobQueueId, type JobQueue } from '../ports/job-queue';
import { KeyValueStoreId, type KeyValueStore } from '../ports/key-value-store';
import { ScanPartRunnerId } from '../ports/scan-plan';
import { AdminCheckId } from '../ports/admin-check';
import { JiraAuthError, JiraHttpError } from '../adapters/jira-rest/client';
import { RestAdminCheck } from '../adapters/jira-rest/admin-check';
import { ScanJobs, ScanJobsId } from './scan-jobs';
import { ExportJobs, ExportJobsId } from './export-jobs';
import { AdminApi, AdminApiId } from './admin-api';

/** Use cases, bound once for every runtime; they depend only on ports. */
export const useCaseModule = new ContainerModule(({ bind }) => {
  bind(ReportUseCaseId)
    .toResolvedValue((source, progress: ProgressReporter) => new ReportUseCase(source, progress.report), [ConfigurationSourceId, ProgressReporterId])
    .inSingletonScope();
});

/** The CLI with `--instance <snapshot.json>`: the snapshot file adapter serves the configuration-source port. */
export function snapshotFileModule(path: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ConfigurationSourceId).toConstantValue(new SnapshotFileConfigurationSource(path));
  });
}

/** The CLI with `--site`: the REST scan over fetch with an API token serves the configuration-source port. */
export function liveSiteModule(site: NodeJiraHttpOptions, scan: Omit<RestScanOptions, 'siteUrl'> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(JiraHttpId).toConstantValue(new NodeJiraHttp(site));
    bind(ConfigurationSourceId)
      .toResolvedValue((http) => new RestConfigurationSource(http, { ...scan, siteUrl: site.site }), [JiraHttpId])
      .inSingletonScope();
  });
}

/** The CLI with `--site … --record <file>`: the live-site scan, with every exchange kept for a recording. */
export function recordingSiteModule(site: NodeJiraHttpOptions, recorder: (inner: JiraHttp) => JiraHttp, scan: Omit<RestScanOptions, 'siteUrl'> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(JiraHttpId).toConstantValue(recorder(new NodeJiraHttp(site)));
    bind(ConfigurationSourceId)
      .toResolvedValue((http) => new RestConfigurationSource(http, { ...scan, siteUrl: site.site }), [JiraHttpId])
      .inSingletonScope();
  });
}

/** The CLI with `--replay <recording.json>`: the recording served through MSW to the unchanged REST scan. */
export function replayModule(recording: Recording, source: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ConfigurationSourceId).toConstantValue(new ReplayConfigurationSource(recording, source));
  });
}

/**
 * Issue export over a JiraHttp (a live site from the CLI, the fake Jira for fixtures): REST issue search, the
 * user directory, the field catalogue, and the export use case.
 */
export function issueExportModule(http: JiraHttp, options: JiraClientOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = new JiraClient(http, options);
    bind(IssueSearchId).toConstantValue(new RestIssueSearch(client));
    // No names kept between calls: a warm instance may serve several sites, and what one site shows of a user
    // (privacy settings) is not another's to see.
    bind(UserDirectoryId).toConstantValue({ displayNames: (ids) => new RestUserDirectory(client).displayNames(ids) });
    bind(ExportIssuesUseCaseId)
      .toResolvedValue(
        (search, users, progress: ProgressReporter) => new ExportIssuesUseCase(search, users, () => readFieldCatalogue(client), progress.report),
        [IssueSearchId, UserDirectoryId, ProgressReporterId],
      )
      .inSingletonScope();
  });
}

/** Tests and the local page: a snapshot held in memory serves the configuration-source port. */
export function inMemoryModule(snapshot: ConfigSnapshot): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ConfigurationSourceId).toConstantValue(new FixtureConfigurationSource(snapshot));
  });
}

export function progressModule(reporter: ProgressReporter): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ProgressReporterId).toConstantValue(reporter);
  });
}

/** A container for one runtime: the use cases plus the modules that bind its adapters. */
export function createContainer(...modules: ContainerModule[]): Container {
  const container = new Container();
  container.load(useCaseModule, ...modules);
  return container;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A failure of a scan part no retry mends: the site refuses the app (401) or does not answer. */
export const isFatalScanError = (e: unknown): boolean => e instanceof JiraAuthError || e instanceof CoreListingError || (e instanceof JiraHttpError && e.status === 0);

/**
 * The admin page's services (scans as jobs, stepwise issue export, the resolver API), over the ports that the
 * runtime's modules bind: store, queue, scan runner, clock, admin check, issue search, user directory, catalogue.
 */
export const adminModule = new ContainerModule(({ bind }) => {
  bind(ScanJobsId)
    // Exports an earlier version stored are deleted at the end of each scan too, not only by the daily sweep.
    .toResolvedValue(
      (store, queue, runner, clock, exports) => new ScanJobs(store, queue, runner, clock, isFatalScanError, { retention: () => exports.prune() }),
      [KeyValueStoreId, JobQueueId, ScanPartRunnerId, ClockId, ExportJobsId],
    )
    .inSingletonScope();
  bind(ExportJobsId)
    .toResolvedValue((store, search, users, catalogue, clock) => new ExportJobs(store, search, users, catalogue, clock), [KeyValueStoreId, IssueSearchId, UserDirectoryId, FieldCatalogueId, ClockId])
    .inSingletonScope();
  bind(ScheduledScansId)
    .toResolvedValue((store, scans, clock) => new ScheduledScans(store, scans, clock), [KeyValueStoreId, ScanJobsId, ClockId])
    .inSingletonScope();
  bind(RetentionId)
    .toResolvedValue((store, scans, exports, clock) => new Retention(store, scans, exports, clock), [KeyValueStoreId, ScanJobsId, ExportJobsId, ClockId])
    .inSingletonScope();
  bind(AdminApiId)
    .toResolvedValue((scans, exports, admin, clock, store, schedule) => new AdminApi(scans, exports, admin, clock, store, schedule), [ScanJobsId, ExportJobsId, AdminCheckId, ClockId, KeyValueStoreId, ScheduledScansId])
    .inSingletonScope();
});

/**
 * Jira for the admin page: configuration read as the app (`appHttp`), issue export and the admin check as the
 * user (`userHttp`). On Forge these are `asApp()` and `asUser()`; locally both are the fake Jira.
 */
export function adminJiraModule(appHttp: JiraHttp, userHttp: JiraHttp, options: JiraClientOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    // The app cannot call the Automation API (it refuses Forge apps): rules come from an export the admin uploads.
    bind(ScanPartRunnerId).toConstantValue(new RestScanner(appHttp, { ...options, automation: 'export-only' }));
    const client = new JiraClient(userHttp, options);
    bind(IssueSearchId).toConstantValue(new RestIssueSearch(client));
    // No names kept between calls: a warm instance may serve several sites, and what one site shows of a user
    // (privacy settings) is not another's to see.
    bind(UserDirectoryId).toConstantValue({ displayNames: (ids) => new RestUserDirectory(client).displayNames(ids) });
    bind(FieldCatalogueId).toConstantValue(() => readFieldCatalogue(client));
    bind(AdminCheckId).toConstantValue(new RestAdminCheck(userHttp));
  });
}

/** Where the admin page keeps its data and queues its jobs, and its clock. */
export function adminStorageModule(store: KeyValueStore, queue: JobQueue, clock: Clock = systemClock): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(KeyValueStoreId).toConstantValue(store);
    bind(JobQueueId).toConstantValue(queue);
    bind(ClockId).toConstantValue(clock);
  });
}
