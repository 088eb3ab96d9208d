// Decoding and validation of wire messages. No I/O, no logging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "weerbaar.pb.h"

namespace weerbaar::protocol {

inline constexpr uint32_t kProtocolVersion = 1;
inline constexpr size_t kIdBytes = 16;   // user, device, community, group ids
inline constexpr size_t kKeyBytes = 32;  // Ed25519 / X25519 public keys
inline constexpr size_t kSignatureBytes = 64;
// The longest retention period a request may name (100 years, in ms); the store's own
// per-class hard limits are far lower and refuse the rest.
inline constexpr uint64_t kMaxRetentionMs = 100ULL * 365 * 24 * 3600 * 1000;
// A community's area is a geohash of 4-6 characters: coarse enough to be no one's address,
// fine enough to centre a neighbourhood map on.
inline constexpr size_t kMinAreaChars = 4;
inline constexpr size_t kMaxAreaChars = 6;

// WebSocket close codes the server uses (docs/protocol.md).
namespace close_code {
inline constexpr uint16_t kNormal = 1000;
inline constexpr uint16_t kGoingAway = 1001;        // server shutting down
inline constexpr uint16_t kUnsupportedData = 1003;  // text frame
inline constexpr uint16_t kInvalidPayload = 1007;   // undecodable or invalid message
inline constexpr uint16_t kPolicyViolation = 1008;  // auth failed or timed out, rate limit
inline constexpr uint16_t kTooBig = 1009;           // frame over the configured maximum
inline constexpr uint16_t kTryAgainLater = 1013;    // send queue overflow: resync from cursor
}  // namespace close_code

// Every size limit the protocol enforces, in one place. Configurable by the server.
struct Limits {
  size_t max_frame_bytes = 64 * 1024;
  size_t max_ciphertext_bytes = 48 * 1024;
  size_t max_direct_payload_bytes = 4 * 1024;
  size_t max_direct_envelopes = 256;
  size_t max_name_bytes = 120;
  size_t max_invite_bytes = 128;
  uint32_t max_sync_limit = 500;
  uint32_t max_invite_ttl_seconds = 14 * 24 * 3600;
  // Signal shares (docs/signals.md). A sealed part also has to fit in max_frame_bytes.
  size_t max_consent_bytes = 512;
  size_t max_sealed_details_bytes = 48 * 1024;
  size_t max_sealed_photo_bytes = 48 * 1024;
  size_t max_sealed_contact_bytes = 4 * 1024;
  size_t max_thread_entry_bytes = 8 * 1024;  // a sealed question or answer
  size_t max_share_update_bytes = 2 * 1024;  // a partner's sealed update for the group
  size_t max_policy_entries = 64;            // categories or names in a channel policy
};

// The signal-report messages (ids 70-99): ValidateClientMessage calls this for them.
// kInvalidArgument with a short, safe message (also for any other message type).
Status ValidateSignalMessage(const v1::ClientMessage& m, const Limits& limits);

// Shared field checks (codec.cc).
Status CheckId(const std::string& id, const char* field);
Status CheckName(const std::string& name, const Limits& limits);
// A community area's length (kMinAreaChars..kMaxAreaChars). Its alphabet is checked by the
// server with signals::IsValidGeohash (protocol does not depend on signals).
Status CheckArea(const std::string& area);

// Parses one client frame and validates every field it carries (sizes, required fields,
// UTF-8 of strings, enum ranges). Returns kInvalidArgument with a short, safe message.
Result<v1::ClientMessage> DecodeClientMessage(std::string_view frame, const Limits& limits);

// Field validation alone, for messages built in memory.
Status ValidateClientMessage(const v1::ClientMessage& msg, const Limits& limits);

// Parses one server frame (used by clients). Checks only that it parses.
Result<v1::ServerMessage> DecodeServerMessage(std::string_view frame);

std::string Encode(const google::protobuf::MessageLite& msg);

}  // namespace weerbaar::protocol
