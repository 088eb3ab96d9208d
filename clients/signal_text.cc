#include "clients/signal_text.h"

#include <algorithm>
#include <array>
#include <utility>

#include "common/bytes.h"

namespace weerbaar::client {
namespace {

template <typename Enum, size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<v1::ShareStatus, 4> kStatuses = {{{v1::STATUS_RECEIVED, "received"},
                                                  {v1::STATUS_IN_PROGRESS, "in_progress"},
                                                  {v1::STATUS_RESOLVED, "resolved"},
                                                  {v1::STATUS_REJECTED, "rejected"}}};
constexpr Names<v1::ChannelType, 4> kTypes = {{{v1::CHANNEL_MUNICIPALITY, "municipality"},
                                               {v1::CHANNEL_POLICE, "police"},
                                               {v1::CHANNEL_HOUSING, "housing"},
                                               {v1::CHANNEL_OTHER, "other"}}};
constexpr Names<v1::TimeBucket, 3> kBuckets = {
    {{v1::BUCKET_HOUR, "hour"}, {v1::BUCKET_DAY, "day"}, {v1::BUCKET_WEEK, "week"}}};

template <typename Enum, size_t N>
std::string_view NameIn(const Names<Enum, N>& names, Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

template <typename Enum, size_t N>
Result<Enum> ParseIn(const Names<Enum, N>& names, std::string_view name, std::string_view what) {
  for (const auto& [v, n] : names)
    if (n == name) return v;
  std::string known;
  for (const auto& [v, n] : names) known += (known.empty() ? "" : ", ") + std::string(n);
  return InvalidArgument("unknown " + std::string(what) + "; one of: " + known);
}

}  // namespace

std::string_view ShareStatusName(v1::ShareStatus s) { return NameIn(kStatuses, s); }
Result<v1::ShareStatus> ParseShareStatus(std::string_view name) {
  return ParseIn(kStatuses, name, "status");
}
std::string_view ChannelTypeName(v1::ChannelType t) { return NameIn(kTypes, t); }
Result<v1::ChannelType> ParseChannelType(std::string_view name) {
  return ParseIn(kTypes, name, "channel type");
}
std::string_view TimeBucketName(v1::TimeBucket b) { return NameIn(kBuckets, b); }
Result<v1::TimeBucket> ParseTimeBucket(std::string_view name) {
  return ParseIn(kBuckets, name, "time bucket");
}

std::string ShortHex(std::string_view id) { return HexEncode(AsBytes(id)).substr(0, 8); }

std::string SealedBoxId(std::string_view sealed) {
  constexpr size_t kKeyBytes = 32;  // after the version byte
  return std::string(sealed.size() > 1 + kKeyBytes ? sealed.substr(1, kKeyBytes) : sealed);
}

std::string CapShareUpdateText(std::string_view text) {
  size_t end = std::min(text.size(), kMaxShareUpdateTextBytes);
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  std::string out(text.substr(0, end));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

}  // namespace weerbaar::client
