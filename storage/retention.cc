#include "storage/retention.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "common/bytes.h"

namespace weerbaar::storage {
namespace {

constexpr char kHorizonTag = '\xff';  // no class has this number

using Scope = std::pair<DataClass, std::string_view>;

// The class and community of a PolicyKey; nullopt if malformed or of an unknown class.
std::optional<Scope> ParseScope(std::string_view key) {
  if (key.size() < 2 || key.size() != 2u + static_cast<uint8_t>(key[1])) return std::nullopt;
  const auto data_class = static_cast<DataClass>(key[0]);
  if (RulesOf(data_class) == nullptr) return std::nullopt;
  return Scope{data_class, key.substr(2)};
}

}  // namespace

std::string PolicyKey(DataClass data_class, std::string_view community) {
  std::string key(1, static_cast<char>(data_class));
  key.push_back(static_cast<char>(community.size()));
  key.append(community);
  return key;
}

std::string HorizonKey(DataClass data_class, std::string_view community) {
  return kHorizonTag + PolicyKey(data_class, community);
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
  return Rule(community, data_class).period_ms;
}

RetentionRule Retention::Rule(std::string_view community, DataClass data_class) const {
  const ClassRules* rules = RulesOf(data_class);
  if (rules == nullptr || KeptForever(data_class)) return {};
  // One key for both lookups: every read judges every record through here.
  const std::string key = PolicyKey(data_class, community);
  std::shared_lock lock(mu_);
  RetentionRule rule;
  const RetentionPolicy policy = AdminLocked(data_class).value_or(rules->builtin);
  std::optional<int64_t> chosen;
  if (auto it = communities_.find(key); !community.empty() && it != communities_.end()) {
    chosen = it->second;
  }
  rule.period_ms = EffectivePeriod(policy, chosen);
  if (auto it = horizons_.find(key); it != horizons_.end()) rule.horizon_ms = it->second;
  return rule;
}

int64_t Retention::LiveFrom(std::string_view community, std::span<const DataClass> classes,
                            int64_t now_ms) const {
  int64_t from = kNoHorizon;
  for (DataClass c : classes) {
    from = std::max(from, storage::LiveFrom(Rule(community, c), now_ms));
  }
  return from;
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

void Retention::SetPolicy(DataClass data_class, const RetentionPolicy& policy,
                          const std::vector<HorizonChange>& raised) {
  std::unique_lock lock(mu_);
  RaiseLocked(raised);
  admin_[data_class] = policy;
}

void Retention::SetCommunityPeriod(std::string_view community, DataClass data_class,
                                   std::optional<int64_t> period_ms,
                                   const std::vector<HorizonChange>& raised) {
  std::unique_lock lock(mu_);
  RaiseLocked(raised);
  const std::string key = PolicyKey(data_class, community);
  if (period_ms) {
    communities_[key] = *period_ms;
  } else {
    communities_.erase(key);
  }
}

Status Retention::Load(std::string_view key, std::string_view value) {
  const bool horizon = key.starts_with(kHorizonTag);
  std::optional<Scope> scope = ParseScope(horizon ? key.substr(1) : key);
  if (!scope) return DataLoss("malformed retention key");
  const auto [data_class, community] = *scope;
  if (!horizon && community.empty()) {
    std::optional<RetentionPolicy> policy = DecodePolicy(value);
    if (!policy) return DataLoss("malformed policy");
    SetPolicy(data_class, *policy);
    return Status::Ok();
  }
  std::optional<int64_t> ms = DecodePeriod(value);
  if (!ms) return DataLoss("malformed community period or horizon");
  if (horizon) {
    std::unique_lock lock(mu_);
    RaiseLocked({{data_class, std::string(community), *ms}});
  } else {
    SetCommunityPeriod(community, data_class, *ms);
  }
  return Status::Ok();
}

void Retention::RaiseLocked(const std::vector<HorizonChange>& raised) {
  for (const HorizonChange& change : raised) {
    auto [it, inserted] =
        horizons_.try_emplace(PolicyKey(change.data_class, change.community), change.horizon_ms);
    if (!inserted) it->second = std::max(it->second, change.horizon_ms);
  }
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
