// Internal: one WebSocket connection, I/O only. Frames go to the relay; the relay's replies
// and pushes come back through Connection::Send into a bounded queue drained by one writer
// coroutine. A template over the transport (beast::tcp_stream, or an ssl_stream over it),
// instantiated by serve_plain.cc and serve_tls.cc through serve.h.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "protocol/codec.h"
#include "server/connection.h"
#include "server/corked_stream.h"
#include "server/log.h"
#include "server/net.h"

namespace weerbaar::server {

namespace beast = boost::beast;
namespace http = beast::http;

template <class NextLayer>
class Session final : public Connection, public std::enable_shared_from_this<Session<NextLayer>> {
 public:
  Session(NextLayer stream, NetContext& ctx)
      : ws_(std::move(stream)),
        ctx_(ctx),
        wake_(ws_.get_executor()),
        deadline_(ws_.get_executor()) {}

  // Completes the handshake for `request`, then reads until the connection ends.
  asio::awaitable<void> Run(http::request<http::string_body> request);

  void Send(Frame frame) override;
  void Close(uint16_t code) override;

 private:
  // permessage-deflate is off (compression side channels, CPU); compiling it out also
  // makes the serving files build faster.
  using WebSocket = beast::websocket::stream<CorkedStream<NextLayer>, /*deflateSupported=*/false>;
  using Millis = std::chrono::milliseconds;
  static constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

  void Configure();
  asio::awaitable<void> ReadLoop();
  asio::awaitable<void> WriteLoop();
  // Runs `action` when the deadline passes, unless it was re-armed or the session is gone.
  template <typename Action>
  void ArmDeadline(Millis after, Action action);
  void Abort();

  WebSocket ws_;
  NetContext& ctx_;
  ConnId id_ = 0;
  std::deque<Frame> queue_;
  size_t queued_bytes_ = 0;
  asio::steady_timer wake_;      // the writer sleeps on it while the queue is empty
  asio::steady_timer deadline_;  // the auth deadline, then the close deadline
  std::optional<uint16_t> close_code_;
  bool read_done_ = false;
};

template <class NextLayer>
void Session<NextLayer>::Configure() {
  namespace websocket = beast::websocket;
  const Config& c = ctx_.config;
  ws_.set_option(websocket::stream_base::timeout{Millis(c.handshake_timeout_ms),
                                                 Millis(c.idle_timeout_ms),
                                                 /*keep_alive_pings=*/true});
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "weerbaar"); }));
  ws_.read_message_max(c.limits.max_frame_bytes);
  ws_.binary(true);
  ws_.auto_fragment(false);  // one frame per message: fewer headers, one write per push
}

template <class NextLayer>
asio::awaitable<void> Session<NextLayer>::Run(http::request<http::string_body> request) {
  Configure();
  auto [ec] = co_await ws_.async_accept(request, kUseTuple);
  if (ec) co_return;
  id_ = ctx_.relay.Open(this);
  ArmDeadline(Millis(ctx_.config.auth_timeout_ms),
              [](Session& s) { s.ctx_.relay.AuthDeadline(s.id_); });
  asio::co_spawn(
      ws_.get_executor(), [self = this->shared_from_this()] { return self->WriteLoop(); },
      asio::detached);
  co_await ReadLoop();
  read_done_ = true;
  ctx_.relay.Closed(id_);
  wake_.cancel();
  deadline_.cancel();
}

template <class NextLayer>
asio::awaitable<void> Session<NextLayer>::ReadLoop() {
  namespace websocket = beast::websocket;
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws_.async_read(buffer, kUseTuple);
    if (ec == websocket::error::message_too_big) {
      // Beast has already failed the connection with close code 1009.
      Log().info("connection closed: message over max_frame_bytes");
    } else if (ec && ec != websocket::error::closed) {
      Log().debug("connection ended: {}", ec.message());
    }
    if (ec) co_return;
    Metrics::Add(ctx_.metrics.bytes_in_total, n);
    if (close_code_) {
      // Closing: frames still in flight are dropped.
    } else if (!ws_.got_binary()) {
      Close(protocol::close_code::kUnsupportedData);
    } else {
      auto data = buffer.cdata();
      ctx_.relay.HandleFrame(id_, {static_cast<const char*>(data.data()), data.size()});
    }
    buffer.consume(buffer.size());
  }
}

template <class NextLayer>
asio::awaitable<void> Session<NextLayer>::WriteLoop() {
  while (!read_done_) {
    if (!queue_.empty()) {
      Frame frame = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= frame->size();
      // While more frames wait, this one only joins the batch; the last one sends them all.
      ws_.next_layer().set_corked(!queue_.empty());
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*frame), kUseTuple);
      if (ec) {
        Abort();
        co_return;
      }
      Metrics::Add(ctx_.metrics.bytes_out_total, n);
    } else if (close_code_) {
      ws_.next_layer().set_corked(false);  // the queue may have been dropped mid-batch
      co_await ws_.async_close(beast::websocket::close_reason(*close_code_), kUseTuple);
      co_return;
    } else {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(kUseTuple);
    }
  }
}

template <class NextLayer>
void Session<NextLayer>::Send(Frame frame) {
  if (close_code_ || read_done_) return;
  const Config& c = ctx_.config;
  if (queue_.size() >= c.send_queue_max_messages ||
      queued_bytes_ + frame->size() > c.send_queue_max_bytes) {
    // A consumer this far behind resyncs from its cursor instead of growing our memory.
    Metrics::Add(ctx_.metrics.send_queue_overflows_total);
    Log().info("send queue overflow: closing with 1013");
    queue_.clear();
    queued_bytes_ = 0;
    return Close(protocol::close_code::kTryAgainLater);
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  wake_.cancel();
}

template <class NextLayer>
void Session<NextLayer>::Close(uint16_t code) {
  if (close_code_ || read_done_) return;
  close_code_ = code;
  wake_.cancel();
  // A peer that stops reading would stall the close handshake: cut the socket after a while.
  ArmDeadline(Millis(ctx_.config.handshake_timeout_ms), [](Session& s) { s.Abort(); });
}

template <class NextLayer>
template <typename Action>
void Session<NextLayer>::ArmDeadline(Millis after, Action action) {
  deadline_.expires_after(after);
  deadline_.async_wait([weak = this->weak_from_this(), action](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self && !self->read_done_) action(*self);
  });
}

template <class NextLayer>
void Session<NextLayer>::Abort() {
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

// Runs the session for an allowed upgrade until the connection ends.
template <class NextLayer>
asio::awaitable<void> RunWebSocket(NextLayer stream, http::request<http::string_body> request,
                                   NetContext& ctx) {
  auto session = std::make_shared<Session<NextLayer>>(std::move(stream), ctx);
  co_await session->Run(std::move(request));
}

}  // namespace weerbaar::server
