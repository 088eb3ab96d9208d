// How the fan-out scenario talks to a server: the same load, two protocols. Weerbaar
// receivers authenticate as group members and get GroupMessage pushes; peer receivers join
// a room of the ws broadcast server (bench/peer/ws-peer.js) and get the bare payload.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bench/loadgen/fixture.h"
#include "bench/loadgen/ws_client.h"

namespace weerbaar::bench {

class FanoutTransport {
 public:
  virtual ~FanoutTransport() = default;
  // Connects `ws` and makes it receiver `index` (< receivers) or the sender (== receivers).
  virtual asio::awaitable<Status> Join(WsClient& ws, size_t index) = 0;
  // The frame the sender writes to send `payload` to the group.
  virtual std::string Frame(std::string payload, uint64_t request_id) = 0;
  // The payload a receiver got, or nullopt for a frame that is no delivery.
  virtual std::optional<std::string> Delivered(std::string_view frame) = 0;
  // Whether a frame the sender got is an error reply.
  virtual bool IsError(std::string_view frame) = 0;
};

// The group's members receive; the fixture's leader sends.
std::unique_ptr<FanoutTransport> WeerbaarFanout(const Endpoint& server, const Fixture& fixture,
                                                const BenchGroup& group);
// Everybody joins room `room` of the peer.
std::unique_ptr<FanoutTransport> PeerFanout(const Endpoint& peer, std::string room);

}  // namespace weerbaar::bench
