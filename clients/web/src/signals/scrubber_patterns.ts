// Word boundaries, e-mail addresses, licence plates and postcode-plus-house-number: a line
// by line port of crypto/scrubber_patterns.cc over UTF-8 bytes, so that the TypeScript
// scrubber gives the C++ output byte for byte. Each matcher is called at a byte position i
// where no word continues from the left and returns the length of the match starting at i,
// or 0; each looks a bounded distance ahead, so a scan is linear.
import { decodeUtf8At, decodeUtf8Before, isWordCodePoint } from './fold';

export type Text = Uint8Array;

const code = (c: string) => c.charCodeAt(0);
export const DOT = code('.');
export const COMMA = code(',');
export const COLON = code(':');
export const SPACE = code(' ');
export const DASH = code('-');
const AT_SIGN = code('@');

export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
export const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
export const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
export const isAlpha = (c: number) => isUpper(c) || isLower(c);
export const isAlnum = (c: number) => isDigit(c) || isAlpha(c);
// The byte at i, or 0 past the end (the C++ At()).
export const at = (s: Text, i: number) => (i < s.length ? s[i] : 0);

const isNumberJoiner = (c: number) => c === DOT || c === COMMA || c === COLON;

// True when no word character precedes byte i / follows from byte j.
export function wordStartsAt(s: Text, i: number): boolean {
  if (i === 0) return true;
  const cp = decodeUtf8Before(s, i);
  return !(cp.valid && isWordCodePoint(cp.value));
}

export function wordEndsAt(s: Text, j: number): boolean {
  if (j >= s.length) return true;
  const cp = decodeUtf8At(s, j);
  return !(cp.valid && isWordCodePoint(cp.value));
}

// A separator joins a digit before i / after j, as in "123.456", "12,50" or "14:30".
export function numberPrecedes(s: Text, i: number): boolean {
  return i >= 2 && isNumberJoiner(s[i - 1]) && isDigit(s[i - 2]);
}

export function numberContinues(s: Text, j: number): boolean {
  return isNumberJoiner(at(s, j)) && isDigit(at(s, j + 1));
}

// ---------- e-mail ----------

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
const LOCAL_SPECIALS = new Set([DOT, code('_'), code('%'), code('+'), DASH]);

const isLocalChar = (c: number) => isAlnum(c) || LOCAL_SPECIALS.has(c);

// A hyphen belongs to a label only between two letters or digits.
const isLabelChar = (s: Text, j: number) => isAlnum(at(s, j)) || (at(s, j) === DASH && isAlnum(at(s, j + 1)));

// The end of a domain of at least two labels whose last label is two or more letters, or 0.
function domainEnd(s: Text, j: number): number {
  const start = j;
  let labels = 0;
  let last = j;
  for (;;) {
    last = j;
    while (j < s.length && j - last <= MAX_LABEL && isLabelChar(s, j)) j++;
    if (j === last || j - last > MAX_LABEL || s[last] === DASH || j - start > MAX_DOMAIN) return 0;
    labels++;
    if (at(s, j) !== DOT || !isAlnum(at(s, j + 1))) break;
    j++;
  }
  if (labels < 2 || j - last < 2) return 0;
  for (let k = last; k < j; k++) if (!isAlpha(s[k])) return 0;
  return j;
}

export function matchEmail(s: Text, i: number): number {
  if (i > 0 && isLocalChar(s[i - 1])) return 0;
  let j = i;
  while (j < s.length && j - i <= MAX_LOCAL_PART && isLocalChar(s[j])) j++;
  if (j === i || j - i > MAX_LOCAL_PART || at(s, j) !== AT_SIGN) return 0;
  if (s[i] === DOT || s[j - 1] === DOT) return 0;
  const end = domainEnd(s, j + 1);
  if (end === 0 || !wordEndsAt(s, end)) return 0;
  return end - i;
}

// ---------- licence plates ----------

// The fourteen Dutch sidecodes: L a letter, 9 a digit. Without dashes, the second
// (99-99-LL, read as a postcode 1234AB) is left alone.
const SIDECODES = ['LL-99-99', '99-99-LL', '99-LL-99', 'LL-99-LL', 'LL-LL-99', '99-LL-LL', '99-LLL-9', '9-LLL-99', 'LL-999-L', 'L-999-LL', 'LLL-99-L', 'L-99-LLL', '9-LL-999', '999-LL-9'];
const POSTCODE_SHAPED_SIDECODE = 1;

function matchesSidecode(shape: string, dashed: boolean): boolean {
  return SIDECODES.some((sidecode, k) => {
    if (dashed) return shape === sidecode;
    return k !== POSTCODE_SHAPED_SIDECODE && shape === sidecode.replace(/-/g, '');
  });
}

export function matchLicencePlate(s: Text, i: number): number {
  // Not the tail of a longer dashed token such as "AB-12-CD-EF".
  if (i >= 2 && s[i - 1] === DASH && isAlnum(s[i - 2])) return 0;
  let shape = '';
  let dashed = false;
  let lower = false;
  let j = i;
  for (; j < s.length && j - i < 10; j++) {
    const c = s[j];
    if (c === DASH && isAlnum(at(s, j + 1)) && j > i) {
      dashed = true;
    } else if (!isAlnum(c)) {
      break;
    }
    lower = lower || isLower(c);
    shape += isDigit(c) ? '9' : isAlpha(c) ? 'L' : '-';
  }
  if (!wordEndsAt(s, j) || (!dashed && lower)) return 0;
  return matchesSidecode(shape, dashed) ? j - i : 0;
}

// ---------- postcode and house number ----------

// Lower-case two-letter words that follow numbers in ordinary sentences ("in 2023 op 12
// mei"): lower-case postcode letters are accepted unless they are one of these.
const TWO_LETTER_WORDS = new Set(
  'al am an as at be by ca da de do en er ex go he hi if ik in is it je ja me my na ne no nu of oh ok om on op or so te to up we ze zo'.split(' '),
);

const lowerOf = (c: number) => (isUpper(c) ? c + 0x20 : c);
const isCommonWord = (a: number, b: number) => TWO_LETTER_WORDS.has(String.fromCharCode(lowerOf(a), lowerOf(b)));
const letterFollows = (s: Text, j: number) => !wordEndsAt(s, j) && !isDigit(at(s, j));

// "1234 AB" or "1234AB" starting at j (first digit 1-9); returns its end or 0.
function postcodeEnd(s: Text, j: number): number {
  if (at(s, j) === code('0') || numberPrecedes(s, j)) return 0;
  for (let k = j; k < j + 4; k++) if (!isDigit(at(s, k))) return 0;
  let k = j + 4;
  if (at(s, k) === SPACE) k++;
  const a = at(s, k);
  const b = at(s, k + 1);
  if (!isAlpha(a) || !isAlpha(b) || letterFollows(s, k + 2)) return 0;
  if (!(isUpper(a) && isUpper(b)) && isCommonWord(a, b)) return 0;
  return k + 2;
}

// 1-5 digits not starting with 0, then optionally one letter ("12a") or a hyphen and 1-4
// letters or digits ("12-3", "12-bis"). Returns its end or 0.
function houseNumberEnd(s: Text, j: number): number {
  let k = j;
  while (k < s.length && k - j <= 5 && isDigit(s[k])) k++;
  if (k === j || k - j > 5 || s[j] === code('0')) return 0;
  if (isAlpha(at(s, k)) && wordEndsAt(s, k + 1)) return k + 1;
  if (at(s, k) !== DASH || !isAlnum(at(s, k + 1))) return k;
  let m = k + 1;
  while (m < s.length && m - k <= 5 && isAlnum(s[m])) m++;
  return m - k - 1 <= 4 ? m : k;
}

// Up to three spaces, an optional comma, up to three spaces.
function skipAddressSeparator(s: Text, j: number): number {
  for (let n = 0; n < 3 && at(s, j) === SPACE; n++) j++;
  if (at(s, j) === COMMA) j++;
  for (let n = 0; n < 3 && at(s, j) === SPACE; n++) j++;
  return j;
}

export function matchPostcodeFirst(s: Text, i: number): number {
  const k = postcodeEnd(s, i);
  if (k === 0) return 0;
  const end = houseNumberEnd(s, skipAddressSeparator(s, k));
  if (end === 0 || !wordEndsAt(s, end) || numberContinues(s, end)) return 0;
  return end - i;
}

export function matchNumberFirst(s: Text, i: number): number {
  if (numberPrecedes(s, i)) return 0;
  const k = houseNumberEnd(s, i);
  if (k === 0) return 0;
  const m = skipAddressSeparator(s, k);
  if (m === k) return 0;
  const end = postcodeEnd(s, m);
  if (end === 0 || !wordEndsAt(s, end)) return 0;
  return end - i;
}
