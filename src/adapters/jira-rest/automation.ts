import { z } from 'zod';
import { AUTOMATION_HIDES } from '../../domain/automation';
import type { AutomationRule, CoverageGap } from '../../domain/model';
import { ruleDetail, ruleSchema, ruleSummaryPage, toRule } from '../automation/rules';
import { JiraAuthError, JiraHttpError, JiraPayloadError, RequestBudgetError, RetryAfterTooLongError, withQuery, type JiraClient } from './client';

/** `GET /_edge/tenant_info`: the site's cloud id, which the Automation API's paths carry. */
const tenantInfo = z.object({ cloudId: z.string().min(1) });

/** Summaries per page (the API's documented `limit`). */
const SUMMARY_PAGE = 100;
/** Pages of summaries at most: 100,000 rules, far beyond any site's. */
const MAX_SUMMARY_PAGES = 1000;

const HOW_TO_GET_RULES = "give the rules export instead (--automation <export.json>; Jira settings → System → Global automation → ⋯ → Export rules), or scan with a site admin's API token";

/** The cursor of a `links.next` (`?cursor=bbb&limit=100`, or an absolute URL on older sites). */
function cursorOf(next: string | null | undefined): string | undefined {
  if (next === null || next === undefined || next === '') return undefined;
  const query = next.includes('?') ? next.slice(next.indexOf('?') + 1) : next;
  return new URLSearchParams(query).get('cursor') ?? undefined;
}

/**
 * Reads every Automation rule through the site's own gateway, as the documented Automation REST API: the cloud id
 * from `/_edge/tenant_info`, rule summaries (cursor paging), then each rule's detail. The API takes a site admin's
 * API token and refuses Forge and OAuth apps, so a 401, 403 or 404 there is a coverage gap saying how to get the rules
 * in, never a failed scan. One rule whose detail does not fit is a gap for that rule.
 */
export async function readAutomationRules(c: JiraClient, gaps: CoverageGap[]): Promise<AutomationRule[]> {
  const notRead = (endpoint: string, e: Error): AutomationRule[] => {
    const status = e instanceof JiraHttpError ? e.status : undefined;
    const why =
      status === 401 || status === 403
        ? 'the Automation API refused these credentials (it takes the API token of a Jira administrator)'
        : status === 404
          ? 'the site has no Automation API at this address'
          : e.message;
    gaps.push({ kind: 'automation-rule', reason: status === 401 || status === 403 ? 'permission' : 'endpoint-error', detail: `Automation rules not read: ${endpoint}: ${why}; ${HOW_TO_GET_RULES}`, hides: AUTOMATION_HIDES });
    return [];
  };
  let cloudId: string;
  try {
    cloudId = (await c.json('/_edge/tenant_info', tenantInfo)).cloudId;
  } catch (e) {
    if (!(e instanceof Error) || !automationFailure(e)) throw e;
    return notRead('GET /_edge/tenant_info', e);
  }
  const base = `/gateway/api/automation/public/jira/${encodeURIComponent(cloudId)}/rest/v1`;
  const uuids: string[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_SUMMARY_PAGES) {
      gaps.push({ kind: 'automation-rule', reason: 'inconsistent-paging', detail: `GET ${base}/rule/summary: more than ${MAX_SUMMARY_PAGES} pages; the rest of the rules were not read` });
      break;
    }
    let body: z.infer<typeof ruleSummaryPage>;
    try {
      body = await c.json(withQuery(`${base}/rule/summary`, { limit: SUMMARY_PAGE, cursor }), ruleSummaryPage);
    } catch (e) {
      if (!(e instanceof Error) || !automationFailure(e)) throw e;
      if (page === 0) return notRead(`GET ${base}/rule/summary`, e);
      gaps.push({ kind: 'automation-rule', reason: reasonOf(e), detail: `GET ${base}/rule/summary (page ${page + 1}): ${e.message}; rules after the first ${uuids.length} were not read` });
      break;
    }
    for (const s of body.data) {
      const id = s.uuid ?? s.idUuid;
      if (id !== undefined && !uuids.includes(id)) uuids.push(id);
    }
    const next = cursorOf(body.links?.next);
    if (next === undefined || body.data.length === 0) break;
    if (seenCursors.has(next)) {
      gaps.push({ kind: 'automation-rule', reason: 'inconsistent-paging', detail: `GET ${base}/rule/summary: the cursor ${next} came twice; paging stopped after ${uuids.length} rules` });
      break;
    }
    seenCursors.add(next);
    cursor = next;
  }
  const rules = await Promise.all(
    uuids.map(async (uuid): Promise<AutomationRule | undefined> => {
      const endpoint = `GET ${base}/rule/${uuid}`;
      try {
        const raw = await c.json(`${base}/rule/${encodeURIComponent(uuid)}`, ruleDetail);
        const parsed = ruleSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const at = (issue?.path ?? []).reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), '$.rule');
          gaps.push({ kind: 'automation-rule', objectId: uuid, reason: 'invalid-payload', detail: `${endpoint}: ${at}: ${issue?.message ?? 'not a rule'}; this automation-rule was left out` });
          return undefined;
        }
        return toRule(parsed.data, 'api');
      } catch (e) {
        if (!(e instanceof Error) || !automationFailure(e)) throw e;
        gaps.push({ kind: 'automation-rule', objectId: uuid, reason: reasonOf(e), detail: `${endpoint}: ${e.message}; this automation-rule was left out` });
        return undefined;
      }
    }),
  );
  return rules.filter((r): r is AutomationRule => r !== undefined);
}

/** Failures of the Automation API that hide rules but leave the scan standing (a 401 there included). */
function automationFailure(e: Error): boolean {
  if (e instanceof JiraAuthError) return true;
  if (e instanceof JiraHttpError) return e.status !== 0 || (e.cause instanceof Error && e.cause.name === 'RequestTimeout');
  return e instanceof JiraPayloadError || e instanceof RequestBudgetError || e instanceof RetryAfterTooLongError;
}

function reasonOf(e: Error): CoverageGap['reason'] {
  if (e instanceof RequestBudgetError) return 'budget';
  if (e instanceof RetryAfterTooLongError) return 'rate-limited';
  if (e instanceof JiraPayloadError) return 'invalid-payload';
  if (e instanceof JiraHttpError && (e.status === 401 || e.status === 403)) return 'permission';
  return 'endpoint-error';
}
