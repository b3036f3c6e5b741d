import type { ObjectKind, WorkflowRule } from '../model';

/**
 * Jira's workflow rule vocabulary as far as it names objects: one line per parameter whose name alone does not say
 * what it names, with where the shape is documented or observed. Parameters not listed here are judged by their
 * name (`…fieldId`, `…statusIds`, `…groups`, `…roleId`): see {@link ruleParameterKind}.
 */
export const RULE_PARAMETERS: readonly { readonly parameter: string; readonly kind: ObjectKind; readonly source: string }[] = [
  // system:validate-field-value, system:check-field-value, system:restrict-issue-transition (workflows API docs:
  // "Configuring workflow rules"): groups whose members skip the validation, comma-separated group ids.
  { parameter: 'groupsExemptFromValidation', kind: 'group', source: 'Atlassian workflow rule configuration docs' },
  { parameter: 'groupIds', kind: 'group', source: 'system:restrict-issue-transition' },
  { parameter: 'roleIds', kind: 'project-role', source: 'system:restrict-issue-transition' },
  { parameter: 'fieldsRequired', kind: 'field', source: 'system:validate-field-value (fields required)' },
  { parameter: 'fieldKey', kind: 'field', source: 'system:check-field-value' },
];

/**
 * `system:update-field` names its target in `field` and the new value in `value` (or `fieldValue`). For these
 * fields the value is an object's id: setting the resolution or priority uses that resolution or priority.
 */
export const UPDATE_FIELD_VALUE_KINDS: Readonly<Record<string, ObjectKind>> = {
  resolution: 'resolution',
  priority: 'priority',
};

const UPDATE_FIELD_VALUE_KIND_OF: ReadonlyMap<string, ObjectKind> = new Map(Object.entries(UPDATE_FIELD_VALUE_KINDS));

const BY_NAME = new Map(RULE_PARAMETERS.map((p) => [p.parameter.toLowerCase(), p.kind]));

/**
 * Which kind of object a workflow rule parameter names: from the table, else judged by the parameter's name. A site's
 * rules use a few dozen names hundreds of thousands of times: `judged` (one per graph build, never shared between
 * sites) remembers the answers.
 */
export function ruleParameterKind(parameter: string, judged?: Map<string, ObjectKind | null>): ObjectKind | undefined {
  const known = judged?.get(parameter);
  if (known !== undefined) return known ?? undefined;
  const kind = judgeParameter(parameter);
  judged?.set(parameter, kind ?? null);
  return kind;
}

function judgeParameter(parameter: string): ObjectKind | undefined {
  const p = parameter.toLowerCase();
  const listed = BY_NAME.get(p);
  if (listed !== undefined) return listed;
  if (/(field|fields|fieldid|fieldids|fieldkey|fieldkeys|fieldsrequired|fieldstorequire)$/.test(p)) return 'field';
  if (/status(id|ids|es)?$/.test(p)) return 'status';
  if (/screen(id|ids)?$/.test(p)) return 'screen';
  if (/group(id|ids|s|name|names)?$/.test(p)) return 'group';
  if (/role(id|ids|s)?$/.test(p)) return 'project-role';
  return undefined;
}

/** The object a `system:update-field` post-function's value names (a resolution or priority), if any. */
export function updateFieldValueTarget(rule: WorkflowRule): { readonly kind: ObjectKind; readonly id: string; readonly parameter: string } | undefined {
  const field = rule.parameters.field ?? rule.parameters.fieldId;
  if (field === undefined) return undefined;
  // A map: a rule's field text is a fresh string, which a lookup by property name would first intern.
  const kind = UPDATE_FIELD_VALUE_KIND_OF.get(field.toLowerCase());
  if (kind === undefined) return undefined;
  for (const parameter of ['value', 'fieldValue'] as const) {
    const id = rule.parameters[parameter]?.trim();
    if (id !== undefined && /^\d+$/.test(id)) return { kind, id, parameter };
  }
  return undefined;
}

const CUSTOM_FIELD = /^customfield_\d+$/;
const CUSTOM_FIELD_ANYWHERE = /customfield_\d+/g;

/**
 * References inside an app's unpacked rule settings (JSON): custom field ids anywhere in a string; under keys that
 * speak of groups, group ids or names; under keys that speak of roles, role ids. Walks any depth.
 */
export function referencesInSettings(json: string): { readonly kind: ObjectKind; readonly id: string; readonly path: string }[] {
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    return [];
  }
  const out: { kind: ObjectKind; id: string; path: string }[] = [];
  const seen = new Set<string>();
  const add = (kind: ObjectKind, id: string, path: string): void => {
    const key = `${kind}:${id}`;
    if (id === '' || seen.has(key)) return;
    seen.add(key);
    out.push({ kind, id, path });
  };
  const keyKind = (key: string): ObjectKind | undefined => {
    const k = key.toLowerCase();
    if (/group/.test(k)) return 'group';
    if (/role/.test(k)) return 'project-role';
    return undefined;
  };
  const walk = (v: unknown, path: string, under: ObjectKind | undefined): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(CUSTOM_FIELD_ANYWHERE)) add('field', m[0], path);
      if (under === 'group') for (const part of v.split(',')) if (!CUSTOM_FIELD.test(part.trim())) add('group', part.trim(), path);
      if (under === 'project-role') for (const part of v.split(',')) if (/^\d+$/.test(part.trim())) add('project-role', part.trim(), path);
      return;
    }
    if (typeof v === 'number') {
      if (under === 'project-role' && Number.isInteger(v)) add('project-role', String(v), path);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => { walk(item, `${path}[${i}]`, under); });
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`, keyKind(k) ?? under);
    }
  };
  walk(value, '$', undefined);
  return out;
}

/**
 * Workflow properties that name objects (status and transition properties, Atlassian's "Workflow properties" docs):
 * `jira.permission.[subtasks.]<permission>.<holder>[.<n>]`, where the holder type says what the value names —
 * `group` a group (by id or, on older sites, by name), `groupCF` and `userCF` a field, `projectrole` a role id.
 */
export function propertyReference(key: string, value: string): { readonly kind: ObjectKind; readonly id: string } | undefined {
  const m = /^jira\.permission\.(?:subtasks\.)?[a-z]+\.(group|groupcf|usercf|projectrole)(?:\.\d+)?$/i.exec(key.trim());
  const holder = m?.[1]?.toLowerCase();
  const id = value.trim();
  if (holder === undefined || id === '') return undefined;
  if (holder === 'group') return { kind: 'group', id };
  if (holder === 'projectrole') return /^\d+$/.test(id) ? { kind: 'project-role', id } : undefined;
  return { kind: 'field', id };
}
