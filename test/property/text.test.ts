import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseInstant } from '../../src/domain/text';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Instants in the forms Jira writes (Z, +hhmm, +hh:mm), with every field anywhere in its range and beyond it. */
const jiraInstant = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    ms: fc.integer({ min: 0, max: 999 }),
    zone: fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.boolean()).map(([sign, h, m, colon]) => `${sign}${pad(h, 2)}${colon ? ':' : ''}${pad(m, 2)}`)),
  })
  .map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.ms, 3)}${t.zone}`);

/** A Jira instant with one character replaced, cut short or lengthened: texts near the fast form that are not in it. */
const nearInstant = fc.tuple(jiraInstant, fc.nat(), fc.string({ maxLength: 2 }), fc.integer({ min: 0, max: 2 })).map(([s, at, text, how]) => {
  const i = at % (s.length + 1);
  return how === 0 ? s.slice(0, i) + text + s.slice(i + 1) : how === 1 ? s.slice(0, i) : s.slice(0, i) + text + s.slice(i);
});

describe('parseInstant', () => {
  test.prop([fc.oneof(jiraInstant, nearInstant, fc.string({ maxLength: 30 }))], { numRuns: 3000 })('reads every text exactly as Date.parse does (NaN where it gives NaN)', (s) => {
    expect(Object.is(parseInstant(s), Date.parse(s))).toBe(true);
  });

  test.prop([jiraInstant.filter((s) => !Number.isNaN(Date.parse(s)))], { numRuns: 500 })('a valid instant in a form Jira writes is a number', (s) => {
    expect(Number.isFinite(parseInstant(s))).toBe(true);
  });
});
