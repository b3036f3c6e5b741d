import { camelWords, holderWords, ruleWords } from './graph/evidence';
import type { Holder, IssueSecurityScheme, NotificationScheme, ObjectKind, PermissionScheme, WorkflowRule, WorkflowTransition } from './model';

/**
 * What changed inside a scheme or a workflow, in the words an auditor reads: which permission was granted to or
 * removed from which holder, which people an event notifies, who a security level lets see issues, and which
 * condition, validator or post-function of which transition was added, removed or changed.
 */

/** An object's name and id as a diff says them ("Developers (10002)"), or its id when it is not in the snapshot. */
export type Names = (kind: ObjectKind, id: string) => string;

/** A holder of a permission, notification or security level, named: "group jira-users (a1b2…)", "project role Developers (10002)". */
export function holderName(h: Holder, names: Names): string {
  const p = h.parameter;
  if (p === undefined || p === '') return holderWords(h.type);
  // Notification schemes spell the types with a capital (`Group`, `ProjectRole`), permission schemes without.
  switch (h.type.toLowerCase()) {
    case 'group':
      return `group ${names('group', p)}`;
    case 'projectrole':
      return `project role ${names('project-role', p)}`;
    case 'usercustomfield':
    case 'groupcustomfield':
      return `${holderWords(h.type)} ${names('field', p)}`;
    case 'user':
      return `user (account ${p})`;
    default:
      return `${holderWords(h.type)} ${p}`;
  }
}

const holderKey = (h: Holder): string => `${h.type}\u0000${h.parameter ?? ''}`;

/** Items of `after` not in `before` and the other way round, by a key; each once, in their order. */
function added<T>(before: readonly T[], after: readonly T[], key: (x: T) => string): T[] {
  const had = new Set(before.map(key));
  const seen = new Set<string>();
  return after.filter((x) => {
    const k = key(x);
    if (had.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Grants given and taken away: "permission BROWSE_PROJECTS granted to group jira-users (…)". */
export function permissionChanges(before: PermissionScheme, after: PermissionScheme, names: Names): string[] {
  const key = (g: PermissionScheme['grants'][number]): string => `${g.permission}\u0000${holderKey(g.holder)}`;
  const granted = added(before.grants, after.grants, key).map((g) => `permission ${g.permission} granted to ${holderName(g.holder, names)}`);
  const removed = added(after.grants, before.grants, key).map((g) => `permission ${g.permission} removed from ${holderName(g.holder, names)}`);
  return [...granted, ...removed];
}

/** Who each event notifies, added and removed: `event "Issue created" (1): now notifies project role Developers (10002)`. */
export function notificationChanges(before: NotificationScheme, after: NotificationScheme, names: Names): string[] {
  const out: string[] = [];
  const was = new Map(before.events.map((e) => [e.eventId, e]));
  const now = new Map(after.events.map((e) => [e.eventId, e]));
  for (const [id, e] of now) {
    const old = was.get(id)?.notifications ?? [];
    for (const h of added(old, e.notifications, holderKey)) out.push(`event "${e.eventName}" (${id}): now notifies ${holderName(h, names)}`);
    for (const h of added(e.notifications, old, holderKey)) out.push(`event "${e.eventName}" (${id}): no longer notifies ${holderName(h, names)}`);
  }
  for (const [id, e] of was) {
    if (now.has(id)) continue;
    for (const h of e.notifications) out.push(`event "${e.eventName}" (${id}): no longer notifies ${holderName(h, names)}`);
  }
  return out;
}

/** Security levels added, removed, renamed, their members and the default level: who may see issues set to a level. */
export function securityChanges(before: IssueSecurityScheme, after: IssueSecurityScheme, names: Names): string[] {
  const out: string[] = [];
  const was = new Map(before.levels.map((l) => [l.id, l]));
  const now = new Map(after.levels.map((l) => [l.id, l]));
  const levelName = (id: string | undefined): string => {
    if (id === undefined) return '(none)';
    const l = now.get(id) ?? was.get(id);
    return l === undefined ? id : `"${l.name}" (${id})`;
  };
  for (const [id, l] of now) {
    const old = was.get(id);
    if (old === undefined) {
      out.push(`security level "${l.name}" (${id}) added${l.members.length === 0 ? '' : `, seen by ${l.members.map((h) => holderName(h, names)).join(', ')}`}`);
      continue;
    }
    if (old.name !== l.name) out.push(`security level "${old.name}" (${id}) renamed to "${l.name}"`);
    for (const h of added(old.members, l.members, holderKey)) out.push(`security level "${l.name}" (${id}): ${holderName(h, names)} may now see its issues`);
    for (const h of added(l.members, old.members, holderKey)) out.push(`security level "${l.name}" (${id}): ${holderName(h, names)} may no longer see its issues`);
  }
  for (const [id, l] of was) if (!now.has(id)) out.push(`security level "${l.name}" (${id}) removed`);
  if (before.defaultLevelId !== after.defaultLevelId) out.push(`default security level ${levelName(before.defaultLevelId)} → ${levelName(after.defaultLevelId)}`);
  return out;
}

/** A rule's settings as one comparable text. */
const ruleText = (r: WorkflowRule): string => JSON.stringify([r.kind, r.ruleKey, Object.entries(r.parameters).sort(([a], [b]) => a.localeCompare(b))]);

/** The rules of `a` that `b` does not hold as they are, counted (a rule twice in `a` and once in `b` leaves one). */
function unmatched(a: readonly WorkflowRule[], b: readonly WorkflowRule[]): WorkflowRule[] {
  const left = new Map<string, number>();
  for (const r of b) left.set(ruleText(r), (left.get(ruleText(r)) ?? 0) + 1);
  return a.filter((r) => {
    const n = left.get(ruleText(r)) ?? 0;
    if (n === 0) return true;
    left.set(ruleText(r), n - 1);
    return false;
  });
}

/** The parameters that differ between two rules of one key: "field ids 10001 → 10001,10002". */
function parameterChanges(a: WorkflowRule, b: WorkflowRule): string {
  const keys = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])].sort();
  return keys
    .filter((k) => a.parameters[k] !== b.parameters[k])
    .map((k) => `${camelWords(k)} ${a.parameters[k] ?? '(none)'} → ${b.parameters[k] ?? '(none)'}`)
    .join('; ');
}

/**
 * What changed in one transition kept by id: its name, where it goes and from where, its screen, and each rule
 * (condition, validator, post-function) added, removed or changed, by Jira's own words for the rule where it has them.
 */
export function transitionChanges(before: WorkflowTransition, after: WorkflowTransition, names: Names): string[] {
  const out: string[] = [];
  const t = `transition "${after.name}" (id ${after.id})`;
  if (before.name !== after.name) out.push(`transition "${before.name}" (id ${after.id}) renamed to "${after.name}"`);
  const status = (id: string | undefined): string => (id === undefined ? '(the status it is in)' : names('status', id));
  if (before.toStatusId !== after.toStatusId) out.push(`${t}: goes to ${status(before.toStatusId)} → ${status(after.toStatusId)}`);
  for (const s of added(before.fromStatusIds, after.fromStatusIds, String)) out.push(`${t}: now also from ${names('status', s)}`);
  for (const s of added(after.fromStatusIds, before.fromStatusIds, String)) out.push(`${t}: no longer from ${names('status', s)}`);
  if (before.screenId !== after.screenId) out.push(`${t}: screen ${before.screenId === undefined ? '(none)' : names('screen', before.screenId)} → ${after.screenId === undefined ? '(none)' : names('screen', after.screenId)}`);
  // Rules: the ones unchanged set aside; of one kind and key, the rest paired in order (a change), the others added or removed.
  const oldRules = unmatched(before.rules, after.rules);
  const newRules = unmatched(after.rules, before.rules);
  const said = (r: WorkflowRule): string => `${r.kind} "${ruleWords(r.ruleKey, r.parameters)}"`;
  for (const r of newRules) {
    const i = oldRules.findIndex((o) => o.kind === r.kind && o.ruleKey === r.ruleKey);
    if (i >= 0) {
      const [o] = oldRules.splice(i, 1);
      if (o !== undefined) out.push(`${t}: ${said(r)} changed: ${parameterChanges(o, r)}`);
      continue;
    }
    out.push(`${t}: ${said(r)} added`);
  }
  for (const o of oldRules) out.push(`${t}: ${said(o)} removed`);
  const pb = before.properties ?? {};
  const pa = after.properties ?? {};
  for (const k of [...new Set([...Object.keys(pb), ...Object.keys(pa)])].sort()) {
    if (pb[k] !== pa[k]) out.push(`${t}: property ${k} ${pb[k] ?? '(none)'} → ${pa[k] ?? '(none)'}`);
  }
  return out;
}
