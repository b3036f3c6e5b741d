import { analyse, cleanup, spacesNearFieldLimit, spacesNearWorkTypeLimit, type Analysis } from './analysis';
import type { ConfigSnapshot } from './model';
import type { ScanPart } from './scan-plan';

/** Custom fields per value-counts part (one request each, and one usage listing a 50). */
export const VALUE_COUNT_SLICE = 200;

/**
 * The custom fields whose values are worth counting: those the cleanup verdict would list (no use found), where the
 * count decides between `safe` and `review`. A field in use needs no count, and most are in use.
 */
export function valueCountCandidates(snapshot: ConfigSnapshot, a: Analysis = analyse(snapshot)): string[] {
  const fields = new Map(snapshot.fields.map((f) => [f.id, f]));
  return cleanup(a, 'field').rows.flatMap((r) => {
    const id = String(r.id);
    const f = fields.get(id);
    return f?.custom === true && f.projectId === undefined ? [id] : [];
  });
}

/**
 * The parts that count the candidates' values (with `usage`, their usage data read again too), 200 fields a part;
 * then, for the spaces near Jira's field limit, the values in those spaces of the fields that count there through a
 * global context (one count a field over all of them, and one a space only where that finds values: a part holds
 * fewer fields the more spaces it counts in); and for the spaces near the work type limit, their issues by work type.
 */
export function valueCountParts(snapshot: ConfigSnapshot, usage: boolean): ScanPart[] {
  const a = analyse(snapshot);
  const ids = valueCountCandidates(snapshot, a);
  const parts: ScanPart[] = [];
  for (let i = 0; i < ids.length; i += VALUE_COUNT_SLICE) {
    const fieldIds = ids.slice(i, i + VALUE_COUNT_SLICE);
    parts.push(usage ? { section: 'value-counts', fieldIds, usage: true } : { section: 'value-counts', fieldIds });
  }
  const near = spacesNearFieldLimit(a);
  const slice = Math.max(20, Math.floor(VALUE_COUNT_SLICE / near.projectIds.length));
  for (let i = 0; i < near.fieldIds.length; i += slice) parts.push({ section: 'value-counts', fieldIds: near.fieldIds.slice(i, i + slice), projectIds: near.projectIds });
  // Spaces near the work type limit: their issues counted by work type, one part a space.
  for (const p of spacesNearWorkTypeLimit(snapshot)) parts.push({ section: 'work-type-counts', projectId: p.id, issueTypeIds: p.issueTypeIds });
  return parts;
}
