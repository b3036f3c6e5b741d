import { AUDITED_KINDS, AUDIT_ITEM_TYPES } from '../../domain/incremental';
import { COLLECTION_OF_KIND, type ConfigSnapshot, type ObjectKind } from '../../domain/model';

/** An audit record as Jira Cloud writes it (`GET /rest/api/3/auditing/record`), with a made-up remote address. */
export interface FakeAuditRecord {
  readonly id: number;
  readonly summary: string;
  readonly created: string;
  readonly category: string;
  readonly eventSource: string;
  readonly remoteAddress: string;
  readonly authorAccountId: string;
  readonly objectItem: { readonly id: string; readonly name: string; readonly typeName: string };
  readonly associatedItems: readonly { readonly id: string; readonly name: string; readonly typeName: string }[];
  readonly changedValues: readonly { readonly fieldName: string; readonly changedFrom?: string; readonly changedTo?: string }[];
}

/** Whom the fake's audit records name as their author, unless a change names another. */
export const FAKE_AUDIT_AUTHOR = '557058:f1e2d3c4-0000-4000-8000-000000000001';
/** The remote address every record of the fake carries, which a scan must never keep. */
export const FAKE_REMOTE_ADDRESS = '203.0.113.7';

/** The category Jira files a kind's changes under. */
const CATEGORY_OF: Partial<Record<ObjectKind, string>> = {
  field: 'fields',
  screen: 'screens',
  'screen-scheme': 'screens',
  'issue-type-screen-scheme': 'screens',
  workflow: 'workflows',
  'workflow-scheme': 'workflows',
  status: 'workflows',
  project: 'projects',
  group: 'group management',
  'issue-type': 'issue types',
};

const TYPE_OF = new Map<ObjectKind, string>();
for (const [type, kind] of Object.entries(AUDIT_ITEM_TYPES)) if (!TYPE_OF.has(kind)) TYPE_OF.set(kind, type);

/**
 * The fake site's audit log: what a change of its configuration wrote, as Jira would. Records are made from the
 * difference between the site before and after a change (one record per object added, removed or changed, a change
 * of a field's contexts or options being a change of the field), so that the log follows the fake's own changes.
 */
export class FakeAuditLog {
  readonly records: FakeAuditRecord[] = [];

  /** Writes the records of a change from `before` to `after`, at `at`, by `author` (an account id). */
  change(before: ConfigSnapshot, after: ConfigSnapshot, at: Date, author = FAKE_AUDIT_AUTHOR): void {
    const withParts = (s: ConfigSnapshot, kind: ObjectKind): Map<string, string> => {
      const own = s[COLLECTION_OF_KIND[kind]] as readonly { id: string }[];
      const out = new Map(own.map((o) => [o.id, JSON.stringify(o)]));
      if (kind === 'field') {
        // A field's contexts and options are changes of the field.
        for (const c of s.fieldContexts) out.set(c.fieldId, `${out.get(c.fieldId) ?? ''}|${JSON.stringify(c)}`);
        for (const o of s.options) out.set(o.fieldId, `${out.get(o.fieldId) ?? ''}|${JSON.stringify(o)}`);
      }
      return out;
    };
    for (const kind of AUDITED_KINDS) {
      if (kind === 'field-context' || kind === 'option') continue;
      const a = withParts(before, kind);
      const b = withParts(after, kind);
      const names = new Map([...(before[COLLECTION_OF_KIND[kind]] as readonly { id: string; name?: string }[]), ...(after[COLLECTION_OF_KIND[kind]] as readonly { id: string; name?: string }[])].map((o) => [o.id, o.name ?? o.id]));
      for (const id of new Set([...a.keys(), ...b.keys()])) {
        if (a.get(id) === b.get(id)) continue;
        const what = !a.has(id) ? 'created' : !b.has(id) ? 'deleted' : 'updated';
        const typeName = TYPE_OF.get(kind) ?? kind.toUpperCase();
        const itemId = kind === 'field' ? id.replace(/^customfield_/, '') : id;
        this.records.push({
          id: this.records.length + 1,
          summary: `${typeName.toLowerCase().replace(/_/g, ' ')} ${what}`,
          created: at.toISOString().replace('Z', '+0000'),
          category: CATEGORY_OF[kind] ?? 'schemes',
          eventSource: '',
          remoteAddress: FAKE_REMOTE_ADDRESS,
          authorAccountId: author,
          objectItem: { id: itemId, name: names.get(id) ?? id, typeName },
          associatedItems: [],
          changedValues: [],
        });
      }
    }
  }

  /** Records created at or after `from`, newest first, as Jira lists them. */
  since(from: number): FakeAuditRecord[] {
    return this.records.filter((r) => Date.parse(r.created.replace('+0000', 'Z')) >= from).reverse();
  }
}
