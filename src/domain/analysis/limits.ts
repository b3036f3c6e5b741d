import type { ConfigSnapshot, Field, Project } from '../model';
import type { Analysis } from './common';
import { memoised, table } from './common';
import type { ReportRow, ReportTable } from './types';
import { cleanup, userCount } from './verdicts';

/**
 * Atlassian's published Jira Cloud limits and guardrails that the configuration itself can approach, as of the page
 * https://support.atlassian.com/jira-cloud-administration/docs/data-limits-and-guardrails (read December 2026: limits
 * are hard caps Jira enforces, guardrails are recommendations; fields and work types per space from March 2026, the
 * rest from September 2026, when options per field rose from 10,000 to 20,000). Only what that page publishes is
 * here: no made-up numbers. Releases per space (15,000) are not here because a scan does not read releases. Custom
 * fields across the site have no limit ("no limit on the total number of custom fields across the site").
 */
export interface PublishedLimit {
  /** What is limited, in the page's words ("custom fields per space"). */
  readonly check: string;
  readonly kind: 'limit' | 'guardrail';
  /** The cap; undefined where the page says there is none. */
  readonly max?: number;
  /** What is counted, in words, as the page says it. */
  readonly counted: string;
}

export const LIMITS_SOURCE = 'https://support.atlassian.com/jira-cloud-administration/docs/data-limits-and-guardrails';

export const PUBLISHED_LIMITS = {
  fieldsPerProject: {
    check: 'custom fields per company-managed space',
    kind: 'limit',
    max: 700,
    counted: 'custom fields whose context is global or names the space (system fields and trashed fields do not count)',
  },
  fieldsPerTeamProject: { check: 'custom fields per team-managed space', kind: 'limit', max: 50, counted: "the space's own fields" },
  workTypesPerProject: { check: 'work types per space', kind: 'limit', max: 150, counted: 'work types available in the space' },
  workflowsPerProject: { check: 'workflows per space', kind: 'limit', max: 150, counted: "workflows of the space's workflow scheme" },
  securityLevelsPerProject: { check: 'work item security levels per space', kind: 'limit', max: 50, counted: "levels of the space's issue security scheme" },
  optionsPerField: { check: 'options per select field', kind: 'limit', max: 20_000, counted: 'options of the field across all its contexts' },
  holdersPerPermission: { check: 'holders per permission', kind: 'limit', max: 50, counted: 'users, roles and groups granted one permission in one scheme' },
  projectsPerSite: { check: 'spaces per site', kind: 'guardrail', max: 8_400, counted: 'spaces, archived and in the trash included' },
  fieldsPerSite: { check: 'custom fields per site', kind: 'limit', counted: 'custom fields of the site' },
} as const satisfies Readonly<Record<string, PublishedLimit>>;

/** A space, field or scheme from this share of a limit on is "near" it: the limits report lists what could go. */
export const NEAR_LIMIT = 0.8;

/**
 * Spaces near a limit that the report lists candidates under (the nearest of each limit), and that the scan counts
 * values and work types in: where a site's global-context fields alone come near the limit, every space is near it,
 * and the same fields would be listed, and counted, thousands of times.
 */
export const SPACES_WITH_CANDIDATES = 10;

/** Global-context fields whose values the scan counts in the spaces near the field limit: those with the fewest uses first. */
export const FIELDS_COUNTED_IN_SPACES = 500;

/** One object's use of one published limit. */
export interface Gauge {
  readonly limit: PublishedLimit;
  /** The object counted (a space, a field, a permission scheme), or the site. */
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  readonly used: number;
  /** What the count is of, when the object holds several (the permission of a scheme). */
  readonly of?: string;
}

/** The share of its limit a gauge uses; undefined where no limit is published. */
export function shareOf(g: Pick<Gauge, 'limit' | 'used'>): number | undefined {
  return g.limit.max === undefined ? undefined : g.used / g.limit.max;
}

/** Custom fields as Jira counts them against a company-managed space: global contexts, and contexts naming the space. */
interface FieldCounting {
  /** Site-scope custom fields with a global context: they count in every company-managed space. */
  readonly globalFields: readonly string[];
  /** How many site-scope custom fields count in the space (global, or a context naming it). */
  count(projectId: string): number;
  /** Those fields, listed (for the few spaces whose candidates are listed). */
  counted(projectId: string): readonly string[];
  /** Whether the field counts in the space only through a global context (no context of it names the space). */
  globalOnly(fieldId: string, projectId: string): boolean;
}

function fieldCounting(s: ConfigSnapshot): FieldCounting {
  const siteScope = new Set(s.fields.filter((f) => f.custom && f.projectId === undefined).map((f) => f.id));
  const global = new Set<string>();
  const namedIn = new Map<string, Set<string>>();
  for (const c of s.fieldContexts) {
    if (!siteScope.has(c.fieldId)) continue;
    if (c.isGlobalContext) global.add(c.fieldId);
    for (const p of c.projectIds) (namedIn.get(p) ?? namedIn.set(p, new Set()).get(p))?.add(c.fieldId);
  }
  const globalFields = [...global];
  const ownOnly = (projectId: string): string[] => [...(namedIn.get(projectId) ?? [])].filter((f) => !global.has(f));
  return {
    globalFields,
    count: (projectId) => {
      const named = namedIn.get(projectId);
      if (named === undefined) return global.size;
      let n = global.size;
      for (const f of named) if (!global.has(f)) n++;
      return n;
    },
    counted: (projectId) => [...globalFields, ...ownOnly(projectId)],
    globalOnly: (fieldId, projectId) => global.has(fieldId) && namedIn.get(projectId)?.has(fieldId) !== true,
  };
}

/** Spaces whose custom fields Jira limits: company-managed ones not in the trash. */
function companySpaces(s: ConfigSnapshot): Project[] {
  return s.projects.filter((p) => p.style === 'classic' && p.deleted !== true);
}

const NAME_ORDER = new Intl.Collator();
const byName = (a: { readonly name: string; readonly id: string }, b: { readonly name: string; readonly id: string }): number => NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The nearest spaces first, as the report orders them (count, then name, then id), at most {@link SPACES_WITH_CANDIDATES}. */
function nearest(spaces: readonly Project[], count: (p: Project) => number, max: number): Project[] {
  return spaces
    .map((p) => ({ p, n: count(p) }))
    .filter((x) => x.n >= max * NEAR_LIMIT)
    .sort((x, y) => y.n - x.n || byName(x.p, y.p))
    .slice(0, SPACES_WITH_CANDIDATES)
    .map((x) => x.p);
}

/**
 * The spaces nearest the field limit (from 80 %, at most {@link SPACES_WITH_CANDIDATES}) and the fields that count in
 * them through a global context, those with the fewest uses first (at most {@link FIELDS_COUNTED_IN_SPACES}): what the
 * scan counts values of, space by space, so that the limits report can say which contexts could be narrowed.
 */
export function spacesNearFieldLimit(a: Analysis): { readonly projectIds: readonly string[]; readonly fieldIds: readonly string[] } {
  const s = a.snapshot;
  const counting = fieldCounting(s);
  const near = nearest(companySpaces(s), (p) => counting.count(p.id), PUBLISHED_LIMITS.fieldsPerProject.max);
  if (near.length === 0) return { projectIds: [], fieldIds: [] };
  const uses = (id: string): number => {
    const node = a.graph.node({ kind: 'field', id });
    return node === undefined ? 0 : userCount(a, node);
  };
  const fieldIds = counting.globalFields
    .map((id) => ({ id, n: uses(id) }))
    .sort((x, y) => x.n - y.n || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, FIELDS_COUNTED_IN_SPACES)
    .map((x) => x.id);
  return { projectIds: near.map((p) => p.id), fieldIds };
}

/** The spaces nearest the work type limit (from 80 %, at most {@link SPACES_WITH_CANDIDATES}): the scan counts their issues by work type. */
export function spacesNearWorkTypeLimit(s: ConfigSnapshot): readonly Project[] {
  return nearest(
    s.projects.filter((p) => p.deleted !== true),
    (p) => p.issueTypeIds.length,
    PUBLISHED_LIMITS.workTypesPerProject.max,
  );
}

/** A space's use of a limit. */
function space(p: Project, limit: PublishedLimit, used: number): Gauge {
  return { limit, kind: 'project', id: p.id, name: p.name, used };
}

/** Every object's use of every published limit it is subject to (the site's too). */
export function gauges(s: ConfigSnapshot): Gauge[] {
  const counting = fieldCounting(s);
  const out: Gauge[] = [];
  const teamFields = new Map<string, number>();
  for (const f of s.fields) if (f.projectId !== undefined) teamFields.set(f.projectId, (teamFields.get(f.projectId) ?? 0) + 1);
  const workflowScheme = new Map(s.workflowSchemes.map((w) => [w.id, w]));
  const securityOf = new Map<string, number>();
  for (const x of s.issueSecuritySchemes) for (const p of x.projectIds) securityOf.set(p, x.levels.length);
  for (const p of s.projects) {
    if (p.deleted === true) continue;
    if (p.style === 'classic') {
      out.push(space(p, PUBLISHED_LIMITS.fieldsPerProject, counting.count(p.id)));
      const schemeId = p.schemes['workflow-scheme'];
      const w = schemeId === undefined ? undefined : workflowScheme.get(schemeId);
      // A project on no scheme of ours is on Jira's default workflow scheme: one workflow.
      out.push(space(p, PUBLISHED_LIMITS.workflowsPerProject, w === undefined ? 1 : new Set([w.defaultWorkflow ?? 'jira', ...w.issueTypeMappings.map((m) => m.workflow)]).size));
      out.push(space(p, PUBLISHED_LIMITS.securityLevelsPerProject, securityOf.get(p.id) ?? 0));
    } else {
      out.push(space(p, PUBLISHED_LIMITS.fieldsPerTeamProject, teamFields.get(p.id) ?? 0));
    }
    out.push(space(p, PUBLISHED_LIMITS.workTypesPerProject, p.issueTypeIds.length));
  }
  const optionsOf = new Map<string, number>();
  for (const o of s.options) optionsOf.set(o.fieldId, (optionsOf.get(o.fieldId) ?? 0) + 1);
  for (const f of s.fields) {
    const n = optionsOf.get(f.id);
    if (n !== undefined) out.push({ limit: PUBLISHED_LIMITS.optionsPerField, kind: 'field', id: f.id, name: f.name, used: n });
  }
  for (const scheme of s.permissionSchemes) {
    const byPermission = new Map<string, number>();
    for (const g of scheme.grants) byPermission.set(g.permission, (byPermission.get(g.permission) ?? 0) + 1);
    for (const [permission, used] of byPermission) out.push({ limit: PUBLISHED_LIMITS.holdersPerPermission, kind: 'permission-scheme', id: scheme.id, name: scheme.name, used, of: permission });
  }
  const site = { kind: 'site', id: s.site.baseUrl, name: s.site.baseUrl };
  out.push({ limit: PUBLISHED_LIMITS.projectsPerSite, ...site, used: s.projects.length });
  out.push({ limit: PUBLISHED_LIMITS.fieldsPerSite, ...site, used: s.fields.filter((f) => f.custom).length });
  return out;
}

/** The gauges of an analysis, made once (the health report and the limits report read them). */
function gaugesOf(a: Analysis): readonly Gauge[] {
  return memoised(a, 'gauges', () => gauges(a.snapshot));
}

/** How close the site comes to one limit: the highest count, and where (the health report's line). */
export interface LimitUse {
  readonly limit: PublishedLimit;
  readonly highest: number;
  /** The object with the highest count, in words ("space ENG"), when the limit is per object. */
  readonly where?: string;
}

/** The site against every published limit with a cap: the highest gauge of each (the limits report's first row of it). */
export function limitUses(a: Analysis): LimitUse[] {
  const s = a.snapshot;
  const all = gaugesOf(a);
  const keyOf = new Map(s.projects.map((p) => [p.id, p.key]));
  return Object.values(PUBLISHED_LIMITS).flatMap((limit: PublishedLimit): LimitUse[] => {
    if (limit.max === undefined) return [];
    const best = highestOf(all, limit);
    if (best === undefined) return [{ limit, highest: 0 }];
    if (best.kind === 'site') return [{ limit, highest: best.used }];
    const where = best.kind === 'project' ? `space ${keyOf.get(best.id) ?? best.id}` : best.of === undefined ? `${best.kind} ${best.name}` : `${best.of} in ${best.name}`;
    return [{ limit, highest: best.used, where }];
  });
}

/**
 * The gauge of a limit with the highest use (the first of those as high). A function of its own, not the body of the
 * closure that asks it: tens of thousands of gauges are read for each limit in every analysis.
 */
function highestOf(all: readonly Gauge[], limit: PublishedLimit): Gauge | undefined {
  let best: Gauge | undefined;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as Gauge;
    if (g.limit === limit && (best === undefined || g.used > best.used)) best = g;
  }
  return best;
}

/** The limit's name as a row says it: "custom fields per company-managed space", a guardrail so called. */
function limitText(g: Gauge): string {
  const base = g.of === undefined ? g.limit.check : `${g.limit.check}: ${g.of}`;
  return g.limit.kind === 'guardrail' ? `${base} (guardrail)` : base;
}

type LimitRow = ReportRow<'limits'>;

/** A candidate's row: the gauge's cells, then what could go and how. */
interface Candidate {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  readonly action: string;
}

/**
 * What would bring an object near its limit down, and what the gauge row says beside the count. Fields of a
 * company-managed space: those Cleanup calls safe (delete), then those counting there only through a global context
 * that no issue of the space holds a value of (narrow the context; counted by the scan for spaces near the limit).
 * Options of a field: those Cleanup calls safe. Other limits have no candidates Config Lens can name.
 */
function candidatesOf(a: Analysis, g: Gauge, counting: FieldCounting, safe: (kind: 'field' | 'option') => ReadonlySet<string>): { readonly candidates: readonly Candidate[]; readonly note: string } {
  const s = a.snapshot;
  if (g.limit === PUBLISHED_LIMITS.fieldsPerProject) {
    const fields = fieldsById(a);
    const safeFields = safe('field');
    const del: Candidate[] = [];
    const narrow: Candidate[] = [];
    let notCounted = 0;
    for (const id of counting.counted(g.id)) {
      const f = fields.get(id);
      if (f === undefined) continue;
      if (safeFields.has(id)) del.push({ kind: 'field', id, name: f.name, action: 'delete the field: Cleanup says safe (no use found, no value held)' });
      else if (counting.globalOnly(id, g.id)) {
        const held = valuesIn(f, g.id);
        if (held === 0) narrow.push({ kind: 'field', id, name: f.name, action: 'narrow its context: it counts here only through a global context, and no issue in this space holds a value' });
        else if (held === undefined) notCounted++;
      }
    }
    const candidates = [...del.sort(byName), ...narrow.sort(byName)];
    const notes = [`${candidates.length} field(s) could go from this space: ${del.length} to delete, ${narrow.length} to narrow the context of`];
    if (notCounted > 0) {
      notes.push(
        `${notCounted} field(s) counting here only through a global context were not counted for values in this space (a scan counts them in the ${SPACES_WITH_CANDIDATES} spaces nearest the limit, for the ${FIELDS_COUNTED_IN_SPACES} such fields with the fewest uses)`,
      );
    }
    return { candidates, note: notes.join('; ') };
  }
  if (g.limit === PUBLISHED_LIMITS.workTypesPerProject) {
    const project = s.projects.find((p) => p.id === g.id);
    const counts = project?.issuesByWorkType;
    if (project === undefined || counts === undefined) return { candidates: [], note: `issues by work type were not counted in this space (a scan counts them in the ${SPACES_WITH_CANDIDATES} spaces nearest the limit)` };
    const types = new Map(s.issueTypes.map((t) => [t.id, t]));
    const schemeId = project.schemes['issue-type-scheme'];
    const sharing = schemeId === undefined ? [] : s.projects.filter((p) => p.id !== project.id && p.deleted !== true && p.schemes['issue-type-scheme'] === schemeId);
    const where = schemeId === undefined ? "the space's work types" : `its work type scheme${sharing.length === 0 ? '' : ` (shared with ${sharing.length} other space(s): take it out there only if they have none either, or give this space a scheme of its own)`}`;
    const candidates = project.issueTypeIds
      .filter((t) => counts[t] === 0)
      .map((t): Candidate => ({ kind: 'issue-type', id: t, name: types.get(t)?.name ?? t, action: `take it out of ${where}: no issue of this space is of this work type` }))
      .sort(byName);
    const notCounted = project.issueTypeIds.filter((t) => counts[t] === undefined).length;
    const notes = [`${candidates.length} work type(s) no issue of this space has`];
    if (notCounted > 0) notes.push(`${notCounted} work type(s) not counted (scan again to count them)`);
    return { candidates, note: notes.join('; ') };
  }
  if (g.limit === PUBLISHED_LIMITS.optionsPerField) {
    const safeOptions = safe('option');
    const candidates = s.options
      .filter((o) => o.fieldId === g.id && safeOptions.has(o.id))
      .map((o): Candidate => ({ kind: 'option', id: o.id, name: o.name, action: 'delete the option: Cleanup says safe' }))
      .sort(byName);
    return { candidates, note: `${candidates.length} option(s) Cleanup calls safe` };
  }
  return { candidates: [], note: 'Config Lens names no candidates for this limit' };
}

/** The snapshot's fields by id, made once per analysis (each space near the field limit reads them). */
function fieldsById(a: Analysis): ReadonlyMap<string, Field> {
  return memoised(a, 'limits:fields', () => new Map(a.snapshot.fields.map((f) => [f.id, f])));
}

/** Issues of a space holding the field's value: 0 when none hold it anywhere, undefined when not counted. */
function valuesIn(f: Field, projectId: string): number | undefined {
  if (f.issuesWithValue === 0) return 0;
  return f.issuesWithValueIn?.[projectId];
}

function percentOf(g: Gauge): number | null {
  const share = shareOf(g);
  return share === undefined ? null : Math.round(share * 1000) / 10;
}

/**
 * Each space's (and field's, scheme's, the site's) use of each of Atlassian's published limits, worst first; under an
 * object near a limit (80% and over), one row for each thing that could go, with what to do. A limit the page does
 * not publish says so rather than show an invented one.
 */
export function limits(a: Analysis): ReportTable<'limits'> {
  return memoised(a, 'limits', () => computeLimits(a));
}

/** Worst first: by share, then use, then the limit's and the object's names. */
function compareGauges(x: { readonly g: Gauge; readonly share: number; readonly text: string }, y: { readonly g: Gauge; readonly share: number; readonly text: string }): number {
  return y.share - x.share || y.g.used - x.g.used || (x.text === y.text ? 0 : NAME_ORDER.compare(x.text, y.text)) || byName(x.g, y.g);
}

/** A row of a gauge, with a candidate or none (one literal: tens of thousands of gauges, no spread each). */
function limitRow(g: Gauge, text: string, action: string | null, c?: Candidate): LimitRow {
  return {
    kind: g.kind,
    id: g.id,
    name: g.name,
    limit: text,
    used: g.used,
    max: g.limit.max ?? null,
    percent: percentOf(g),
    candidate_kind: c?.kind ?? null,
    candidate_id: c?.id ?? null,
    candidate_name: c?.name ?? null,
    action,
  };
}

/** {@link limits}, made once per analysis (a function of its own, not the body of a closure made per analysis). */
function computeLimits(a: Analysis): ReportTable<'limits'> {
  const s = a.snapshot;
  const counting = fieldCounting(s);
  const safeSets = new Map<string, ReadonlySet<string>>();
  const safe = (kind: 'field' | 'option'): ReadonlySet<string> => {
    let set = safeSets.get(kind);
    if (set === undefined) {
      set = new Set(cleanup(a, kind).rows.filter((r) => r.verdict === 'safe').map((r) => String(r.id)));
      safeSets.set(kind, set);
    }
    return set;
  };
  // Sort keys made once: most gauges differ in their share, and only ties compare texts.
  const all = gaugesOf(a)
    .map((g) => ({ g, share: shareOf(g) ?? -1, text: limitText(g) }))
    .sort(compareGauges);
  const rows: LimitRow[] = [];
  // Candidates are listed under the nearest objects of each limit only (see SPACES_WITH_CANDIDATES).
  const listed = new Map<PublishedLimit, number>();
  for (let i = 0; i < all.length; i++) {
    const { g, text } = all[i] as (typeof all)[number];
    const share = shareOf(g);
    if (share === undefined) {
      rows.push(limitRow(g, text, `no published limit (${g.limit.counted})`));
      continue;
    }
    if (share < NEAR_LIMIT) {
      rows.push(limitRow(g, text, null));
      continue;
    }
    const state = share >= 1 ? 'at the limit' : 'near the limit';
    const before = listed.get(g.limit) ?? 0;
    if (before >= SPACES_WITH_CANDIDATES) {
      rows.push(limitRow(g, text, `${state}: what could go is listed under the ${SPACES_WITH_CANDIDATES} nearest; a field with a global context counts in every space`));
      continue;
    }
    listed.set(g.limit, before + 1);
    const { candidates, note } = candidatesOf(a, g, counting, safe);
    rows.push(limitRow(g, text, `${state}: ${note}`));
    for (const c of candidates) rows.push(limitRow(g, text, c.action, c));
  }
  return table('limits', rows);
}
