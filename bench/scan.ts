/**
 * Scan efficiency: the medium and enterprise presets served by the fake Jira (MSW, in process) with 100 ms of
 * simulated latency per request, scanned by the production REST adapter at its default concurrency. Time is
 * virtual: a discrete-event clock advances to the next pending wake-up only when the process has been idle for
 * a few event-loop turns, so the simulated wall time is what the scan would take against a site that answers
 * every request in 100 ms, without waiting for it. Requests issued are compared with a lower bound for the same
 * data: every list endpoint read at the server's page caps, plus the per-object calls no bulk endpoint replaces.
 */
import { setupServer } from 'msw/node';
import { createFakeJiraHandlers, FakeJiraLog, JIRA_PAGE_CAPS } from '../src/adapters/fake-jira/handlers';
import { RestConfigurationSource } from '../src/adapters/jira-rest/scan';
import { NodeJiraHttp } from '../src/adapters/node/node-jira-http';
import { generateSnapshot, type SyntheticPreset } from '../src/adapters/synthetic/generator';
import { isOptionField, type ConfigSnapshot } from '../src/domain/model';
import { emit, line, peakRssMb } from './support';
import { VirtualClock } from '../test/support/virtual-clock';

const pagesOf = (n: number, cap: number): number => Math.max(1, Math.ceil(n / cap));
const cap = (key: string): number => JIRA_PAGE_CAPS[key] ?? 50;

/** The fewest requests that can read this site through the endpoints Jira offers. */
function lowerBound(s: ConfigSnapshot): number {
  const classic = s.projects.filter((p) => p.style === 'classic').length;
  const custom = s.fields.filter((f) => f.custom);
  const tabs = s.screens.reduce((n, x) => n + x.tabs.length, 0);
  const gadgets = s.dashboards.flatMap((d) => d.gadgets);
  const contextsOf = new Map<string, ConfigSnapshot['fieldContexts'][number][]>();
  for (const c of s.fieldContexts) (contextsOf.get(c.fieldId) ?? contextsOf.set(c.fieldId, []).get(c.fieldId))?.push(c);
  const list =
    1 + // field
    pagesOf(custom.length, cap('/rest/api/3/field/search')) +
    1 + // issuetype
    pagesOf(s.statuses.length, cap('/rest/api/3/statuses/search')) +
    pagesOf(s.priorities.length, cap('/rest/api/3/priority/search')) +
    pagesOf(s.resolutions.length, cap('/rest/api/3/resolution/search')) +
    1 + // role
    pagesOf(s.groups.length, cap('/rest/api/3/group/bulk')) +
    pagesOf(s.screens.length, cap('/rest/api/3/screens')) +
    pagesOf(tabs, cap('/rest/api/3/screens/tabs')) +
    pagesOf(s.screenSchemes.length, cap('/rest/api/3/screenscheme')) +
    pagesOf(s.issueTypeScreenSchemes.length, cap('/rest/api/3/issuetypescreenscheme')) +
    pagesOf(s.issueTypeScreenSchemes.reduce((n, x) => n + x.mappings.length, 0), cap('/rest/api/3/issuetypescreenscheme/mapping')) +
    pagesOf(s.fieldConfigurations.length, cap('/rest/api/3/fieldconfiguration')) +
    pagesOf(s.fieldConfigurationSchemes.length, cap('/rest/api/3/fieldconfigurationscheme')) +
    pagesOf(s.fieldConfigurationSchemes.reduce((n, x) => n + x.mappings.length, 0), cap('/rest/api/3/fieldconfigurationscheme/mapping')) +
    pagesOf(s.issueTypeSchemes.length, cap('/rest/api/3/issuetypescheme')) +
    pagesOf(s.issueTypeSchemes.reduce((n, x) => n + x.issueTypeIds.length, 0), cap('/rest/api/3/issuetypescheme/mapping')) +
    pagesOf(s.workflows.length, cap('/rest/api/3/workflows/search')) +
    pagesOf(s.workflowSchemes.length, cap('/rest/api/3/workflowscheme')) +
    pagesOf(s.projects.length, cap('/rest/api/3/project/search')) +
    4 * pagesOf(classic, 100) + // scheme associations of projects: at most 100 project ids a request
    pagesOf(classic, cap('/rest/api/3/notificationscheme/project')) +
    1 + // permissionscheme (unpaged)
    pagesOf(s.notificationSchemes.length, cap('/rest/api/3/notificationscheme')) +
    pagesOf(s.filters.length, cap('/rest/api/3/filter/search')) +
    pagesOf(s.boards.length, cap('/rest/agile/1.0/board')) +
    pagesOf(s.dashboards.length, cap('/rest/api/3/dashboard/search'));
  const perObject =
    // Contexts of each field, and their project (issue type) mappings where some context is not global (for any issue type).
    custom.reduce((n, f) => {
      const contexts = contextsOf.get(f.id) ?? [];
      const pages = pagesOf(contexts.length, cap('context'));
      return n + pages + (contexts.some((c) => !c.isGlobalContext) ? pages : 0) + (contexts.some((c) => !c.isAnyIssueType) ? pages : 0);
    }, 0) +
    tabs + // fields of each tab: no bulk form
    s.fieldConfigurations.reduce((n, c) => n + pagesOf(c.items.length, cap('fields')), 0) +
    classic + // permission scheme of each project: no bulk form
    s.boards.reduce((n, b) => n + 1 + pagesOf(b.quickFilters.length, cap('quickfilter')), 0) + // configuration, quick filters
    s.dashboards.length + // gadgets
    gadgets.length + // property keys of each gadget
    gadgets.reduce((n, g) => n + (g.propertiesVisible ? Object.keys(g.properties).length : 0), 0) + // each property
    custom.filter((f) => f.projectId === undefined).length + // issues holding a value: one count a company-managed field
    2 + pagesOf(s.automationRules.length, 100) + s.automationRules.length; // cloud id, rule summaries, each rule's detail
  // Options of each option field's contexts (one list a context) and the contexts' defaults (one list a field).
  const optionFields = new Set(custom.filter((f) => isOptionField(f) && f.projectId === undefined).map((f) => f.id));
  const optionsOf = new Map<string, number>();
  for (const o of s.options) optionsOf.set(o.contextId, (optionsOf.get(o.contextId) ?? 0) + 1);
  const options =
    s.fieldContexts.filter((c) => optionFields.has(c.fieldId)).reduce((n, c) => n + pagesOf(optionsOf.get(c.id) ?? 0, cap('option')), 0) +
    optionFields.size; // the contexts' defaults: one list a field (a page holds every context of a field here)
  // Service desks (one list), each desk's queues and request types, each request type's fields.
  const desks = new Set([...s.queues, ...s.requestTypes].map((x) => x.serviceDeskId)).size;
  const jsm = pagesOf(desks, cap('servicedesk')) + 2 * desks + s.requestTypes.length;
  return list + perObject + options + jsm;
}

async function run(preset: SyntheticPreset): Promise<{ requests: number; bound: number; wallS: number; cpuS: number }> {
  const s = generateSnapshot({ preset, seed: 2026 });
  const clock = new VirtualClock();
  const log = new FakeJiraLog();
  const server = setupServer(...createFakeJiraHandlers(s, { latencyMs: 100, wait: clock.wait }, log));
  server.listen({ onUnhandledFrame: 'error' });
  const t = performance.now();
  try {
    const scan = new RestConfigurationSource(new NodeJiraHttp({ site: 'https://bench.fake-jira.test' }), { siteUrl: 'https://bench.fake-jira.test', sleep: clock.wait });
    const snapshot = await scan.load();
    if (snapshot.filters.length !== s.filters.length) throw new Error('the scan lost filters');
    return { requests: scan.requestCount, bound: lowerBound(s), wallS: clock.now / 1000, cpuS: (performance.now() - t) / 1000 };
  } finally {
    server.close();
  }
}

const medium = await run('medium');
line('medium: requests / lower bound', `${medium.requests} / ${medium.bound} = ${(medium.requests / medium.bound).toFixed(3)}`);
line('medium: simulated wall time at 100 ms/request', `${medium.wallS.toFixed(0)} s (real ${medium.cpuS.toFixed(1)} s)`);
const enterprise = await run('enterprise');
line('enterprise: requests / lower bound', `${enterprise.requests} / ${enterprise.bound} = ${(enterprise.requests / enterprise.bound).toFixed(3)} (target <= 1.3)`);
line('enterprise: simulated wall time at 100 ms/request', `${enterprise.wallS.toFixed(0)} s = ${(enterprise.wallS / 60).toFixed(1)} min (target < 15 min; real ${enterprise.cpuS.toFixed(1)} s)`);
line('scan peak RSS', `${peakRssMb()} MB`);
emit({
  scan_requests: enterprise.requests,
  scan_lower_bound: enterprise.bound,
  scan_request_ratio: Math.round((enterprise.requests / enterprise.bound) * 1000) / 1000,
  scan_wall_s: Math.round(enterprise.wallS),
  scan_peak_rss_mb: peakRssMb(),
});
