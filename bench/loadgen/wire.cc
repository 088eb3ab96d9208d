#include "bench/loadgen/wire.h"

#include <atomic>
#include <chrono>

#include "clients/auth_request.h"
#include "clients/connection.h"
#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::bench {
namespace {

constexpr auto kHandshakeTimeout = std::chrono::milliseconds(10'000);
// The first frames of a connection; later requests use ids from 1 up.
constexpr uint64_t kAuthRequestId = 1;

asio::awaitable<Result<v1::Challenge>> ConnectForChallenge(WsClient& ws, const Endpoint& to) {
  Status connected = co_await ws.Connect(to, kHandshakeTimeout);
  if (!connected.ok()) co_return connected;
  Result<v1::ServerMessage> first = co_await ReadMessage(ws);
  if (!first.ok()) co_return first.status();
  if (!first->has_challenge()) co_return DataLoss("the server did not start with a challenge");
  co_return first->challenge();
}

asio::awaitable<Result<v1::AuthResult>> FinishAuth(WsClient& ws, v1::ClientMessage request) {
  Result<v1::ServerMessage> reply = co_await Call(ws, std::move(request), kAuthRequestId);
  if (!reply.ok()) co_return reply.status();
  if (!reply->has_auth_result()) co_return DataLoss("no auth result");
  co_return reply->auth_result();
}

// 8 random bytes per process, then a counter: unique across senders and repetitions.
std::string NextClientMessageId() {
  static const std::string prefix = ToString(crypto::RandomBytes(8));
  static std::atomic<uint64_t> counter{0};
  std::string id = prefix;
  PutBigEndian64(id, counter.fetch_add(1) + 1);
  return id;
}

}  // namespace

asio::awaitable<Result<v1::ServerMessage>> ReadMessage(WsClient& ws) {
  Result<std::string_view> frame = co_await ws.Read();
  if (!frame.ok()) co_return frame.status();
  co_return protocol::DecodeServerMessage(*frame);
}

asio::awaitable<Result<v1::AuthResult>> ConnectAuthenticated(WsClient& ws, const Endpoint& to,
                                                             const crypto::DeviceIdentity& device) {
  Result<v1::Challenge> challenge = co_await ConnectForChallenge(ws, to);
  if (!challenge.ok()) co_return challenge.status();
  v1::ClientMessage request = client::MakeAuthenticate(*challenge, device);
  co_return co_await FinishAuth(ws, std::move(request));
}

asio::awaitable<Result<v1::AuthResult>> ConnectRegistered(WsClient& ws, const Endpoint& to,
                                                          const crypto::DeviceIdentity& device,
                                                          std::string_view invite,
                                                          std::string_view display_name) {
  Result<v1::Challenge> challenge = co_await ConnectForChallenge(ws, to);
  if (!challenge.ok()) co_return challenge.status();
  v1::ClientMessage request = client::MakeRegister(*challenge, device, invite, display_name);
  co_return co_await FinishAuth(ws, std::move(request));
}

asio::awaitable<Result<v1::ServerMessage>> Call(WsClient& ws, v1::ClientMessage request,
                                                uint64_t request_id) {
  request.set_request_id(request_id);
  const std::string frame = protocol::Encode(request);
  Status sent = co_await ws.Write(frame);
  if (!sent.ok()) co_return sent;
  for (;;) {
    Result<v1::ServerMessage> msg = co_await ReadMessage(ws);
    if (!msg.ok()) co_return msg.status();
    if (msg->request_id() != request_id) continue;  // a push
    if (msg->has_error()) co_return client::StatusFromServerError(msg->error());
    co_return std::move(msg).value();
  }
}

asio::awaitable<Result<std::vector<v1::ServerMessage>>> CallMany(
    WsClient& ws, std::vector<v1::ClientMessage> requests, size_t window, uint64_t first_id) {
  std::vector<v1::ServerMessage> replies(requests.size());
  size_t sent = 0, answered = 0;
  while (answered < requests.size()) {
    // Requests are small and the replies wait in the socket buffer meanwhile, so writing
    // the whole window before reading cannot dead-lock.
    while (sent < requests.size() && sent - answered < window) {
      requests[sent].set_request_id(first_id + sent);
      const std::string frame = protocol::Encode(requests[sent]);
      Status st = co_await ws.Write(frame);
      if (!st.ok()) co_return st;
      ++sent;
    }
    Result<v1::ServerMessage> msg = co_await ReadMessage(ws);
    if (!msg.ok()) co_return msg.status();
    const uint64_t id = msg->request_id();
    if (id < first_id || id >= first_id + sent) continue;  // a push
    if (msg->has_error()) co_return client::StatusFromServerError(msg->error());
    replies[id - first_id] = std::move(msg).value();
    ++answered;
  }
  co_return replies;
}

v1::ClientMessage SendGroupRequest(std::string_view group_id, uint64_t epoch,
                                   std::string ciphertext) {
  v1::ClientMessage request;
  v1::SendGroupMessage* send = request.mutable_send_group();
  send->set_group_id(std::string(group_id));
  send->set_epoch(epoch);
  send->set_client_msg_id(NextClientMessageId());
  send->set_ciphertext(std::move(ciphertext));
  return request;
}

std::string SendGroupFrame(std::string_view group_id, uint64_t epoch, std::string ciphertext,
                           uint64_t request_id) {
  v1::ClientMessage request = SendGroupRequest(group_id, epoch, std::move(ciphertext));
  request.set_request_id(request_id);
  return protocol::Encode(request);
}

std::optional<std::string> PushedCiphertext(std::string_view frame) {
  v1::ServerMessage msg;
  if (!msg.ParseFromArray(frame.data(), static_cast<int>(frame.size())) || !msg.has_push_group())
    return std::nullopt;
  return std::move(*msg.mutable_push_group()->mutable_ciphertext());
}

std::string StampedPayload(uint64_t tag, int64_t sent_ns, size_t size) {
  std::string out;
  out.reserve(std::max<size_t>(size, 16));
  PutBigEndian64(out, tag);
  PutBigEndian64(out, static_cast<uint64_t>(sent_ns));
  out.resize(std::max<size_t>(size, 16), 'x');
  return out;
}

std::optional<Stamp> ReadStamp(std::string_view payload) {
  if (payload.size() < 16) return std::nullopt;
  return Stamp{GetBigEndian64(payload.data()),
               static_cast<int64_t>(GetBigEndian64(payload.data() + 8))};
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace weerbaar::bench
