import { z } from 'zod';
import { scopeOfAris } from '../../domain/automation';
import { copyJson, isJsonValue, jsonDepth } from '../../domain/json';
import type { AutomationRule, CoverageGap, JsonValue } from '../../domain/model';
import { err, ok, type Result } from '../../domain/result';

/*
 * Automation rules in the two shapes Jira gives them:
 * - the Automation REST API: `GET …/rest/v1/rule/summary` (cursor paging; `uuid`, `ruleScopeARIs`, older pages
 *   `idUuid` and `ruleScope.resources`) and `GET …/rest/v1/rule/{ruleUuid}`, whose rule comes wrapped as `{ rule }`;
 * - the export file an admin downloads from global automation (`{ "cloud": true, "rules": [ … ] }`), whose rules carry
 *   a numeric `id`, `idUuid` on newer sites, `state`, `projects: [{ projectId }]` and `ruleScope.resources`.
 * Both hold the same `trigger` and `components`. Names and e-mail addresses of people are removed from what is kept.
 */

/**
 * Levels a rule's trigger or component may nest: Jira's rule builder nests blocks a few levels; a file nesting
 * deeper could not be stored (JSON.stringify gives up near 4,000), so such a rule is left out with a gap naming it.
 */
export const MAX_RULE_DEPTH = 1000;
// Checked without recursion.
const json = z.custom<JsonValue>((v) => isJsonValue(v) && jsonDepth(v, MAX_RULE_DEPTH) <= MAX_RULE_DEPTH, `expected a JSON value nested at most ${MAX_RULE_DEPTH} levels`);
const idText = z.union([z.string().min(1), z.number()]).transform(String);

/** One rule, as the API's rule detail or one entry of an export gives it. */
export const ruleSchema = z
  .object({
    uuid: z.string().min(1).optional(),
    idUuid: z.string().min(1).optional(),
    ruleUuid: z.string().min(1).optional(),
    id: idText.optional(),
    name: z.string(),
    state: z.string().optional(),
    enabled: z.boolean().optional(),
    description: z.string().nullish(),
    ruleScopeARIs: z.array(z.string()).nullish(),
    ruleScope: z.object({ resources: z.array(z.string()) }).nullish(),
    projects: z.array(z.object({ projectId: idText.nullish() })).nullish(),
    trigger: z.record(z.string(), json),
    components: z.array(json).nullish(),
    updated: z.union([z.number(), z.string()]).nullish(),
  })
  .refine((r) => (r.uuid ?? r.idUuid ?? r.ruleUuid ?? r.id) !== undefined, { message: 'a rule needs an id (uuid, idUuid, ruleUuid or id)' });

/** `GET …/rest/v1/rule/{ruleUuid}`: the rule, wrapped as `{ rule }` (a bare rule is taken too). */
export const ruleDetail = z.union([z.object({ rule: z.record(z.string(), z.unknown()) }).transform((x) => x.rule), z.record(z.string(), z.unknown())]);

/** `GET …/rest/v1/rule/summary`: one page of summaries and the link to the next. */
export const ruleSummaryPage = z.object({
  links: z.object({ next: z.string().nullish() }).nullish(),
  data: z.array(z.object({ uuid: z.string().optional(), idUuid: z.string().optional(), name: z.string().optional() }).loose()),
});

/** Keys that hold a person's name, e-mail address or picture: never kept. */
const PERSONAL_KEYS = new Set(['displayName', 'emailAddress', 'email', 'avatarUrls', 'avatarUrl', 'authorDisplayName', 'actorDisplayName']);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Text with every e-mail address in it replaced. */
const withoutEmails = (text: string): string => text.replace(EMAIL, '(e-mail address removed)');

/** The JSON with names, e-mail addresses and pictures of people removed; ids stay. */
export function withoutPersonalData(v: JsonValue): JsonValue {
  return copyJson(v, withoutEmails, (k) => !PERSONAL_KEYS.has(k));
}

function instant(v: number | string | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  // The API gives seconds with a fraction (1743568964.174); exports give milliseconds or ISO text.
  const ms = typeof v === 'number' ? (v < 1e11 ? v * 1000 : v) : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** A rule as the snapshot keeps it. */
export function toRule(r: z.infer<typeof ruleSchema>, source: AutomationRule['source']): AutomationRule {
  const aris = r.ruleScopeARIs ?? r.ruleScope?.resources;
  const exportProjects = (r.projects ?? []).map((p) => p.projectId).filter((id): id is string => id !== null && id !== undefined);
  const scope = aris !== undefined && aris.length > 0 ? scopeOfAris(aris) : exportProjects.length > 0 ? { global: false, projectIds: exportProjects, projectTypes: [] } : { global: true, projectIds: [], projectTypes: [] };
  const state = r.state !== undefined ? (r.state.toUpperCase() === 'ENABLED' ? 'ENABLED' : 'DISABLED') : r.enabled === false ? 'DISABLED' : 'ENABLED';
  const updated = instant(r.updated);
  return {
    id: r.uuid ?? r.idUuid ?? r.ruleUuid ?? r.id ?? '',
    // A rule's name and description are the admin's own text, which may name people by address: those go too.
    name: withoutEmails(r.name),
    state,
    ...(r.description === null || r.description === undefined || r.description === '' ? {} : { description: withoutEmails(r.description) }),
    scope,
    trigger: withoutPersonalData(r.trigger),
    components: (r.components ?? []).map(withoutPersonalData),
    ...(updated === undefined ? {} : { updated }),
    source,
    ...(r.id !== undefined && /^\d+$/.test(r.id) && (r.uuid ?? r.idUuid ?? r.ruleUuid) !== undefined ? { ruleNumber: r.id } : {}),
  };
}

/** `$.rules[3].name` for a zod issue path under a prefix. */
function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), prefix);
}

export interface InvalidRule {
  /** JSON path of the rule in the file, e.g. `$.rules[3]`. */
  readonly path: string;
  readonly id?: string;
  readonly message: string;
}

export interface ParsedExport {
  readonly rules: readonly AutomationRule[];
  /** Rules of the file that do not have the rule shape: left out, each named. */
  readonly invalid: readonly InvalidRule[];
}

const exportFile = z.union([z.object({ rules: z.array(z.unknown()) }).loose(), z.array(z.unknown()).transform((rules) => ({ rules }))]);

/**
 * Reads a rules export (the JSON global automation's Export gives: `{ "cloud": true, "rules": [...] }`; a bare list of
 * rules, or one API rule detail, are taken too). A file that is not such JSON is an error naming what was wrong and
 * where; a rule inside it that does not fit is left out and named, so that one odd rule costs that rule only.
 */
export function parseAutomationExport(text: string): Result<ParsedExport, string> {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (e) {
    return err(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return readAutomationExport(body);
}

/** {@link parseAutomationExport} of JSON already parsed. */
export function readAutomationExport(body: unknown): Result<ParsedExport, string> {
  const single = z.object({ rule: z.record(z.string(), z.unknown()) }).safeParse(body);
  const file = single.success ? { success: true as const, data: { rules: [single.data.rule] } } : exportFile.safeParse(body);
  if (!file.success) return err(`$: expected an Automation rules export ({ "rules": [ … ] } as Jira's global automation exports it), found ${describe(body)}`);
  const rules: AutomationRule[] = [];
  const invalid: InvalidRule[] = [];
  const seen = new Set<string>();
  file.data.rules.forEach((raw, i) => {
    const parsed = ruleSchema.safeParse(raw);
    const at = `$.rules[${i}]`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).id : undefined;
      invalid.push({ path: at, ...(typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}), message: `${pathOf(at, issue?.path ?? [])}: ${issue?.message ?? 'not a rule'}` });
      return;
    }
    const rule = toRule(parsed.data, 'export');
    if (seen.has(rule.id)) {
      invalid.push({ path: at, id: rule.id, message: `${at}: a second rule with id ${rule.id}; the first was kept` });
      return;
    }
    seen.add(rule.id);
    rules.push(rule);
  });
  if (rules.length === 0 && invalid.length > 0) return err(`no rule of the file could be read; the first: ${invalid[0]?.message ?? ''}`);
  return ok({ rules, invalid });
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).slice(0, 5).join(', ') || '(none)'}`;
  return typeof v;
}

/** The coverage gaps of an export's rules that did not fit, naming the file. */
export function invalidRuleGaps(file: string, invalid: readonly InvalidRule[]): CoverageGap[] {
  return invalid.map((r) => ({ kind: 'automation-rule', ...(r.id === undefined ? {} : { objectId: r.id }), reason: 'invalid-payload', detail: `${file}: ${r.message}; this automation-rule was left out` }));
}
