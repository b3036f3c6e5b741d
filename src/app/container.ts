import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import type { ConfigSnapshot } from '../domain/model';
import { FixtureConfigurationSource } from '../adapters/fixture/fixture-configuration-source';
import { SnapshotFileConfigurationSource } from '../adapters/node/snapshot-file';
import { NodeJiraHttp, type NodeJiraHttpOptions } from '../adapters/node/node-jira-http';
import { RestConfigurationSource, type RestScanOptions } from '../adapters/jira-rest/scan';
import { JiraHttpId, type JiraHttp } from '../ports/jira-http';
import type { Recording } from '../adapters/recording/recording';
import { ReplayConfigurationSource } from '../adapters/recording/replay';
import { ConfigurationSourceId } from '../ports/configuration-source';
import { ProgressReporterId, type ProgressReporter } from '../ports/progress';
import { ReportUseCase, ReportUseCaseId } from './report-use-case';
import { ExportIssuesUseCase, ExportIssuesUseCaseId } from './export-issues';
import { JiraClient, type JiraClientOptions } from '../adapters/jira-rest/client';
import { readFieldCatalogue, RestIssueSearch, RestUserDirectory } from '../adapters/jira-rest/issues';
import { IssueSearchId, UserDirectoryId } from '../ports/issue-search';

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
    bind(UserDirectoryId).toConstantValue(new RestUserDirectory(client));
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
