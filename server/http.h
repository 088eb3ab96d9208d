// Internal: the HTTP side of the port, independent of the transport (plain or TLS):
// routing of plain requests (/healthz, /metrics, /open311/, map tiles below /tiles/, static
// files) and the canned answers.
// Included by serve.h and http.cc only (Beast types).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string_view>

#include "server/net.h"

namespace weerbaar::server {

namespace beast = boost::beast;
namespace http = beast::http;

using HttpRequest = http::request<http::string_body>;

inline constexpr size_t kHttpHeaderLimit = 8 * 1024;
inline constexpr size_t kHttpBodyLimit = 4 * 1024;  // no route takes a body

// The answer to a request that is not a WebSocket upgrade.
http::message_generator Route(const HttpRequest& req, NetContext& ctx);

// The answer to a request that could not be read, or none (timeout, closed, reset).
std::optional<http::message_generator> ReadFailure(const boost::system::error_code& ec);

// 403 for an upgrade from an origin that is not allowed (the connection then closes).
http::message_generator OriginRefused(const HttpRequest& req);

// The Origin header, if the request has one.
std::optional<std::string_view> OriginOf(const HttpRequest& req);

}  // namespace weerbaar::server
