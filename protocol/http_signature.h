// Signed HTTP requests (the Open311 endpoint): the Authorization header's format, shared by
// the server (parse) and clients (format). The transcript that is signed is
// crypto/http_transcript.h; docs/signals.md ("Open311 over signed HTTP") has the format.
//
//   Authorization: Weerbaar-Signature device="<32 hex>", time="<ms>",
//                  nonce="<32 hex>", signature="<base64url of 64 bytes>"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/status.h"

namespace weerbaar::protocol {

inline constexpr std::string_view kHttpSignatureScheme = "Weerbaar-Signature";

struct HttpSignature {
  std::string device_id;  // 16 bytes
  uint64_t time_ms = 0;
  std::string nonce;      // 16 bytes
  std::string signature;  // 64 bytes
};

// Parses the header value. kInvalidArgument for another scheme, a missing, repeated or
// unknown parameter, or a value of the wrong shape. The messages name no value.
Result<HttpSignature> ParseHttpSignature(std::string_view authorization);

// The header value for `sig` (the inverse of ParseHttpSignature).
std::string FormatHttpSignature(const HttpSignature& sig);

}  // namespace weerbaar::protocol
