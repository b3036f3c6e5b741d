import 'reflect-metadata';
import Resolver from '@forge/resolver';
import type { AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { ForgeJiraHttp } from '../../adapters/forge/forge-jira-http';
import { ForgeKeyValueStore } from '../../adapters/forge/forge-kvs';
import { ForgeJobQueue } from '../../adapters/forge/forge-queue';
import type { JobEvent } from '../../ports/job-queue';
import { AdminApiId, API_FUNCTIONS } from '../admin-api';
import { adminJiraModule, adminModule, adminStorageModule, createContainer } from '../container';
import { ScanJobsId } from '../scan-jobs';
import { RetentionId } from '../retention';
import { ScheduledScansId } from '../schedule';

/**
 * Forge's composition root: configuration is read as the app, issues and the admin check as the user, data kept
 * in Forge KVS, scan parts queued as async events. Built once per function instance and reused while warm.
 */
const container = createContainer(
  adminModule,
  adminJiraModule(new ForgeJiraHttp('app'), new ForgeJiraHttp('user'), { concurrency: 6 }),
  adminStorageModule(new ForgeKeyValueStore(), new ForgeJobQueue()),
);

const resolver = new Resolver();
for (const name of API_FUNCTIONS) {
  resolver.define(name, async ({ payload, context }) => {
    const ctx = context as { accountId?: string; siteUrl?: string; installContext?: string; cloudId?: string };
    // One warm instance may serve several sites: the installation keys everything the API keeps in memory.
    return container.get(AdminApiId).call(name, payload, { accountId: ctx.accountId, siteUrl: ctx.siteUrl ?? '', installation: ctx.installContext ?? ctx.cloudId });
  });
}

/** The admin page's resolver (manifest: `resolver.function`). */
export const handler = resolver.getDefinitions();

const jobEvent: z.ZodType<JobEvent> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan-part'), scanId: z.string(), part: z.number().int().min(0) }),
  z.object({ type: z.literal('scan-queue'), scanId: z.string(), from: z.number().int().min(1) }),
  z.object({ type: z.literal('scan-finish'), scanId: z.string() }),
]);

/** The queue consumer (manifest: `consumer`), one scan part or scan finish per event. */
export async function consumer(event: AsyncEvent): Promise<void> {
  const parsed = jobEvent.safeParse(event.body);
  if (!parsed.success) {
    // A malformed event cannot become valid by retrying: log it and let it go.
    console.error(`config-lens consumer: ignored an event that is not a job: ${z.prettifyError(parsed.error)}`);
    return;
  }
  await container.get(ScanJobsId).handle(parsed.data);
}

/**
 * The scheduled trigger (manifest: `scheduledTrigger`, daily), invoked for each installation with that installation's
 * storage: deletes what is past its retention (whether or not anyone opens the page), then starts a scan when the
 * admin turned scheduled scans on and one is due.
 */
export async function scheduled(): Promise<{ readonly statusCode: number }> {
  const swept = await container.get(RetentionId).sweep();
  console.log(`config-lens scheduled: deleted ${swept.scans} scan(s), ${swept.history} history entr(ies), ${swept.exports} export(s), ${swept.uploadParts} stale upload part(s) past their retention`);
  const started = await container.get(ScheduledScansId).tick();
  console.log(started === undefined ? 'config-lens scheduled: no scan due' : `config-lens scheduled: scan ${started.id} (${started.state})`);
  // Forge reads a scheduled trigger's answer as HTTP-like: 204 when it did its work.
  return { statusCode: 204 };
}
