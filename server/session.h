// Internal: the WebSocket session entry point, called by http.cc on an allowed upgrade.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/net.h"

namespace weerbaar::server {

namespace beast = boost::beast;
namespace http = beast::http;

// Completes the WebSocket handshake for `request`, then runs the session until the
// connection ends: reads go to the relay, writes come from a bounded queue.
asio::awaitable<void> RunWebSocket(beast::tcp_stream stream,
                                   http::request<http::string_body> request, NetContext& ctx);

}  // namespace weerbaar::server
