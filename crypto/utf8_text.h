// UTF-8 text helpers shared by the PII scrubber (crypto/scrubber.h) and the category
// classifier (signals/classifier.h): a decoder that never fails, word-character classes and
// a caseless, accent-less fold. Pure functions, no locale, no allocation beyond the output.
//
// The fold is part of a contract with the web client (docs/signals.md, "Text folding"): the
// TypeScript port must produce the same bytes, so change it only together with that port.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weerbaar::crypto {

struct CodePoint {
  uint32_t value = 0;  // U+FFFD when !valid
  size_t length = 1;   // bytes consumed; always >= 1 when pos < size
  bool valid = false;
};

// Decodes the code point starting at byte `pos` (REQUIRES: pos < s.size()). An invalid,
// overlong, truncated or surrogate sequence decodes as one invalid byte, so a scan always
// advances and never reads past the end.
CodePoint DecodeUtf8At(std::string_view s, size_t pos);

// The code point that ends just before byte `pos` (pos > 0); invalid if the bytes before
// pos do not end in one well-formed sequence.
CodePoint DecodeUtf8Before(std::string_view s, size_t pos);

bool IsValidUtf8(std::string_view s);

// Letters and digits: ASCII alphanumerics, combining marks (U+0300-U+036F) and every other
// non-ASCII code point except punctuation, symbols and spaces in the ranges U+0080-U+00BF,
// U+00D7, U+00F7, U+2000-U+2BFF, U+3000-U+303F, U+FE00-U+FE0F, U+FFF0-U+FFFF and
// U+1F000-U+1FAFF (emoji). Invalid bytes are not word characters.
bool IsWordCodePoint(uint32_t cp);

// ASCII whitespace, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool IsSpaceCodePoint(uint32_t cp);

// True for the combining diacritical marks U+0300-U+036F (decomposed accents).
bool IsCombiningMark(uint32_t cp);

// Appends the fold of one code point: ASCII letters lowercased; Latin-1 and Latin
// Extended-A letters mapped to their lowercase base letter(s) (é -> e, Ö -> o, ß -> ss,
// æ -> ae, œ -> oe, ĳ -> ij, þ -> th, ł -> l, ø -> o); U+2018, U+2019 and U+02BC -> '\'';
// combining marks dropped; every other code point appended unchanged as UTF-8.
void AppendFolded(uint32_t cp, std::string& out);

// Folds a whole text; invalid bytes become U+FFFD.
std::string FoldText(std::string_view text);

}  // namespace weerbaar::crypto
