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

/** The value of the two ASCII digits at `i` and `i + 1` of `s`, or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? 10 * a + b : -1;
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (month 1-12), as Date.UTC counts them. */
function daysFromCivil(year: number, month: number, day: number): number {
  // H. Hinnant's days_from_civil: years start in March, so that the leap day is the last of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * `Date.parse` of an instant as Jira writes them (`2026-04-12T09:30:00.000Z`, `2023-02-01T10:41:19.930+0000`,
 * `…+01:00`), read from its characters: tens of thousands of filters' last runs are read in every analysis, and
 * `Date.parse` is the slow part of that. Any other text (another form, a day the month does not have, a fraction of
 * other than three digits) is `Date.parse`'s, so the answer is `Date.parse`'s for every text.
 */
export function parseInstant(s: string): number {
  const n = s.length;
  fast: if ((n === 24 || n === 28 || n === 29) && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(19) === 46) {
    const century = twoDigits(s, 0);
    const yy = twoDigits(s, 2);
    const month = twoDigits(s, 5);
    const day = twoDigits(s, 8);
    const hour = twoDigits(s, 11);
    const minute = twoDigits(s, 14);
    const second = twoDigits(s, 17);
    const ms1 = twoDigits(s, 20);
    const ms2 = s.charCodeAt(22) - 48;
    // Years before 1000 are left to Date.parse (Date.UTC reads 0-99 as 1900-1999).
    if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms1 < 0 || ms2 < 0 || ms2 > 9) break fast;
    let offset = 0;
    const zone = s.charCodeAt(23);
    if (n === 24) {
      if (zone !== 90) break fast;
    } else {
      const sign = zone === 43 ? 1 : zone === 45 ? -1 : 0;
      const colon = n === 29;
      if (sign === 0 || (colon && s.charCodeAt(26) !== 58)) break fast;
      const oh = twoDigits(s, 24);
      const om = twoDigits(s, colon ? 27 : 26);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) break fast;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    return daysFromCivil(100 * century + yy, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + 10 * ms1 + ms2 - offset;
  }
  return Date.parse(s);
}
