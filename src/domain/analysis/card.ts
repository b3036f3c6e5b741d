import { adminUrl } from '../admin-links';
import type { GraphNode } from '../graph';
import { JQL_TYPE_NAMES } from '../jql';
import type { ConfigSnapshot, ObjectKind } from '../model';
import { detailIndex, sharedWith, type Analysis } from './common';
import { managedBy, RECENT_DAYS, userCount, verdictOf, type ObjectVerdict } from './verdicts';

/** One thing an admin checks before deleting an object, linked into Jira where Jira has a page for it. */
export interface CardFact {
  readonly label: string;
  readonly value: string;
  readonly link?: string;
  /** A person's account id: the page shows their display name, looked up when shown (never stored). */
  readonly accountId?: string;
}

/** A context of a custom field: where it applies, each project linked. */
export interface CardContext {
  readonly id: string;
  readonly name: string;
  readonly link?: string;
  /** `every project`, or the projects it is limited to. */
  readonly projects: readonly CardFact[];
  readonly issueTypes: string;
}

/**
 * Everything the Explorer shows of one object before its uses: its Cleanup verdict (the same row), how many objects
 * use it (the one count), and what an admin needs before deleting it — type, contexts and their projects, issues
 * holding a value, last use, owner, sharing and subscriptions — each linked into Jira where Jira has a page.
 */
export interface ObjectCard {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly link?: string;
  /** The object's Cleanup row: verdict, reasons one by one, and the kind's criterion. */
  readonly verdict?: ObjectVerdict;
  /** Why there is no verdict, for a kind Cleanup does not judge. */
  readonly noVerdict?: string;
  /** The one count of its users (search, where-used, Cleanup say the same). */
  readonly users: number;
  readonly facts: readonly CardFact[];
  readonly contexts: readonly CardContext[];
}

const link = (s: ConfigSnapshot, kind: ObjectKind, id: string, name: string): { link?: string } => {
  const url = adminUrl(s, kind, id, name);
  return url === undefined ? {} : { link: url };
};

/** The card of one object of the analysis. */
export function objectCard(a: Analysis, node: GraphNode): ObjectCard {
  const s = a.snapshot;
  const index = detailIndex(a);
  const verdict = verdictOf(a, node);
  const facts: CardFact[] = [];
  const contexts: CardContext[] = [];
  const fact = (label: string, value: string, at?: { kind: ObjectKind; id: string; name: string }): void => {
    facts.push({ label, value, ...(at === undefined ? {} : link(s, at.kind, at.id, at.name)) });
  };
  const person = (label: string, accountId: string): void => {
    facts.push({ label, value: `account ${accountId}`, accountId });
  };
  const owner = (accountId: string | undefined): void => {
    if (accountId === undefined) fact('Owner', 'Jira does not say');
    else person('Owner', accountId);
  };
  switch (node.kind) {
    case 'field': {
      const f = index.field.get(node);
      if (f === undefined) break;
      const type = f.schema?.custom ?? f.schema?.type;
      // The field editor's name of the type (as "Name[Type]" takes it, lower-cased there), else Jira's type key.
      const named = type === undefined ? undefined : JQL_TYPE_NAMES[type];
      fact('Type', `${f.custom ? 'custom' : 'system'} field${type === undefined ? '' : ` · ${named === undefined ? type : named.charAt(0).toUpperCase() + named.slice(1)}`}`);
      const manager = managedBy(f);
      if (manager !== undefined) fact('Managed by', manager);
      if (f.projectId !== undefined) {
        const p = index.project.get(f.projectId);
        fact('Team-managed project', p?.key ?? f.projectId, p === undefined ? undefined : { kind: 'project', id: p.id, name: p.name });
      }
      fact('Issues holding a value', f.issuesWithValue !== undefined ? f.issuesWithValue.toLocaleString('en-US') : f.issuesWithValueUnknown !== undefined ? `unknown: ${f.issuesWithValueUnknown}` : 'not counted (counted for the fields nothing uses)');
      const lu = f.lastUsed;
      fact('Last used', lu === undefined ? 'Jira does not say' : lu.type === 'TRACKED' ? (lu.value ?? 'never') : lu.type === 'NOT_TRACKED' ? 'not tracked by Jira' : 'no information');
      for (const c of s.fieldContexts) {
        if (c.fieldId !== node.id) continue;
        contexts.push({
          id: c.id,
          name: c.name,
          ...link(s, 'field-context', c.id, c.name),
          projects: c.isGlobalContext
            ? [{ label: 'every project', value: 'global context' }]
            : c.projectIds.map((id) => {
                const p = index.project.get(id);
                return { label: p?.key ?? id, value: p?.name ?? 'a project the scan did not see', ...(p === undefined ? {} : link(s, 'project', p.id, p.name)) };
              }),
          issueTypes: c.isAnyIssueType ? 'every issue type' : c.issueTypeIds.map((id) => index.issueType.get(id)?.name ?? id).join(', '),
        });
      }
      break;
    }
    case 'filter': {
      const f = index.filter.get(node);
      if (f === undefined) break;
      owner(f.ownerAccountId);
      fact('Sharing', sharedWith(a, index, f.sharePermissions));
      const subs = f.subscriptions ?? [];
      const groups = subs.flatMap((x) => (x.groupId === undefined ? [] : [a.graph.node({ kind: 'group', id: x.groupId })?.name ?? x.groupId]));
      fact('Subscriptions', subs.length === 0 ? 'none' : `${subs.length} (${subs.length - groups.length} of users${groups.length === 0 ? '' : `; groups ${groups.join(', ')}`})`);
      fact('Last run', f.approximateLastUsed ?? `Jira does not say (a run within ${RECENT_DAYS} days counts as a use)`);
      if (f.favouritedCount !== undefined) fact('Favourite of', `${f.favouritedCount} people`);
      break;
    }
    case 'dashboard': {
      const d = index.dashboard.get(node);
      if (d === undefined) break;
      owner(d.ownerAccountId);
      fact('Sharing', d.archived === true ? 'archived: nobody sees it until it is restored' : sharedWith(a, index, d.sharePermissions));
      fact('Gadgets', String(d.gadgets.length));
      fact('Last opened', 'Jira does not say');
      break;
    }
    case 'board': {
      const b = index.board.get(node);
      if (b === undefined) break;
      fact('Type', b.type);
      const p = b.location?.projectId === undefined ? undefined : index.project.get(b.location.projectId);
      if (p !== undefined) fact('Project', `${p.key}${p.deleted === true ? ' (in the trash)' : p.archived === true ? ' (archived)' : ''}`, { kind: 'project', id: p.id, name: p.name });
      if (b.filterId !== undefined) {
        const f = a.graph.node({ kind: 'filter', id: b.filterId });
        fact('Saved filter', f?.name ?? `${b.filterId}: not found (deleted, or private to its owner)`, f === undefined ? undefined : { kind: 'filter', id: f.id, name: f.name });
      }
      fact('Last opened', 'Jira does not say');
      break;
    }
    case 'project': {
      const p = index.project.get(node);
      if (p === undefined) break;
      fact('Key', p.key);
      fact('Managed', `${p.style === 'classic' ? 'company-managed' : 'team-managed'}${p.projectTypeKey === undefined ? '' : ` · ${p.projectTypeKey}`}`);
      if (p.archived === true || p.deleted === true) fact('State', p.deleted === true ? 'in the trash' : 'archived');
      if (p.leadAccountId !== undefined) person('Lead', p.leadAccountId);
      break;
    }
    case 'automation-rule': {
      const r = index.automationRule.get(node);
      if (r === undefined) break;
      fact('State', r.state.toLowerCase());
      const scope = r.scope.global ? 'every project' : r.scope.projectTypes.length > 0 ? `projects of type ${r.scope.projectTypes.join(', ')}` : r.scope.projectIds.map((id) => index.project.get(id)?.key ?? id).join(', ');
      fact('Runs in', scope === '' ? 'no project' : scope);
      if (r.updated !== undefined) fact('Last changed', r.updated);
      break;
    }
    default:
      break;
  }
  return {
    kind: node.kind,
    id: node.id,
    name: node.name,
    ...link(s, node.kind, node.id, node.name),
    ...(verdict === undefined ? { noVerdict: `Cleanup gives no verdict for ${node.kind.replaceAll('-', ' ')}s: its uses and impact are below` } : { verdict }),
    users: userCount(a, node),
    facts,
    contexts,
  };
}
