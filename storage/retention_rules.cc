#include "storage/retention_rules.h"

#include <algorithm>
#include <array>

namespace weerbaar::storage {
namespace {

constexpr int64_t kYearMs = 365 * kDayMs;
constexpr RetentionPolicy kForeverPolicy{kKeepForever, kKeepForever, kKeepForever};

// The reasoning behind every number is in docs/retention.md.
constexpr std::array<ClassRules, 10> kRules = {{
    {DataClass::kSystem, "system", kForeverPolicy, kKeepForever, kKeepForever, false},
    {DataClass::kAccount, "account", kForeverPolicy, kKeepForever, kKeepForever, false},
    {DataClass::kMembership, "membership", kForeverPolicy, kKeepForever, kKeepForever, false},
    {DataClass::kChatMessage,
     "chat-message",
     {90 * kDayMs, kDayMs, 2 * kYearMs},
     kHourMs,
     10 * kYearMs,
     true},
    {DataClass::kDelivery, "delivery", kForeverPolicy, kKeepForever, kKeepForever, false},
    {DataClass::kSignalReport,
     "signal-report",
     {180 * kDayMs, 7 * kDayMs, 2 * kYearMs},
     kHourMs,
     10 * kYearMs,
     true},
    {DataClass::kPartnerShare,
     "partner-share",
     {90 * kDayMs, 7 * kDayMs, kYearMs},
     kHourMs,
     10 * kYearMs,
     false},
    {DataClass::kConsentRecord,
     "consent-record",
     {2 * kYearMs, kYearMs, 5 * kYearMs},
     kYearMs,
     10 * kYearMs,
     false},
    {DataClass::kSurveyResponse,
     "survey-response",
     {90 * kDayMs, kDayMs, kYearMs},
     kHourMs,
     10 * kYearMs,
     true},
    {DataClass::kAuditEntry,
     "audit-entry",
     {2 * kYearMs, kYearMs, 5 * kYearMs},
     kYearMs,
     10 * kYearMs,
     false},
}};

}  // namespace

bool OneOf(DataClass data_class, std::span<const DataClass> classes) {
  return std::find(classes.begin(), classes.end(), data_class) != classes.end();
}

const ClassRules* RulesOf(DataClass data_class) {
  for (const ClassRules& rules : kRules) {
    if (rules.data_class == data_class) return &rules;
  }
  return nullptr;
}

std::string_view DataClassName(DataClass data_class) {
  const ClassRules* rules = RulesOf(data_class);
  return rules == nullptr ? std::string_view() : rules->name;
}

bool CommunityMayChoose(DataClass data_class) {
  const ClassRules* rules = RulesOf(data_class);
  return rules != nullptr && rules->community_choice;
}

bool KeptForever(DataClass data_class) {
  const ClassRules* rules = RulesOf(data_class);
  return rules == nullptr || rules->builtin.default_ms == kKeepForever;
}

Status ValidatePolicy(DataClass data_class, const RetentionPolicy& policy) {
  const ClassRules* rules = RulesOf(data_class);
  if (rules == nullptr) return InvalidArgument("unknown data class");
  if (KeptForever(data_class)) {
    return InvalidArgument("this class is kept while what it belongs to exists");
  }
  if (policy.min_ms < rules->floor_ms || policy.max_ms > rules->ceiling_ms) {
    return InvalidArgument("bounds outside the class's hard limits");
  }
  if (policy.min_ms > policy.max_ms) return InvalidArgument("minimum above maximum");
  if (policy.default_ms < policy.min_ms || policy.default_ms > policy.max_ms) {
    return InvalidArgument("default outside its own bounds");
  }
  return Status::Ok();
}

Status ValidateCommunityPeriod(DataClass data_class, const RetentionPolicy& policy,
                               int64_t period_ms) {
  const ClassRules* rules = RulesOf(data_class);
  if (rules == nullptr) return InvalidArgument("unknown data class");
  if (!rules->community_choice) return InvalidArgument("a community cannot choose this class");
  if (period_ms < policy.min_ms || period_ms > policy.max_ms) {
    return InvalidArgument("period outside the admin's bounds");
  }
  return Status::Ok();
}

int64_t EffectivePeriod(const RetentionPolicy& policy, std::optional<int64_t> community_ms) {
  if (!community_ms) return policy.default_ms;
  return std::clamp(*community_ms, policy.min_ms, policy.max_ms);
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  if (b > 0 && a > kKeepForever - b) return kKeepForever;
  return a + b;
}

int64_t Deadline(int64_t created_ms, int64_t expiry_ms, const RetentionRule& rule) {
  if (created_ms < rule.horizon_ms) return std::min(expiry_ms, created_ms);
  return std::min(expiry_ms, SaturatingAdd(created_ms, rule.period_ms));
}

int64_t LiveFrom(const RetentionRule& rule, int64_t now_ms) {
  if (rule.period_ms == kKeepForever) return rule.horizon_ms;
  return std::max(rule.horizon_ms, now_ms - rule.period_ms + 1);
}

int64_t RaisedHorizon(int64_t horizon_ms, int64_t now_ms, int64_t old_period_ms) {
  if (old_period_ms == kKeepForever) return horizon_ms;
  return std::max(horizon_ms, now_ms - old_period_ms + 1);
}

uint32_t BucketOf(DataClass data_class, int64_t now_ms) {
  if (KeptForever(data_class) || now_ms < 0) return 0;
  return static_cast<uint32_t>(now_ms / kDayMs);
}

int64_t BucketEndMs(uint32_t bucket) { return (int64_t{bucket} + 1) * kDayMs; }

int64_t KeyDeadline(uint32_t bucket, int64_t period_ms) {
  return SaturatingAdd(BucketEndMs(bucket), period_ms);
}

}  // namespace weerbaar::storage
