// Internal: one connection from its first HTTP request to the end of its WebSocket session,
// written once for both transports (Stream = beast::tcp_stream, or an ssl_stream over it)
// and instantiated in serve_plain.cc and serve_tls.cc. Each of those defines
// FinishHttp(Stream&, NetContext&) for its transport (found by argument-dependent lookup).
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>

#include "server/http.h"
#include "server/log.h"
#include "server/policy.h"
#include "server/session.h"

namespace weerbaar::server {

// Keeps a socket in ctx.http_sockets while its connection is in the HTTP phase, so that
// shutdown can cut it short.
class HttpPhase {
 public:
  HttpPhase(NetContext& ctx, tcp::socket& socket) : ctx_(ctx), socket_(&socket) {
    ctx_.http_sockets.insert(socket_);
  }
  ~HttpPhase() { Leave(); }
  HttpPhase(const HttpPhase&) = delete;
  HttpPhase& operator=(const HttpPhase&) = delete;
  void Leave() {
    if (socket_ != nullptr) ctx_.http_sockets.erase(socket_);
    socket_ = nullptr;
  }

 private:
  NetContext& ctx_;
  tcp::socket* socket_;
};

// Serves requests until the connection closes, or hands it to a WebSocket session on an
// allowed upgrade (403 for an origin that is not allowed).
template <class Stream>
asio::awaitable<void> ServeConnection(Stream stream, NetContext& ctx) {
  constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
  auto& tcp = beast::get_lowest_layer(stream);
  HttpPhase phase(ctx, tcp.socket());
  beast::flat_buffer buffer;
  const auto timeout = std::chrono::milliseconds(ctx.config.handshake_timeout_ms);
  while (!ctx.stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHttpHeaderLimit);
    parser.body_limit(kHttpBodyLimit);
    // One deadline for the whole request: a peer that trickles its headers a byte at a
    // time is cut off when it passes, however active it looks.
    tcp.expires_after(timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kUseTuple);
    if (ec) {
      std::optional<http::message_generator> res = ReadFailure(ec);
      tcp.expires_after(timeout);
      if (res) co_await beast::async_write(stream, std::move(*res), kUseTuple);
      break;
    }
    HttpRequest req = parser.release();
    if (beast::websocket::is_upgrade(req)) {
      if (!OriginAllowed(OriginOf(req), ctx.config.allowed_origins, ctx.own_origin)) {
        Log().info("WebSocket upgrade refused: origin not allowed");
        tcp.expires_after(timeout);
        co_await beast::async_write(stream, OriginRefused(req), kUseTuple);
        break;
      }
      phase.Leave();
      tcp.expires_never();  // the WebSocket stream keeps its own timeouts
      co_await RunWebSocket(std::move(stream), std::move(req), ctx);
      co_return;
    }
    http::message_generator res = Route(req, ctx);
    bool keep_alive = res.keep_alive();
    tcp.expires_after(timeout);
    auto [wec, wn] = co_await beast::async_write(stream, std::move(res), kUseTuple);
    if (wec || !keep_alive) break;
  }
  phase.Leave();
  co_await FinishHttp(stream, ctx);
}

}  // namespace weerbaar::server
