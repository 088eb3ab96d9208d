// Phone numbers, BSNs and IBANs: the patterns that are mostly digits.
#include <array>
#include <string>

#include "crypto/scrubber_patterns.h"

namespace weerbaar::crypto::scrub {
namespace {

// ---------- phone numbers ----------

constexpr int kPhoneDigits = 9;  // after the trunk "0" or the country code 31

// A separator between digit groups: " ", "-", ".", "/", " - " or " / ".
size_t PhoneSeparator(std::string_view s, size_t j) {
  const char c = At(s, j);
  if (c == ' ' && (At(s, j + 1) == '-' || At(s, j + 1) == '/') && At(s, j + 2) == ' ') return 3;
  return (c == ' ' || c == '-' || c == '.' || c == '/') ? 1 : 0;
}

struct DigitGroups {
  size_t end = 0;  // 0: no match
  std::array<int, kPhoneDigits> lengths{};
  std::array<char, kPhoneDigits> separators{};
  int count = 0;
};

// Reads nine digits from j in groups joined by separators; an area code opened with "("
// closes with ")" (optionally followed by a space). Groups after the first need at least
// two digits, so a run of single digits ("0 1 2 3 ...") is not a number.
DigitGroups ReadPhoneDigits(std::string_view s, size_t j, bool paren_open) {
  DigitGroups g;
  int digits = 0, len = 0;
  while (digits < kPhoneDigits) {
    if (IsDigit(At(s, j))) {
      ++digits, ++len, ++j;
      continue;
    }
    size_t sep = PhoneSeparator(s, j);
    if (paren_open && At(s, j) == ')') sep = At(s, j + 1) == ' ' ? 2 : 1;
    if (len == 0 || sep == 0 || !IsDigit(At(s, j + sep)) || (g.count > 0 && len < 2)) return {};
    paren_open = paren_open && At(s, j) != ')';
    g.separators[g.count] = sep == 3 ? At(s, j + 1) : At(s, j);
    g.lengths[g.count++] = len;
    len = 0;
    j += sep;
  }
  if (paren_open || (g.count > 0 && len < 2)) return {};
  g.lengths[g.count++] = len;
  g.end = j;
  return g;
}

// "06-12-2023 ..." reads as nine digits after the trunk 0, but it is a date.
bool LooksLikeDate(const DigitGroups& g) {
  return g.count >= 3 && g.lengths[0] == 1 && g.lengths[1] == 2 && g.lengths[2] >= 4 &&
         g.separators[0] == g.separators[1] && g.separators[0] != ' ';
}

// The position after "+31" or "0031" plus an optional separator and "(0)", or 0.
size_t InternationalPrefixEnd(std::string_view s, size_t i) {
  size_t j = s.substr(i, 3) == "+31" ? i + 3 : s.substr(i, 4) == "0031" ? i + 4 : 0;
  if (j == 0) return 0;
  if (PhoneSeparator(s, j) == 1) ++j;
  if (s.substr(j, 3) == "(0)") {
    j += 3;
    if (At(s, j) == ' ') ++j;
  } else if (At(s, j) == '0' && IsDigit(At(s, j + 1))) {
    ++j;  // "+31 06 ...": a redundant trunk zero, common in typed text
  }
  return j;
}

// ---------- BSN ----------

size_t DigitRun(std::string_view s, size_t j) {
  size_t k = j;
  while (k < s.size() && k - j < 10 && IsDigit(s[k])) ++k;
  return k - j;
}

bool PassesElfproef(const std::array<int, 9>& d) {
  int sum = -d[8];
  bool nonzero = d[8] != 0;
  for (int k = 0; k < 8; ++k) {
    sum += (9 - k) * d[k];
    nonzero = nonzero || d[k] != 0;
  }
  return nonzero && sum % 11 == 0;
}

// "€ 123.456.789" is an amount, not a BSN.
bool PrecededByCurrency(std::string_view s, size_t i) {
  size_t k = i;
  for (int n = 0; n < 3 && k > 0 && s[k - 1] == ' '; ++n) --k;
  std::string_view before = s.substr(0, k);
  for (std::string_view sign : {"\xE2\x82\xAC", "$", "\xC2\xA3"}) {
    if (before.ends_with(sign)) return true;
  }
  for (std::string_view word : {"eur", "euro"}) {
    if (before.size() < word.size() || !WordStartsAt(s, k - word.size())) continue;
    std::string_view tail = before.substr(before.size() - word.size());
    bool same = true;
    for (size_t c = 0; c < word.size(); ++c) same = same && (tail[c] | 0x20) == word[c];
    if (same) return true;
  }
  return false;
}

// ---------- IBAN ----------

struct IbanCountry {
  char code[3];
  int length;
};

// The SWIFT IBAN registry (2024): country code and total length.
constexpr std::array<IbanCountry, 88> kIbanCountries = {{
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
    {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
}};
constexpr int kMaxIbanLength = 34;

char Upper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

int IbanLength(char a, char b) {
  for (const IbanCountry& c : kIbanCountries) {
    if (c.code[0] == a && c.code[1] == b) return c.length;
  }
  return 0;
}

// ISO 13616: move the first four characters to the end, read letters as 10..35; the
// number modulo 97 must be 1.
bool PassesMod97(std::string_view iban) {
  int r = 0;
  for (size_t k = 0; k < iban.size(); ++k) {
    const char c = iban[(k + 4) % iban.size()];
    r = IsDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
  }
  return r == 1;
}

}  // namespace

size_t MatchPhone(std::string_view s, size_t i) {
  if (NumberPrecedes(s, i)) return 0;
  size_t j = InternationalPrefixEnd(s, i);
  const bool international = j != 0;
  bool paren = false;
  if (!international) {
    paren = At(s, i) == '(';
    j = paren ? i + 1 : i;
    if (At(s, j) != '0') return 0;
    ++j;
  }
  if (!IsDigit(At(s, j)) || At(s, j) == '0') return 0;
  DigitGroups g = ReadPhoneDigits(s, j, paren);
  if (g.end == 0 || (!international && LooksLikeDate(g))) return 0;
  if (!WordEndsAt(s, g.end) || NumberContinues(s, g.end)) return 0;
  return g.end - i;
}

size_t MatchBsn(std::string_view s, size_t i) {
  if (!IsDigit(At(s, i)) || NumberPrecedes(s, i) || PrecededByCurrency(s, i)) return 0;
  // 123456782, or groups 3-3-3 / 4-2-3 joined by one kind of separator.
  std::string digits;
  size_t j = i;
  size_t run = DigitRun(s, j);
  const char sep = At(s, j + run);
  const bool grouped = run != 9 && (sep == '.' || sep == ' ' || sep == '-');
  const std::array<size_t, 3> shape =
      run == 4 ? std::array<size_t, 3>{4, 2, 3} : std::array<size_t, 3>{3, 3, 3};
  for (size_t g = 0; g < (grouped ? 3u : 1u); ++g) {
    if (g > 0) {
      if (At(s, j) != sep) return 0;
      ++j;
    }
    run = DigitRun(s, j);
    if (run != (grouped ? shape[g] : 9)) return 0;
    digits.append(s.substr(j, run));
    j += run;
  }
  std::array<int, 9> d{};
  for (size_t k = 0; k < 9; ++k) d[k] = digits[k] - '0';
  if (!PassesElfproef(d) || !WordEndsAt(s, j) || NumberContinues(s, j)) return 0;
  return j - i;
}

size_t MatchIban(std::string_view s, size_t i) {
  if (!IsAlpha(At(s, i)) || !IsAlpha(At(s, i + 1)) || !IsDigit(At(s, i + 2)) ||
      !IsDigit(At(s, i + 3))) {
    return 0;
  }
  const int length = IbanLength(Upper(s[i]), Upper(s[i + 1]));
  if (length == 0 || length > kMaxIbanLength) return 0;
  std::string iban;
  size_t j = i;
  while (static_cast<int>(iban.size()) < length) {
    const char c = At(s, j);
    if (IsAlnum(c)) {
      iban.push_back(Upper(c));
    } else if (c != ' ' || iban.size() < 4 || !IsAlnum(At(s, j + 1))) {
      return 0;
    }
    ++j;
  }
  return WordEndsAt(s, j) && PassesMod97(iban) ? j - i : 0;
}

}  // namespace weerbaar::crypto::scrub
