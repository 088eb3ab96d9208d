// The server's privacy filter for signal cards: a pure function from what a client
// submitted and the channel's sharing policy to the card the partner channel may see, or a
// refusal. Rules (docs/signals.md, "Privacy filter"):
//   - only category, location (geohash), time and community: any other field is refused;
//   - the category must exist, be accepted by the channel, and, if it describes a person,
//     the channel must be a police channel (house rule);
//   - the location is cut to the channel's precision; a location coarser than that
//     precision is refused (all cards of a channel are comparable in routing and trends;
//     a reporter who wants to give no location leaves it out, and out of the consent);
//   - the time is truncated to the channel's bucket; more than kMaxCardFutureSkewMs in the
//     future or more than kMaxCardAgeMs in the past is refused;
//   - no reporter identity: the card carries only the per-share pseudonym the caller
//     generated for this share.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/status.h"
#include "signals/calendar.h"
#include "signals/taxonomy.h"

namespace weerbaar::signals {

inline constexpr size_t kCommunityIdBytes = 16;
inline constexpr size_t kPseudonymBytes = 16;
// A card is never more precise than a geohash of 8 characters (about 19 m x 38 m).
inline constexpr int kMaxLocationPrecision = 8;
inline constexpr int64_t kMaxCardFutureSkewMs = 5 * 60 * 1000;
inline constexpr int64_t kMaxCardAgeMs = 30 * kDayMs;

enum class ChannelType { kMunicipality, kPolice, kHousing, kOther };

// A partner channel's sharing policy, set by the admin. `names_to_scrub` is personal data
// (names of people the partner asks to keep out of details); retention class: channel
// configuration.
struct ChannelPolicy {
  ChannelType type = ChannelType::kOther;
  std::vector<std::string> accepted_categories;  // category ids
  int location_precision = 6;                    // geohash length, 1..kMaxLocationPrecision
  TimeBucket time_bucket = TimeBucket::kDay;
  bool may_ask_questions = false;
  std::vector<std::string> names_to_scrub;  // handed to the device's scrubber
};

// kInvalidArgument: precision out of range, an accepted category unknown to the taxonomy
// or listed twice, or a category that describes a person on a channel that is not police.
Status ValidatePolicy(const ChannelPolicy& policy, const Taxonomy& taxonomy);

// What a client submits. The exact location is personal data; this struct is never stored
// (retention: the request only).
struct CardInput {
  std::string category;
  std::optional<std::string> geohash;        // lower case, at least the channel's precision
  std::optional<int64_t> timestamp_ms;       // when it happened
  Bytes community_id;                        // 16 bytes
  std::map<std::string, std::string> extra;  // every other field the client sent
};

// What the partner channel sees. Retention class: partner share.
struct Card {
  std::string category;
  std::optional<std::string> geohash;           // exactly policy.location_precision
  std::optional<int64_t> time_bucket_start_ms;  // BucketStart(timestamp, bucket)
  TimeBucket time_bucket = TimeBucket::kDay;
  Bytes community_id;
  Bytes pseudonym;  // random per share; never the reporter's identity
};

// Returns the filtered card or the first rule it breaks:
//   kFailedPrecondition  the policy itself is invalid (ValidatePolicy)
//   kInvalidArgument     an extra field, unknown category, bad community id or pseudonym,
//                        invalid geohash or one coarser than the policy, a time in the
//                        future or too old
//   kPermissionDenied    the channel does not accept the category, or the category
//                        describes a person and the channel is not police
Result<Card> FilterCard(const CardInput& in, const ChannelPolicy& policy, const Taxonomy& taxonomy,
                        ByteView pseudonym, int64_t now_ms);

}  // namespace weerbaar::signals
