// The Weerbaar protocol as the load generator speaks it: the first-frame handshakes and
// the requests the scenarios send, built with the real codec and the real auth transcript
// (crypto::SignAuthTranscript), so the server does exactly the work a real client costs it.
//
// Group ciphertexts are fake: the server never decrypts them, so the benchmark sends
// stamped filler bytes (see StampedPayload) and measures delivery latency from the stamp.
// Errors: a server Error reply becomes a Status (client::StatusFromServerError); a frame
// that is not a ServerMessage is kDataLoss; connection errors are WsClient's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/loadgen/ws_client.h"
#include "crypto/identity.h"
#include "weerbaar.pb.h"

namespace weerbaar::bench {

// Reads one frame and decodes it as a ServerMessage.
asio::awaitable<Result<v1::ServerMessage>> ReadMessage(WsClient& ws);

// Connects, reads the Challenge, signs the "authenticate" transcript for `device` and
// waits for the AuthResult.
asio::awaitable<Result<v1::AuthResult>> ConnectAuthenticated(WsClient& ws, const Endpoint& to,
                                                             const crypto::DeviceIdentity& device);

// Connects and registers `device` with `invite` ("register" transcript, signed keys).
asio::awaitable<Result<v1::AuthResult>> ConnectRegistered(WsClient& ws, const Endpoint& to,
                                                          const crypto::DeviceIdentity& device,
                                                          std::string_view invite,
                                                          std::string_view display_name);

// Sends `request` under `request_id` (non-zero) and reads until the reply with that id;
// pushes read meanwhile are dropped. An Error reply is returned as a Status.
asio::awaitable<Result<v1::ServerMessage>> Call(WsClient& ws, v1::ClientMessage request,
                                                uint64_t request_id);

// Sends every request, under ids first_id, first_id + 1, ... in order, with at most
// `window` unanswered at a time; returns the replies in request order. Stops at the first
// error reply (as a Status) or connection error.
asio::awaitable<Result<std::vector<v1::ServerMessage>>> CallMany(
    WsClient& ws, std::vector<v1::ClientMessage> requests, size_t window, uint64_t first_id);

// A SendGroupMessage with a fresh, process-unique client_msg_id, as a request and encoded.
v1::ClientMessage SendGroupRequest(std::string_view group_id, uint64_t epoch,
                                   std::string ciphertext);
std::string SendGroupFrame(std::string_view group_id, uint64_t epoch, std::string ciphertext,
                           uint64_t request_id);

// The ciphertext of a push, or nullopt for any other frame.
std::optional<std::string> PushedCiphertext(std::string_view frame);

// Benchmark payloads: tag (u64 BE) || send time in steady-clock nanoseconds (u64 BE) ||
// filler, `size` bytes in all (at least 16).
std::string StampedPayload(uint64_t tag, int64_t sent_ns, size_t size);
struct Stamp {
  uint64_t tag = 0;
  int64_t sent_ns = 0;
};
std::optional<Stamp> ReadStamp(std::string_view payload);

// Steady-clock nanoseconds: the benchmark's only time source for latencies (sender and
// receivers live in one process, so their stamps are comparable).
int64_t NowNanos();

}  // namespace weerbaar::bench
