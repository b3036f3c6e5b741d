import type { IssueRecord } from '../../domain/model';
import { mulberry32 } from './prng';

/** The 20 fields synthetic issues carry (ids of the sample instance's catalogue). */
export const SYNTHETIC_ISSUE_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'status',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'components',
  'fixVersions',
  'duedate',
  'created',
  'updated',
  'parent',
  'timetracking',
  'customfield_10016',
  'customfield_10020',
  'customfield_10023',
  'customfield_10027',
  'customfield_10028',
] as const;

const USERS = ['5b10a2844c20165700ede21g', '60c1f2e3d4b5a6000000hr01', '70d2a3b4c5d6e7000000eng1', '70d2a3b4c5d6e7000000priv'];

/**
 * Issue number `index` of a large synthetic issue set, made on demand (nothing is held), the same for the same
 * index and seed: realistic values for {@link SYNTHETIC_ISSUE_FIELDS}, some with commas, quotes and newlines.
 */
export function syntheticIssue(index: number, seed = 1): IssueRecord {
  const rand = mulberry32(seed * 1_000_003 + index);
  const user = (): Record<string, unknown> => {
    const id = USERS[Math.floor(rand() * USERS.length)] ?? '';
    return id.endsWith('priv') ? { accountId: id, active: true } : { accountId: id, displayName: `User ${id.slice(-4)}`, active: true };
  };
  const day = String(1 + (index % 28)).padStart(2, '0');
  return {
    id: String(100000 + index),
    key: `ENG-${index + 1}`,
    fields: {
      summary: index % 10 === 0 ? `Fix "quoted", comma-separated\nthing #${index}` : `Issue number ${index}`,
      description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Details of ${index}, with a comma.` }] }] },
      issuetype: { id: '10001', name: 'Story' },
      status: { id: '3', name: 'In Progress' },
      priority: { id: '3', name: 'Medium' },
      assignee: rand() < 0.1 ? null : user(),
      reporter: user(),
      labels: ['backend', 'q4', 'customer-facing'].filter(() => rand() < 0.5),
      components: [{ id: '1', name: 'API' }],
      fixVersions: rand() < 0.5 ? [{ id: '1', name: '2.0' }] : [],
      duedate: `2026-12-${day}`,
      created: `2026-11-${day}T10:00:00.000+0100`,
      updated: `2026-11-${day}T12:30:00.000+0100`,
      parent: { id: '1', key: 'ENG-0', fields: { summary: 'Epic' } },
      timetracking: { originalEstimate: '1d', remainingEstimate: '4h', timeSpent: '2h' },
      customfield_10016: Math.floor(rand() * 13),
      customfield_10020: [{ id: 41, name: 'Sprint 41', state: 'active' }],
      customfield_10023: { id: '1', value: 'Sev 2' },
      customfield_10027: [user(), user()],
      customfield_10028: { value: 'EMEA', child: { value: 'Germany' } },
    },
  };
}
