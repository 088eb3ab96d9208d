#include "storage/retention.h"

#include <algorithm>
#include <mutex>

#include "common/bytes.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {

std::string PolicyKey(DataClass data_class, std::string_view community) {
  std::string key(1, static_cast<char>(data_class));
  key.push_back(static_cast<char>(community.size()));
  key.append(community);
  return key;
}

std::string EncodePolicy(const RetentionPolicy& policy) {
  std::string out;
  for (int64_t v : {policy.default_ms, policy.min_ms, policy.max_ms}) {
    PutBigEndian64(out, static_cast<uint64_t>(v));
  }
  return out;
}

std::string EncodePeriod(int64_t period_ms) {
  std::string out;
  PutBigEndian64(out, static_cast<uint64_t>(period_ms));
  return out;
}

std::optional<RetentionPolicy> DecodePolicy(std::string_view value) {
  if (value.size() != 24) return std::nullopt;
  auto at = [&](size_t i) { return static_cast<int64_t>(GetBigEndian64(value.data() + 8 * i)); };
  return RetentionPolicy{at(0), at(1), at(2)};
}

std::optional<int64_t> DecodePeriod(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  return static_cast<int64_t>(GetBigEndian64(value.data()));
}

RetentionPolicy Retention::Policy(DataClass data_class) const {
  std::shared_lock lock(mu_);
  return AdminLocked(data_class).value_or(RulesOf(data_class)->builtin);
}

int64_t Retention::Period(std::string_view community, DataClass data_class) const {
  const ClassRules* rules = RulesOf(data_class);
  if (rules == nullptr || KeptForever(data_class)) return kKeepForever;
  std::shared_lock lock(mu_);
  const RetentionPolicy policy = AdminLocked(data_class).value_or(rules->builtin);
  return EffectivePeriod(policy, CommunityLocked(community, data_class));
}

int64_t Retention::ShortestPeriod(std::string_view community,
                                  std::span<const DataClass> classes) const {
  int64_t shortest = kKeepForever;
  for (DataClass c : classes) shortest = std::min(shortest, Period(community, c));
  return shortest;
}

EffectiveRetention Retention::Effective(std::string_view community, DataClass data_class) const {
  std::shared_lock lock(mu_);
  EffectiveRetention out;
  out.data_class = data_class;
  out.community_id = std::string(community);
  const std::optional<RetentionPolicy> admin = AdminLocked(data_class);
  out.policy = admin.value_or(RulesOf(data_class)->builtin);
  out.source = admin ? RetentionSource::kAdmin : RetentionSource::kBuiltIn;
  const std::optional<int64_t> chosen = CommunityLocked(community, data_class);
  out.period_ms = EffectivePeriod(out.policy, chosen);
  if (chosen) {
    out.source = RetentionSource::kCommunity;
    out.clamped = out.period_ms != *chosen;
  }
  return out;
}

void Retention::SetPolicy(DataClass data_class, const RetentionPolicy& policy) {
  std::unique_lock lock(mu_);
  admin_[data_class] = policy;
}

void Retention::SetCommunityPeriod(std::string_view community, DataClass data_class,
                                   std::optional<int64_t> period_ms) {
  std::unique_lock lock(mu_);
  const std::string key = PolicyKey(data_class, community);
  if (period_ms) {
    communities_[key] = *period_ms;
  } else {
    communities_.erase(key);
  }
}

Status Retention::Load(std::string_view key, std::string_view value) {
  if (key.size() < 2 || key.size() != 2u + static_cast<uint8_t>(key[1])) {
    return DataLoss("malformed policy key");
  }
  const auto data_class = static_cast<DataClass>(key[0]);
  if (RulesOf(data_class) == nullptr) return DataLoss("policy of an unknown class");
  const std::string_view community = key.substr(2);
  if (community.empty()) {
    std::optional<RetentionPolicy> policy = DecodePolicy(value);
    if (!policy) return DataLoss("malformed policy");
    SetPolicy(data_class, *policy);
  } else {
    std::optional<int64_t> period = DecodePeriod(value);
    if (!period) return DataLoss("malformed community period");
    SetCommunityPeriod(community, data_class, *period);
  }
  return Status::Ok();
}

std::optional<RetentionPolicy> Retention::AdminLocked(DataClass data_class) const {
  auto it = admin_.find(data_class);
  if (it == admin_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> Retention::CommunityLocked(std::string_view community,
                                                  DataClass data_class) const {
  if (community.empty()) return std::nullopt;
  auto it = communities_.find(PolicyKey(data_class, community));
  if (it == communities_.end()) return std::nullopt;
  return it->second;
}

}  // namespace weerbaar::storage
