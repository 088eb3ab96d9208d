// PII scrubber: replaces personal data in a report's free text before the details are
// sealed to a partner channel. Runs on the reporter's device; a pure function of its input.
//
// What it finds (patterns, examples and limits: docs/signals.md, "Scrubber"):
//   kPhone         Dutch phone numbers: 06-12345678, +31 6 1234 5678, 0031..., 020-1234567
//   kEmail         e-mail addresses
//   kLicencePlate  Dutch licence plates, sidecodes 1-14, with dashes (any case) or without
//                  dashes (upper case; 9999XX is left alone, it is a postcode's shape)
//   kAddress       postcode plus house number: 1234 AB 12, 1234AB 12a, "1234 ab, 12",
//                  and house number before the postcode: "12, 1234 AB"
//   kIban          IBANs of every registry country, with or without spaces, mod-97 checked
//   kBsn           nine-digit BSNs passing the elfproef: 123456782, 1234.56.782, 123 456 782
//   kName          the names in ScrubPolicy::names: caseless, accent-less, whole words,
//                  any run of white space between the words of a name
// Every pattern needs word boundaries on both sides, so "AB" alone, times (14:30), dates,
// amounts (€ 12,50), years and house numbers without a postcode are never replaced.
//
// Security: the scanner is hand-written, linear in the input (each pattern looks at most a
// bounded number of bytes ahead) and never recurses, so hostile input cannot blow the stack
// or the time budget. Input longer than kMaxScrubInputBytes is refused, not truncated.
// Invalid UTF-8 is accepted and copied through; valid UTF-8 in gives valid UTF-8 out.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace weerbaar::crypto {

inline constexpr size_t kMaxScrubInputBytes = 16 * 1024;
inline constexpr size_t kMaxScrubNames = 256;
inline constexpr size_t kMaxScrubNameBytes = 100;

enum class PiiKind { kPhone, kEmail, kLicencePlate, kAddress, kIban, kBsn, kName };
inline constexpr size_t kPiiKindCount = 7;

// The marker that replaces a match: "[telefoon]", "[e-mail]", "[kenteken]", "[adres]",
// "[iban]", "[bsn]", "[naam]".
std::string_view PiiMarker(PiiKind kind);

// Holds personal data (names of people): lives only in memory on the device and in the
// channel's sharing policy (retention class: partner share configuration).
struct ScrubPolicy {
  std::vector<std::string> names;  // UTF-8; empty or all-space entries are ignored
};

struct ScrubResult {
  std::string text;
  std::array<int, kPiiKindCount> counts{};
  int count(PiiKind kind) const { return counts[static_cast<size_t>(kind)]; }
  int total() const;
};

// Returns the scrubbed text and the number of replacements per kind.
// kInvalidArgument: text longer than kMaxScrubInputBytes, more than kMaxScrubNames names,
// or a name longer than kMaxScrubNameBytes.
Result<ScrubResult> Scrub(std::string_view text, const ScrubPolicy& policy);

}  // namespace weerbaar::crypto
