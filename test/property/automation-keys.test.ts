import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { automationMentions } from '../../src/domain/automation';

/** Setting keys as rules spell them, in any case, and keys that only look like them. */
const key = fc
  .constantFrom('group', 'groups', 'groupName', 'groupIds', 'role', 'roleIds', 'projectRole', 'projectRoles', 'jql', 'customJql', 'jqlText', 'comment', 'grouping', 'prole', 'Pgroup', 'xjql', 'jq', 'ql', 'roleid', '')
  .chain((k) => fc.array(fc.boolean(), { minLength: k.length, maxLength: k.length }).map((upper) => Array.from({ length: k.length }, (_, i) => (upper[i] === true ? k.charAt(i).toUpperCase() : k.charAt(i))).join('')));

describe('settings of an Automation rule', () => {
  test.prop([key, fc.constantFrom('Admins', 'project = X', '10002')], { numRuns: 400 })(
    'a setting names a group, a role or JQL exactly when its key matches the documented key names, in any case',
    (k, value) => {
      const rule = { trigger: { component: 'TRIGGER', type: 'jira.manual.trigger', value: { [k]: value } }, components: [] };
      const found = automationMentions(rule);
      const group = /^(group|groups|groupName|groupNames|groupId|groupIds)$/i.test(k);
      const role = !group && /^(role|roles|roleId|roleIds|projectRole|projectRoles)$/i.test(k);
      const jql = /jql$/i.test(k);
      expect(found.some((m) => m.type === 'jql')).toBe(jql);
      expect(found.some((m) => m.type === 'object' && m.kind === 'group')).toBe(!jql && group);
      expect(found.some((m) => m.type === 'object' && m.kind === 'project-role')).toBe(!jql && role);
    },
  );
});

describe('the walker automationMentions keeps between calls', () => {
  /** Rule JSON of any shape: components with values, conditions and children nested a few deep, settings of every kind. */
  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('project = ABC', '{{issue.Story Points}}', 'customfield_10010', 'Admins', '10002', ''),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('field', 'value', 'type', 'group', 'roleIds', 'jql', 'operations', 'compareValue', 'selectedField', 'query'), tie('value'), { maxKeys: 4 }),
    ),
    component: fc.record({ component: fc.constantFrom('TRIGGER', 'CONDITION', 'ACTION', 'BRANCH'), type: fc.constantFrom('jira.issue.edit', 'jira.jql.condition', 'x'), value: tie('value'), children: fc.oneof({ depthSize: 'small' }, fc.constant([]), fc.array(tie('component'), { maxLength: 2 })) }),
  })).component;
  const rule = fc.tuple(json, fc.array(json, { maxLength: 3 })).map(([trigger, components]) => ({ trigger, components }) as Parameters<typeof automationMentions>[0]);

  test.prop([rule, rule], { numRuns: 200 })('carries nothing from one rule to the next: a rule reads the same alone, again, and after another', (first, second) => {
    const alone = JSON.stringify(automationMentions(second));
    automationMentions(first);
    expect(JSON.stringify(automationMentions(second))).toBe(alone);
    expect(JSON.stringify(automationMentions(second))).toBe(alone);
  });
});
