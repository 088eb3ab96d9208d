// Raw TCP for HTTP-level test cases: bytes out, bytes in, and whether the server closed.
// POSIX sockets on 127.0.0.1; every wait is bounded by poll(2) timeouts.
#pragma once

#include <string>
#include <string_view>

#include "tests/raw_ws.h"

namespace weerbaar::testing {

class RawTcp {
 public:
  RawTcp() = default;
  ~RawTcp();
  RawTcp(const RawTcp&) = delete;
  RawTcp& operator=(const RawTcp&) = delete;

  bool Connect(int port);
  // Writes every byte (false if the peer is gone).
  bool Send(std::string_view bytes);
  // Waits up to `timeout` for the peer to close; appends what arrived meanwhile to `got`.
  // True if the peer closed (EOF or reset).
  bool WaitClosed(Timeout timeout, std::string* got = nullptr);
  // Reads what arrives within `timeout` (stops early at EOF).
  std::string ReadFor(Timeout timeout);
  // Reads one response with a Content-Length body (keep-alive connections); "" if it did
  // not arrive whole within `timeout`.
  std::string ReadResponse(Timeout timeout = kWait);

 private:
  int fd_ = -1;
};

// One request on a fresh connection, answered until the server closes (send
// "Connection: close" or rely on an error answer) or `timeout` passes.
std::string HttpExchange(int port, std::string_view request, Timeout timeout = kWait);
// "GET <target> HTTP/1.1" with Host and Connection: close.
std::string HttpGet(int port, std::string_view target, Timeout timeout = kWait);

int HttpStatus(std::string_view response);  // 0 if there is no status line
// The value of a header (case-insensitive name), or "".
std::string HttpHeader(std::string_view response, std::string_view name);
std::string HttpBody(std::string_view response);
// GET /healthz answers 200 "ok".
bool Healthy(int port);

}  // namespace weerbaar::testing
