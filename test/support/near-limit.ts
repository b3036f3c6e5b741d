import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import type { ConfigSnapshot, Field, FieldContext, IssueRecord } from '../../src/domain/model';
import { aField } from '../builders';

/**
 * A generated site with one space (the first company-managed one) over 80 % of the field limit: 560 fields with a
 * context naming it alone, on top of the site's global-context fields. Issues: one global field holds a value in
 * that space, another only in a second space (so the site counts a value, the space none).
 */
export function siteNearTheLimit(): { site: ConfigSnapshot; near: string; other: string; heldHere: string; heldElsewhere: string } {
  const base = generateSnapshot({ preset: 'small', seed: 7 });
  const [near, other] = base.projects.filter((p) => p.style === 'classic' && p.archived !== true && p.deleted !== true);
  if (near === undefined || other === undefined) throw new Error('the small preset has two company-managed spaces');
  const global = new Set(base.fieldContexts.filter((c) => c.isGlobalContext).map((c) => c.fieldId));
  const [heldHere, heldElsewhere] = base.fields.filter((f) => f.custom && global.has(f.id) && f.schema?.type === 'string').map((f) => f.id);
  if (heldHere === undefined || heldElsewhere === undefined) throw new Error('the small preset has two global text fields');
  const own: Field[] = Array.from({ length: 560 }, (_, i) => aField({ n: 50_000 + i, name: `Own ${i}` }));
  const ownContexts: FieldContext[] = own.map((f, i) => ({ id: String(90_000 + i), fieldId: f.id, name: 'Near only', isGlobalContext: false, isAnyIssueType: true, projectIds: [near.id], issueTypeIds: [] }));
  const issue = (n: number, projectId: string, key: string, fieldId: string): IssueRecord => ({
    id: String(70_000 + n),
    key: `${key}-${n}`,
    fields: { project: { id: projectId, key, name: key }, summary: 'x', [fieldId]: 'value' },
  });
  const site: ConfigSnapshot = {
    ...base,
    fields: [...base.fields, ...own],
    fieldContexts: [...base.fieldContexts, ...ownContexts],
    issues: [issue(1, near.id, near.key, heldHere), issue(2, other.id, other.key, heldElsewhere)],
  };
  return { site, near: near.id, other: other.id, heldHere, heldElsewhere };
}
