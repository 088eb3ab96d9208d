// HTTP on the WebSocket port: /healthz, /metrics, and the WebSocket upgrade.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>

#include "server/log.h"
#include "server/policy.h"
#include "server/session.h"

namespace weerbaar::server {
namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kHeaderLimit = 8 * 1024;
constexpr size_t kBodyLimit = 4 * 1024;  // no route takes a body

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response MakeResponse(unsigned version, bool keep_alive, http::status status, std::string body,
                      const char* type = "text/plain; charset=utf-8") {
  Response res{status, version};
  res.set(http::field::server, "weerbaar");
  res.set(http::field::content_type, type);
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response Route(const Request& req, NetContext& ctx) {
  bool known = req.target() == "/healthz" || req.target() == "/metrics";
  if (!known)
    return MakeResponse(req.version(), req.keep_alive(), http::status::not_found, "not found\n");
  if (req.method() != http::verb::get) {
    Response res = MakeResponse(req.version(), req.keep_alive(), http::status::method_not_allowed,
                                "method not allowed\n");
    res.set(http::field::allow, "GET");
    return res;
  }
  if (req.target() == "/healthz")
    return MakeResponse(req.version(), req.keep_alive(), http::status::ok, "ok");
  storage::Store::Stats stats = ctx.store.stats();
  return MakeResponse(req.version(), req.keep_alive(), http::status::ok,
                      RenderPrometheus(ctx.metrics, {stats.commits, stats.operations}),
                      "text/plain; version=0.0.4; charset=utf-8");
}

// The answer to a request that could not be read, or none (timeout, closed, reset).
std::optional<Response> ReadFailure(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit)
    return MakeResponse(11, false, http::status::request_header_fields_too_large,
                        "headers too large\n");
  if (ec == http::error::body_limit)
    return MakeResponse(11, false, http::status::payload_too_large, "body too large\n");
  if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
      ec != http::error::end_of_stream)
    return MakeResponse(11, false, http::status::bad_request, "bad request\n");
  return std::nullopt;
}

// Keeps the socket in ctx.http_sockets while the connection is in its HTTP phase.
class HttpPhase {
 public:
  HttpPhase(NetContext& ctx, tcp::socket& socket) : ctx_(ctx), socket_(&socket) {
    ctx_.http_sockets.insert(socket_);
  }
  ~HttpPhase() { Leave(); }
  void Leave() {
    if (socket_ != nullptr) ctx_.http_sockets.erase(socket_);
    socket_ = nullptr;
  }

 private:
  NetContext& ctx_;
  tcp::socket* socket_;
};

std::optional<std::string_view> OriginOf(const Request& req) {
  auto it = req.find(http::field::origin);
  if (it == req.end()) return std::nullopt;
  return it->value();
}

}  // namespace

asio::awaitable<void> ServeHttp(tcp::socket socket, NetContext& ctx) {
  beast::tcp_stream stream(std::move(socket));
  HttpPhase phase(ctx, stream.socket());
  beast::flat_buffer buffer;
  const auto timeout = std::chrono::milliseconds(ctx.config.handshake_timeout_ms);
  while (!ctx.stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    stream.expires_after(timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kUseTuple);
    if (ec) {
      std::optional<Response> res = ReadFailure(ec);
      stream.expires_after(timeout);
      if (res) co_await http::async_write(stream, *res, kUseTuple);
      break;
    }
    Request req = parser.release();
    if (beast::websocket::is_upgrade(req)) {
      if (!OriginAllowed(OriginOf(req), ctx.config.allowed_origins, ctx.own_origin)) {
        Log().info("WebSocket upgrade refused: origin not allowed");
        auto res =
            MakeResponse(req.version(), false, http::status::forbidden, "origin not allowed\n");
        stream.expires_after(timeout);
        co_await http::async_write(stream, res, kUseTuple);
        break;
      }
      phase.Leave();
      stream.expires_never();  // the WebSocket stream keeps its own timeouts
      co_await RunWebSocket(std::move(stream), std::move(req), ctx);
      co_return;
    }
    Response res = Route(req, ctx);
    stream.expires_after(timeout);
    auto [wec, wn] = co_await http::async_write(stream, res, kUseTuple);
    if (wec || !res.keep_alive()) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace weerbaar::server
