/** Character tests the domain reads text with, by character code (no regular expression, no string made). */

/** True when `s` from `from` on is one or more ASCII digits (as `/^\d+$/` on that part). */
export function digitsFrom(s: string, from = 0): boolean {
  if (s.length <= from) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** What `\s` matches in a regular expression, and `trim` removes: ASCII blanks and Unicode spaces. */
export const isBlank = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
