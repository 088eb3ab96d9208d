// WsClient: one WebSocket client connection of the load generator, driven by C++20
// coroutines on an io_context that the caller runs on one thread, so that one thread can
// hold thousands of connections (the blocking client::Connection runs one io_context per
// connection and cannot).
//
// Binary frames only, no compression. At most one Read and one Write may be outstanding at
// a time (from two coroutines); concurrent Writes are a caller bug. A pending Read answers
// the server's keep-alive pings, so an idle connection stays open only while some coroutine
// is reading it. Errors: kUnavailable for a refused or lost connection (the close code in
// the message), kDeadlineExceeded when Connect's timeout passed, kInvalidArgument for a
// target that is not a loopback IP literal (the benchmark never leaves the machine).
// Not thread safe. Beast stays in ws_client.cc.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::bench {

namespace asio = boost::asio;

struct Endpoint {
  std::string host;  // a loopback IP literal, e.g. "127.0.0.1"
  uint16_t port = 0;
  std::string path = "/";
};

// Parses "ws://127.0.0.1:PORT[/path]". kInvalidArgument for other schemes, host names or
// non-loopback addresses.
Result<Endpoint> ParseEndpoint(std::string_view url);

class WsClient {
 public:
  explicit WsClient(asio::io_context& io);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // TCP connect and WebSocket handshake, within `timeout`. REQUIRES: not connected yet.
  asio::awaitable<Status> Connect(const Endpoint& to, std::chrono::milliseconds timeout);
  // The next binary frame; the view is valid until the next Read. A text frame is an error.
  asio::awaitable<Result<std::string_view>> Read();
  // Sends one binary frame; `frame` must stay valid until the write completes.
  asio::awaitable<Status> Write(std::string_view frame);
  // Sends a close frame (1000) and waits for the server's, at most Connect's timeout; then
  // the socket is closed whatever happened.
  asio::awaitable<void> Close();
  // Closes the socket at once: every pending operation completes with an error.
  void Abort();

  bool is_open() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::bench
