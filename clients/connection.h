// Connection: a blocking WebSocket client for the Weerbaar wire protocol.
//
// Every frame is one binary WebSocket message holding one encoded v1::ServerMessage
// (from the server) or v1::ClientMessage (to it). The server's first frame is a
// Challenge. Requests carry a non-zero request_id that the reply repeats; pushes carry 0.
//
// Every method blocks the calling thread until it is done or its timeout has passed;
// no background threads are used (an internal io_context is run for at most the
// timeout). Not thread safe: use one Connection from one thread at a time.
//
// Errors:
// - kInvalidArgument: a bad URL (only ws:// is supported; wss:// is refused for now).
// - kUnavailable: cannot connect, the connection was lost, or the server closed it; the
//   message then reads "server closed the connection: 1008 policy violation[: reason]".
//   After such an error the connection is dead: every later call returns the same status.
// - kDeadlineExceeded: the timeout passed. A timed-out Connect or send kills the
//   connection; a timed-out wait for a reply or a push does not (a late reply is dropped).
// - kDataLoss: the server sent a frame that is not a ServerMessage (the connection dies).
// - A reply with an Error body becomes a Status: see StatusFromServerError.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

// Largest server frame the client accepts (a sync page of large messages fits).
inline constexpr size_t kMaxServerFrameBytes = 16 * 1024 * 1024;
// Pushes kept while nobody asks for them; beyond this the oldest are dropped, which is
// harmless because every push can be recovered by syncing from the cursor.
inline constexpr size_t kMaxQueuedPushes = 4096;

using Timeout = std::chrono::milliseconds;

// Maps a server Error reply to a Status: BAD_REQUEST -> kInvalidArgument,
// UNAUTHENTICATED -> kUnauthenticated, PERMISSION_DENIED and INVITE_INVALID ->
// kPermissionDenied, NOT_FOUND -> kNotFound, ALREADY_EXISTS -> kAlreadyExists,
// STALE_EPOCH -> kFailedPrecondition (and only it), RATE_LIMITED and TOO_LARGE ->
// kResourceExhausted, UNAVAILABLE -> kUnavailable, anything else -> kInternal.
// The message is "server: <wire code name>: <server message>".
Status StatusFromServerError(const v1::Error& error);

// Text for a WebSocket close code, e.g. 1008 -> "1008 policy violation".
std::string DescribeCloseCode(uint16_t code);
// "server closed the connection: 1008 policy violation[: reason]" (reason made printable).
std::string DescribeClose(uint16_t code, std::string_view reason);

class Connection {
 public:
  Connection();
  ~Connection();  // closes the socket without a close handshake; call Close() for one
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;

  // Resolves and connects to `url` (ws://host:port/path), performs the WebSocket
  // handshake and reads the server's Challenge, all within `timeout`.
  // REQUIRES: not connected yet.
  Status Connect(std::string_view url, Timeout timeout);

  // The Challenge read by Connect. REQUIRES: Connect succeeded.
  const v1::Challenge& challenge() const;

  // Sends `request` under a fresh request_id (any id already in it is replaced), then
  // reads until the reply with that id arrives; pushes read meanwhile are queued for
  // NextPush. An Error reply is returned as a non-OK Status (StatusFromServerError).
  Result<v1::ServerMessage> Call(v1::ClientMessage request, Timeout timeout);

  // Returns the oldest queued push, or reads until one arrives.
  // kDeadlineExceeded when none arrived within `timeout` (0 only checks what is there).
  Result<v1::ServerMessage> NextPush(Timeout timeout);

  // Pushes dropped because the queue was full (see kMaxQueuedPushes).
  uint64_t dropped_pushes() const;

  // Sends a close frame (1000) and waits for the server's, within `timeout`. Always
  // leaves the connection closed; returns an error only if the handshake failed.
  Status Close(Timeout timeout);

  bool is_open() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::client
