// Phone numbers, BSNs and IBANs: a line by line port of crypto/scrubber_numbers.cc over
// UTF-8 bytes (see scrubber_patterns.ts for the matcher contract).
import { DASH, DOT, SPACE, at, isAlnum, isAlpha, isDigit, isLower, numberContinues, numberPrecedes, wordEndsAt, wordStartsAt, type Text } from './scrubber_patterns';

const code = (c: string) => c.charCodeAt(0);
const SLASH = code('/');
const ZERO = code('0');

function startsWithAscii(s: Text, i: number, prefix: string): boolean {
  for (let k = 0; k < prefix.length; k++) if (at(s, i + k) !== prefix.charCodeAt(k)) return false;
  return true;
}

// ---------- phone numbers ----------

const PHONE_DIGITS = 9; // after the trunk "0" or the country code 31

// A separator between digit groups: " ", "-", ".", "/", " - " or " / ".
function phoneSeparator(s: Text, j: number): number {
  const c = at(s, j);
  if (c === SPACE && (at(s, j + 1) === DASH || at(s, j + 1) === SLASH) && at(s, j + 2) === SPACE) return 3;
  return c === SPACE || c === DASH || c === DOT || c === SLASH ? 1 : 0;
}

type DigitGroups = { end: number; lengths: number[]; separators: number[] };
const NO_GROUPS: DigitGroups = { end: 0, lengths: [], separators: [] };

// Nine digits from j in groups joined by separators; an area code opened with "(" closes
// with ")" (optionally followed by a space). Groups after the first need two digits or more.
function readPhoneDigits(s: Text, j: number, parenOpen: boolean): DigitGroups {
  const g: DigitGroups = { end: 0, lengths: [], separators: [] };
  let digits = 0;
  let len = 0;
  while (digits < PHONE_DIGITS) {
    if (isDigit(at(s, j))) {
      digits++, len++, j++;
      continue;
    }
    let sep = phoneSeparator(s, j);
    if (parenOpen && at(s, j) === code(')')) sep = at(s, j + 1) === SPACE ? 2 : 1;
    if (len === 0 || sep === 0 || !isDigit(at(s, j + sep)) || (g.lengths.length > 0 && len < 2)) return NO_GROUPS;
    parenOpen = parenOpen && at(s, j) !== code(')');
    g.separators.push(sep === 3 ? at(s, j + 1) : at(s, j));
    g.lengths.push(len);
    len = 0;
    j += sep;
  }
  if (parenOpen || (g.lengths.length > 0 && len < 2)) return NO_GROUPS;
  g.lengths.push(len);
  g.end = j;
  return g;
}

// "06-12-2023 ..." reads as nine digits after the trunk 0, but it is a date.
function looksLikeDate(g: DigitGroups): boolean {
  return g.lengths.length >= 3 && g.lengths[0] === 1 && g.lengths[1] === 2 && g.lengths[2] >= 4 && g.separators[0] === g.separators[1] && g.separators[0] !== SPACE;
}

// The position after "+31" or "0031" plus an optional separator and "(0)", or 0.
function internationalPrefixEnd(s: Text, i: number): number {
  let j = startsWithAscii(s, i, '+31') ? i + 3 : startsWithAscii(s, i, '0031') ? i + 4 : 0;
  if (j === 0) return 0;
  if (phoneSeparator(s, j) === 1) j++;
  if (startsWithAscii(s, j, '(0)')) {
    j += 3;
    if (at(s, j) === SPACE) j++;
  } else if (at(s, j) === ZERO && isDigit(at(s, j + 1))) {
    j++; // "+31 06 ...": a redundant trunk zero, common in typed text
  }
  return j;
}

export function matchPhone(s: Text, i: number): number {
  if (numberPrecedes(s, i)) return 0;
  let j = internationalPrefixEnd(s, i);
  const international = j !== 0;
  let paren = false;
  if (!international) {
    paren = at(s, i) === code('(');
    j = paren ? i + 1 : i;
    if (at(s, j) !== ZERO) return 0;
    j++;
  }
  if (!isDigit(at(s, j)) || at(s, j) === ZERO) return 0;
  const g = readPhoneDigits(s, j, paren);
  if (g.end === 0 || (!international && looksLikeDate(g))) return 0;
  if (!wordEndsAt(s, g.end) || numberContinues(s, g.end)) return 0;
  return g.end - i;
}

// ---------- BSN ----------

function digitRun(s: Text, j: number): number {
  let k = j;
  while (k < s.length && k - j < 10 && isDigit(s[k])) k++;
  return k - j;
}

function passesElfproef(d: number[]): boolean {
  let sum = -d[8];
  let nonzero = d[8] !== 0;
  for (let k = 0; k < 8; k++) {
    sum += (9 - k) * d[k];
    nonzero = nonzero || d[k] !== 0;
  }
  return nonzero && sum % 11 === 0;
}

const CURRENCY_SIGNS = [new Uint8Array([0xe2, 0x82, 0xac]), new Uint8Array([code('$')]), new Uint8Array([0xc2, 0xa3])];

function endsWithBytes(s: Text, end: number, tail: Uint8Array): boolean {
  if (end < tail.length) return false;
  return tail.every((b, k) => s[end - tail.length + k] === b);
}

// "€ 123.456.789" is an amount, not a BSN.
function precededByCurrency(s: Text, i: number): boolean {
  let k = i;
  for (let n = 0; n < 3 && k > 0 && s[k - 1] === SPACE; n++) k--;
  if (CURRENCY_SIGNS.some((sign) => endsWithBytes(s, k, sign))) return true;
  for (const word of ['eur', 'euro']) {
    if (k < word.length || !wordStartsAt(s, k - word.length)) continue;
    let same = true;
    for (let c = 0; c < word.length; c++) same = same && (s[k - word.length + c] | 0x20) === word.charCodeAt(c);
    if (same) return true;
  }
  return false;
}

export function matchBsn(s: Text, i: number): number {
  if (!isDigit(at(s, i)) || numberPrecedes(s, i) || precededByCurrency(s, i)) return 0;
  // 123456782, or groups 3-3-3 / 4-2-3 joined by one kind of separator.
  const digits: number[] = [];
  let j = i;
  let run = digitRun(s, j);
  const sep = at(s, j + run);
  const grouped = run !== 9 && (sep === DOT || sep === SPACE || sep === DASH);
  const shape = run === 4 ? [4, 2, 3] : [3, 3, 3];
  for (let g = 0; g < (grouped ? 3 : 1); g++) {
    if (g > 0) {
      if (at(s, j) !== sep) return 0;
      j++;
    }
    run = digitRun(s, j);
    if (run !== (grouped ? shape[g] : 9)) return 0;
    for (let k = 0; k < run; k++) digits.push(s[j + k] - ZERO);
    j += run;
  }
  if (!passesElfproef(digits) || !wordEndsAt(s, j) || numberContinues(s, j)) return 0;
  return j - i;
}

// ---------- IBAN ----------

// The SWIFT IBAN registry (2024): country code and total length.
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};
const MAX_IBAN_LENGTH = 34;

const upperOf = (c: number) => (isLower(c) ? c - 0x20 : c);

// ISO 13616: move the first four characters to the end, read letters as 10..35; the number
// modulo 97 must be 1.
function passesMod97(iban: number[]): boolean {
  let r = 0;
  for (let k = 0; k < iban.length; k++) {
    const c = iban[(k + 4) % iban.length];
    r = isDigit(c) ? (r * 10 + (c - ZERO)) % 97 : (r * 100 + (c - code('A') + 10)) % 97;
  }
  return r === 1;
}

export function matchIban(s: Text, i: number): number {
  if (!isAlpha(at(s, i)) || !isAlpha(at(s, i + 1)) || !isDigit(at(s, i + 2)) || !isDigit(at(s, i + 3))) return 0;
  const length = IBAN_LENGTHS[String.fromCharCode(upperOf(s[i]), upperOf(s[i + 1]))] ?? 0;
  if (length === 0 || length > MAX_IBAN_LENGTH) return 0;
  const iban: number[] = [];
  let j = i;
  while (iban.length < length) {
    const c = at(s, j);
    if (isAlnum(c)) {
      iban.push(upperOf(c));
    } else if (c !== SPACE || iban.length < 4 || !isAlnum(at(s, j + 1))) {
      return 0;
    }
    j++;
  }
  return wordEndsAt(s, j) && passesMod97(iban) ? j - i : 0;
}
