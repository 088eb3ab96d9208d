#include "clients/connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <functional>
#include <optional>

#include "clients/ws_url.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;
using Deadline = SteadyClock::time_point;

Deadline DeadlineAfter(Timeout timeout) { return SteadyClock::now() + timeout; }

Status TimedOut(std::string what) { return Status(Code::kDeadlineExceeded, std::move(what)); }

}  // namespace

// All I/O runs on `ioc`, driven only by the thread inside a Connection method. A read
// that outlives its wait (a timed-out NextPush or Call) stays pending and completes in a
// later call, so waiting never has to cancel a WebSocket read.
struct Connection::Impl {
  asio::io_context ioc;
  tcp::resolver resolver{ioc};
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  Status dead;  // not OK once the connection can no longer be used
  bool connected = false;
  bool reading = false;
  bool expect_challenge = false;
  uint64_t last_request_id = 0;
  uint64_t awaited_id = 0;
  std::optional<v1::ServerMessage> reply;
  std::deque<v1::ServerMessage> pushes;
  uint64_t dropped = 0;
  v1::Challenge challenge;

  ~Impl() { Abort(); }

  Status Ready() const {
    if (!connected) return FailedPrecondition("not connected");
    return dead;
  }

  void CloseSocket() {
    ErrorCode ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
  }

  // Closes the socket and runs every aborted operation's handler, so that no handler
  // refers to a caller's stack frame afterwards. Never called from inside a handler.
  void Abort() {
    resolver.cancel();
    CloseSocket();
    ioc.restart();
    ioc.run();
  }

  void SetDead(Status status) {
    if (dead.ok()) dead = std::move(status);
    CloseSocket();
  }

  Status StatusFor(const ErrorCode& ec, std::string_view what) {
    if (ec == websocket::error::closed) {
      const websocket::close_reason& r = ws.reason();
      return Unavailable(DescribeClose(static_cast<uint16_t>(r.code),
                                       std::string_view(r.reason.data(), r.reason.size())));
    }
    return Unavailable(std::string(what) + ": " + ec.message());
  }

  // Runs the io_context until `result` is set or the deadline passes. A timeout or an
  // error kills the connection: a half-done connect, handshake or write cannot resume.
  Status Await(const std::optional<ErrorCode>& result, Deadline deadline, std::string_view what) {
    while (!result) {
      Deadline now = SteadyClock::now();
      if (now >= deadline) {
        SetDead(TimedOut(std::string(what) + " timed out"));
        Abort();
        return dead;
      }
      if (ioc.stopped()) ioc.restart();
      ioc.run_one_for(deadline - now);
    }
    if (*result) SetDead(StatusFor(*result, what));
    return dead;
  }

  void StartRead() {
    reading = true;
    ws.async_read(buffer, [this](ErrorCode ec, size_t) { OnRead(ec); });
  }

  void OnRead(ErrorCode ec) {
    reading = false;
    if (ec) return SetDead(StatusFor(ec, "connection to the server lost"));
    if (!ws.got_binary()) return SetDead(DataLoss("server sent a text frame"));
    auto msg = protocol::DecodeServerMessage(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
    if (!msg.ok()) return SetDead(DataLoss("server sent an undecodable frame"));
    Route(std::move(msg).value());
  }

  void Route(v1::ServerMessage msg) {
    if (expect_challenge) {
      expect_challenge = false;
      reply = std::move(msg);
    } else if (msg.request_id() == 0) {
      if (pushes.size() >= kMaxQueuedPushes) {
        pushes.pop_front();
        ++dropped;
      }
      pushes.push_back(std::move(msg));
    } else if (msg.request_id() == awaited_id) {
      reply = std::move(msg);
    }
    // Any other id is a late reply to a request whose caller gave up: dropped.
  }

  // Reads frames until `done()` holds. A timeout here leaves the read pending and the
  // connection usable. With a deadline in the past, only frames already received count.
  Status ReadUntil(const std::function<bool()>& done, Deadline deadline) {
    for (;;) {
      if (done()) return Status::Ok();
      if (!dead.ok()) return dead;
      if (!reading) StartRead();
      if (ioc.stopped()) ioc.restart();
      Deadline now = SteadyClock::now();
      if (now < deadline) {
        ioc.run_one_for(deadline - now);
      } else if (ioc.poll_one() == 0) {
        return TimedOut("timed out waiting for the server");
      }
    }
  }

  Status Write(const std::string& frame, Deadline deadline) {
    std::optional<ErrorCode> result;
    ws.async_write(asio::buffer(frame), [&](ErrorCode ec, size_t) { result = ec; });
    return Await(result, deadline, "sending to the server");
  }

  Status Open(const WsUrl& url, Deadline deadline) {
    std::optional<ErrorCode> result;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url.host, url.port, [&](ErrorCode ec, tcp::resolver::results_type r) {
      result = ec;
      endpoints = std::move(r);
    });
    std::string where = " the server at " + url.HostHeader();
    WB_RETURN_IF_ERROR(Await(result, deadline, "cannot resolve" + where));
    result.reset();
    beast::get_lowest_layer(ws).async_connect(
        endpoints, [&](ErrorCode ec, const tcp::endpoint&) { result = ec; });
    WB_RETURN_IF_ERROR(Await(result, deadline, "cannot connect to" + where));
    // Beast masks a client message in 4 KiB pieces; without TCP_NODELAY each piece after
    // the first of a large message (a photo) waits for the server's delayed ACK (40 ms).
    ErrorCode ignored;
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true), ignored);
    return Handshake(url, deadline);
  }

  Status Handshake(const WsUrl& url, Deadline deadline) {
    ws.read_message_max(kMaxServerFrameBytes);
    ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "weerbaar-client/1");
    }));
    std::optional<ErrorCode> result;
    ws.async_handshake(url.HostHeader(), url.path, [&](ErrorCode ec) { result = ec; });
    WB_RETURN_IF_ERROR(Await(result, deadline, "WebSocket handshake with the server failed"));
    ws.binary(true);
    return Status::Ok();
  }
};

Connection::Connection() : impl_(std::make_unique<Impl>()) {}
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Status Connection::Connect(std::string_view url, Timeout timeout) {
  if (impl_->connected) return FailedPrecondition("already connected");
  WB_ASSIGN_OR_RETURN(WsUrl parsed, ParseWsUrl(url));
  Deadline deadline = DeadlineAfter(timeout);
  WB_RETURN_IF_ERROR(impl_->Open(parsed, deadline));
  impl_->connected = true;
  impl_->expect_challenge = true;
  Status st = impl_->ReadUntil([this] { return impl_->reply.has_value(); }, deadline);
  if (!st.ok()) {
    impl_->SetDead(st.code() == Code::kDeadlineExceeded ? TimedOut("no challenge from the server")
                                                        : st);
    return impl_->dead;
  }
  v1::ServerMessage first = std::move(*impl_->reply);
  impl_->reply.reset();
  if (first.has_error()) impl_->SetDead(StatusFromServerError(first.error()));
  if (!first.has_challenge()) impl_->SetDead(DataLoss("server did not start with a challenge"));
  WB_RETURN_IF_ERROR(impl_->dead);
  impl_->challenge = first.challenge();
  return Status::Ok();
}

const v1::Challenge& Connection::challenge() const { return impl_->challenge; }

Result<v1::ServerMessage> Connection::Call(v1::ClientMessage request, Timeout timeout) {
  WB_RETURN_IF_ERROR(impl_->Ready());
  Deadline deadline = DeadlineAfter(timeout);
  request.set_request_id(++impl_->last_request_id);
  impl_->awaited_id = request.request_id();
  impl_->reply.reset();
  WB_RETURN_IF_ERROR(impl_->Write(protocol::Encode(request), deadline));
  Status st = impl_->ReadUntil([this] { return impl_->reply.has_value(); }, deadline);
  impl_->awaited_id = 0;
  if (st.code() == Code::kDeadlineExceeded)
    return TimedOut("no reply from the server within " + std::to_string(timeout.count()) + " ms");
  WB_RETURN_IF_ERROR(st);
  v1::ServerMessage reply = std::move(*impl_->reply);
  impl_->reply.reset();
  if (reply.has_error()) return StatusFromServerError(reply.error());
  return reply;
}

Result<v1::ServerMessage> Connection::NextPush(Timeout timeout) {
  if (!impl_->connected) return FailedPrecondition("not connected");
  Status st = impl_->ReadUntil([this] { return !impl_->pushes.empty(); }, DeadlineAfter(timeout));
  if (st.code() == Code::kDeadlineExceeded) return TimedOut("no push within the timeout");
  WB_RETURN_IF_ERROR(st);
  v1::ServerMessage push = std::move(impl_->pushes.front());
  impl_->pushes.pop_front();
  return push;
}

uint64_t Connection::dropped_pushes() const { return impl_->dropped; }

Status Connection::Close(Timeout timeout) {
  if (!impl_->connected || !impl_->dead.ok()) {
    impl_->Abort();
    return Status::Ok();
  }
  std::optional<ErrorCode> result;
  impl_->ws.async_close(websocket::close_code::normal, [&](ErrorCode ec) { result = ec; });
  Status st = impl_->Await(result, DeadlineAfter(timeout), "closing the connection");
  // The pending read ends with the server's answering close frame, which marks the
  // connection dead; only the close operation's own result tells how the close went.
  bool clean = result.has_value() && !*result;
  impl_->Abort();
  impl_->dead = Unavailable("connection closed");
  return clean ? Status::Ok() : st;
}

bool Connection::is_open() const { return impl_->connected && impl_->dead.ok(); }

}  // namespace weerbaar::client
