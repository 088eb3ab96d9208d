// Retention: the policies in force, held in memory for every read, write and compaction.
//
// Loaded when the store opens from the `retention` column family, whose records are
//   key class (1) | len(community) (1) | community   (community empty: the admin policy)
//   value default | min | max (8 bytes BE each)  or, for a community, period (8 BE)
// A change reaches this cache only after the write that stores it is durable.
// Private to the storage library. Thread safety: every method may be called from any
// thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/privacy.h"

namespace weerbaar::storage {

// The record key of a policy. REQUIRES: community is at most 255 bytes.
std::string PolicyKey(DataClass data_class, std::string_view community);
std::string EncodePolicy(const RetentionPolicy& policy);
std::string EncodePeriod(int64_t period_ms);
std::optional<RetentionPolicy> DecodePolicy(std::string_view value);
std::optional<int64_t> DecodePeriod(std::string_view value);

class Retention {
 public:
  // The admin's policy of the class, or the built-in one. REQUIRES: a known class.
  RetentionPolicy Policy(DataClass data_class) const;
  // The period in force for records of the class in the community ("" for none).
  // kKeepForever for classes kept forever and for numbers that are no class.
  int64_t Period(std::string_view community, DataClass data_class) const;
  // The smallest Period over the given classes.
  int64_t ShortestPeriod(std::string_view community, std::span<const DataClass> classes) const;
  // Period with where it comes from. REQUIRES: a known class.
  EffectiveRetention Effective(std::string_view community, DataClass data_class) const;

  void SetPolicy(DataClass data_class, const RetentionPolicy& policy);
  // nullopt removes the community's choice.
  void SetCommunityPeriod(std::string_view community, DataClass data_class,
                          std::optional<int64_t> period_ms);
  // Applies one stored policy record; kDataLoss if it is malformed.
  Status Load(std::string_view key, std::string_view value);

 private:
  std::optional<RetentionPolicy> AdminLocked(DataClass data_class) const;
  std::optional<int64_t> CommunityLocked(std::string_view community, DataClass data_class) const;

  mutable std::shared_mutex mu_;
  std::map<DataClass, RetentionPolicy> admin_;
  std::map<std::string, int64_t, std::less<>> communities_;  // by PolicyKey
};

}  // namespace weerbaar::storage
