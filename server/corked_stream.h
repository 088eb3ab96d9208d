// Internal: a stream layer under the WebSocket stream that lets the session's writer send
// several queued frames with one system call. While corked, a write of up to
// kCorkBufferBytes in all is copied into a buffer and completes at once; the next
// uncorked write (or one that would overflow the buffer) sends the buffer and its own
// bytes together in one gathered write. Reads pass straight through.
//
// Every write still goes through the WebSocket stream, which serialises its writes (the
// session's frames, Beast's pings, pongs and the close frame alike), so frames are never
// interleaved or reordered; a ping written while corked simply leaves with the batch.
//
// The session corks only while more frames are waiting in its queue and writes the last
// one uncorked, so nothing stays in the buffer while the writer sleeps.
#pragma once

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffer_traits.hpp>
#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <string>
#include <utility>

namespace weerbaar::server {

inline constexpr size_t kCorkBufferBytes = 64 * 1024;

template <class Next>
class CorkedStream {
 public:
  using next_layer_type = Next;
  using executor_type = typename Next::executor_type;

  explicit CorkedStream(Next&& next) : next_(std::move(next)) {}

  Next& next_layer() { return next_; }
  const Next& next_layer() const { return next_; }
  executor_type get_executor() noexcept { return next_.get_executor(); }

  void set_corked(bool corked) { corked_ = corked; }
  size_t buffered_bytes() const { return buffer_.size(); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::system::error_code, size_t)>(
        WriteOp<ConstBuffers>{*this, buffers}, token, next_);
  }

 private:
  // Buffers the write (corked, room left) or sends buffer + write, resuming after a
  // partial send; reports only the bytes of this write, never 0 without an error.
  template <class ConstBuffers>
  struct WriteOp {
    CorkedStream& s;
    ConstBuffers buffers;
    enum { kStart, kBuffered, kGathered, kDirect } state = kStart;

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}, size_t n = 0) {
      const size_t size = boost::beast::buffer_bytes(buffers);
      switch (state) {
        case kStart:
          if (s.corked_ && s.buffer_.size() + size <= kCorkBufferBytes) {
            for (auto b : boost::beast::buffers_range_ref(buffers))
              s.buffer_.append(static_cast<const char*>(b.data()), b.size());
            state = kBuffered;
            return boost::asio::post(s.get_executor(), std::move(self));
          }
          return Send(self);
        case kBuffered:
          return self.complete({}, size);
        case kGathered:
          if (ec) return self.complete(ec, 0);
          if (n < s.buffer_.size()) {
            s.buffer_.erase(0, n);
            return Send(self);
          }
          n -= s.buffer_.size();
          s.buffer_.clear();
          if (n > 0) return self.complete({}, n);
          return Send(self);
        case kDirect:
          return self.complete(ec, n);
      }
    }

    template <class Self>
    void Send(Self& self) {
      if (s.buffer_.empty()) {
        state = kDirect;
        return s.next_.async_write_some(buffers, std::move(self));
      }
      state = kGathered;
      s.next_.async_write_some(
          boost::beast::buffers_cat(boost::asio::const_buffer(s.buffer_.data(), s.buffer_.size()),
                                    buffers),
          std::move(self));
    }
  };

  Next next_;
  std::string buffer_;
  bool corked_ = false;
};

// The WebSocket stream's teardown (closing the transport after the close handshake) is the
// next layer's.
template <class Next>
void teardown(boost::beast::role_type role, CorkedStream<Next>& stream,
              boost::system::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <class Next, class TeardownHandler>
void async_teardown(boost::beast::role_type role, CorkedStream<Next>& stream,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace weerbaar::server
