#include "crypto/scrubber.h"

#include <algorithm>

#include "crypto/scrubber_patterns.h"
#include "crypto/utf8_text.h"

namespace weerbaar::crypto {
namespace {

struct Matcher {
  PiiKind kind;
  size_t (*match)(std::string_view, size_t);
};

// Tried in this order at every position where no word continues from the left; the first
// match wins. E-mail comes first because addresses contain digits and names; IBAN before
// the number patterns because its tail is digits; the postcode before the licence plate.
constexpr Matcher kMatchers[] = {
    {PiiKind::kEmail, scrub::MatchEmail},
    {PiiKind::kIban, scrub::MatchIban},
    {PiiKind::kPhone, scrub::MatchPhone},
    {PiiKind::kAddress, scrub::MatchPostcodeFirst},
    {PiiKind::kAddress, scrub::MatchNumberFirst},
    {PiiKind::kBsn, scrub::MatchBsn},
    {PiiKind::kLicencePlate, scrub::MatchLicencePlate},
};

// Folds a name and collapses every run of white space to one ASCII space, trimmed.
std::string NormalizeName(std::string_view name) {
  std::string folded = FoldText(name), out;
  for (size_t i = 0; i < folded.size();) {
    CodePoint cp = DecodeUtf8At(folded, i);
    if (IsSpaceCodePoint(cp.value)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.append(folded, i, cp.length);
    }
    i += cp.length;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Matches policy names: caseless and accent-less through the fold, whole words only.
class NameMatcher {
 public:
  static Result<NameMatcher> Create(const std::vector<std::string>& names);
  // Length in bytes of the longest name starting at i, or 0.
  size_t Match(std::string_view s, size_t i) const;

 private:
  size_t MatchOne(std::string_view s, size_t i, std::string_view name) const;
  std::vector<std::string> names_;  // normalized, longest first
};

Result<NameMatcher> NameMatcher::Create(const std::vector<std::string>& names) {
  if (names.size() > kMaxScrubNames) return InvalidArgument("scrubber: too many names");
  NameMatcher m;
  for (const std::string& name : names) {
    if (name.size() > kMaxScrubNameBytes) return InvalidArgument("scrubber: name too long");
    std::string normalized = NormalizeName(name);
    if (!normalized.empty()) m.names_.push_back(std::move(normalized));
  }
  // Longest first, so "Jan de Vries" wins over "Jan".
  std::stable_sort(m.names_.begin(), m.names_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return m;
}

size_t NameMatcher::Match(std::string_view s, size_t i) const {
  for (const std::string& name : names_) {
    if (size_t n = MatchOne(s, i, name)) return n;
  }
  return 0;
}

size_t NameMatcher::MatchOne(std::string_view s, size_t i, std::string_view name) const {
  size_t j = i, k = 0;
  std::string folded;
  while (k < name.size()) {
    if (j >= s.size()) return 0;
    CodePoint cp = DecodeUtf8At(s, j);
    if (name[k] == ' ') {
      if (!IsSpaceCodePoint(cp.value)) return 0;
      while (j < s.size() && IsSpaceCodePoint(DecodeUtf8At(s, j).value)) {
        j += DecodeUtf8At(s, j).length;
      }
      ++k;
      continue;
    }
    if (!cp.valid || IsSpaceCodePoint(cp.value)) return 0;
    folded.clear();
    AppendFolded(cp.value, folded);
    if (name.substr(k, folded.size()) != folded) return 0;
    k += folded.size();
    j += cp.length;
  }
  // Accents written as separate combining marks belong to the last letter.
  while (j < s.size() && IsCombiningMark(DecodeUtf8At(s, j).value)) {
    j += DecodeUtf8At(s, j).length;
  }
  return scrub::WordEndsAt(s, j) ? j - i : 0;
}

struct Match {
  PiiKind kind = PiiKind::kName;
  size_t length = 0;
};

Match MatchAt(std::string_view s, size_t i, const NameMatcher& names) {
  for (const Matcher& m : kMatchers) {
    if (size_t n = m.match(s, i)) return {m.kind, n};
  }
  return {PiiKind::kName, names.Match(s, i)};
}

// Copies a whole word (so no pattern starts inside it), or one non-word code point.
size_t CopyWordOrCodePoint(std::string_view s, size_t i, std::string& out) {
  size_t j = i;
  do {
    CodePoint cp = DecodeUtf8At(s, j);
    j += cp.length;
    if (!cp.valid || !IsWordCodePoint(cp.value)) break;
  } while (j < s.size() && !scrub::WordEndsAt(s, j));
  out.append(s.substr(i, j - i));
  return j;
}

}  // namespace

std::string_view PiiMarker(PiiKind kind) {
  switch (kind) {
    case PiiKind::kPhone:
      return "[telefoon]";
    case PiiKind::kEmail:
      return "[e-mail]";
    case PiiKind::kLicencePlate:
      return "[kenteken]";
    case PiiKind::kAddress:
      return "[adres]";
    case PiiKind::kIban:
      return "[iban]";
    case PiiKind::kBsn:
      return "[bsn]";
    case PiiKind::kName:
      return "[naam]";
  }
  return "[pii]";
}

int ScrubResult::total() const {
  int sum = 0;
  for (int c : counts) sum += c;
  return sum;
}

Result<ScrubResult> Scrub(std::string_view text, const ScrubPolicy& policy) {
  if (text.size() > kMaxScrubInputBytes) return InvalidArgument("scrubber: text too long");
  WB_ASSIGN_OR_RETURN(NameMatcher names, NameMatcher::Create(policy.names));
  ScrubResult result;
  result.text.reserve(text.size() + text.size() / 4);
  // Invariant: no word continues into position i from the left.
  for (size_t i = 0; i < text.size();) {
    Match m = MatchAt(text, i, names);
    if (m.length == 0) {
      i = CopyWordOrCodePoint(text, i, result.text);
      continue;
    }
    result.text.append(PiiMarker(m.kind));
    ++result.counts[static_cast<size_t>(m.kind)];
    i += m.length;
  }
  return result;
}

}  // namespace weerbaar::crypto
