#include "bench/loadgen/fanout.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

class Weerbaar final : public FanoutTransport {
 public:
  Weerbaar(const Endpoint& server, const Fixture& fixture, const BenchGroup& group)
      : server_(server), fixture_(fixture), group_(group) {}

  asio::awaitable<Status> Join(WsClient& ws, size_t index) override {
    const crypto::DeviceIdentity& device =
        index < group_.members.size() ? group_.members[index] : *fixture_.leader;
    Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, server_, device);
    co_return auth.status();
  }

  std::string Frame(std::string payload, uint64_t request_id) override {
    return SendGroupFrame(group_.id, group_.epoch, std::move(payload), request_id);
  }

  std::optional<std::string> Delivered(std::string_view frame) override {
    return PushedCiphertext(frame);
  }

  bool IsError(std::string_view frame) override {
    v1::ServerMessage msg;
    return !msg.ParseFromArray(frame.data(), static_cast<int>(frame.size())) || msg.has_error();
  }

 private:
  Endpoint server_;
  const Fixture& fixture_;
  const BenchGroup& group_;
};

// The peer's protocol (ws-peer.js): 0x01 ROOM joins and is answered with 0x01;
// 0x02 PAYLOAD broadcasts; receivers get PAYLOAD alone.
class Peer final : public FanoutTransport {
 public:
  Peer(const Endpoint& peer, std::string room) : peer_(peer), room_(std::move(room)) {}

  asio::awaitable<Status> Join(WsClient& ws, size_t) override {
    Status st = co_await ws.Connect(peer_, std::chrono::milliseconds(10'000));
    if (!st.ok()) co_return st;
    const std::string join = "\x01" + room_;
    st = co_await ws.Write(join);
    if (!st.ok()) co_return st;
    Result<std::string_view> joined = co_await ws.Read();
    if (!joined.ok()) co_return joined.status();
    co_return *joined == "\x01" ? Status::Ok() : DataLoss("the peer did not confirm the join");
  }

  std::string Frame(std::string payload, uint64_t) override { return "\x02" + payload; }

  std::optional<std::string> Delivered(std::string_view frame) override {
    return std::string(frame);
  }

  bool IsError(std::string_view) override { return false; }

 private:
  Endpoint peer_;
  std::string room_;
};

}  // namespace

std::unique_ptr<FanoutTransport> WeerbaarFanout(const Endpoint& server, const Fixture& fixture,
                                                const BenchGroup& group) {
  return std::make_unique<Weerbaar>(server, fixture, group);
}

std::unique_ptr<FanoutTransport> PeerFanout(const Endpoint& peer, std::string room) {
  return std::make_unique<Peer>(peer, std::move(room));
}

}  // namespace weerbaar::bench
