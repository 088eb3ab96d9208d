#include "signals/privacy_filter.h"

#include <algorithm>
#include <set>

#include "signals/geohash.h"

namespace weerbaar::signals {
namespace {

bool Accepts(const ChannelPolicy& policy, std::string_view category) {
  return std::find(policy.accepted_categories.begin(), policy.accepted_categories.end(),
                   category) != policy.accepted_categories.end();
}

// The name of an unknown field is echoed only when it is a plain identifier, so that a
// status message (which may reach a log) never carries arbitrary client text.
Status UnknownFieldError(const std::string& name) {
  const bool plain = !name.empty() && name.size() <= 32 &&
                     std::all_of(name.begin(), name.end(),
                                 [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return InvalidArgument("card: field " + (plain ? "'" + name + "' " : std::string()) +
                         "refused; a card has only category, location, time and community");
}

Status CheckCategory(const CardInput& in, const ChannelPolicy& policy, const Taxonomy& taxonomy) {
  const Category* category = taxonomy.Find(in.category);
  if (category == nullptr) return InvalidArgument("card: unknown category");
  if (!Accepts(policy, in.category)) {
    return PermissionDenied("card: category not accepted by this channel");
  }
  if (category->describes_person && policy.type != ChannelType::kPolice) {
    return PermissionDenied("card: a report that describes a person goes only to the police");
  }
  return Status::Ok();
}

Result<std::optional<std::string>> FilterLocation(const std::optional<std::string>& geohash,
                                                  int precision) {
  if (!geohash) return std::optional<std::string>();
  if (!IsValidGeohash(*geohash)) return InvalidArgument("card: invalid location");
  if (geohash->size() < static_cast<size_t>(precision)) {
    return InvalidArgument("card: location coarser than the channel's precision");
  }
  return std::optional<std::string>(geohash->substr(0, precision));
}

Result<std::optional<int64_t>> FilterTime(const std::optional<int64_t>& ts, TimeBucket bucket,
                                          int64_t now_ms) {
  if (!ts) return std::optional<int64_t>();
  if (*ts > now_ms + kMaxCardFutureSkewMs) return InvalidArgument("card: time in the future");
  if (*ts < 0 || *ts < now_ms - kMaxCardAgeMs) return InvalidArgument("card: time too old");
  return std::optional<int64_t>(BucketStart(*ts, bucket));
}

}  // namespace

Status ValidatePolicy(const ChannelPolicy& policy, const Taxonomy& taxonomy) {
  if (policy.location_precision < 1 || policy.location_precision > kMaxLocationPrecision) {
    return InvalidArgument("policy: location precision out of range");
  }
  std::set<std::string> seen;
  for (const std::string& id : policy.accepted_categories) {
    const Category* category = taxonomy.Find(id);
    if (category == nullptr) return InvalidArgument("policy: unknown category " + id);
    if (!seen.insert(id).second) return InvalidArgument("policy: category listed twice");
    if (category->describes_person && policy.type != ChannelType::kPolice) {
      return InvalidArgument("policy: " + id + " describes a person; only police may accept it");
    }
  }
  return Status::Ok();
}

Result<Card> FilterCard(const CardInput& in, const ChannelPolicy& policy, const Taxonomy& taxonomy,
                        ByteView pseudonym, int64_t now_ms) {
  if (Status s = ValidatePolicy(policy, taxonomy); !s.ok()) {
    return FailedPrecondition(s.message());
  }
  if (!in.extra.empty()) return UnknownFieldError(in.extra.begin()->first);
  WB_RETURN_IF_ERROR(CheckCategory(in, policy, taxonomy));
  if (in.community_id.size() != kCommunityIdBytes) {
    return InvalidArgument("card: bad community id");
  }
  if (pseudonym.size() != kPseudonymBytes) return InvalidArgument("card: bad pseudonym");
  Card card;
  WB_ASSIGN_OR_RETURN(card.geohash, FilterLocation(in.geohash, policy.location_precision));
  WB_ASSIGN_OR_RETURN(card.time_bucket_start_ms,
                      FilterTime(in.timestamp_ms, policy.time_bucket, now_ms));
  card.category = in.category;
  card.time_bucket = policy.time_bucket;
  card.community_id = in.community_id;
  card.pseudonym.assign(pseudonym.begin(), pseudonym.end());
  return card;
}

}  // namespace weerbaar::signals
