// Names of the signal-report enums as the CLI and the history show them, and their parsers.
// No I/O.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

// "received", "in_progress", "resolved", "rejected".
std::string_view ShareStatusName(v1::ShareStatus status);
// kInvalidArgument for any other name.
Result<v1::ShareStatus> ParseShareStatus(std::string_view name);
// "municipality", "police", "housing", "other".
std::string_view ChannelTypeName(v1::ChannelType type);
Result<v1::ChannelType> ParseChannelType(std::string_view name);
// "hour", "day", "week".
std::string_view TimeBucketName(v1::TimeBucket bucket);
Result<v1::TimeBucket> ParseTimeBucket(std::string_view name);

// The first 8 hex digits of an id: enough for a person to tell reports apart.
std::string ShortHex(std::string_view id);

// The ephemeral public key of a sealed box (crypto/channel_seal.h): fresh per box, so it
// names one thread entry. The whole box if it is too short to hold one (it opens as nothing).
std::string SealedBoxId(std::string_view sealed);

// Longest partner update a client sends, relays or shows, in bytes of UTF-8 (sealed, it
// stays under the server's max_share_update_bytes default).
inline constexpr size_t kMaxShareUpdateTextBytes = 1000;
// `text` cut to kMaxShareUpdateTextBytes at a character boundary, control characters
// (terminal escapes, line breaks) made spaces: a partner's words are relayed and shown as
// one line of plain text.
std::string CapShareUpdateText(std::string_view text);

}  // namespace weerbaar::client
