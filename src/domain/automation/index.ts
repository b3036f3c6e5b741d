import type { AutomationRule, ConfigSnapshot, CoverageGap, JsonValue, ObjectKind } from '../model';

/**
 * Where Automation keeps references, as read from a rule's trigger and components (the JSON Jira gives through the
 * Automation REST API and in the rules export, which share one component shape):
 * - components are objects with `component` (TRIGGER, CONDITION, ACTION, BRANCH, CONDITION_BLOCK) and `type`
 *   (`jira.issue.edit`), their settings in `value`, nested components in `children` and `conditions`;
 * - objects `{ "type": "ID" | "NAME", "value": … }` name an object by id or by name; the key they sit under says
 *   the kind (`selectedField`, `destinationStatus`, `fromStatus`, `field` of an edit operation, …);
 * - JQL sits in `jql`-named settings (`jira.jql.scheduled`, branches, related-issues conditions), in the whole value
 *   of a JQL condition (`jira.jql.condition`), and in lookups' `{ "type": "JQL", "query": { "value": … } }`;
 * - smart values (`{{issue.Story Points}}`, `{{triggerIssue.fields.customfield_10010.value}}`) in any text name
 *   fields by id or by name.
 */

/** What part of a rule a reference sits in, as an admin sees the rule in Jira's rule editor. */
export type AutomationComponentKind = 'trigger' | 'condition' | 'action' | 'branch' | 'if block';

export interface AutomationPlace {
  readonly component: AutomationComponentKind;
  /** The component's type as Jira names it, e.g. `jira.issue.edit`. */
  readonly componentType: string;
  /** JSON path of the component in the rule, e.g. `components[2].children[0]`. */
  readonly componentPath: string;
  /** JSON path of the reference inside the rule, e.g. `components[2].children[0].value.operations[1].field`. */
  readonly path: string;
}

/** One thing a rule names, before it is resolved against the snapshot. */
export type AutomationMention =
  | {
      readonly type: 'object';
      readonly kind: Exclude<ObjectKind, 'automation-rule'>;
      /** `id`: the value is an id (dangling when nothing has it); `name`: resolved by name like JQL names. */
      readonly by: 'id' | 'name';
      readonly value: string;
      /** What the rule does with it, in words: "field it sets", "status it moves the issue to". */
      readonly role: string;
      readonly place: AutomationPlace;
      /** False for plain text under a key that speaks of groups or roles: a reference only when it names one. */
      readonly certain: boolean;
    }
  | {
      /** A smart value that names a field (`{{issue.Story Points.format("0")}}`), resolved by id or name. */
      readonly type: 'smart-value';
      /** The field as written between the prefix and the first `.` or `|`: `Story Points`, `customfield_10010`. */
      readonly name: string;
      /** The whole smart value, braces included. */
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly place: AutomationPlace;
    }
  | {
      /**
       * A value an operation sets or a condition compares a custom field with, given as `{ type: ID|NAME, value }`: an
       * option when the field is an option field (resolved against that field's options only).
       */
      readonly type: 'option';
      readonly field: { readonly by: 'id' | 'name'; readonly value: string };
      readonly by: 'id' | 'name';
      readonly value: string;
      readonly role: string;
      readonly place: AutomationPlace;
    }
  | {
      readonly type: 'jql';
      /** The JQL with every smart value masked (see {@link maskSmartValues}); offsets are those of the original. */
      readonly jql: string;
      readonly original: string;
      readonly place: AutomationPlace;
    };

/** Component types an admin knows by name, in the words of Jira's rule editor. Others are shown by their type. */
const COMPONENT_WORDS: ReadonlyMap<string, string> = new Map([
  ['jira.issue.event.trigger:created', 'Work item created'],
  ['jira.issue.event.trigger:updated', 'Work item updated'],
  ['jira.issue.event.trigger:transitioned', 'Work item transitioned'],
  ['jira.issue.event.trigger:commented', 'Work item commented'],
  ['jira.issue.event.trigger:assigned', 'Work item assigned'],
  ['jira.issue.event.trigger:deleted', 'Work item deleted'],
  ['jira.issue.field.changed', 'Field value changed'],
  ['jira.jql.scheduled', 'Scheduled'],
  ['jira.manual.trigger.issue', 'Manual trigger'],
  ['jira.manual.trigger.issue.action', 'Manual trigger'],
  ['jira.issue.condition', 'Work item fields condition'],
  ['jira.jql.condition', 'JQL condition'],
  ['jira.issues.related.condition', 'Related work items condition'],
  ['jira.user.condition', 'User condition'],
  ['jira.condition.container.block', 'If/else block'],
  ['jira.condition.if.block', 'If block'],
  ['jira.issue.edit', 'Edit work item'],
  ['jira.issue.create', 'Create work item'],
  ['jira.issue.create.subtask', 'Create sub-tasks'],
  ['jira.issue.clone', 'Clone work item'],
  ['jira.issue.transition', 'Transition work item'],
  ['jira.issue.comment', 'Comment on work item'],
  ['jira.issue.assign', 'Assign work item'],
  ['jira.issue.related', 'Branch: related work items'],
  ['jira.lookup.issues', 'Lookup work items'],
  ['jira.issue.outgoing.email', 'Send email'],
  ['jira.issue.outgoing.webhook', 'Send web request'],
  ['jira.create.variable', 'Create variable'],
  ['codebarrel.action.log', 'Log action'],
]);

/** A component type in the words of Jira's rule editor: `Edit work item (jira.issue.edit)`. */
export function componentWords(type: string): string {
  const words = COMPONENT_WORDS.get(type);
  return words === undefined ? type : `${words} (${type})`;
}

const COMPONENT_KINDS: ReadonlyMap<string, AutomationComponentKind> = new Map([
  ['TRIGGER', 'trigger'],
  ['CONDITION', 'condition'],
  ['ACTION', 'action'],
  ['BRANCH', 'branch'],
  ['CONDITION_BLOCK', 'if block'],
]);

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** The kind an `{ type: ID|NAME, value }` names, from the key it sits under. */
function kindOfKey(key: string): Exclude<ObjectKind, 'automation-rule'> | undefined {
  const k = key.toLowerCase();
  if (k.includes('status')) return 'status';
  if (k.includes('issuetype') || k.includes('worktype')) return 'issue-type';
  if (k.includes('project')) return 'project';
  if (k.includes('field')) return 'field';
  if (k.includes('group')) return 'group';
  if (k.includes('role')) return 'project-role';
  if (k.includes('priority')) return 'priority';
  if (k.includes('resolution')) return 'resolution';
  return undefined;
}

/** The kind a field's value names, when a condition compares it or an operation sets it: `status` → statuses. */
function kindOfFieldValue(field: string): Exclude<ObjectKind, 'automation-rule'> | undefined {
  switch (field.toLowerCase().replace(/\s+/g, '')) {
    case 'status':
      return 'status';
    case 'issuetype':
    case 'worktype':
      return 'issue-type';
    case 'project':
      return 'project';
    case 'priority':
      return 'priority';
    case 'resolution':
      return 'resolution';
    default:
      return undefined;
  }
}

/** The role a reference plays, from the key it sits under and the component it is in. */
function roleOf(key: string, kind: ObjectKind, component: AutomationComponentKind, inOperations: boolean): string {
  if (inOperations && key === 'field') return component === 'action' ? 'field it sets' : 'field it names';
  if (inOperations) return `${kind.replace('-', ' ')} it sets`;
  switch (key) {
    case 'selectedField':
      return 'field it compares';
    case 'fields':
      return component === 'trigger' ? 'field whose change triggers it' : 'field it names';
    case 'destinationStatus':
      return 'status it moves the work item to';
    case 'fromStatus':
      return 'status the transition comes from';
    case 'toStatus':
      return 'status the transition goes to';
    case 'compareValue':
      return `${kind.replace('-', ' ')} it compares with`;
    default:
      return `${kind.replace('-', ' ')} in setting ${key}`;
  }
}

const GROUP_KEY = /^(group|groups|groupName|groupNames|groupId|groupIds)$/i;
const ROLE_KEY = /^(role|roles|roleId|roleIds|projectRole|projectRoles)$/i;

/** What a setting's text names by its key alone: a group or a role (the patterns run only on keys whose first letter fits). */
function settingKind(key: string): 'group' | 'project-role' | undefined {
  const first = key.charCodeAt(0) | 32;
  if (first === 103) return GROUP_KEY.test(key) ? 'group' : undefined; // g
  if (first === 114 || first === 112) return ROLE_KEY.test(key) ? 'project-role' : undefined; // r, p
  return undefined;
}

/** `key` ends with "jql" in any case (as `/jql$/i`: no character outside ASCII folds to these letters). */
function endsWithJql(key: string): boolean {
  const n = key.length;
  return n >= 3 && (key.charCodeAt(n - 3) | 32) === 106 && (key.charCodeAt(n - 2) | 32) === 113 && (key.charCodeAt(n - 1) | 32) === 108;
}
const SMART_VALUE = /\{\{([^{}]*)\}\}/g;
/**
 * The issue a smart value reads a field of: the rule's issue (`issue`, `triggerIssue`, `destinationIssue`,
 * `createdIssue`, their parents), or a list of issues (`lookupIssues` of the Lookup issues action, `issues` of a
 * bulk trigger), whose field a list function follows (`{{lookupIssues.Story Points.sum}}`, `{{lookupIssues.first.Team}}`).
 */
const ISSUE_PREFIX = /^\s*[#^/]?\s*(?:issue|triggerIssue|destinationIssue|createdIssue|(?:lookupIssues|issues)(?:\.(?:first|last))?)(?:\.parent)*(?:\.fields)?\.(.+)$/i;
const CUSTOM_FIELD = /\bcustomfield_\d+\b/g;

/**
 * Issue properties and system fields smart values name that are not entries of the field list, or are entries under
 * another id: never broken. Lower-case.
 * @see https://support.atlassian.com/cloud-automation/docs/jira-smart-values-issues/
 */
export const NON_FIELD_SMART_VALUES: ReadonlySet<string> = new Set([
  'key', 'id', 'url', 'tourl', 'self', 'fields', 'parent', 'epic', 'comments', 'comment', 'latest', 'latestcomment', 'properties',
  'entityproperties', 'watchers', 'watches', 'security', 'subtasks', 'links', 'issuelinks', 'changelog', 'attachment', 'attachments',
  'summary', 'description', 'status', 'project', 'issuetype', 'priority', 'resolution', 'assignee', 'reporter', 'creator', 'created',
  'updated', 'duedate', 'resolutiondate', 'labels', 'components', 'fixversions', 'versions', 'version', 'environment', 'timetracking',
  'timespent', 'timeestimate', 'timeoriginalestimate', 'originalestimate', 'remainingestimate', 'worklog', 'worklogs', 'votes',
  'lastviewed', 'statuscategory', 'statuscategorychangedate', 'issuerestriction', 'request type', 'approvals', 'sla',
  // Functions of a list of issues (`{{lookupIssues.size}}`).
  'size', 'isempty', 'distinct',
]);

/**
 * JQL with every smart value masked so that the JQL extractor reads the rest: a smart value that is a whole operand
 * (`project = {{issue.project.key}}`, `key = "{{issue.key}}"`) becomes a function call of the same length, which
 * names nothing; one inside longer text becomes a run of U+2063, which matches no name (references holding it are
 * dropped by {@link holdsMask}). Offsets are kept.
 */
export function maskSmartValues(jql: string): string {
  return jql.replace(/(["']?)\{\{[^{}]*\}\}\1/g, (m: string, quote: string, offset: number) => {
    const before = jql[offset - 1];
    const after = jql[offset + m.length];
    const standsAlone = (quote !== '' || ((before === undefined || /[\s=(,~<>!]/.test(before)) && (after === undefined || /[\s),]/.test(after)))) && m.length >= 4;
    return standsAlone ? `${'x'.repeat(m.length - 2)}()` : MASK.repeat(m.length);
  });
}

const MASK = '\u2063';

/** True when a name taken from masked JQL holds part of a smart value: it is no reference. */
export function holdsMask(text: string): boolean {
  return text.includes(MASK);
}

/** Every reference a rule's trigger and components hold, in rule order. Total: odd JSON gives fewer mentions, never an exception. */
export function automationMentions(rule: Pick<AutomationRule, 'trigger' | 'components'>): AutomationMention[] {
  // The walker kept between calls, unless a call holds it (it holds nothing of a rule once done).
  const walker = spareWalker ?? new MentionWalker();
  spareWalker = undefined;
  let out: AutomationMention[];
  try {
    out = walker.walk(rule);
  } finally {
    walker.release();
    spareWalker = walker;
  }
  // One component naming the same object twice (`selectedField` and `selectedFieldType`) is one reference.
  const seen = new Set<string>();
  return out.filter((m) => {
    if (m.type === 'jql') return true;
    const key =
      m.type === 'object'
        ? `${m.place.componentPath}|${m.kind}|${m.value.toLowerCase()}`
        : m.type === 'option'
          ? `${m.place.componentPath}|option|${m.field.value.toLowerCase()}|${m.value.toLowerCase()}`
          : `${m.place.componentPath}|field|${m.name.toLowerCase()}|${m.place.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The walker {@link automationMentions} keeps for its next call: one object whose hidden class the engine keeps. */
let spareWalker: MentionWalker | undefined;

/** What the walker does with a value it is still to read. */
const enum Step {
  /** A component (trigger, condition, action, branch) and what it holds. */
  Component,
  /** A setting's value under a key. */
  Data,
  /** A value under a key of an object whose field (`{ field, value }`) may say what the value names. */
  Member,
}

type FieldRef = { readonly by: 'id' | 'name'; readonly value: string };

/** Pending flags: under an edit's `operations`; (Member) the object holds `operations`. */
const IN_OPERATIONS = 1;
const HOLDS_OPERATIONS = 2;

/**
 * Reads one rule's JSON for the references it holds. The rule is walked with a list of values still to read, not by
 * recursion, so that components or settings nested thousands deep are read like any other (each value's members are
 * put on the list last first, so the mentions come in rule order). The list is columns of the walker (no object per
 * value), and a component is its number among the rule's components: nothing the walker makes outlives a rule but the
 * mentions, and the engine keeps its code from one rule, and one analysis, to the next.
 */
class MentionWalker {
  private out: AutomationMention[] = [];
  // The values still to read, one column each: what to do, the value, its path, the key it is under, its component,
  // flags, and (Member) the kind of object or the field its object's field names.
  private readonly steps: Step[] = [];
  private readonly values: JsonValue[] = [];
  private readonly paths: string[] = [];
  private readonly keys: string[] = [];
  private readonly ats: number[] = [];
  private readonly flags: number[] = [];
  private readonly valueKinds: (Exclude<ObjectKind, 'automation-rule'> | undefined)[] = [];
  private readonly optionFields: (FieldRef | undefined)[] = [];
  // The rule's components by number: kind, type and path, as every place inside one says.
  private readonly componentKinds: AutomationComponentKind[] = [];
  private readonly componentTypes: string[] = [];
  private readonly componentPaths: string[] = [];

  walk(rule: Pick<AutomationRule, 'trigger' | 'components'>): AutomationMention[] {
    for (let i = rule.components.length - 1; i >= 0; i--) this.push(Step.Component, rule.components[i] ?? null, `components[${i}]`, 'action', -1, 0, undefined, undefined);
    this.push(Step.Component, rule.trigger, 'trigger', 'trigger', -1, 0, undefined, undefined);
    const steps = this.steps;
    for (let top = steps.length - 1; top >= 0; top = steps.length - 1) {
      const step = steps[top] as Step;
      const value = this.values[top] ?? null;
      const path = this.paths[top] ?? '';
      const key = this.keys[top] ?? '';
      const at = this.ats[top] ?? -1;
      const flags = this.flags[top] ?? 0;
      const valueKind = this.valueKinds[top];
      const optionField = this.optionFields[top];
      this.pop();
      if (step === Step.Component) this.component(value, path, key as AutomationComponentKind);
      else if (step === Step.Data) this.data(value, path, key, at, (flags & IN_OPERATIONS) !== 0);
      else this.member(value, path, key, at, flags, valueKind, optionField);
    }
    return this.out;
  }

  /** Lets go of the rule read last: its mentions are the caller's. */
  release(): void {
    this.out = [];
    this.pop(this.steps.length);
    this.componentKinds.length = 0;
    this.componentTypes.length = 0;
    this.componentPaths.length = 0;
  }

  private push(step: Step, value: JsonValue, path: string, key: string, at: number, flags: number, valueKind: Exclude<ObjectKind, 'automation-rule'> | undefined, optionField: FieldRef | undefined): void {
    this.steps.push(step);
    this.values.push(value);
    this.paths.push(path);
    this.keys.push(key);
    this.ats.push(at);
    this.flags.push(flags);
    this.valueKinds.push(valueKind);
    this.optionFields.push(optionField);
  }

  private pop(count = 1): void {
    const length = this.steps.length - count;
    this.steps.length = length;
    this.values.length = length;
    this.paths.length = length;
    this.keys.length = length;
    this.ats.length = length;
    this.flags.length = length;
    this.valueKinds.length = length;
    this.optionFields.length = length;
  }

  /** The place of a reference at `path` inside component `at`. */
  private place(at: number, path: string): AutomationPlace {
    return { component: this.componentKinds[at] ?? 'action', componentType: this.componentTypes[at] ?? 'unknown', componentPath: this.componentPaths[at] ?? '', path };
  }

  private component(c: JsonValue, path: string, fallback: AutomationComponentKind): void {
    if (!isObject(c)) return;
    const kind = COMPONENT_KINDS.get(typeof c.component === 'string' ? c.component.toUpperCase() : '') ?? fallback;
    const type = typeof c.type === 'string' ? c.type : 'unknown';
    const at = this.componentKinds.length;
    this.componentKinds.push(kind);
    this.componentTypes.push(type);
    this.componentPaths.push(path);
    // Its steps, last first: children, conditions, then its value (a JQL condition's whole value is its JQL, read now).
    for (const key of ['children', 'conditions'] as const) {
      const list = c[key];
      if (!Array.isArray(list)) continue;
      const items = list as readonly JsonValue[];
      for (let i = items.length - 1; i >= 0; i--) this.push(Step.Component, items[i] ?? null, `${path}.${key}[${i}]`, key === 'conditions' ? 'condition' : 'action', -1, 0, undefined, undefined);
    }
    if (type === 'jira.jql.condition' && typeof c.value === 'string') this.addJql(c.value, this.place(at, `${path}.value`));
    else if (c.value !== undefined) this.push(Step.Data, c.value, `${path}.value`, 'value', at, 0, undefined, undefined);
  }

  private addJql(text: string, place: AutomationPlace): void {
    if (text.trim() === '') return;
    this.out.push({ type: 'jql', jql: maskSmartValues(text), original: text, place });
  }

  private text(s: string, place: AutomationPlace): void {
    const out = this.out;
    for (const m of s.matchAll(SMART_VALUE)) {
      const inner = ISSUE_PREFIX.exec(m[1] ?? '');
      const rest = inner?.[1];
      if (rest === undefined) continue;
      const name = (rest.split(/[.|]/, 1)[0] ?? '').trim();
      if (name === '') continue;
      out.push({ type: 'smart-value', name, text: m[0], start: m.index, end: m.index + m[0].length, place });
    }
    // Custom field ids in plain text (an edit's advanced JSON, a web request body) outside smart values.
    const plain = s.replace(SMART_VALUE, (m) => ' '.repeat(m.length));
    for (const m of plain.matchAll(CUSTOM_FIELD)) out.push({ type: 'object', kind: 'field', by: 'id', value: m[0], role: 'custom field id in text', place, certain: true });
    // The advanced field editing JSON names fields by id or by name: the keys of its `fields` and `update`.
    for (const [section, key] of advancedFieldKeys(s)) {
      if (!CUSTOM_FIELD_ONLY.test(key)) out.push({ type: 'object', kind: 'field', by: 'name', value: key, role: `field in the advanced JSON (${section})`, place, certain: false });
    }
  }

  private named(v: JsonValue | undefined, kind: Exclude<ObjectKind, 'automation-rule'>, key: string, place: AutomationPlace, inOperations: boolean): boolean {
    if (!isObject(v)) return false;
    const refType = typeof v.type === 'string' ? v.type.toUpperCase() : '';
    const value = scalarText(v.value);
    if ((refType !== 'ID' && refType !== 'NAME') || value === undefined || value === '' || value.includes('{{')) return false;
    const values = v.multiValue === true && value.startsWith('[') ? jsonStrings(value) : [value];
    for (const one of values) this.out.push({ type: 'object', kind, by: refType === 'ID' ? 'id' : 'name', value: one, role: roleOf(key, kind, place.component, inOperations), place, certain: true });
    return true;
  }

  /** `{ type: ID|NAME, value }` (a list packed in `value` with `multiValue`), or a list of them, as options of the field. */
  private optionValues(v: JsonValue | undefined, field: FieldRef, key: string, path: string, at: number): boolean {
    const items = Array.isArray(v) ? (v as readonly JsonValue[]) : [v ?? null];
    let found = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isObject(item)) continue;
      const refType = typeof item.type === 'string' ? item.type.toUpperCase() : '';
      const value = scalarText(item.value);
      if ((refType !== 'ID' && refType !== 'NAME') || value === undefined || value === '' || value.includes('{{')) continue;
      const values = item.multiValue === true && value.startsWith('[') ? jsonStrings(value) : [value];
      const role = key === 'compareValue' ? 'option it compares the field with' : 'option it sets';
      for (const one of values) this.out.push({ type: 'option', field, by: refType === 'ID' ? 'id' : 'name', value: one, role, place: this.place(at, Array.isArray(v) ? `${path}[${i}]` : path) });
      found = true;
    }
    return found;
  }

  /** A value under a key of an object whose field says what its `value` or `compareValue` names. */
  private member(value: JsonValue, path: string, k: string, at: number, flags: number, valueKind: Exclude<ObjectKind, 'automation-rule'> | undefined, optionField: FieldRef | undefined): void {
    const inOperations = (flags & IN_OPERATIONS) !== 0;
    if (valueKind !== undefined && (k === 'value' || k === 'compareValue') && this.named(value, valueKind, k, this.place(at, path), inOperations || k === 'value')) return;
    if (optionField !== undefined && (k === 'value' || k === 'compareValue') && this.optionValues(value, optionField, k, path, at)) return;
    this.data(value, path, k, at, inOperations || ((flags & HOLDS_OPERATIONS) !== 0 && k === 'operations'));
  }

  private data(v: JsonValue, path: string, key: string, at: number, inOperations: boolean): void {
    const out = this.out;
    if (typeof v === 'string') {
      if (endsWithJql(key)) this.addJql(v, this.place(at, path));
      // `fieldType` / `selectedFieldType` repeat the field (or its type key) beside `field` / `selectedField`.
      else if (key === 'fieldType' || key === 'selectedFieldType') return;
      else {
        // Only text holding a smart value, a custom field id or advanced field JSON names anything (most settings hold none).
        if (v.includes('{{') || v.includes('customfield_') || v.includes('"fields"') || v.includes('"update"')) this.text(v, this.place(at, path));
        const kind = settingKind(key);
        if (kind !== undefined && v.trim() !== '' && !v.includes('{{')) {
          out.push({ type: 'object', kind, by: 'name', value: v.trim(), role: `${kind.replace('-', ' ')} in setting ${key}`, place: this.place(at, path), certain: false });
        }
      }
      return;
    }
    if (Array.isArray(v)) {
      const items = v as readonly JsonValue[];
      for (let i = items.length - 1; i >= 0; i--) this.push(Step.Data, items[i] ?? null, `${path}[${i}]`, key, at, inOperations ? IN_OPERATIONS : 0, undefined, undefined);
      return;
    }
    if (!isObject(v)) return;
    const refType = typeof v.type === 'string' ? v.type.toUpperCase() : '';
    // `{ type: ID|NAME, value }` under a key that says the kind.
    const kind = kindOfKey(key);
    if (kind !== undefined && key !== 'value' && this.named(v, kind, key, this.place(at, path), inOperations)) return;
    if ((refType === 'GROUP' || refType === 'ROLE' || refType === 'PROJECT_ROLE') && scalarText(v.value) !== undefined && scalarText(v.value) !== '') {
      const target = refType === 'GROUP' ? 'group' : 'project-role';
      out.push({ type: 'object', kind: target, by: 'name', value: scalarText(v.value) ?? '', role: `${target.replace('-', ' ')} in setting ${key}`, place: this.place(at, path), certain: true });
      return;
    }
    // A lookup's query: `{ type: "JQL", query: { value } }`.
    if (refType === 'JQL' && isObject(v.query) && typeof v.query.value === 'string') this.addJql(v.query.value, this.place(at, `${path}.query.value`));
    // An operation (`{ field, type: SET, value }`) or a field condition (`{ selectedField, compareValue }`): the
    // value's kind follows the field's.
    const fieldRef = isObject(v.field) ? v.field : isObject(v.selectedField) ? v.selectedField : undefined;
    const fieldName = scalarText(fieldRef?.value);
    const valueKind = fieldName === undefined ? undefined : kindOfFieldValue(fieldName);
    const fieldBy = typeof fieldRef?.type === 'string' ? fieldRef.type.toUpperCase() : '';
    // Any other field given by id or name: its `{ type: ID|NAME, value }` values may be options of it.
    const optionField: FieldRef | undefined = valueKind === undefined && fieldName !== undefined && (fieldBy === 'ID' || fieldBy === 'NAME') ? { by: fieldBy === 'ID' ? 'id' : 'name', value: fieldName } : undefined;
    const flags = (inOperations ? IN_OPERATIONS : 0) | (Array.isArray(v.operations) ? HOLDS_OPERATIONS : 0);
    // The object's members in their order: the first is read next.
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      if (refType === 'JQL' && k === 'query') continue;
      this.push(Step.Member, v[k] ?? null, `${path}.${k}`, k, at, flags, valueKind, optionField);
    }
  }
}

/** A JSON list of strings packed in a string (`compareValue` with `multiValue`), or none. */
const CUSTOM_FIELD_ONLY = /^customfield_\d+$/i;

/**
 * The keys of the `fields` and `update` objects of advanced field editing JSON (`{"fields": {"Story Points": 8}}`),
 * which name fields by id or by name (Atlassian: "You can reference custom fields by name rather than ID"). Smart
 * values are taken out first (they may stand where JSON wants a value); text that is not such JSON names none.
 * @see https://support.atlassian.com/cloud-automation/docs/advanced-field-editing-using-json/
 */
export function advancedFieldKeys(text: string): [section: 'fields' | 'update', key: string][] {
  const t = text.trimStart();
  if (!t.startsWith('{')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(t.replace(SMART_VALUE, '0')) as unknown;
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  const out: [section: 'fields' | 'update', key: string][] = [];
  for (const section of ['fields', 'update'] as const) {
    const o = (parsed as Record<string, unknown>)[section];
    if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
    for (const key of Object.keys(o)) if (key.trim() !== '') out.push([section, key.trim()]);
  }
  return out;
}

function jsonStrings(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String) : [];
  } catch {
    return [];
  }
}

/** Project ids a rule's scope names (`ari:cloud:jira:<cloudId>:project/10001`), and whether it is global or by project type. */
export function scopeOfAris(aris: readonly string[]): AutomationRule['scope'] {
  const projectIds: string[] = [];
  const projectTypes: string[] = [];
  let global = false;
  for (const ari of aris) {
    const project = /^ari:cloud:jira:[^:]*:project\/(\d+)$/.exec(ari);
    if (project?.[1] !== undefined) {
      projectIds.push(project[1]);
      continue;
    }
    const type = /^ari:cloud:(jira-[a-z]+)::site\//.exec(ari);
    if (type?.[1] !== undefined) {
      projectTypes.push(type[1]);
      continue;
    }
    if (/^ari:cloud:jira::site\//.test(ari)) global = true;
  }
  return { global: global || (projectIds.length === 0 && projectTypes.length === 0), projectIds, projectTypes };
}

/** What rules can use, so what a gap in reading them could hide. */
export const AUTOMATION_HIDES: readonly ObjectKind[] = ['field', 'option', 'status', 'issue-type', 'project', 'group', 'project-role', 'priority', 'resolution', 'filter'];

/** The gap of a scan that cannot call the Automation API (Forge), until an admin gives the rules export. */
export const AUTOMATION_NOT_READ: CoverageGap = {
  kind: 'automation-rule',
  reason: 'not-exposed',
  detail:
    "Automation rules not read: Atlassian's Automation API does not accept Forge apps. Upload the rules export (Jira settings → System → Global automation → ⋯ → Export rules) on the Overview, or scan from the CLI with a site admin's API token; until then a field, status, group or filter used only by a rule shows without that use",
  hides: AUTOMATION_HIDES,
};

/**
 * The snapshot with the rules of an export taken out again (the admin removed the file): rules read from the API stay,
 * and the gap that says rules were not read comes back unless the API gave some.
 */
export function withoutExportedRules(snapshot: ConfigSnapshot, exportGaps: readonly CoverageGap[] = []): ConfigSnapshot {
  const api = snapshot.automationRules.filter((r) => r.source === 'api');
  const dropped = new Set(exportGaps.map((g) => g.detail));
  const coverage = snapshot.coverage.filter((g) => !dropped.has(g.detail));
  const unread = coverage.some((g) => g.kind === 'automation-rule' && g.objectId === undefined);
  return { ...snapshot, automationRules: api, coverage: api.length > 0 || unread ? coverage : [...coverage, AUTOMATION_NOT_READ] };
}

/**
 * The snapshot with rules an admin gave (a rules export) merged in: a rule of the export replaces the rule of the same
 * id, others are kept, and the gaps that said rules could not be read are dropped (the export is where they are now
 * read from). `gaps` are the export's own (rules of the file that did not fit).
 */
export function mergeAutomationRules(snapshot: ConfigSnapshot, rules: readonly AutomationRule[], gaps: readonly CoverageGap[] = []): ConfigSnapshot {
  const given = new Set(rules.map((r) => r.id));
  return {
    ...snapshot,
    automationRules: [...snapshot.automationRules.filter((r) => !given.has(r.id)), ...rules],
    coverage: [...snapshot.coverage.filter((g) => !(g.kind === 'automation-rule' && g.objectId === undefined)), ...gaps],
  };
}
