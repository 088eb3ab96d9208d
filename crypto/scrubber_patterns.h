// Internal to the scrubber (crypto/scrubber.cc and its tests): one matcher per pattern.
//
// Each matcher is called at a byte position `i` where no word continues from the left and
// returns the length in bytes of the match starting exactly at `i`, or 0. A match always
// ends where no word continues to the right. Matchers look at most a fixed number of bytes
// ahead (IBAN 34 characters plus spaces, e-mail 64 + 1 + 253, the others fewer), so a scan
// over n bytes costs O(n) per pattern.
#pragma once

#include <cstddef>
#include <string_view>

namespace weerbaar::crypto::scrub {

size_t MatchEmail(std::string_view s, size_t i);
size_t MatchIban(std::string_view s, size_t i);
size_t MatchPhone(std::string_view s, size_t i);
size_t MatchPostcodeFirst(std::string_view s, size_t i);
size_t MatchNumberFirst(std::string_view s, size_t i);
size_t MatchBsn(std::string_view s, size_t i);
size_t MatchLicencePlate(std::string_view s, size_t i);

// Checks used by the matchers and by the name matcher in scrubber.cc.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline char At(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

// True when no word character precedes byte i / follows from byte j.
bool WordStartsAt(std::string_view s, size_t i);
bool WordEndsAt(std::string_view s, size_t j);
// True when a decimal or thousands separator joins a digit before i / after j, as in
// "123.456" or "12,50" or "14:30": the digits there are part of a longer number or a time.
bool NumberPrecedes(std::string_view s, size_t i);
bool NumberContinues(std::string_view s, size_t j);

}  // namespace weerbaar::crypto::scrub
