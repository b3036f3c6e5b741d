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
