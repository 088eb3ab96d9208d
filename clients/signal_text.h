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

}  // namespace weerbaar::client
