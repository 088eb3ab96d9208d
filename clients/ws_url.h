// Parsing of WebSocket server addresses ("ws://host:port/path").
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::client {

struct WsUrl {
  std::string host;  // without brackets for IPv6 literals
  std::string port;  // decimal, "80" when the URL has none
  std::string path;  // starts with '/', "/" when the URL has none
  // The Host header value, e.g. "127.0.0.1:8080" or "[::1]:8080".
  std::string HostHeader() const;
};

// Accepts ws://host[:port][/path]. kInvalidArgument for anything else; wss:// is
// recognised but refused ("not supported yet") until the client speaks TLS.
Result<WsUrl> ParseWsUrl(std::string_view url);

}  // namespace weerbaar::client
