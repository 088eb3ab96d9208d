// Word boundaries, e-mail addresses, licence plates and postcode-plus-house-number.
// Phone numbers, BSNs and IBANs are in scrubber_numbers.cc.
#include "crypto/scrubber_patterns.h"

#include <array>
#include <string>

#include "crypto/utf8_text.h"

namespace weerbaar::crypto::scrub {
namespace {

bool IsNumberJoiner(char c) { return c == '.' || c == ',' || c == ':'; }

// ---------- e-mail ----------

constexpr size_t kMaxLocalPart = 64;
constexpr size_t kMaxDomain = 253;
constexpr size_t kMaxLabel = 63;

bool IsLocalChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// A hyphen belongs to a label only between two letters or digits, so a trailing "-" or
// "-." ends the domain instead of spoiling the match.
bool IsLabelChar(std::string_view s, size_t j) {
  return IsAlnum(At(s, j)) || (At(s, j) == '-' && IsAlnum(At(s, j + 1)));
}

// The end of a domain of at least two labels whose last label is two or more letters, or 0.
size_t DomainEnd(std::string_view s, size_t j) {
  const size_t start = j;
  size_t labels = 0, last = j;
  while (true) {
    last = j;
    while (j < s.size() && j - last <= kMaxLabel && IsLabelChar(s, j)) ++j;
    if (j == last || j - last > kMaxLabel || s[last] == '-' || j - start > kMaxDomain) return 0;
    ++labels;
    if (At(s, j) != '.' || !IsAlnum(At(s, j + 1))) break;
    ++j;
  }
  if (labels < 2 || j - last < 2) return 0;
  for (size_t k = last; k < j; ++k) {
    if (!IsAlpha(s[k])) return 0;
  }
  return j;
}

// ---------- licence plates ----------

// The fourteen Dutch sidecodes: L a letter, 9 a digit.
constexpr std::array<std::string_view, 14> kSidecodes = {
    "LL-99-99", "99-99-LL", "99-LL-99", "LL-99-LL", "LL-LL-99", "99-LL-LL", "99-LLL-9",
    "9-LLL-99", "LL-999-L", "L-999-LL", "LLL-99-L", "L-99-LLL", "9-LL-999", "999-LL-9"};
constexpr size_t kPostcodeShapedSidecode = 1;  // 99-99-LL without dashes reads as 1234AB

// True if `shape` is `sidecode` written without its dashes.
bool IsUndashed(std::string_view shape, std::string_view sidecode) {
  size_t i = 0;
  for (char c : sidecode) {
    if (c == '-') continue;
    if (i == shape.size() || shape[i] != c) return false;
    ++i;
  }
  return i == shape.size();
}

bool MatchesSidecode(std::string_view shape, bool dashed) {
  for (size_t k = 0; k < kSidecodes.size(); ++k) {
    if (dashed && shape == kSidecodes[k]) return true;
    if (dashed || k == kPostcodeShapedSidecode) continue;
    if (IsUndashed(shape, kSidecodes[k])) return true;
  }
  return false;
}

// ---------- postcode and house number ----------

// Lower-case two-letter words that follow numbers in ordinary sentences ("in 2023 op 12
// mei"). A postcode's letters written in lower case are accepted unless they are one of
// these; in upper case they always are.
constexpr std::array<std::string_view, 44> kTwoLetterWords = {
    "al", "am", "an", "as", "at", "be", "by", "ca", "da", "de", "do", "en", "er", "ex", "go",
    "he", "hi", "if", "ik", "in", "is", "it", "je", "ja", "me", "my", "na", "ne", "no", "nu",
    "of", "oh", "ok", "om", "on", "op", "or", "so", "te", "to", "up", "we", "ze", "zo"};

char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsCommonWord(char a, char b) {
  const char word[2] = {Lower(a), Lower(b)};
  for (std::string_view w : kTwoLetterWords) {
    if (w == std::string_view(word, 2)) return true;
  }
  return false;
}

bool LetterFollows(std::string_view s, size_t j) { return !WordEndsAt(s, j) && !IsDigit(At(s, j)); }

// "1234 AB" or "1234AB" starting at j (first digit 1-9); returns its end or 0.
size_t PostcodeEnd(std::string_view s, size_t j) {
  if (At(s, j) == '0' || NumberPrecedes(s, j)) return 0;
  for (size_t k = j; k < j + 4; ++k) {
    if (!IsDigit(At(s, k))) return 0;
  }
  size_t k = j + 4;
  if (At(s, k) == ' ') ++k;
  const char a = At(s, k), b = At(s, k + 1);
  if (!IsAlpha(a) || !IsAlpha(b) || LetterFollows(s, k + 2)) return 0;
  if (!(IsUpper(a) && IsUpper(b)) && IsCommonWord(a, b)) return 0;
  return k + 2;
}

// A house number: 1-5 digits not starting with 0, then optionally one letter ("12a") or a
// hyphen and 1-4 letters or digits ("12-3", "12-bis"). Returns its end or 0.
size_t HouseNumberEnd(std::string_view s, size_t j) {
  size_t k = j;
  while (k < s.size() && k - j <= 5 && IsDigit(s[k])) ++k;
  if (k == j || k - j > 5 || s[j] == '0') return 0;
  if (IsAlpha(At(s, k)) && WordEndsAt(s, k + 1)) return k + 1;
  if (At(s, k) != '-' || !IsAlnum(At(s, k + 1))) return k;
  size_t m = k + 1;
  while (m < s.size() && m - k <= 5 && IsAlnum(s[m])) ++m;
  return m - k - 1 <= 4 ? m : k;
}

// Up to three spaces, an optional comma, up to three spaces.
size_t SkipAddressSeparator(std::string_view s, size_t j) {
  for (size_t n = 0; n < 3 && At(s, j) == ' '; ++n) ++j;
  if (At(s, j) == ',') ++j;
  for (size_t n = 0; n < 3 && At(s, j) == ' '; ++n) ++j;
  return j;
}

}  // namespace

bool WordStartsAt(std::string_view s, size_t i) {
  if (i == 0) return true;
  CodePoint cp = DecodeUtf8Before(s, i);
  return !(cp.valid && IsWordCodePoint(cp.value));
}

bool WordEndsAt(std::string_view s, size_t j) {
  if (j >= s.size()) return true;
  CodePoint cp = DecodeUtf8At(s, j);
  return !(cp.valid && IsWordCodePoint(cp.value));
}

bool NumberPrecedes(std::string_view s, size_t i) {
  return i >= 2 && IsNumberJoiner(s[i - 1]) && IsDigit(s[i - 2]);
}

bool NumberContinues(std::string_view s, size_t j) {
  return IsNumberJoiner(At(s, j)) && IsDigit(At(s, j + 1));
}

size_t MatchEmail(std::string_view s, size_t i) {
  if (i > 0 && IsLocalChar(s[i - 1])) return 0;
  size_t j = i;
  while (j < s.size() && j - i <= kMaxLocalPart && IsLocalChar(s[j])) ++j;
  if (j == i || j - i > kMaxLocalPart || At(s, j) != '@') return 0;
  if (s[i] == '.' || s[j - 1] == '.') return 0;
  size_t end = DomainEnd(s, j + 1);
  if (end == 0 || !WordEndsAt(s, end)) return 0;
  return end - i;
}

size_t MatchLicencePlate(std::string_view s, size_t i) {
  // Not the tail of a longer dashed token such as "AB-12-CD-EF".
  if (i >= 2 && s[i - 1] == '-' && IsAlnum(s[i - 2])) return 0;
  std::string shape;
  bool dashed = false, lower = false;
  size_t j = i;
  for (; j < s.size() && j - i < 10; ++j) {
    const char c = s[j];
    if (c == '-' && IsAlnum(At(s, j + 1)) && j > i) {
      dashed = true;
    } else if (!IsAlnum(c)) {
      break;
    }
    lower = lower || IsLower(c);
    shape.push_back(IsDigit(c) ? '9' : IsAlpha(c) ? 'L' : '-');
  }
  if (!WordEndsAt(s, j) || (!dashed && lower)) return 0;
  return MatchesSidecode(shape, dashed) ? j - i : 0;
}

size_t MatchPostcodeFirst(std::string_view s, size_t i) {
  size_t k = PostcodeEnd(s, i);
  if (k == 0) return 0;
  size_t end = HouseNumberEnd(s, SkipAddressSeparator(s, k));
  if (end == 0 || !WordEndsAt(s, end) || NumberContinues(s, end)) return 0;
  return end - i;
}

size_t MatchNumberFirst(std::string_view s, size_t i) {
  if (NumberPrecedes(s, i)) return 0;
  size_t k = HouseNumberEnd(s, i);
  if (k == 0) return 0;
  size_t m = SkipAddressSeparator(s, k);
  if (m == k) return 0;
  size_t end = PostcodeEnd(s, m);
  if (end == 0 || !WordEndsAt(s, end)) return 0;
  return end - i;
}

}  // namespace weerbaar::crypto::scrub
