// UTF-8 text helpers shared by the scrubber and the classifier, ported from
// crypto/utf8_text.h: a decoder over UTF-8 bytes that never fails, the word and white-space
// classes, and the caseless, accent-less fold of docs/signals.md ("Text folding"). The fold
// is a contract with the C++ code: both must give the same bytes for the same text.

// Base letters of U+00C0..U+00FF and U+0100..U+017F; '*' marks the specials (foldSpecial).
const LATIN1_FOLD = 'aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y';
const LATIN_EXT_A_FOLD =
  'aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrss' +
  'ssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs';
const SPECIALS: Record<number, string> = {
  0xc6: 'ae',
  0xe6: 'ae',
  0xde: 'th',
  0xfe: 'th',
  0xdf: 'ss',
  0x132: 'ij',
  0x133: 'ij',
  0x152: 'oe',
  0x153: 'oe',
  0x2018: "'",
  0x2019: "'",
  0x2bc: "'",
};
export const REPLACEMENT = 0xfffd;

export function isCombiningMark(cp: number): boolean {
  return cp >= 0x300 && cp <= 0x36f;
}

// Letters and digits (IsWordCodePoint): ASCII alphanumerics, combining marks and every
// other code point from U+00C0 up except × ÷ and the punctuation, symbol and emoji blocks.
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  if (cp <= 0xbf || cp === 0xd7 || cp === 0xf7) return false;
  if (cp >= 0x2000 && cp <= 0x2bff) return false;
  if (cp >= 0x3000 && cp <= 0x303f) return false;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return false;
  if (cp >= 0xfff0 && cp <= 0xffff) return false;
  return !(cp >= 0x1f000 && cp <= 0x1faff);
}

// ASCII white space, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
export function isSpaceCodePoint(cp: number): boolean {
  if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)) return true;
  if (cp === 0xa0 || cp === 0x1680 || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000) return true;
  return cp >= 0x2000 && cp <= 0x200a;
}

// The fold of one code point (AppendFolded) as a string.
export function foldCodePoint(cp: number): string {
  if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 0x20);
  if (cp < 0x80) return String.fromCharCode(cp);
  if (isCombiningMark(cp)) return '';
  const special = SPECIALS[cp];
  if (special !== undefined) return special;
  if (cp >= 0xc0 && cp <= 0xff && LATIN1_FOLD[cp - 0xc0] !== '*') return LATIN1_FOLD[cp - 0xc0];
  if (cp >= 0x100 && cp <= 0x17f && LATIN_EXT_A_FOLD[cp - 0x100] !== '*') return LATIN_EXT_A_FOLD[cp - 0x100];
  return String.fromCodePoint(cp);
}

// The code points of a JS string as the C++ code sees its UTF-8: a lone surrogate (which
// TextEncoder sends as U+FFFD) is U+FFFD.
export function* codePoints(text: string): Generator<number> {
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    yield cp >= 0xd800 && cp <= 0xdfff ? REPLACEMENT : cp;
  }
}

// FoldText: the fold of every code point.
export function foldText(text: string): string {
  let out = '';
  for (const cp of codePoints(text)) out += foldCodePoint(cp);
  return out;
}

// ---------- UTF-8 bytes (for the scrubber, which works on bytes like its C++ original) ----------

export type CodePoint = { value: number; length: number; valid: boolean };
const INVALID: CodePoint = { value: REPLACEMENT, length: 1, valid: false };

// Expected length, the allowed range of the second byte and the lead bits of a lead byte
// (Unicode's well-formed byte sequences: no overlongs, surrogates or values past U+10FFFF).
function lead(b: number): [number, number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf, b & 0x1f];
  if (b === 0xe0) return [3, 0xa0, 0xbf, 0];
  if (b === 0xed) return [3, 0x80, 0x9f, 0xd];
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf, b & 0x0f];
  if (b === 0xf0) return [4, 0x90, 0xbf, 0];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf, b & 0x07];
  if (b === 0xf4) return [4, 0x80, 0x8f, 4];
  return [0, 0, 0, 0];
}

// DecodeUtf8At (REQUIRES pos < s.length): an invalid sequence decodes as one invalid byte.
export function decodeUtf8At(s: Uint8Array, pos: number): CodePoint {
  const b = s[pos];
  if (b < 0x80) return { value: b, length: 1, valid: true };
  const [length, secondMin, secondMax, bits] = lead(b);
  if (length === 0 || pos + length > s.length) return INVALID;
  if (s[pos + 1] < secondMin || s[pos + 1] > secondMax) return INVALID;
  let cp = bits;
  for (let k = 1; k < length; k++) {
    const c = s[pos + k];
    if ((c & 0xc0) !== 0x80) return INVALID;
    cp = (cp << 6) | (c & 0x3f);
  }
  return { value: cp, length, valid: true };
}

// DecodeUtf8Before (pos > 0): the code point ending just before pos, or invalid.
export function decodeUtf8Before(s: Uint8Array, pos: number): CodePoint {
  let start = pos - 1;
  while (start > 0 && pos - start < 4 && (s[start] & 0xc0) === 0x80) start--;
  const cp = decodeUtf8At(s, start);
  return cp.valid && start + cp.length === pos ? cp : INVALID;
}
