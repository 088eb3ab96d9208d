// PII scrubber, a faithful port of crypto/scrubber.h: replaces phone numbers, e-mail
// addresses, licence plates, addresses, IBANs, BSNs and the channel's names in a report's
// text with markers before the details are sealed (docs/signals.md, "Scrubber"). It works on
// the UTF-8 bytes of the text, like the C++ code, so both give the same output byte for
// byte (checked against C++ vectors). Hand-written scanner, no regular expressions: each
// pattern looks a bounded distance ahead, so a scan is linear in the input.
//
// The text and the names are personal data: kept in memory only, never logged.
import { concat } from '../crypto/bytes';
import { decodeUtf8At, foldText, isCombiningMark, isSpaceCodePoint, isWordCodePoint, foldCodePoint } from './fold';
import { matchEmail, matchLicencePlate, matchNumberFirst, matchPostcodeFirst, wordEndsAt, type Text } from './scrubber_patterns';
import { matchBsn, matchIban, matchPhone } from './scrubber_numbers';

export const MAX_SCRUB_INPUT_BYTES = 16 * 1024;
export const MAX_SCRUB_NAMES = 256;
export const MAX_SCRUB_NAME_BYTES = 100;

export type PiiKind = 'phone' | 'email' | 'licence_plate' | 'address' | 'iban' | 'bsn' | 'name';
export const PII_KINDS: readonly PiiKind[] = ['phone', 'email', 'licence_plate', 'address', 'iban', 'bsn', 'name'];
export const PII_MARKERS: Record<PiiKind, string> = {
  phone: '[telefoon]',
  email: '[e-mail]',
  licence_plate: '[kenteken]',
  address: '[adres]',
  iban: '[iban]',
  bsn: '[bsn]',
  name: '[naam]',
};

export type ScrubResult = { text: string; counts: Record<PiiKind, number> };

// Thrown for input the C++ Scrub refuses (kInvalidArgument): never truncated silently.
export class ScrubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScrubError';
  }
}

type Matcher = [PiiKind, (s: Text, i: number) => number];

// Tried in this order; the first match wins (the order of crypto/scrubber.cc).
const MATCHERS: Matcher[] = [
  ['email', matchEmail],
  ['iban', matchIban],
  ['phone', matchPhone],
  ['address', matchPostcodeFirst],
  ['address', matchNumberFirst],
  ['bsn', matchBsn],
  ['licence_plate', matchLicencePlate],
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Folds a name and collapses every run of white space to one space, trimmed.
function normalizeName(name: string): Uint8Array {
  let out = '';
  for (const ch of foldText(name)) {
    if (isSpaceCodePoint(ch.codePointAt(0) as number)) {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else {
      out += ch;
    }
  }
  return encoder.encode(out.endsWith(' ') ? out.slice(0, -1) : out);
}

// Policy names, normalized, longest (in bytes) first, so "Jan de Vries" wins over "Jan".
function prepareNames(names: string[]): Uint8Array[] {
  if (names.length > MAX_SCRUB_NAMES) throw new ScrubError('scrubber: too many names');
  const out: Uint8Array[] = [];
  for (const name of names) {
    if (encoder.encode(name).length > MAX_SCRUB_NAME_BYTES) throw new ScrubError('scrubber: name too long');
    const normalized = normalizeName(name);
    if (normalized.length > 0) out.push(normalized);
  }
  return out.sort((a, b) => b.length - a.length); // stable: equal lengths keep policy order
}

const SPACE = 0x20;

function skipSpaces(s: Text, j: number): number {
  while (j < s.length && isSpaceCodePoint(decodeUtf8At(s, j).value)) j += decodeUtf8At(s, j).length;
  return j;
}

// Length of `name` (folded) written at i: caseless, accent-less, any run of white space
// between its words, whole words only; or 0.
function matchName(s: Text, i: number, name: Uint8Array): number {
  let j = i;
  let k = 0;
  while (k < name.length) {
    if (j >= s.length) return 0;
    const cp = decodeUtf8At(s, j);
    if (name[k] === SPACE) {
      if (!isSpaceCodePoint(cp.value)) return 0;
      j = skipSpaces(s, j);
      k++;
      continue;
    }
    if (!cp.valid || isSpaceCodePoint(cp.value)) return 0;
    const folded = encoder.encode(foldCodePoint(cp.value));
    if (k + folded.length > name.length || folded.some((b, n) => name[k + n] !== b)) return 0;
    k += folded.length;
    j += cp.length;
  }
  // Accents written as separate combining marks belong to the last letter.
  while (j < s.length && isCombiningMark(decodeUtf8At(s, j).value)) j += decodeUtf8At(s, j).length;
  return wordEndsAt(s, j) ? j - i : 0;
}

function matchAt(s: Text, i: number, names: Uint8Array[]): [PiiKind, number] {
  for (const [kind, match] of MATCHERS) {
    const n = match(s, i);
    if (n) return [kind, n];
  }
  for (const name of names) {
    const n = matchName(s, i, name);
    if (n) return ['name', n];
  }
  return ['name', 0];
}

// The end of a whole word at i (so no pattern starts inside it), or of one non-word code
// point.
function wordOrCodePointEnd(s: Text, i: number): number {
  let j = i;
  do {
    const cp = decodeUtf8At(s, j);
    j += cp.length;
    if (!cp.valid || !isWordCodePoint(cp.value)) break;
  } while (j < s.length && !wordEndsAt(s, j));
  return j;
}

function zeroCounts(): Record<PiiKind, number> {
  return { phone: 0, email: 0, licence_plate: 0, address: 0, iban: 0, bsn: 0, name: 0 };
}

// The scrubbed text and the number of replacements per kind. Throws ScrubError when the
// text is over MAX_SCRUB_INPUT_BYTES of UTF-8, or for more than MAX_SCRUB_NAMES names or a
// name over MAX_SCRUB_NAME_BYTES (the limits of the C++ Scrub).
export function scrub(text: string, names: string[]): ScrubResult {
  const s = encoder.encode(text);
  if (s.length > MAX_SCRUB_INPUT_BYTES) throw new ScrubError('scrubber: text too long');
  const prepared = prepareNames(names);
  const counts = zeroCounts();
  const out: Uint8Array[] = [];
  // Invariant: no word continues into position i from the left.
  for (let i = 0; i < s.length; ) {
    const [kind, length] = matchAt(s, i, prepared);
    if (length === 0) {
      const j = wordOrCodePointEnd(s, i);
      out.push(s.subarray(i, j));
      i = j;
      continue;
    }
    out.push(encoder.encode(PII_MARKERS[kind]));
    counts[kind]++;
    i += length;
  }
  return { text: decoder.decode(concat(...out)), counts };
}
