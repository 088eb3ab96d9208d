// Byte helpers: views, hex and base64url text forms, big-endian integers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weerbaar {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string ToString(ByteView b) { return std::string(AsChars(b)); }

std::string HexEncode(ByteView b);
std::optional<Bytes> HexDecode(std::string_view hex);

// RFC 4648 section 5, without padding.
std::string Base64UrlEncode(ByteView b);
std::optional<Bytes> Base64UrlDecode(std::string_view text);

// Big-endian fixed-width integers, so that keys sort numerically.
void PutBigEndian64(std::string& out, uint64_t v);
void PutBigEndian32(std::string& out, uint32_t v);
// REQUIRES: at least 8 (4) bytes at p.
uint64_t GetBigEndian64(const void* p);
uint32_t GetBigEndian32(const void* p);

// A short, non-reversible label for an identifier, for logs (never log raw ids).
std::string LogLabel(ByteView id);

}  // namespace weerbaar
