// A raw WebSocket client for tests: sends any frame (binary, text, oversized, undecodable)
// and reports exactly what the server did (frames, close code, a dropped connection).
// Plain ws:// or wss:// with a given CA certificate. Blocking with bounded waits; no
// threads. Not thread safe: one RawWs per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "weerbaar.pb.h"

namespace weerbaar::testing {

using Timeout = std::chrono::milliseconds;
// Every wait in these tests is bounded by this: a guard against a hung server, not a
// timing assumption.
inline constexpr Timeout kWait{15'000};

struct RawWsOptions {
  std::string path = "/";
  std::string origin;       // sent as Origin when not empty
  std::string extensions;   // sent as Sec-WebSocket-Extensions when not empty
  std::string tls_ca_file;  // wss://, trusting this PEM certificate; empty: plain ws://
  int tls_max_version = 0;  // e.g. TLS1_1_VERSION (OpenSSL) to try an old protocol
  int receive_buffer = 0;   // SO_RCVBUF before connecting; 0: the system default
};

class RawWs {
 public:
  RawWs();
  ~RawWs();
  RawWs(RawWs&&) noexcept;
  RawWs& operator=(RawWs&&) noexcept;

  // Connects to 127.0.0.1:`port` and upgrades. On a refused upgrade the error says why and
  // http_status() holds the server's status (403, 426, ...).
  Status Connect(int port, const RawWsOptions& options = {}, Timeout timeout = kWait);
  // The upgrade response's status (101 after a successful Connect; 0 if none arrived) and
  // its Sec-WebSocket-Extensions header.
  int http_status() const;
  std::string response_extensions() const;

  Status SendBinary(std::string_view payload, Timeout timeout = kWait);
  Status SendText(std::string_view payload, Timeout timeout = kWait);
  // A WebSocket control ping.
  Status SendPing(Timeout timeout = kWait);

  // The next message. kUnavailable once the connection has ended (close_code() tells
  // how); kDeadlineExceeded if none arrived in time (the connection stays usable).
  Result<std::string> Read(Timeout timeout = kWait);
  // Read() and decode a ServerMessage (kDataLoss if it does not decode).
  Result<v1::ServerMessage> ReadMessage(Timeout timeout = kWait);
  // Reads until the reply with `request_id` arrives; pushes and other replies are skipped.
  Result<v1::ServerMessage> ReadReply(uint64_t request_id, Timeout timeout = kWait);

  // Reads and discards until the connection ends. The close code the server sent, 0 if the
  // connection ended without a close frame, nullopt if it was still open at the timeout.
  std::optional<uint16_t> WaitClose(Timeout timeout = kWait);
  // The server's close code once the connection ended with a close frame.
  std::optional<uint16_t> close_code() const;
  bool is_open() const;
  // Drops the TCP connection at once, without a close handshake.
  void Drop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::testing
