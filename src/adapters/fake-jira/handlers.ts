import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { extractJql } from '../../domain/jql';
import type { ConfigSnapshot, Holder, IssueRecord, SharePermission } from '../../domain/model';
import { IMPLICIT_DEFAULT_ID } from '../../domain/implicit-defaults';
import { mulberry32 } from '../synthetic/prng';
import { compileJql, JqlEvalError, type CompiledJql } from './jql-eval';
import { estimatePoints } from '../jira-rest/points';
import type { FakeAuditLog } from './audit';

/** POST endpoints that only read (searches, bulk reads): charged as reads. */
const READ_ONLY_POSTS = ['/search/jql', '/search/approximate-count', '/rest/api/3/workflows', '/workflowscheme/read'];

/**
 * A fake Jira Cloud site for tests and local runs: MSW handlers that serve any ConfigSnapshot through the same
 * REST endpoints, in the shapes Atlassian's OpenAPI documents give, with Jira's paging (server-side caps on
 * maxResults, `isLast`), repeatable id parameters, private filters hidden unless `overrideSharePermissions=true`,
 * and optional latency and seeded fault injection (429 with Retry-After, 503, malformed bodies).
 */
export interface FakeJiraOptions {
  /** Simulated latency of every response, in ms. */
  readonly latencyMs?: number;
  /** Share of requests (0–1) answered with a fault instead of the payload. */
  readonly faultRate?: number;
  /** Which faults to inject; default 429 and 503. */
  readonly faults?: readonly ('429' | '503' | 'malformed')[];
  /** Seed of the fault PRNG, so a run can be repeated. */
  readonly seed?: number;
  /** Caps on maxResults by endpoint path (e.g. `/rest/api/3/filter/search`), overriding Jira's. */
  readonly pageCaps?: Readonly<Record<string, number>>;
  /** Issues made on demand instead of the snapshot's (a large export benchmark holds none in memory). */
  readonly issueSource?: { readonly count: number; issue(index: number): IssueRecord };
  /** How latency is waited out; default real time (msw's delay). A benchmark passes a virtual clock. */
  readonly wait?: (ms: number) => Promise<void>;
  /** Endpoint paths (prefixes) that answer 403, as for an app or user without the permission. */
  readonly forbidden?: readonly string[];
  /** Whether the caller holds Administer Jira (`mypermissions`); default true. */
  readonly admin?: boolean;
  /** The account `currentUser()` means in JQL; without one, `currentUser()` matches nothing. */
  readonly currentUser?: string;
  /**
   * Corrupts one object, as a broken real site might: the first item of the first page of the `list` endpoint gets
   * a `name` that is an object, and the first answer of the `object` endpoint has its nested values replaced by a
   * string. Endpoint templates as logged, e.g. `/rest/api/3/workflows/search`, `/rest/agile/1.0/board/{boardId}/configuration`.
   */
  readonly corrupt?: { readonly list?: string; readonly object?: string };
  /**
   * Raw items appended to list endpoints, by endpoint path (e.g. `/rest/api/3/workflows/search`, `/rest/api/3/field`):
   * payloads in shapes real sites send that a snapshot cannot hold (null parameters, numbers for strings).
   */
  readonly extraItems?: Readonly<Record<string, readonly unknown[]>>;
  /** How `priorityscheme` says which scheme is the default: `default` (as the fake does by default) or `isDefault` (both are documented, and sites send either). */
  readonly priorityDefaultKey?: 'default' | 'isDefault';
  /**
   * Charges points as Jira Cloud does since March 2026 (the table in `jira-rest/points.ts`) against one pool of
   * `quota` points a window of `windowSeconds` (3,600: the clock hour), and answers with Jira's quota headers; a spent
   * pool answers 429 (`jira-quota-global-based`) until the window ends. Calls marked `X-Config-Lens-Via: bridge` (the
   * local stand-in for the page's own calls) are not charged.
   */
  readonly points?: FakePointsOptions;
  /** The site's audit log (what its changes wrote); none by default, as on a site where nothing changed. */
  readonly audit?: FakeAuditLog;
}

export interface FakePointsOptions {
  readonly quota: number;
  readonly windowSeconds?: number;
  readonly pool?: 'global-app-quota' | 'tenant-app-quota';
  /** The clock in ms; default Date.now. */
  readonly now?: () => number;
}

/** The header that marks a call the page made through the bridge (the local stand-in for a frontend call). */
export const VIA_BRIDGE_HEADER = 'X-Config-Lens-Via';

/** The corruption `FakeJiraOptions.corrupt` asks for, applied once per endpoint. */
function corrupted(body: unknown, mode: 'list' | 'object'): unknown {
  if (typeof body !== 'object' || body === null) return body;
  if (mode === 'list') {
    const list = Array.isArray(body) ? body : (body as { values?: unknown }).values;
    if (!Array.isArray(list) || list.length === 0) return body;
    const [first, ...rest] = list as unknown[];
    const broken = [{ ...(first as object), name: { corrupted: true } }, ...rest];
    return Array.isArray(body) ? broken : { ...body, values: broken };
  }
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'object' && v !== null ? 'corrupted' : v]));
}

/** Jira's own caps on maxResults, by endpoint: a client asking for more gets this many. */
export const JIRA_PAGE_CAPS: Readonly<Record<string, number>> = {
  '/rest/api/3/field/search': 50,
  '/rest/api/3/screens': 100,
  '/rest/api/3/screens/tabs': 100,
  '/rest/api/3/screenscheme': 100,
  '/rest/api/3/issuetypescreenscheme': 100,
  '/rest/api/3/issuetypescreenscheme/mapping': 100,
  '/rest/api/3/issuetypescreenscheme/project': 50,
  '/rest/api/3/fieldconfiguration': 50,
  '/rest/api/3/fieldconfigurationscheme': 50,
  '/rest/api/3/fieldconfigurationscheme/mapping': 50,
  '/rest/api/3/fieldconfigurationscheme/project': 50,
  '/rest/api/3/issuetypescheme': 50,
  '/rest/api/3/issuetypescheme/mapping': 50,
  '/rest/api/3/issuetypescheme/project': 50,
  '/rest/api/3/workflows/search': 50,
  '/rest/api/3/workflowscheme': 50,
  '/rest/api/3/statuses/search': 200,
  '/rest/api/3/filter/search': 100,
  '/rest/api/3/project/search': 100,
  '/rest/api/3/dashboard/search': 100,
  '/rest/api/3/notificationscheme': 50,
  '/rest/api/3/notificationscheme/project': 50,
  '/rest/api/3/priority/search': 50,
  '/rest/api/3/priorityscheme': 50,
  '/rest/api/3/issuesecurityschemes/search': 50,
  '/rest/api/3/config/fieldschemes': 50,
  plans: 50,
  'fieldscheme-items': 50,
  '/rest/api/3/issuesecurityschemes/level': 50,
  '/rest/api/3/issuesecurityschemes/level/member': 50,
  'priorityscheme-items': 50,
  '/rest/api/3/resolution/search': 50,
  '/rest/api/3/group/bulk': 50,
  '/rest/agile/1.0/board': 50,
  '/rest/api/3/user/bulk': 100,
  'context': 100,
  'fields': 100,
  'quickfilter': 50,
  'automation-rules': 100,
  option: 100,
  servicedesk: 50,
};

/** Requests the fake served, by endpoint template (e.g. `GET /rest/api/3/field/{fieldId}/context`), and the points it charged. */
export class FakeJiraLog {
  readonly byEndpoint = new Map<string, number>();
  total = 0;
  /** Points charged, in all and by endpoint template (calls through the bridge are not charged). */
  points = 0;
  readonly pointsByEndpoint = new Map<string, number>();
  /** Calls through the bridge (not charged). */
  bridgeCalls = 0;
  /** Quota 429s answered, by window start (ms). */
  readonly quotaHits = new Map<number, number>();
  /** Points charged by window start (ms). */
  readonly pointsByWindow = new Map<number, number>();

  count(endpoint: string): void {
    this.total++;
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
  }

  charge(endpoint: string, window: number, points: number): void {
    this.points += points;
    this.pointsByEndpoint.set(endpoint, (this.pointsByEndpoint.get(endpoint) ?? 0) + points);
    this.pointsByWindow.set(window, (this.pointsByWindow.get(window) ?? 0) + points);
  }

  /** The most quota 429s answered in any one window. */
  get maxQuotaHitsPerWindow(): number {
    return Math.max(0, ...this.quotaHits.values());
  }
}

/** The cloud id the fake site answers `/_edge/tenant_info` with. */
export const FAKE_CLOUD_ID = '6c1b2d1e-4f1a-4c55-9d7e-1f2a3b4c5d6e';
const FAKE_RULE_AUTHOR = '557058:f1e2d3c4-0000-4000-8000-000000000001';

/** A rule's scope as the Automation API writes it: ARIs of projects, of project types, or of the whole site. */
function ruleScopeAris(r: ConfigSnapshot['automationRules'][number]): string[] {
  if (r.scope.global) return [`ari:cloud:jira::site/${FAKE_CLOUD_ID}`];
  return [...r.scope.projectIds.map((id) => `ari:cloud:jira:${FAKE_CLOUD_ID}:project/${id}`), ...r.scope.projectTypes.map((t) => `ari:cloud:${t}::site/${FAKE_CLOUD_ID}`)];
}

const num = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);
const statusReference = (id: string): string => `00000000-0000-4000-8000-${id.replace(/\D/g, '').padStart(12, '0').slice(-12)}${id.replace(/\d/g, '') === '' ? '' : `-${id}`}`;
const notFound = (message: string): Response => HttpResponse.json({ errorMessages: [message], errors: {} }, { status: 404 });

function sharePayload(p: SharePermission, groupName: (id: string) => string): Record<string, unknown> {
  return {
    type: p.type,
    ...(p.projectId === undefined ? {} : { project: { id: p.projectId } }),
    ...(p.roleId === undefined ? {} : { role: { id: num(p.roleId) } }),
    ...(p.groupId === undefined ? {} : { group: { groupId: p.groupId, name: groupName(p.groupId) } }),
    ...(p.accountId === undefined ? {} : { user: { accountId: p.accountId } }),
  };
}

/** A property value as Jira stores it: JSON objects and arrays as JSON, everything else as the string. */
function propertyValue(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** MSW handlers that serve `snapshot` as a Jira Cloud site at any origin. */
export function createFakeJiraHandlers(snapshot: ConfigSnapshot, options: FakeJiraOptions = {}, log: FakeJiraLog = new FakeJiraLog()): HttpHandler[] {
  const s = snapshot;
  const rand = mulberry32(options.seed ?? 1);
  const faultKinds = options.faults ?? ['429', '503'];
  const caps = { ...JIRA_PAGE_CAPS, ...options.pageCaps };
  const fieldName = new Map(s.fields.map((f) => [f.id, f.name]));
  const groupName = (id: string): string => s.groups.find((g) => g.id === id)?.name ?? id;
  const projectById = new Map(s.projects.map((p) => [p.id, p]));
  const classic = s.projects.filter((p) => p.style === 'classic');
  const corruptedOnce = new Set<string>();
  const extra = (path: string): readonly unknown[] => options.extraItems?.[path] ?? [];
  /** A plan's issue sources as the plans API writes them: `Board`, `Project`, `Filter` with a numeric value. */
  const planSources = (p: ConfigSnapshot['plans'][number]): Record<string, unknown>[] =>
    p.issueSources.map((x) => ({ type: x.type === 'board' ? 'Board' : x.type === 'project' ? 'Project' : 'Filter', value: num(x.id) }));

  /** Charges a call's points against the pool and puts Jira's quota headers on its answer (or answers 429). */
  const pool = options.points === undefined ? undefined : { ...options.points, windowMs: (options.points.windowSeconds ?? 3600) * 1000, used: 0, window: Number.NaN };
  const charged = async (request: Request, endpoint: string, answer: () => Promise<Response>): Promise<Response> => {
    if (pool === undefined) return answer();
    if (request.headers.get(VIA_BRIDGE_HEADER)?.toLowerCase() === 'bridge') {
      log.bridgeCalls++;
      return answer();
    }
    const now = (pool.now ?? Date.now)();
    const window = Math.floor(now / pool.windowMs) * pool.windowMs;
    if (window !== pool.window) {
      pool.window = window;
      pool.used = 0;
    }
    const name = pool.pool ?? 'global-app-quota';
    const resetSeconds = Math.max(1, Math.ceil((window + pool.windowMs - now) / 1000));
    const headers = (): Record<string, string> => {
      const left = Math.max(0, pool.quota - pool.used);
      return {
        'RateLimit-Policy': `"${name}";q=${pool.quota};w=${pool.windowMs / 1000}`,
        // Jira says what is left only once about 80 % of the pool is used.
        ...(pool.used >= pool.quota * 0.8 ? { RateLimit: `"${name}";r=${left};t=${resetSeconds}` } : {}),
        ...(left < pool.quota * 0.2 ? { 'X-RateLimit-NearLimit': 'true' } : {}),
      };
    };
    if (pool.used >= pool.quota) {
      log.quotaHits.set(window, (log.quotaHits.get(window) ?? 0) + 1);
      return HttpResponse.json(
        { errorMessages: ['Rate limit exceeded: the app has used its points quota for this hour.'] },
        { status: 429, headers: { ...headers(), 'Retry-After': String(resetSeconds), 'RateLimit-Reason': name === 'tenant-app-quota' ? 'jira-quota-tenant-based' : 'jira-quota-global-based' } },
      );
    }
    const response = await answer();
    let body: unknown;
    if (response.status >= 200 && response.status < 300) body = await response.clone().json().catch(() => undefined);
    const points = estimatePoints(request.method, new URL(request.url).pathname, response.status, body, request.method === 'GET' || READ_ONLY_POSTS.some((p) => endpoint.endsWith(p)));
    pool.used += points;
    log.charge(endpoint, window, points);
    const out = new Headers(response.headers);
    for (const [k, v] of Object.entries(headers())) out.set(k, v);
    return new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers: out });
  };

  /** Wraps a resolver with logging, latency, 403s, faults and points. */
  const serve = (template: string, resolve: (url: URL, params: Record<string, string>, request?: Request) => Response | Promise<Response>) => ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }): Promise<Response> =>
    charged(request, `${request.method} ${template}`, () => answer(template, resolve, request, params));

  const answer = async (template: string, resolve: (url: URL, params: Record<string, string>, request?: Request) => Response | Promise<Response>, request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> => {
    const url = new URL(request.url);
    log.count(`${request.method} ${template}`);
    if ((options.latencyMs ?? 0) > 0) await (options.wait ?? delay)(options.latencyMs ?? 0);
    if ((options.forbidden ?? []).some((p) => url.pathname.startsWith(p))) return HttpResponse.json({ errorMessages: ['You do not have permission to see this.'], errors: {} }, { status: 403 });
    if ((options.faultRate ?? 0) > 0 && rand() < (options.faultRate ?? 0)) {
      const kind = faultKinds[Math.floor(rand() * faultKinds.length)] ?? '503';
      if (kind === '429') return HttpResponse.json({ errorMessages: ['Rate limit exceeded.'] }, { status: 429, headers: { 'Retry-After': '1', 'RateLimit-Reason': 'jira-burst-based' } });
      if (kind === '503') return HttpResponse.json({ errorMessages: ['Service unavailable.'] }, { status: 503 });
      return new HttpResponse('{"values": [', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (typeof v === 'string') flat[k] = decodeURIComponent(v);
    const response = await resolve(url, flat, request);
    const mode = options.corrupt?.list === template ? 'list' : options.corrupt?.object === template ? 'object' : undefined;
    if (mode === undefined || corruptedOnce.has(template) || response.status !== 200) return response;
    corruptedOnce.add(template);
    return HttpResponse.json(corrupted(await response.json(), mode) as Record<string, unknown>);
  };

  /** A PageBean of `items`, honouring startAt and the endpoint's cap on maxResults. */
  const page = (url: URL, items: readonly unknown[], capKey: string, sizeParam = 'maxResults', more = extra(url.pathname)): Response => {
    const startAt = Math.max(0, Number(url.searchParams.get('startAt') ?? 0) || 0);
    const asked = Number(url.searchParams.get(sizeParam) ?? 50) || 50;
    const size = Math.max(1, Math.min(asked, caps[capKey] ?? 50));
    const all = [...items, ...more];
    const values = all.slice(startAt, startAt + size);
    return HttpResponse.json({ startAt, maxResults: size, total: all.length, isLast: startAt + values.length >= all.length, values });
  };
  const ids = (url: URL, name: string): string[] => url.searchParams.getAll(name);
  const expands = (url: URL): Set<string> => new Set((url.searchParams.get('expand') ?? '').split(',').map((e) => e.trim()));

  const get = (template: string, resolve: (url: URL, params: Record<string, string>) => Response | Promise<Response>): HttpHandler =>
    http.get(`*${template.replace(/\{(\w+)\}/g, ':$1')}`, serve(template, resolve));

  const removed = (template: string): HttpHandler =>
    get(template, () => HttpResponse.json({ errorMessages: [`${template} has been removed. See the deprecation notice.`], errors: {} }, { status: 410 }));

  return [
    removed('/rest/api/3/workflow'),
    removed('/rest/api/3/workflow/search'),
    removed('/rest/api/3/field/{fieldId}/contexts'),
    get('/rest/api/3/field', () =>
      HttpResponse.json(
        [
          ...s.fields.map((f) => ({
            id: f.id,
            key: f.id,
            name: f.name,
            custom: f.custom,
            orderable: true,
            navigable: true,
            searchable: true,
            clauseNames: f.clauseNames,
            ...(f.schema === undefined ? {} : { schema: f.schema }),
            // Team-managed fields: observed on real sites, not in the FieldDetails example.
            ...(f.projectId === undefined ? {} : { scope: { type: 'PROJECT', project: { id: f.projectId } } }),
          })),
          ...extra('/rest/api/3/field'),
        ],
      ),
    ),
    get('/rest/api/3/field/search', (url) => {
      const e = expands(url);
      const type = url.searchParams.get('type');
      // `id` (repeatable) keeps only the fields named.
      const only = ids(url, 'id');
      // field/search is documented as classic-only: team-managed fields are not in it.
      const list = s.fields
        .filter((f) => (type === null || (type === 'custom') === f.custom) && f.projectId === undefined && (only.length === 0 || only.includes(f.id)))
        .map((f) => ({
          id: f.id,
          name: f.name,
          schema: f.schema ?? { type: 'any' },
          ...(e.has('key') ? { key: f.id } : {}),
          ...(f.description === undefined ? {} : { description: f.description }),
          ...(e.has('searcherKey') && f.searcherKey !== undefined ? { searcherKey: f.searcherKey } : {}),
          ...(e.has('screensCount') && f.screensCount !== undefined ? { screensCount: f.screensCount } : {}),
          ...(e.has('contextsCount') && f.contextsCount !== undefined ? { contextsCount: f.contextsCount } : {}),
          ...(e.has('isLocked') && f.isLocked !== undefined ? { isLocked: f.isLocked } : {}),
          ...(e.has('lastUsed') && f.lastUsed !== undefined ? { lastUsed: f.lastUsed } : {}),
        }));
      return page(url, list, '/rest/api/3/field/search');
    }),
    get('/rest/api/3/field/{fieldId}/context', (url, p) => {
      if (!s.fields.some((f) => f.id === p.fieldId && f.custom)) return notFound(`The custom field was not found.`);
      const list = s.fieldContexts.filter((c) => c.fieldId === p.fieldId).map((c) => ({ id: c.id, name: c.name, description: '', isGlobalContext: c.isGlobalContext, isAnyIssueType: c.isAnyIssueType }));
      return page(url, list, 'context');
    }),
    get('/rest/api/3/field/{fieldId}/context/projectmapping', (url, p) => {
      const list = s.fieldContexts
        .filter((c) => c.fieldId === p.fieldId)
        .flatMap((c): Record<string, unknown>[] => (c.isGlobalContext ? [{ contextId: c.id, isGlobalContext: true }] : c.projectIds.map((projectId) => ({ contextId: c.id, projectId }))));
      return page(url, list, 'context');
    }),
    get('/rest/api/3/field/{fieldId}/context/issuetypemapping', (url, p) => {
      const list = s.fieldContexts
        .filter((c) => c.fieldId === p.fieldId)
        .flatMap((c): Record<string, unknown>[] => (c.isAnyIssueType ? [{ contextId: c.id, isAnyIssueType: true }] : c.issueTypeIds.map((issueTypeId) => ({ contextId: c.id, issueTypeId }))));
      return page(url, list, 'context');
    }),
    get('/rest/api/3/screens', (url) => page(url, s.screens.map((x) => ({ id: num(x.id), name: x.name, ...(x.description === undefined ? {} : { description: x.description }) })), '/rest/api/3/screens')),
    get('/rest/api/3/screens/tabs', (url) => {
      const wanted = new Set(ids(url, 'screenId'));
      const list = s.screens.filter((x) => wanted.size === 0 || wanted.has(x.id)).flatMap((x) => x.tabs.map((t) => ({ screenId: num(x.id), tabId: num(t.id), tabName: t.name })));
      return page(url, list, '/rest/api/3/screens/tabs', 'maxResult');
    }),
    get('/rest/api/3/screens/{screenId}/tabs/{tabId}/fields', (_url, p) => {
      const tab = s.screens.find((x) => x.id === p.screenId)?.tabs.find((t) => t.id === p.tabId);
      if (tab === undefined) return notFound('The screen tab was not found.');
      return HttpResponse.json(tab.fieldIds.map((id) => ({ id, name: fieldName.get(id) ?? id })));
    }),
    get('/rest/api/3/screenscheme', (url) =>
      page(
        url,
        s.screenSchemes.map((x) => ({
          id: num(x.id),
          name: x.name,
          ...(x.description === undefined ? {} : { description: x.description }),
          screens: Object.fromEntries(Object.entries(x.screens).map(([k, v]) => [k, num(v)])),
        })),
        '/rest/api/3/screenscheme',
      ),
    ),
    get('/rest/api/3/issuetypescreenscheme', (url) =>
      page(url, s.issueTypeScreenSchemes.map((x) => ({ id: x.id, name: x.name, ...(x.description === undefined ? {} : { description: x.description }) })), '/rest/api/3/issuetypescreenscheme'),
    ),
    get('/rest/api/3/issuetypescreenscheme/mapping', (url) => {
      const wanted = new Set(ids(url, 'issueTypeScreenSchemeId'));
      const list = s.issueTypeScreenSchemes
        .filter((x) => wanted.size === 0 || wanted.has(x.id))
        .flatMap((x) => x.mappings.map((m) => ({ issueTypeScreenSchemeId: x.id, issueTypeId: m.issueTypeId, screenSchemeId: m.screenSchemeId })));
      return page(url, list, '/rest/api/3/issuetypescreenscheme/mapping');
    }),
    ...(
      [
        ['/rest/api/3/issuetypescreenscheme/project', 'issue-type-screen-scheme', 'issueTypeScreenScheme', s.issueTypeScreenSchemes],
        ['/rest/api/3/fieldconfigurationscheme/project', 'field-configuration-scheme', 'fieldConfigurationScheme', s.fieldConfigurationSchemes],
        ['/rest/api/3/issuetypescheme/project', 'issue-type-scheme', 'issueTypeScheme', s.issueTypeSchemes],
      ] as const
    ).map(([template, kind, key, schemes]) =>
      get(template, (url) => {
        const wanted = ids(url, 'projectId').filter((id) => projectById.get(id)?.style === 'classic');
        const byScheme = new Map<string, string[]>();
        const none: string[] = [];
        for (const id of wanted) {
          const scheme = projectById.get(id)?.schemes[kind];
          if (scheme === undefined || scheme === IMPLICIT_DEFAULT_ID) none.push(id);
          else byScheme.set(scheme, [...(byScheme.get(scheme) ?? []), id]);
        }
        const list: unknown[] = [...byScheme].map(([schemeId, projectIds]) => {
          const scheme = (schemes as readonly { id: string; name: string; description?: string }[]).find((x) => x.id === schemeId);
          return { [key]: { id: schemeId, name: scheme?.name ?? schemeId, ...(scheme?.description === undefined ? {} : { description: scheme.description }) }, projectIds };
        });
        // Projects on a system default come back without a scheme where Jira has no id for it.
        if (none.length > 0 && kind === 'field-configuration-scheme') list.push({ projectIds: none });
        return page(url, list, template);
      }),
    ),
    get('/rest/api/3/fieldconfiguration', (url) =>
      page(url, s.fieldConfigurations.map((x) => ({ id: num(x.id), name: x.name, ...(x.description === undefined ? {} : { description: x.description }), ...(x.isDefault ? { isDefault: true } : {}) })), '/rest/api/3/fieldconfiguration'),
    ),
    get('/rest/api/3/fieldconfiguration/{id}/fields', (url, p) => {
      const config = s.fieldConfigurations.find((x) => x.id === p.id);
      if (config === undefined) return notFound('The field configuration was not found.');
      return page(url, config.items.map((i) => ({ id: i.fieldId, isHidden: i.isHidden, isRequired: i.isRequired, ...(i.renderer === undefined ? {} : { renderer: i.renderer }), ...(i.description === undefined ? {} : { description: i.description }) })), 'fields');
    }),
    get('/rest/api/3/fieldconfigurationscheme', (url) =>
      page(url, s.fieldConfigurationSchemes.map((x) => ({ id: x.id, name: x.name, ...(x.description === undefined ? {} : { description: x.description }) })), '/rest/api/3/fieldconfigurationscheme'),
    ),
    get('/rest/api/3/fieldconfigurationscheme/mapping', (url) => {
      const wanted = new Set(ids(url, 'fieldConfigurationSchemeId'));
      const list = s.fieldConfigurationSchemes
        .filter((x) => wanted.size === 0 || wanted.has(x.id))
        .flatMap((x) => x.mappings.map((m) => ({ fieldConfigurationSchemeId: x.id, issueTypeId: m.issueTypeId, fieldConfigurationId: m.fieldConfigurationId })));
      return page(url, list, '/rest/api/3/fieldconfigurationscheme/mapping');
    }),
    get('/rest/api/3/issuetype', () =>
      HttpResponse.json([
        ...s.issueTypes.map((t) => ({
          id: t.id,
          name: t.name,
          subtask: t.subtask,
          ...(t.hierarchyLevel === undefined ? {} : { hierarchyLevel: t.hierarchyLevel }),
          ...(t.projectId === undefined ? {} : { scope: { type: 'PROJECT', project: { id: t.projectId } } }),
        })),
        ...extra('/rest/api/3/issuetype'),
      ]),
    ),
    get('/rest/api/3/issuetypescheme', (url) =>
      page(
        url,
        s.issueTypeSchemes.map((x) => ({ id: x.id, name: x.name, ...(x.description === undefined ? {} : { description: x.description }), isDefault: x.isDefault, ...(x.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: x.defaultIssueTypeId }) })),
        '/rest/api/3/issuetypescheme',
      ),
    ),
    get('/rest/api/3/issuetypescheme/mapping', (url) => {
      const wanted = new Set(ids(url, 'issueTypeSchemeId'));
      const list = s.issueTypeSchemes.filter((x) => wanted.size === 0 || wanted.has(x.id)).flatMap((x) => x.issueTypeIds.map((issueTypeId) => ({ issueTypeSchemeId: x.id, issueTypeId })));
      return page(url, list, '/rest/api/3/issuetypescheme/mapping');
    }),
    get('/rest/api/3/workflows/search', (url) => {
      const withTransitions = expands(url).has('values.transitions');
      const startAt = Number(url.searchParams.get('startAt') ?? 0) || 0;
      const size = Math.min(Number(url.searchParams.get('maxResults') ?? 50) || 50, caps['/rest/api/3/workflows/search'] ?? 50);
      const extraWorkflows = extra('/rest/api/3/workflows/search');
      const total = s.workflows.length + extraWorkflows.length;
      const values = s.workflows.slice(startAt, startAt + size);
      const raw = extraWorkflows.slice(Math.max(0, startAt - s.workflows.length), Math.max(0, startAt + size - s.workflows.length));
      const used = new Set(values.flatMap((w) => [...w.statusIds, ...w.transitions.flatMap((t) => [...(t.toStatusId === undefined ? [] : [t.toStatusId]), ...t.fromStatusIds])]));
      return HttpResponse.json({
        startAt,
        maxResults: size,
        total,
        isLast: startAt + values.length + raw.length >= total,
        // With raw workflows on the page (FakeJiraOptions.extraItems), every status, as they may use any.
        statuses: s.statuses.filter((x) => raw.length > 0 || used.has(x.id)).map((x) => ({ id: x.id, name: x.name, statusCategory: x.statusCategory, statusReference: statusReference(x.id), scope: x.projectId === undefined ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: x.projectId } } })),
        values: values.map((w) => ({
          id: w.id,
          name: w.name,
          ...(w.description === undefined ? {} : { description: w.description }),
          scope: w.scope.type === 'PROJECT' ? { type: 'PROJECT', project: { id: w.scope.projectId ?? '' } } : { type: 'GLOBAL' },
          statuses: w.statusIds.map((id) => {
            const settings = w.statusSettings?.find((x) => x.statusId === id);
            const approval = settings?.approval;
            return {
              statusReference: statusReference(id),
              properties: settings?.properties ?? {},
              ...(approval === undefined
                ? {}
                : { approvalConfiguration: { active: String(approval.active), conditionType: 'number', conditionValue: '1', transitionApproved: '1', transitionRejected: '1', ...(approval.fieldId === undefined ? {} : { fieldId: approval.fieldId }), ...(approval.prePopulatedFieldId === undefined ? {} : { prePopulatedFieldId: approval.prePopulatedFieldId }) } }),
            };
          }),
          ...(withTransitions
            ? {
                transitions: w.transitions.map((t) => {
                  const of = (kind: string): { ruleKey: string; parameters: Readonly<Record<string, string>> }[] => t.rules.filter((r) => r.kind === kind).map((r) => ({ ruleKey: r.ruleKey, parameters: r.parameters }));
                  return {
                    id: t.id,
                    name: t.name,
                    type: t.type,
                    // A looped transition (back to the status the issue is in) has no toStatusReference on real sites.
                    ...(t.toStatusId === undefined ? {} : { toStatusReference: statusReference(t.toStatusId) }),
                    links: t.fromStatusIds.map((id) => ({ fromStatusReference: statusReference(id), fromPort: 0, toPort: 1 })),
                    conditions: { operation: 'ALL', conditions: of('condition'), conditionGroups: [] },
                    validators: of('validator'),
                    actions: of('post-function'),
                    triggers: of('trigger'),
                    ...(t.screenId === undefined ? {} : { transitionScreen: { ruleKey: 'system:transition-screen', parameters: { screenId: t.screenId } } }),
                    properties: t.properties ?? {},
                  };
                }),
              }
            : {}),
        })).concat(raw as never[]),
      });
    }),
    get('/rest/api/3/workflowscheme', (url) =>
      page(
        url,
        s.workflowSchemes.map((x) => ({
          id: num(x.id),
          name: x.name,
          ...(x.description === undefined ? {} : { description: x.description }),
          ...(x.defaultWorkflow === undefined ? {} : { defaultWorkflow: x.defaultWorkflow }),
          issueTypeMappings: Object.fromEntries(x.issueTypeMappings.map((m) => [m.issueTypeId, m.workflow])),
        })),
        '/rest/api/3/workflowscheme',
      ),
    ),
    get('/rest/api/3/workflowscheme/project', (url) => {
      const wanted = ids(url, 'projectId').filter((id) => projectById.get(id)?.style === 'classic');
      if (wanted.length > 100) return HttpResponse.json({ errorMessages: ['projectId: at most 100 values.'], errors: {} }, { status: 400 });
      const groups = new Map<string, string[]>();
      for (const id of wanted) {
        const key = projectById.get(id)?.schemes['workflow-scheme'] ?? '';
        groups.set(key, [...(groups.get(key) ?? []), id]);
      }
      return HttpResponse.json({
        values: [...groups].map(([schemeId, projectIds]) => {
          const scheme = s.workflowSchemes.find((x) => x.id === schemeId);
          // Projects on Jira's default workflow scheme come back with a scheme that has no id.
          const workflowScheme =
            scheme === undefined
              ? { name: 'Default Workflow Scheme', description: 'Default Workflow Scheme', defaultWorkflow: 'jira', issueTypeMappings: {} }
              : { id: num(scheme.id), name: scheme.name, ...(scheme.defaultWorkflow === undefined ? {} : { defaultWorkflow: scheme.defaultWorkflow }), issueTypeMappings: Object.fromEntries(scheme.issueTypeMappings.map((m) => [m.issueTypeId, m.workflow])) };
          return { projectIds, workflowScheme };
        }),
      });
    }),
    get('/rest/api/3/statuses/search', (url) =>
      page(url, s.statuses.map((x) => ({ id: x.id, name: x.name, statusCategory: x.statusCategory, scope: x.projectId === undefined ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: x.projectId } } })), '/rest/api/3/statuses/search'),
    ),
    get('/rest/api/3/filter/search', (url) => {
      const e = expands(url);
      const override = url.searchParams.get('overrideSharePermissions') === 'true';
      const list = s.filters
        .filter((f) => override || f.sharePermissions.length > 0)
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((f) => ({
          id: f.id,
          name: f.name,
          ...(f.description === undefined ? {} : { description: f.description }),
          ...(e.has('jql') ? { jql: f.jql } : {}),
          ...(e.has('owner') && f.ownerAccountId !== undefined ? { owner: { accountId: f.ownerAccountId } } : {}),
          ...(e.has('sharePermissions') ? { sharePermissions: f.sharePermissions.map((p) => sharePayload(p, groupName)) } : {}),
          ...(e.has('approximateLastUsed') && f.approximateLastUsed !== undefined ? { approximateLastUsed: f.approximateLastUsed } : {}),
          ...(e.has('subscriptions')
            ? { subscriptions: (f.subscriptions ?? []).map((x) => ({ id: num(x.id), ...(x.groupId === undefined ? {} : { group: { groupId: x.groupId, name: groupName(x.groupId) } }), ...(x.accountId === undefined ? {} : { user: { accountId: x.accountId } }) })) }
            : {}),
          ...(f.favouritedCount === undefined ? {} : { favouritedCount: f.favouritedCount }),
        }));
      return page(url, list, '/rest/api/3/filter/search');
    }),
    get('/rest/agile/1.0/board', (url) => page(url, s.boards.map((b) => ({ id: num(b.id), name: b.name, type: b.type })), '/rest/agile/1.0/board')),
    get('/rest/agile/1.0/board/{boardId}/configuration', (_url, p) => {
      const b = s.boards.find((x) => x.id === p.boardId);
      if (b === undefined) return notFound('The board does not exist or you do not have permission to view it.');
      const project = b.location?.projectId === undefined ? undefined : projectById.get(b.location.projectId);
      return HttpResponse.json({
        id: num(b.id),
        name: b.name,
        type: b.type,
        ...(b.filterId === undefined ? {} : { filter: { id: b.filterId } }),
        ...(b.subQuery === undefined ? {} : { subQuery: { query: b.subQuery } }),
        columnConfig: { columns: b.columns.map((c) => ({ name: c.name, statuses: c.statusIds.map((id) => ({ id })) })), constraintType: 'none' },
        estimation: b.estimationFieldId === undefined ? { type: 'none' } : { type: 'field', field: { fieldId: b.estimationFieldId, displayName: fieldName.get(b.estimationFieldId) ?? b.estimationFieldId } },
        ...(b.rankFieldId === undefined ? {} : { ranking: { rankCustomFieldId: Number(b.rankFieldId.replace('customfield_', '')) } }),
        ...(b.location === undefined
          ? {}
          : b.location.type === 'project'
            ? { location: { type: 'project', ...(project === undefined ? {} : { projectKeyOrId: project.key }) } }
            : { location: { type: 'user', ...(b.location.accountId === undefined ? {} : { projectKeyOrId: b.location.accountId }) } }),
      });
    }),
    get('/rest/agile/1.0/board/{boardId}/quickfilter', (url, p) => {
      const b = s.boards.find((x) => x.id === p.boardId);
      if (b === undefined) return notFound('The board does not exist or you do not have permission to view it.');
      return page(url, b.quickFilters.map((q, position) => ({ id: num(q.id), boardId: num(b.id), name: q.name, jql: q.jql, position })), 'quickfilter');
    }),
    // `status` as Jira reads it: active by default, archived on request, deleted (the fake keeps none).
    get('/rest/api/3/dashboard/search', (url) => {
      const status = url.searchParams.get('status') ?? 'active';
      if (!['active', 'archived', 'deleted'].includes(status)) return HttpResponse.json({ errorMessages: [`The value '${status}' is invalid for status.`], errors: {} }, { status: 400 });
      const listed = s.dashboards.filter((d) => (status === 'archived' ? d.archived === true : status === 'active' ? d.archived !== true : false));
      return page(url, listed.map((d) => ({ id: d.id, name: d.name, ...(d.ownerAccountId === undefined ? {} : { owner: { accountId: d.ownerAccountId } }), sharePermissions: d.sharePermissions.map((p) => sharePayload(p, groupName)) })), '/rest/api/3/dashboard/search', 'maxResults', status === 'active' ? extra(url.pathname) : []);
    }),
    get('/rest/api/3/dashboard/{dashboardId}/gadget', (_url, p) => {
      const d = s.dashboards.find((x) => x.id === p.dashboardId);
      if (d === undefined) return notFound('The dashboard was not found.');
      return HttpResponse.json({
        gadgets: d.gadgets.map((g, row) => ({
          id: num(g.id),
          title: g.title ?? '',
          color: 'blue',
          position: { 'The column position of the gadget.': 0, 'The row position of the gadget.': row },
          ...(g.moduleKey === undefined ? {} : { moduleKey: g.moduleKey }),
          ...(g.uri === undefined ? {} : { uri: g.uri }),
        })),
      });
    }),
    get('/rest/api/3/dashboard/{dashboardId}/items/{itemId}/properties', (_url, p) => {
      const g = s.dashboards.find((x) => x.id === p.dashboardId)?.gadgets.find((x) => x.id === p.itemId);
      if (g === undefined) return notFound('The dashboard item was not found.');
      return HttpResponse.json({ keys: g.propertiesVisible ? Object.keys(g.properties).map((key) => ({ key })) : [] });
    }),
    get('/rest/api/3/dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}', (_url, p) => {
      const g = s.dashboards.find((x) => x.id === p.dashboardId)?.gadgets.find((x) => x.id === p.itemId);
      const value = g?.propertiesVisible === true ? g.properties[p.propertyKey ?? ''] : undefined;
      if (value === undefined) return notFound('The property was not found.');
      return HttpResponse.json({ key: p.propertyKey, value: propertyValue(value) });
    }),
    get('/rest/api/3/project/search', (url) => {
      const e = expands(url);
      // `status` (repeatable) picks live, archived and trashed projects; live ones only when absent, as Jira does.
      const wanted = new Set(url.searchParams.getAll('status').flatMap((v) => v.split(',')));
      if (wanted.size === 0) wanted.add('live');
      const state = (p: (typeof s.projects)[number]): string => (p.deleted === true ? 'deleted' : p.archived === true ? 'archived' : 'live');
      const list = s.projects
        .filter((p) => wanted.has(state(p)))
        .slice()
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((p) => ({
          id: p.id,
          key: p.key,
          name: p.name,
          style: p.style,
          simplified: p.style === 'next-gen',
          ...(p.projectTypeKey === undefined ? {} : { projectTypeKey: p.projectTypeKey }),
          ...(p.archived === undefined ? {} : { archived: p.archived }),
          ...(p.deleted === true ? { deleted: true } : {}),
          ...(e.has('lead') && p.leadAccountId !== undefined ? { lead: { accountId: p.leadAccountId } } : {}),
          ...(e.has('issueTypes') ? { issueTypes: p.issueTypeIds.map((id) => ({ id })) } : {}),
        }));
      return page(url, list, '/rest/api/3/project/search');
    }),
    get('/rest/api/3/project/{projectKeyOrId}/permissionscheme', (_url, p) => {
      const project = s.projects.find((x) => x.id === p.projectKeyOrId || x.key === p.projectKeyOrId);
      const schemeId = project?.schemes['permission-scheme'];
      const scheme = s.permissionSchemes.find((x) => x.id === schemeId);
      if (project === undefined || scheme === undefined) return notFound('No project could be found with key or id.');
      return HttpResponse.json({ id: num(scheme.id), name: scheme.name });
    }),
    get('/rest/api/3/permissionscheme', () =>
      HttpResponse.json({
        permissionSchemes: [
          ...s.permissionSchemes.map((x) => ({
            id: num(x.id),
            name: x.name,
            ...(x.description === undefined ? {} : { description: x.description }),
            permissions: x.grants.map((g) => ({ ...(g.id === undefined ? {} : { id: num(g.id) }), permission: g.permission, holder: holderPayload(g.holder, groupName) })),
          })),
          ...extra('/rest/api/3/permissionscheme'),
        ],
      }),
    ),
    get('/rest/api/3/notificationscheme', (url) =>
      page(
        url,
        s.notificationSchemes.map((x) => ({
          id: num(x.id),
          name: x.name,
          ...(x.description === undefined ? {} : { description: x.description }),
          notificationSchemeEvents: x.events.map((e) => ({ event: { id: num(e.eventId), name: e.eventName }, notifications: e.notifications.map((n) => notificationPayload(n, groupName)) })),
        })),
        '/rest/api/3/notificationscheme',
      ),
    ),
    get('/rest/api/3/notificationscheme/project', (url) => {
      const list = classic.flatMap((p) => (p.schemes['notification-scheme'] === undefined ? [] : [{ notificationSchemeId: p.schemes['notification-scheme'], projectId: p.id }]));
      return page(url, list, '/rest/api/3/notificationscheme/project');
    }),
    ...(() => {
      const priorityOf = (id: string): Record<string, unknown> => ({ id, name: s.priorities.find((p) => p.id === id)?.name ?? id, self: `/rest/api/3/priority/${id}` });
      const projectOf = (id: string): Record<string, unknown> => {
        const p = projectById.get(id);
        return { id, key: p?.key ?? id, name: p?.name ?? id, projectTypeKey: p?.projectTypeKey ?? 'software', simplified: p?.style === 'next-gen' };
      };
      // The first page of a scheme's priorities and projects, as the scheme list embeds them.
      const embedded = (items: readonly Record<string, unknown>[]): Record<string, unknown> => {
        const size = caps['priorityscheme-items'] ?? 50;
        return { startAt: 0, maxResults: size, total: items.length, isLast: items.length <= size, values: items.slice(0, size) };
      };
      const scheme = (id: string) => s.prioritySchemes.find((x) => x.id === id);
      return [
        get('/rest/api/3/priorityscheme', (url) => {
          const e = expands(url);
          const list = s.prioritySchemes.map((x) => ({
            id: x.id,
            name: x.name,
            ...(x.description === undefined ? {} : { description: x.description }),
            [options.priorityDefaultKey ?? 'default']: x.isDefault,
            ...(x.defaultPriorityId === undefined ? {} : { defaultPriorityId: x.defaultPriorityId }),
            ...(e.has('priorities') ? { priorities: embedded(x.priorityIds.map(priorityOf)) } : {}),
            ...(e.has('projects') ? { projects: embedded(x.projectIds.map(projectOf)) } : {}),
          }));
          return page(url, list, '/rest/api/3/priorityscheme');
        }),
        get('/rest/api/3/priorityscheme/{schemeId}/priorities', (url, p) => {
          const x = scheme(p.schemeId ?? '');
          return x === undefined ? notFound('The priority scheme was not found.') : page(url, x.priorityIds.map(priorityOf), 'priorityscheme-items');
        }),
        get('/rest/api/3/priorityscheme/{schemeId}/projects', (url, p) => {
          const x = scheme(p.schemeId ?? '');
          return x === undefined ? notFound('The priority scheme was not found.') : page(url, x.projectIds.map(projectOf), 'priorityscheme-items');
        }),
      ];
    })(),
    // Default values of an option field's contexts, in the documented shapes by field type (contexts without one left out).
    get('/rest/api/3/field/{fieldId}/context/defaultValue', (url, p) => {
      const field = s.fields.find((f) => f.id === p.fieldId && f.custom);
      if (field === undefined) return notFound('The custom field was not found.');
      const type = field.schema?.custom?.split(':')[1] ?? '';
      const list = s.fieldContexts
        .filter((c) => c.fieldId === p.fieldId && (c.defaultOptionIds?.length ?? 0) > 0)
        .map((c) => {
          const [first = '', second] = c.defaultOptionIds ?? [];
          if (type === 'multiselect' || type === 'multicheckboxes') return { contextId: c.id, optionIds: c.defaultOptionIds, type: 'option.multiple' };
          if (type === 'cascadingselect') return { contextId: c.id, optionId: first, ...(second === undefined ? {} : { cascadingOptionId: second }), type: 'option.cascading' };
          return { contextId: c.id, optionId: first, type: 'option.single' };
        });
      return page(url, list, 'context');
    }),
    // Options of a select, radio, checkbox or cascading field's context (`disabled` always, as the schema requires it;
    // the scan also takes options without it, as Atlassian's own example shows them).
    get('/rest/api/3/field/{fieldId}/context/{contextId}/option', (url, p) => {
      if (!s.fieldContexts.some((c) => c.id === p.contextId && c.fieldId === p.fieldId)) return notFound('The context was not found.');
      const list = s.options
        .filter((o) => o.contextId === p.contextId)
        .map((o) => ({ id: o.id, value: o.name, disabled: o.disabled, ...(o.parentId === undefined ? {} : { optionId: o.parentId }) }));
      return page(url, list, 'option');
    }),
    // Jira Service Management: service desks, their queues and request types, paged with start/limit/isLastPage.
    // A site without service projects has no JSM: 404.
    ...(() => {
      const desks = s.projects
        .filter((p) => p.projectTypeKey === 'service_desk')
        .map((p, i) => ({ id: [...s.queues, ...s.requestTypes].find((x) => x.projectId === p.id)?.serviceDeskId ?? String(i + 1), project: p }));
      const desk = (id: string | undefined) => desks.find((d) => d.id === id || d.project.id === id || d.project.key === id);
      const base = (url: URL): string => `${url.origin}/rest/servicedeskapi`;
      const jsmPage = (url: URL, items: readonly unknown[]): Response => {
        const start = Math.max(0, Number(url.searchParams.get('start') ?? 0) || 0);
        const limit = Math.max(1, Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, caps['servicedesk'] ?? 50));
        const values = items.slice(start, start + limit);
        const isLastPage = start + values.length >= items.length;
        const path = `${url.origin}${url.pathname}`;
        return HttpResponse.json({
          _expands: [],
          size: values.length,
          start,
          limit,
          isLastPage,
          _links: { base: base(url), context: '', ...(isLastPage ? {} : { next: `${path}?start=${start + limit}&limit=${limit}` }), ...(start === 0 ? {} : { prev: `${path}?start=${Math.max(0, start - limit)}&limit=${limit}` }) },
          values,
        });
      };
      return [
        get('/rest/servicedeskapi/servicedesk', (url) => {
          if (desks.length === 0) return notFound('Jira Service Management is not installed on this site.');
          return jsmPage(url, desks.map((d) => ({ id: d.id, projectId: d.project.id, projectName: d.project.name, projectKey: d.project.key, _links: { self: `${base(url)}/servicedesk/${d.id}` } })));
        }),
        get('/rest/servicedeskapi/servicedesk/{serviceDeskId}/queue', (url, p) => {
          const d = desk(p.serviceDeskId);
          if (d === undefined) return notFound('The service desk was not found.');
          return jsmPage(
            url,
            s.queues.filter((q) => q.projectId === d.project.id).map((q) => ({ id: q.id, name: q.name, jql: q.jql, fields: q.fieldIds, _links: { self: `${base(url)}/servicedesk/${d.id}/queue/${q.id}` } })),
          );
        }),
        get('/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype', (url, p) => {
          const d = desk(p.serviceDeskId);
          if (d === undefined) return notFound('The service desk was not found.');
          return jsmPage(
            url,
            s.requestTypes
              .filter((r) => r.projectId === d.project.id)
              .map((r) => ({
                id: r.id,
                name: r.name,
                description: '',
                helpText: '',
                ...(r.issueTypeId === undefined ? {} : { issueTypeId: r.issueTypeId }),
                serviceDeskId: d.id,
                portalId: d.id,
                groupIds: [],
                _links: { self: `${base(url)}/servicedesk/${d.id}/requesttype/${r.id}` },
              })),
          );
        }),
        get('/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field', (url, p) => {
          const d = desk(p.serviceDeskId);
          const r = s.requestTypes.find((x) => x.id === p.requestTypeId && x.projectId === d?.project.id);
          if (r === undefined) return notFound('The request type was not found.');
          // Hidden fields only with expand=hiddenFields (an administrator's view).
          const hidden = expands(url).has('hiddenFields');
          return HttpResponse.json({
            requestTypeFields: r.fields
              .filter((f) => f.visible || hidden)
              .map((f) => ({ fieldId: f.fieldId, name: fieldName.get(f.fieldId) ?? f.fieldId, description: '', required: f.required, defaultValues: [], validValues: [], jiraSchema: { type: 'string' }, visible: f.visible })),
            canRaiseOnBehalfOf: true,
            canAddRequestParticipants: true,
          });
        }),
      ];
    })(),
    // Plans: cursor paging (the cursor is where the next page starts); a site without plans answers 404.
    get('/rest/api/3/plans/plan', (url) => {
      if (s.plans.length === 0) return notFound('Plans are not available on this site.');
      const archived = url.searchParams.get('includeArchived') === 'true';
      const trashed = url.searchParams.get('includeTrashed') === 'true';
      const list = s.plans.filter((p) => p.status === 'Active' || (p.status === 'Archived' && archived) || (p.status === 'Trashed' && trashed));
      const from = Number(url.searchParams.get('cursor') ?? 0) || 0;
      const size = Math.max(1, Math.min(Number(url.searchParams.get('maxResults') ?? 50) || 50, caps.plans ?? 50));
      const values = list.slice(from, from + size).map((p) => ({ id: p.id, name: p.name, status: p.status, scenarioId: '1', issueSources: planSources(p) }));
      const last = from + values.length >= list.length;
      return HttpResponse.json({ cursor: String(from), last, size: values.length, total: list.length, values, ...(last ? {} : { nextPageCursor: String(from + values.length) }) });
    }),
    get('/rest/api/3/plans/plan/{planId}', (_url, p) => {
      const plan = s.plans.find((x) => x.id === p.planId);
      if (plan === undefined) return notFound('The plan was not found.');
      const customId = (id: string): number | string => num(id.replace(/^customfield_/, ''));
      const [start, end] = plan.dateFieldIds;
      return HttpResponse.json({
        id: num(plan.id),
        name: plan.name,
        status: plan.status,
        issueSources: planSources(plan),
        customFields: plan.customFieldIds.map((id) => ({ customFieldId: customId(id), filter: false })),
        exclusionRules: { workStatusIds: plan.excludedStatusIds.map(num), issueTypeIds: plan.excludedIssueTypeIds.map(num), issueIds: [], releaseIds: [], workStatusCategoryIds: [], numberOfDaysToShowCompletedIssues: 30 },
        scheduling: {
          dependencies: 'Sequential',
          estimation: 'StoryPoints',
          inferredDates: 'None',
          startDate: start === undefined ? { type: 'TargetStartDate' } : { type: 'DateCustomField', dateCustomFieldId: customId(start) },
          endDate: end === undefined ? { type: 'TargetEndDate' } : { type: 'DateCustomField', dateCustomFieldId: customId(end) },
        },
      });
    }),
    // Field schemes: a site without any answers 404, as sites without the feature do.
    get('/rest/api/3/config/fieldschemes', (url) =>
      s.fieldSchemes.length === 0
        ? notFound('Field schemes are not available on this site.')
        : page(url, s.fieldSchemes.map((x) => ({ id: num(x.id), name: x.name, ...(x.description === undefined ? {} : { description: x.description }), isDefault: x.isDefault })), '/rest/api/3/config/fieldschemes'),
    ),
    get('/rest/api/3/config/fieldschemes/{id}/fields', (url, p) => {
      const x = s.fieldSchemes.find((f) => f.id === p.id);
      return x === undefined ? notFound('The field scheme was not found.') : page(url, x.fields.map((f) => ({ fieldId: f.fieldId, restrictedToWorkTypes: f.issueTypeIds, allowedOperations: [] })), 'fieldscheme-items');
    }),
    get('/rest/api/3/config/fieldschemes/{id}/projects', (url, p) => {
      const x = s.fieldSchemes.find((f) => f.id === p.id);
      return x === undefined ? notFound('The field scheme was not found.') : page(url, x.projectIds.map((id) => ({ id, name: projectById.get(id)?.name ?? id })), 'fieldscheme-items');
    }),
    get('/rest/api/3/issuesecurityschemes/search', (url) =>
      page(
        url,
        s.issueSecuritySchemes.map((x) => ({
          id: num(x.id),
          self: `/rest/api/3/issuesecurityschemes/${x.id}`,
          name: x.name,
          ...(x.description === undefined ? {} : { description: x.description }),
          ...(x.defaultLevelId === undefined ? {} : { defaultLevel: num(x.defaultLevelId) }),
          projectIds: x.projectIds.map(num),
        })),
        '/rest/api/3/issuesecurityschemes/search',
      ),
    ),
    get('/rest/api/3/issuesecurityschemes/level', (url) => {
      const wanted = new Set(ids(url, 'schemeId'));
      const list = s.issueSecuritySchemes
        .filter((x) => wanted.size === 0 || wanted.has(x.id))
        .flatMap((x) => x.levels.map((l) => ({ id: l.id, self: `/rest/api/3/securitylevel/${l.id}`, name: l.name, ...(l.description === undefined ? {} : { description: l.description }), isDefault: l.isDefault, issueSecuritySchemeId: x.id })));
      return page(url, list, '/rest/api/3/issuesecurityschemes/level');
    }),
    get('/rest/api/3/issuesecurityschemes/level/member', (url) => {
      const wanted = new Set(ids(url, 'schemeId'));
      const list = s.issueSecuritySchemes
        .filter((x) => wanted.size === 0 || wanted.has(x.id))
        .flatMap((x) => x.levels.flatMap((l) => l.members.map((h, i) => ({ id: `${l.id}${String(i).padStart(3, '0')}`, issueSecurityLevelId: l.id, issueSecuritySchemeId: x.id, holder: holderPayload(h, groupName) }))));
      return page(url, list, '/rest/api/3/issuesecurityschemes/level/member');
    }),
    get('/rest/api/3/priority/search', (url) => page(url, s.priorities.map((x) => ({ id: x.id, name: x.name })), '/rest/api/3/priority/search')),
    get('/rest/api/3/resolution/search', (url) => page(url, s.resolutions.map((x) => ({ id: x.id, name: x.name })), '/rest/api/3/resolution/search')),
    get('/rest/api/3/auditing/record', (url) => {
      // Administer Jira only, as Jira; records from `from` on, newest first, `offset` and `limit` (capped at 1,000).
      if (options.admin === false) return HttpResponse.json({ errorMessages: ['You are not authorized to perform this action. Administrator privileges are required.'], errors: {} }, { status: 403 });
      const from = url.searchParams.get('from');
      const records = options.audit?.since(from === null ? 0 : Date.parse(from)) ?? [];
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 1000) || 1000));
      return HttpResponse.json({ offset, limit, total: records.length, records: records.slice(offset, offset + limit) });
    }),
    get('/rest/api/3/role', () => HttpResponse.json(s.projectRoles.map((r) => ({ id: num(r.id), name: r.name })))),
    get('/rest/api/3/group/bulk', (url) => page(url, s.groups.map((g) => ({ groupId: g.id, name: g.name })), '/rest/api/3/group/bulk')),
    // Automation, through the site's gateway as the documented Automation REST API: the cloud id, rule summaries
    // (cursor paging; `links.next` carries only the query, as since August 2025) and each rule wrapped as `{ rule }`.
    get('/_edge/tenant_info', () => HttpResponse.json({ cloudId: FAKE_CLOUD_ID })),
    get('/gateway/api/automation/public/jira/{cloudId}/rest/v1/rule/summary', (url, p) => {
      if (p.cloudId !== FAKE_CLOUD_ID) return notFound('No site with this cloud id.');
      const from = Number(/^offset-(\d+)$/.exec(url.searchParams.get('cursor') ?? '')?.[1] ?? 0);
      const limit = Math.max(1, Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, caps['automation-rules'] ?? 100));
      const data = s.automationRules.slice(from, from + limit).map((r) => ({
        uuid: r.id,
        name: r.name,
        state: r.state,
        ...(r.description === undefined ? {} : { description: r.description }),
        authorAccountId: FAKE_RULE_AUTHOR,
        actorAccountId: FAKE_RULE_AUTHOR,
        ruleScopeARIs: ruleScopeAris(r),
        labels: [],
        ...(r.updated === undefined ? {} : { created: Date.parse(r.updated) / 1000, updated: Date.parse(r.updated) / 1000 }),
      }));
      const next = from + data.length < s.automationRules.length ? `?cursor=offset-${from + data.length}&limit=${limit}` : null;
      return HttpResponse.json({ links: { self: `?cursor=offset-${from}&limit=${limit}`, next, prev: null }, data });
    }),
    get('/gateway/api/automation/public/jira/{cloudId}/rest/v1/rule/{ruleUuid}', (_url, p) => {
      const r = s.automationRules.find((x) => x.id === p.ruleUuid);
      if (p.cloudId !== FAKE_CLOUD_ID || r === undefined) return notFound('The rule was not found.');
      return HttpResponse.json({
        rule: {
          uuid: r.id,
          name: r.name,
          state: r.state,
          ...(r.description === undefined ? {} : { description: r.description }),
          authorAccountId: FAKE_RULE_AUTHOR,
          actor: { type: 'ACCOUNT_ID', actor: FAKE_RULE_AUTHOR },
          ruleScopeARIs: ruleScopeAris(r),
          trigger: r.trigger,
          components: r.components,
          connections: [],
          labels: [],
          canOtherRuleTrigger: false,
          notifyOnError: 'FIRSTERROR',
          writeAccessType: 'UNRESTRICTED',
          ...(r.updated === undefined ? {} : { created: Date.parse(r.updated) / 1000, updated: Date.parse(r.updated) / 1000 }),
        },
      });
    }),
    // The signed-in account (`serve --site` asks whom the page acts as). Without a current user, Jira's anonymous answer.
    get('/rest/api/3/myself', () => {
      const me = s.users?.find((u) => u.accountId === options.currentUser);
      if (options.currentUser === undefined) return HttpResponse.json({ errorMessages: ['You are not logged in.'] }, { status: 401 });
      return HttpResponse.json({ accountId: options.currentUser, accountType: 'atlassian', active: true, displayName: me?.displayName ?? options.currentUser });
    }),
    get('/rest/api/3/mypermissions', (url) => {
      const keys = (url.searchParams.get('permissions') ?? '').split(',').filter((k) => k !== '');
      return HttpResponse.json({ permissions: Object.fromEntries(keys.map((k) => [k, { key: k, havePermission: k !== 'ADMINISTER' || options.admin !== false }])) });
    }),
    http.post('*/rest/api/3/search/jql', serve('/rest/api/3/search/jql', async (_url, _p, request) => {
      const body = (await request?.json().catch(() => ({}))) as { jql?: unknown; fields?: unknown; maxResults?: unknown; nextPageToken?: unknown };
      const matched = searchIssues(s, body.jql, options.issueSource, options.currentUser);
      if (!matched.ok) return HttpResponse.json({ errorMessages: [matched.error], errors: {} }, { status: 400 });
      const fields = Array.isArray(body.fields) ? body.fields.map(String) : ['*navigable'];
      const wide = fields.length > 20 || fields.some((f) => f.startsWith('*'));
      const size = Math.max(1, Math.min(Number(body.maxResults ?? 50) || 50, wide ? 50 : 100));
      const start = typeof body.nextPageToken === 'string' ? Number(body.nextPageToken.replace(/^page-/, '')) || 0 : 0;
      const issues = matched.slice(start, start + size).map((i) => ({
        id: i.id,
        key: i.key,
        fields: fields.some((f) => f.startsWith('*')) ? i.fields : Object.fromEntries(fields.filter((f) => f in i.fields).map((f) => [f, i.fields[f]])),
      }));
      const more = start + size < matched.count;
      return HttpResponse.json({ issues, isLast: !more, ...(more ? { nextPageToken: `page-${start + size}` } : {}) });
    })),
    http.post('*/rest/api/3/search/approximate-count', serve('/rest/api/3/search/approximate-count', async (_url, _p, request) => {
      const body = (await request?.json().catch(() => ({}))) as { jql?: unknown };
      const matched = searchIssues(s, body.jql, options.issueSource, options.currentUser);
      if (!matched.ok) return HttpResponse.json({ errorMessages: [matched.error], errors: {} }, { status: 400 });
      return HttpResponse.json({ count: matched.count });
    })),
    get('/rest/api/3/user/bulk', (url) => {
      const wanted = new Set(ids(url, 'accountId'));
      if (wanted.size === 0) return HttpResponse.json({ errorMessages: ['accountId is required.'], errors: {} }, { status: 400 });
      return page(url, (s.users ?? []).filter((u) => wanted.has(u.accountId)).map((u) => ({ accountId: u.accountId, accountType: 'atlassian', active: u.active, ...(u.displayName === undefined ? {} : { displayName: u.displayName }) })), '/rest/api/3/user/bulk');
    }),
    http.all('*/rest/*', ({ request }) => {
      log.count(`${request.method} (unknown)`);
      return notFound(`No resource at ${new URL(request.url).pathname} in the fake Jira.`);
    }),
  ];
}

/**
 * The issues a JQL query finds in the fake: `project`, `issuetype` and `status` clauses filter (by key, id or
 * name); other clauses match every issue. Syntax errors and unbounded queries are refused as Jira refuses them.
 */
function searchIssues(
  s: ConfigSnapshot,
  jql: unknown,
  source?: { readonly count: number; issue(index: number): IssueRecord },
  currentUser?: string,
): { ok: true; count: number; slice(start: number, end: number): IssueRecord[] } | { ok: false; error: string } {
  if (typeof jql !== 'string' || jql.trim() === '' || /^\s*order\s+by\b/i.test(jql)) return { ok: false, error: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.' };
  const { syntaxErrors } = extractJql(jql);
  const [first] = syntaxErrors;
  if (first !== undefined) return { ok: false, error: `Error in the JQL Query: ${first.message} (line 1, character ${first.position + 1})` };
  let query: CompiledJql;
  try {
    query = compileJql(jql, { fields: s.fields, accountId: currentUser, now: new Date() });
  } catch (e) {
    if (e instanceof JqlEvalError) return { ok: false, error: e.message };
    throw e;
  }
  // Issues made on demand (a benchmark's hundred thousand) are all of them, whatever the query.
  if (source !== undefined) {
    return { ok: true, count: source.count, slice: (start, end) => Array.from({ length: Math.max(0, Math.min(end, source.count) - start) }, (_, i) => source.issue(start + i)) };
  }
  const found = (s.issues ?? []).filter((i) => query.matches(i)).sort((a, b) => query.compare(a, b));
  return { ok: true, count: found.length, slice: (start, end) => found.slice(start, end) };
}

/** A permission holder as Jira sends it: groups carry the name in `parameter` and the groupId in `value`. */
function holderPayload(h: Holder, groupName: (id: string) => string): Record<string, unknown> {
  if (h.parameter === undefined) return { type: h.type };
  if (h.type === 'group') return { type: 'group', parameter: groupName(h.parameter), value: h.parameter };
  return { type: h.type, parameter: h.parameter, value: h.parameter };
}

function notificationPayload(h: Holder, groupName: (id: string) => string): Record<string, unknown> {
  const base = { notificationType: h.type };
  if (h.parameter === undefined) return base;
  switch (h.type) {
    case 'Group':
      return { ...base, parameter: groupName(h.parameter), group: { groupId: h.parameter, name: groupName(h.parameter) } };
    case 'ProjectRole':
      return { ...base, parameter: h.parameter, projectRole: { id: num(h.parameter) } };
    case 'UserCustomField':
    case 'GroupCustomField':
      return { ...base, parameter: h.parameter, field: { id: h.parameter } };
    default:
      return { ...base, parameter: h.parameter };
  }
}
