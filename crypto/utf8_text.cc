#include "crypto/utf8_text.h"

namespace weerbaar::crypto {
namespace {

// Base letters of U+00C0..U+00FF and U+0100..U+017F; '*' marks the few code points that
// fold to two letters or are not letters (handled in FoldSpecial).
constexpr std::string_view kLatin1Fold =
    "aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";
constexpr std::string_view kLatinExtAFold =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrss"
    "ssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1Fold.size() == 64 && kLatinExtAFold.size() == 128);

uint8_t Byte(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Expected length and the allowed range of the second byte for a lead byte, per the
// well-formed byte sequences table of Unicode (chapter 3): rules out overlongs,
// surrogates and code points above U+10FFFF.
struct LeadInfo {
  size_t length;
  uint8_t second_min, second_max;
  uint32_t bits;
};

LeadInfo Lead(uint8_t b) {
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF, b & 0x1Fu};
  if (b == 0xE0) return {3, 0xA0, 0xBF, 0};
  if (b == 0xED) return {3, 0x80, 0x9F, 0xD};
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF, b & 0x0Fu};
  if (b == 0xF0) return {4, 0x90, 0xBF, 0};
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF, b & 0x07u};
  if (b == 0xF4) return {4, 0x80, 0x8F, 4};
  return {0, 0, 0, 0};
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool FoldSpecial(uint32_t cp, std::string& out) {
  switch (cp) {
    case 0xC6:
    case 0xE6:
      out += "ae";
      return true;
    case 0xDE:
    case 0xFE:
      out += "th";
      return true;
    case 0xDF:
      out += "ss";
      return true;
    case 0x132:
    case 0x133:
      out += "ij";
      return true;
    case 0x152:
    case 0x153:
      out += "oe";
      return true;
    case 0x2018:
    case 0x2019:
    case 0x2BC:
      out += '\'';
      return true;
    default:
      return false;
  }
}

}  // namespace

CodePoint DecodeUtf8At(std::string_view s, size_t pos) {
  uint8_t b = Byte(s, pos);
  if (b < 0x80) return {b, 1, true};
  LeadInfo lead = Lead(b);
  CodePoint invalid{0xFFFD, 1, false};
  if (lead.length == 0 || pos + lead.length > s.size()) return invalid;
  uint8_t second = Byte(s, pos + 1);
  if (second < lead.second_min || second > lead.second_max) return invalid;
  uint32_t cp = lead.bits;
  for (size_t k = 1; k < lead.length; ++k) {
    uint8_t c = Byte(s, pos + k);
    if (!IsContinuation(c)) return invalid;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  return {cp, lead.length, true};
}

CodePoint DecodeUtf8Before(std::string_view s, size_t pos) {
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && IsContinuation(Byte(s, start))) --start;
  CodePoint cp = DecodeUtf8At(s, start);
  if (!cp.valid || start + cp.length != pos) return {0xFFFD, 1, false};
  return cp;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    CodePoint cp = DecodeUtf8At(s, i);
    if (!cp.valid) return false;
    i += cp.length;
  }
  return true;
}

bool IsCombiningMark(uint32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;
  return true;
}

bool IsSpaceCodePoint(uint32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

void AppendFolded(uint32_t cp, std::string& out) {
  if (cp >= 'A' && cp <= 'Z') {
    out.push_back(static_cast<char>(cp - 'A' + 'a'));
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (IsCombiningMark(cp) || FoldSpecial(cp, out)) {
    // Dropped (a decomposed accent), or already appended.
  } else if (cp >= 0xC0 && cp <= 0xFF && kLatin1Fold[cp - 0xC0] != '*') {
    out.push_back(kLatin1Fold[cp - 0xC0]);
  } else if (cp >= 0x100 && cp <= 0x17F && kLatinExtAFold[cp - 0x100] != '*') {
    out.push_back(kLatinExtAFold[cp - 0x100]);
  } else {
    AppendUtf8(cp, out);
  }
}

std::string FoldText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    CodePoint cp = DecodeUtf8At(text, i);
    AppendFolded(cp.value, out);
    i += cp.length;
  }
  return out;
}

}  // namespace weerbaar::crypto
