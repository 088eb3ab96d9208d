// The transcript a device signs to authenticate one HTTP request (the Open311 endpoint,
// docs/signals.md), so partner systems can pull cards without a bearer token that could
// leak: each request is signed by a registered device, bound to this server, the method,
// the exact request target, a time and a one-time nonce.
//
// Encoding (docs/crypto.md), with lp(x) = u32 BE len(x) || x, u64 big-endian:
//   lp("weerbaar/http-request/v1") || lp(method) || lp(target) || lp(server_id) ||
//   u64 time_ms || lp(nonce) || lp(device_id)
// signed with SignWithContext (the context is the first field).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::string_view kHttpRequestContext = "weerbaar/http-request/v1";

struct HttpRequestTranscript {
  std::string_view method;  // "GET"
  std::string_view target;  // the request target as sent: path and query
  ByteView server_id;
  uint64_t time_ms = 0;
  ByteView nonce;  // 16 random bytes, never reused
  ByteView device_id;
};

Bytes EncodeHttpRequestTranscript(const HttpRequestTranscript& t);
Bytes SignHttpRequest(const DeviceIdentity& device, const HttpRequestTranscript& t);
// Constant-time signature check (libsodium). False for any other field or malformed input.
bool VerifyHttpRequest(ByteView signing_public_key, const HttpRequestTranscript& t,
                       ByteView signature);

}  // namespace weerbaar::crypto
