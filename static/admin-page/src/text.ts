import type { Field } from '../../../src/domain/model';

/** Characters on one line of a box: names wrap, whole, over as many lines as they need. */
const LINE_CHARS = 30;

/** A label cut into lines at spaces (a word longer than a line is cut where it must be), nothing left out. */
export function wrapped(text: string, width = LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line !== '') lines.push(line);
      lines.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * The fields in the order the picker offers them for what was typed: an exact name (or id) first, so that Enter picks
 * "Team" and not "Team Name" above it; then names that start with it; then the rest, each group by name.
 */
export function fieldsFor(fields: readonly Field[], typed: string): Field[] {
  const t = typed.trim().toLowerCase();
  if (t === '') return [...fields];
  const rank = (f: Field): number => {
    const name = f.name.toLowerCase();
    if (name === t || f.id.toLowerCase() === t) return 0;
    return name.startsWith(t) ? 1 : 2;
  };
  return fields.map((f, i) => ({ f, i, r: rank(f) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.f);
}
