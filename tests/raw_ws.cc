#include "tests/raw_ws.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <functional>

#include "protocol/codec.h"

namespace weerbaar::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using Done = std::function<void(ErrorCode)>;
using SteadyClock = std::chrono::steady_clock;

// The transport-specific part, behind one interface so that the waiting logic is shared.
class Link {
 public:
  virtual ~Link() = default;
  virtual void Open(const tcp::endpoint& to, const RawWsOptions& options, Done done) = 0;
  virtual void Write(bool text, std::string_view data, Done done) = 0;
  virtual void Ping(Done done) = 0;
  virtual void Read(beast::flat_buffer& buffer, Done done) = 0;
  virtual bool got_text() const = 0;
  virtual websocket::close_reason reason() const = 0;
  virtual void CloseSocket() = 0;
  websocket::response_type response;
};

template <class Next>
class LinkT final : public Link {
 public:
  template <class... Args>
  explicit LinkT(Args&&... args) : ws_(std::forward<Args>(args)...) {}

  void Open(const tcp::endpoint& to, const RawWsOptions& options, Done done) override {
    auto& tcp_stream = beast::get_lowest_layer(ws_);
    if (options.receive_buffer > 0) {
      ErrorCode ec;
      tcp_stream.socket().open(to.protocol(), ec);
      tcp_stream.socket().set_option(asio::socket_base::receive_buffer_size(options.receive_buffer),
                                     ec);
    }
    tcp_stream.async_connect(to, [this, options, done](ErrorCode ec) {
      if (ec) return done(ec);
      // Beast masks a client message in 4 KiB pieces: without NODELAY, Nagle holds each
      // piece until the server's delayed ACK (40 ms) and large messages crawl.
      beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
      SecureThenUpgrade(options, done);
    });
  }

  void Write(bool text, std::string_view data, Done done) override {
    ws_.text(text);
    ws_.async_write(asio::buffer(data.data(), data.size()),
                    [done](ErrorCode ec, size_t) { done(ec); });
  }
  void Ping(Done done) override { ws_.async_ping({}, done); }
  void Read(beast::flat_buffer& buffer, Done done) override {
    ws_.async_read(buffer, [done](ErrorCode ec, size_t) { done(ec); });
  }
  bool got_text() const override { return ws_.got_text(); }
  websocket::close_reason reason() const override { return ws_.reason(); }
  void CloseSocket() override {
    ErrorCode ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void SecureThenUpgrade(const RawWsOptions& options, Done done) {
    if constexpr (std::is_same_v<Next, beast::tcp_stream>) {
      Upgrade(options, done);
    } else {
      SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), "127.0.0.1");
      ws_.next_layer().async_handshake(ssl::stream_base::client,
                                       [this, options, done](ErrorCode ec) {
                                         if (ec) return done(ec);
                                         Upgrade(options, done);
                                       });
    }
  }

  void Upgrade(const RawWsOptions& options, Done done) {
    ws_.read_message_max(64 << 20);
    ws_.set_option(websocket::stream_base::decorator([options](websocket::request_type& req) {
      if (!options.origin.empty()) req.set(beast::http::field::origin, options.origin);
      if (!options.extensions.empty())
        req.set(beast::http::field::sec_websocket_extensions, options.extensions);
    }));
    ws_.async_handshake(response, "127.0.0.1", options.path, done);
  }

  websocket::stream<Next> ws_;
};

}  // namespace

struct RawWs::Impl {
  asio::io_context ioc;
  std::unique_ptr<ssl::context> tls;
  std::unique_ptr<Link> link;
  beast::flat_buffer buffer;
  bool reading = false;
  std::optional<ErrorCode> read_result;
  bool ended = false;
  std::optional<uint16_t> close_code;

  ~Impl() { Abort(); }

  void Abort() {
    if (link) link->CloseSocket();
    ioc.restart();
    ioc.run();
  }

  // Runs the loop until `result` is set or the deadline passes (which ends the connection).
  Status Await(const std::optional<ErrorCode>& result, Timeout timeout, const char* what) {
    auto deadline = SteadyClock::now() + timeout;
    while (!result) {
      auto now = SteadyClock::now();
      if (now >= deadline) {
        Abort();
        ended = true;
        return Status(Code::kDeadlineExceeded, std::string(what) + " timed out");
      }
      if (ioc.stopped()) ioc.restart();
      ioc.run_one_for(deadline - now);
    }
    if (*result) return Unavailable(std::string(what) + ": " + result->message());
    return Status::Ok();
  }

  void NoteEnd(const ErrorCode& ec) {
    ended = true;
    if (ec == websocket::error::closed) close_code = static_cast<uint16_t>(link->reason().code);
  }

  Status MakeLink(const RawWsOptions& options) {
    if (options.tls_ca_file.empty()) {
      link = std::make_unique<LinkT<beast::tcp_stream>>(ioc);
      return Status::Ok();
    }
    tls = std::make_unique<ssl::context>(ssl::context::tls_client);
    ErrorCode ec;
    tls->load_verify_file(options.tls_ca_file, ec);
    if (ec) return InvalidArgument("cannot load the CA file");
    tls->set_verify_mode(ssl::verify_peer);
    if (options.tls_max_version != 0) {
      // Allow the old version on our side, so that only the server can refuse it.
      SSL_CTX_set_security_level(tls->native_handle(), 0);
      SSL_CTX_set_min_proto_version(tls->native_handle(), 0);
      SSL_CTX_set_max_proto_version(tls->native_handle(), options.tls_max_version);
    }
    link = std::make_unique<LinkT<beast::ssl_stream<beast::tcp_stream>>>(ioc, *tls);
    return Status::Ok();
  }
};

RawWs::RawWs() : impl_(std::make_unique<Impl>()) {}
RawWs::~RawWs() = default;
RawWs::RawWs(RawWs&&) noexcept = default;
RawWs& RawWs::operator=(RawWs&&) noexcept = default;

Status RawWs::Connect(int port, const RawWsOptions& options, Timeout timeout) {
  WB_RETURN_IF_ERROR(impl_->MakeLink(options));
  tcp::endpoint to(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port));
  std::optional<ErrorCode> result;
  impl_->link->Open(to, options, [&](ErrorCode ec) { result = ec; });
  Status st = impl_->Await(result, timeout, "connect and upgrade");
  if (!st.ok()) impl_->ended = true;
  return st;
}

int RawWs::http_status() const {
  return impl_->link ? static_cast<int>(impl_->link->response.result_int()) : 0;
}

std::string RawWs::response_extensions() const {
  if (!impl_->link) return {};
  auto it = impl_->link->response.find(beast::http::field::sec_websocket_extensions);
  return it == impl_->link->response.end() ? std::string() : std::string(it->value());
}

Status RawWs::SendBinary(std::string_view payload, Timeout timeout) {
  if (impl_->ended) return Unavailable("connection ended");
  std::optional<ErrorCode> result;
  impl_->link->Write(false, payload, [&](ErrorCode ec) { result = ec; });
  return impl_->Await(result, timeout, "send");
}

Status RawWs::SendText(std::string_view payload, Timeout timeout) {
  if (impl_->ended) return Unavailable("connection ended");
  std::optional<ErrorCode> result;
  impl_->link->Write(true, payload, [&](ErrorCode ec) { result = ec; });
  return impl_->Await(result, timeout, "send");
}

Status RawWs::SendPing(Timeout timeout) {
  if (impl_->ended) return Unavailable("connection ended");
  std::optional<ErrorCode> result;
  impl_->link->Ping([&](ErrorCode ec) { result = ec; });
  return impl_->Await(result, timeout, "ping");
}

Result<std::string> RawWs::Read(Timeout timeout) {
  Impl& s = *impl_;
  if (s.ended) return Unavailable("connection ended");
  if (!s.reading) {
    s.reading = true;
    s.read_result.reset();
    s.link->Read(s.buffer, [&s](ErrorCode ec) {
      s.reading = false;
      s.read_result = ec;
    });
  }
  auto deadline = SteadyClock::now() + timeout;
  while (!s.read_result) {
    auto now = SteadyClock::now();
    if (now >= deadline) return Status(Code::kDeadlineExceeded, "no frame in time");
    if (s.ioc.stopped()) s.ioc.restart();
    s.ioc.run_one_for(deadline - now);
  }
  ErrorCode ec = *s.read_result;
  s.read_result.reset();
  if (ec) {
    s.NoteEnd(ec);
    return Unavailable("connection ended: " + ec.message());
  }
  std::string data = beast::buffers_to_string(s.buffer.data());
  s.buffer.consume(s.buffer.size());
  return data;
}

Result<v1::ServerMessage> RawWs::ReadMessage(Timeout timeout) {
  WB_ASSIGN_OR_RETURN(std::string frame, Read(timeout));
  auto msg = protocol::DecodeServerMessage(frame);
  if (!msg.ok()) return DataLoss("undecodable server frame");
  return msg;
}

Result<v1::ServerMessage> RawWs::ReadReply(uint64_t request_id, Timeout timeout) {
  auto deadline = SteadyClock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<Timeout>(deadline - SteadyClock::now());
    if (left.count() <= 0) return Status(Code::kDeadlineExceeded, "no reply in time");
    WB_ASSIGN_OR_RETURN(v1::ServerMessage msg, ReadMessage(left));
    if (msg.request_id() == request_id) return msg;
  }
}

std::optional<uint16_t> RawWs::WaitClose(Timeout timeout) {
  auto deadline = SteadyClock::now() + timeout;
  while (!impl_->ended) {
    auto left = std::chrono::duration_cast<Timeout>(deadline - SteadyClock::now());
    if (left.count() <= 0) return std::nullopt;
    Result<std::string> frame = Read(left);
    if (!frame.ok() && frame.status().code() == Code::kDeadlineExceeded) return std::nullopt;
  }
  return impl_->close_code.value_or(0);
}

std::optional<uint16_t> RawWs::close_code() const { return impl_->close_code; }
bool RawWs::is_open() const { return impl_->link && !impl_->ended; }

void RawWs::Drop() {
  impl_->Abort();
  impl_->ended = true;
}

}  // namespace weerbaar::testing
