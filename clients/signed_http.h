// GET requests to the server's HTTP side signed by this device (the Open311 endpoint,
// docs/signals.md): the Authorization header is a fresh Weerbaar-Signature over the
// method, the exact target, the server id, the time and a random nonce.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "clients/ws_url.h"
#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::client {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;  // at most 16 MiB
};

// GET `target` (path and query, as it will be sent) on the server of `url` (its host and
// port; http, like the ws:// it came from), signed by `identity` for `server_id` at
// `now_ms`. kDeadlineExceeded past `timeout`; kUnavailable if the server cannot be reached;
// an answered request is OK whatever its status.
Result<HttpReply> SignedHttpGet(const WsUrl& url, std::string_view target,
                                const crypto::DeviceIdentity& identity, ByteView server_id,
                                int64_t now_ms, std::chrono::milliseconds timeout);

// The Authorization header value SignedHttpGet sends (exposed for tests and other tools).
std::string SignedAuthorization(std::string_view method, std::string_view target,
                                const crypto::DeviceIdentity& identity, ByteView server_id,
                                int64_t now_ms);

}  // namespace weerbaar::client
