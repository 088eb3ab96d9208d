// Retention: the policies in force, held in memory for every read, write and compaction.
//
// Loaded when the store opens from the `retention` column family, whose records are
//   key class (1) | len(community) (1) | community   (community empty: the admin policy)
//   value default | min | max (8 bytes BE each)  or, for a community, period (8 BE)
// and the horizons of the scopes (class x community; community empty: records outside a
// community), under the same column family:
//   key 0xff | class (1) | len(community) (1) | community   value horizon_ms (8 BE)
// Records of a scope created before its horizon are dead (docs/retention.md). A change
// reaches this cache only after the write that stores it is durable, a policy together
// with the horizons it raised.
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
#include <vector>

#include "common/status.h"
#include "storage/privacy.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {

// The record key of a policy. REQUIRES: community is at most 255 bytes.
std::string PolicyKey(DataClass data_class, std::string_view community);
std::string EncodePolicy(const RetentionPolicy& policy);
// The record key of a scope's horizon. REQUIRES: community is at most 255 bytes.
std::string HorizonKey(DataClass data_class, std::string_view community);
// Periods and horizons are stored alike (8 bytes BE).
std::string EncodePeriod(int64_t period_ms);
std::optional<RetentionPolicy> DecodePolicy(std::string_view value);
std::optional<int64_t> DecodePeriod(std::string_view value);

// A scope's horizon as raised by a change (applied to this cache with the change).
struct HorizonChange {
  DataClass data_class;
  std::string community;
  int64_t horizon_ms;
};

class Retention {
 public:
  // The admin's policy of the class, or the built-in one. REQUIRES: a known class.
  RetentionPolicy Policy(DataClass data_class) const;
  // The period in force for records of the class in the community ("" for none).
  // kKeepForever for classes kept forever and for numbers that are no class.
  int64_t Period(std::string_view community, DataClass data_class) const;
  // The period and the horizon of the scope: what decides a record's deadline.
  RetentionRule Rule(std::string_view community, DataClass data_class) const;
  // The earliest creation time at which a record of any of the classes is live at now_ms
  // (the latest LiveFrom over the classes): every record created since is live.
  int64_t LiveFrom(std::string_view community, std::span<const DataClass> classes,
                   int64_t now_ms) const;
  // Period with where it comes from. REQUIRES: a known class.
  EffectiveRetention Effective(std::string_view community, DataClass data_class) const;

  // Each applies a change with the horizons it raised, atomically for readers.
  void SetPolicy(DataClass data_class, const RetentionPolicy& policy,
                 const std::vector<HorizonChange>& raised = {});
  // nullopt removes the community's choice.
  void SetCommunityPeriod(std::string_view community, DataClass data_class,
                          std::optional<int64_t> period_ms,
                          const std::vector<HorizonChange>& raised = {});
  // Applies one stored policy or horizon record; kDataLoss if it is malformed.
  Status Load(std::string_view key, std::string_view value);

 private:
  std::optional<RetentionPolicy> AdminLocked(DataClass data_class) const;
  std::optional<int64_t> CommunityLocked(std::string_view community, DataClass data_class) const;
  void RaiseLocked(const std::vector<HorizonChange>& raised);

  mutable std::shared_mutex mu_;
  std::map<DataClass, RetentionPolicy> admin_;
  std::map<std::string, int64_t, std::less<>> communities_;  // by PolicyKey
  std::map<std::string, int64_t, std::less<>> horizons_;     // by PolicyKey
};

}  // namespace weerbaar::storage
