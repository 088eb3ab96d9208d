#include "bench/loadgen/ws_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>

#include "clients/ws_url.h"

namespace weerbaar::bench {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
// Like the server, without permessage-deflate: compiled out, never offered.
using WebSocket = websocket::stream<beast::tcp_stream, /*deflateSupported=*/false>;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// The server's largest frame is a 1 MiB sync page plus headers.
constexpr size_t kMaxFrameBytes = 4 << 20;

Result<tcp::endpoint> LoopbackEndpoint(const Endpoint& to) {
  ErrorCode ec;
  asio::ip::address ip = asio::ip::make_address(to.host, ec);
  if (ec || !ip.is_loopback())
    return InvalidArgument("the benchmark only connects to loopback IP addresses");
  return tcp::endpoint(ip, to.port);
}

std::string HostHeader(const Endpoint& to) {
  bool v6 = to.host.find(':') != std::string::npos;
  return (v6 ? "[" + to.host + "]" : to.host) + ":" + std::to_string(to.port);
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url) {
  WB_ASSIGN_OR_RETURN(client::WsUrl parsed, client::ParseWsUrl(url));
  Endpoint out{parsed.host, 0, parsed.path};
  auto [end, ec] =
      std::from_chars(parsed.port.data(), parsed.port.data() + parsed.port.size(), out.port);
  if (ec != std::errc() || end != parsed.port.data() + parsed.port.size())
    return InvalidArgument("bad port");
  WB_RETURN_IF_ERROR(LoopbackEndpoint(out));
  return out;
}

struct WsClient::Impl {
  explicit Impl(asio::io_context& io) : ws(io) {}

  Status Failed(const ErrorCode& ec, std::string_view what) {
    open = false;
    if (ec == websocket::error::closed)
      return Unavailable(std::string(what) + ": closed by the server with " +
                         std::to_string(ws.reason().code));
    return Unavailable(std::string(what) + ": " + ec.message());
  }

  WebSocket ws;
  beast::flat_buffer buffer;
  bool open = false;
};

WsClient::WsClient(asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}
WsClient::~WsClient() = default;

asio::awaitable<Status> WsClient::Connect(const Endpoint& to, std::chrono::milliseconds timeout) {
  Result<tcp::endpoint> endpoint = LoopbackEndpoint(to);
  if (!endpoint.ok()) co_return endpoint.status();
  beast::tcp_stream& tcp = beast::get_lowest_layer(impl_->ws);
  tcp.expires_after(timeout);
  auto [ec] = co_await tcp.async_connect(*endpoint, kUseTuple);
  if (ec == beast::error::timeout) co_return Status(Code::kDeadlineExceeded, "connect timed out");
  if (ec) co_return impl_->Failed(ec, "connect");
  // From here Beast's websocket timeouts apply (the TCP stream's must be off): the
  // handshake timeout bounds both the opening and the closing handshake.
  tcp.expires_never();
  tcp.socket().set_option(tcp::no_delay(true), ec);
  impl_->ws.set_option(websocket::stream_base::timeout{timeout, websocket::stream_base::none(),
                                                       /*keep_alive_pings=*/false});
  impl_->ws.read_message_max(kMaxFrameBytes);
  impl_->ws.auto_fragment(false);
  impl_->ws.binary(true);
  std::tie(ec) = co_await impl_->ws.async_handshake(HostHeader(to), to.path, kUseTuple);
  if (ec == beast::error::timeout) co_return Status(Code::kDeadlineExceeded, "handshake timed out");
  if (ec) co_return impl_->Failed(ec, "handshake");
  impl_->open = true;
  co_return Status::Ok();
}

asio::awaitable<Result<std::string_view>> WsClient::Read() {
  impl_->buffer.consume(impl_->buffer.size());
  auto [ec, n] = co_await impl_->ws.async_read(impl_->buffer, kUseTuple);
  if (ec) co_return impl_->Failed(ec, "read");
  if (!impl_->ws.got_binary()) co_return DataLoss("the server sent a text frame");
  auto data = impl_->buffer.cdata();
  co_return std::string_view(static_cast<const char*>(data.data()), data.size());
}

asio::awaitable<Status> WsClient::Write(std::string_view frame) {
  auto [ec, n] =
      co_await impl_->ws.async_write(asio::buffer(frame.data(), frame.size()), kUseTuple);
  if (ec) co_return impl_->Failed(ec, "write");
  co_return Status::Ok();
}

asio::awaitable<void> WsClient::Close() {
  if (impl_->open) {
    impl_->open = false;
    co_await impl_->ws.async_close(websocket::close_code::normal, kUseTuple);
  }
  Abort();
}

void WsClient::Abort() {
  impl_->open = false;
  ErrorCode ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

bool WsClient::is_open() const { return impl_->open; }

}  // namespace weerbaar::bench
