import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fieldsFor, wrapped } from '../../static/admin-page/src/text';
import { aField } from '../builders';

const word = fc.string({ minLength: 1, maxLength: 45 }).filter((w) => !w.includes(' '));
const text = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));

describe('the impact graph wraps names whole', () => {
  test.prop([text, fc.integer({ min: 5, max: 40 })])('no line is longer than the width, and the lines hold every character of the name in order', (t, width) => {
    const lines = wrapped(t, width);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    expect(lines.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
    // Where no word is longer than a line, the lines are the name cut at spaces.
    if (t.split(' ').every((w) => w.length <= width)) expect(lines.join(' ')).toBe(t);
  });
});

describe('the export field picker offers the exact name first', () => {
  const names = fc.uniqueArray(fc.constantFrom('Priority', 'Old Priority', 'Team', 'Team Name', 'Agile Team', 'Story Points', 'Points', 'Customer', 'Customer Email'), { minLength: 1 });
  // What is typed: any text, or one of the names in another case.
  const listAndTyped = names.chain((list) => fc.tuple(fc.constant(list), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...list).map((n) => ` ${n.toUpperCase()}`))));
  test.prop([listAndTyped])('the order is a permutation of the fields, an exact name (any case) first and names starting with the text before the rest', ([list, typed]) => {
    const fields = list.map((name, i) => aField({ n: 100 + i, name }));
    const ordered = fieldsFor(fields, typed);
    expect([...ordered].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...fields].sort((a, b) => a.id.localeCompare(b.id)));
    const t = typed.trim().toLowerCase();
    if (t === '') return;
    const rank = (name: string): number => (name.toLowerCase() === t ? 0 : name.toLowerCase().startsWith(t) ? 1 : 2);
    const ranks = ordered.map((f) => rank(f.name));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
