#include "clients/signed_http.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "crypto/http_transcript.h"
#include "crypto/primitives.h"
#include "protocol/http_signature.h"

namespace weerbaar::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kMaxBodyBytes = 16 << 20;

// One request on one connection, driven by `ioc.run()`; every step is bounded by the
// stream's deadline (and the resolver by the same deadline through a timer).
struct Exchange {
  asio::io_context ioc;
  tcp::resolver resolver{ioc};
  beast::tcp_stream stream{ioc};
  asio::steady_timer resolve_deadline{ioc};
  beast::flat_buffer buffer;
  http::request<http::empty_body> req;
  http::response_parser<http::string_body> parser;
  Status status = Status::Ok();

  void Fail(const beast::error_code& ec, const char* what) {
    if (!status.ok()) return;
    status = ec == beast::error::timeout || ec == asio::error::operation_aborted
                 ? Status(Code::kDeadlineExceeded, std::string(what) + ": timed out")
                 : Unavailable(std::string(what) + ": " + ec.message());
  }
};

}  // namespace

std::string SignedAuthorization(std::string_view method, std::string_view target,
                                const crypto::DeviceIdentity& identity, ByteView server_id,
                                int64_t now_ms) {
  protocol::HttpSignature sig{ToString(identity.device_id()), static_cast<uint64_t>(now_ms),
                              ToString(crypto::RandomBytes(16)), ""};
  crypto::HttpRequestTranscript t{
      method, target, server_id, sig.time_ms, AsBytes(sig.nonce), AsBytes(sig.device_id)};
  sig.signature = ToString(crypto::SignHttpRequest(identity, t));
  return protocol::FormatHttpSignature(sig);
}

Result<HttpReply> SignedHttpGet(const WsUrl& url, std::string_view target,
                                const crypto::DeviceIdentity& identity, ByteView server_id,
                                int64_t now_ms, std::chrono::milliseconds timeout) {
  Exchange x;
  x.req = {http::verb::get, std::string(target), 11};
  x.req.set(http::field::host, url.HostHeader());
  x.req.set(http::field::authorization,
            SignedAuthorization("GET", target, identity, server_id, now_ms));
  x.req.set(http::field::connection, "close");
  x.parser.body_limit(kMaxBodyBytes);
  x.stream.expires_after(timeout);
  x.resolve_deadline.expires_after(timeout);
  x.resolve_deadline.async_wait([&x](beast::error_code ec) {
    if (!ec) x.resolver.cancel();
  });
  x.resolver.async_resolve(url.host, url.port, [&x](beast::error_code ec, auto endpoints) {
    x.resolve_deadline.cancel();
    if (ec) return x.Fail(ec, "resolve");
    x.stream.async_connect(endpoints, [&x](beast::error_code ec, const auto&) {
      if (ec) return x.Fail(ec, "connect");
      http::async_write(x.stream, x.req, [&x](beast::error_code ec, size_t) {
        if (ec) return x.Fail(ec, "write");
        http::async_read(x.stream, x.buffer, x.parser, [&x](beast::error_code ec, size_t) {
          if (ec) x.Fail(ec, "read");
        });
      });
    });
  });
  x.ioc.run();
  WB_RETURN_IF_ERROR(x.status);
  auto& res = x.parser.get();
  HttpReply reply{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
                  std::move(res.body())};
  return reply;
}

}  // namespace weerbaar::client
