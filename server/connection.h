// Connection: what the relay needs from a client connection. Sessions implement it over a
// WebSocket; tests implement it with objects that record frames.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace weerbaar::server {

// Identifies a connection for the relay's lifetime; never reused, so a late store callback
// cannot reach a newer connection.
using ConnId = uint64_t;

// One encoded ServerMessage, shared by every recipient of a broadcast.
using Frame = std::shared_ptr<const std::string>;

// Thread safety: called on the relay's thread only.
// Neither method may call back into the relay synchronously.
class Connection {
 public:
  virtual ~Connection() = default;
  // Queues one binary frame. Never blocks. When the connection's send queue would exceed
  // its bounds, the connection drops its queue and closes itself with 1013.
  virtual void Send(Frame frame) = 0;
  // Writes the frames already queued, then closes with `code`. Later calls are ignored.
  virtual void Close(uint16_t code) = 0;
};

}  // namespace weerbaar::server
