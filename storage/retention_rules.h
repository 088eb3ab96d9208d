// Retention rules as plain functions of their inputs (no store, no clock): the built-in
// policy of every data class, validation of policies, the effective period and the
// deadline of a record, and the time buckets data keys are scoped by.
// Private to the storage library; reasoning in docs/retention.md.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "common/status.h"
#include "storage/privacy.h"

namespace weerbaar::storage {

struct ClassRules {
  DataClass data_class;
  std::string_view name;    // for audit details and logs
  RetentionPolicy builtin;  // default and bounds until an admin sets a policy
  // Hard limits no admin policy may cross (the audit log must outlive what it records).
  int64_t floor_ms;
  int64_t ceiling_ms;
  bool community_choice;  // a community may pick its own period within the bounds
};

// The classes a group message and an inbox entry may carry.
inline constexpr std::array<DataClass, 3> kGroupMessageClasses = {
    DataClass::kChatMessage, DataClass::kSignalReport, DataClass::kSurveyResponse};
inline constexpr std::array<DataClass, 2> kInboxClasses = {DataClass::kChatMessage,
                                                           DataClass::kPartnerShare};
bool OneOf(DataClass data_class, std::span<const DataClass> classes);

// The rules of a class; nullptr for a number that is not a DataClass.
const ClassRules* RulesOf(DataClass data_class);
// True for classes kept forever (no time limit: account, membership, delivery, system).
bool KeptForever(DataClass data_class);

// kInvalidArgument unless the class takes a policy and floor <= min <= default <= max
// <= ceiling.
Status ValidatePolicy(DataClass data_class, const RetentionPolicy& policy);
// kInvalidArgument unless a community may choose for the class and min <= period <= max.
Status ValidateCommunityPeriod(DataClass data_class, const RetentionPolicy& policy,
                               int64_t period_ms);

// The period in force: the community's choice clamped to the bounds, else the default.
int64_t EffectivePeriod(const RetentionPolicy& policy, std::optional<int64_t> community_ms);

// No horizon: nothing of the scope was hidden by a period since lengthened.
inline constexpr int64_t kNoHorizon = std::numeric_limits<int64_t>::min();

// What decides a record's deadline in one retention scope (class x community): the
// period in force, and the horizon: records created before it are dead, because a period
// in force earlier had hidden them (docs/retention.md, "Lengthening").
struct RetentionRule {
  int64_t period_ms = kKeepForever;
  int64_t horizon_ms = kNoHorizon;
};

// a + b, saturating at kKeepForever (both >= 0 in practice; negatives do not overflow).
int64_t SaturatingAdd(int64_t a, int64_t b);
// A record's deadline: min(its stored expiry, created + the period now in force), or its
// creation time if it was created before the horizon (dead ever since).
// It is absent from the deadline on: expired means now_ms >= deadline.
int64_t Deadline(int64_t created_ms, int64_t expiry_ms, const RetentionRule& rule);
inline bool Expired(int64_t now_ms, int64_t deadline_ms) { return now_ms >= deadline_ms; }
// The earliest creation time of a record the rule keeps live at now_ms (stored expiry
// aside): no earlier than the horizon, and created + period > now.
int64_t LiveFrom(const RetentionRule& rule, int64_t now_ms);
// The horizon once `old_period_ms` stops being in force at now_ms: raised to cover every
// record that period hid at now (created + old period <= now), never lowered. A period
// kept forever hid nothing.
int64_t RaisedHorizon(int64_t horizon_ms, int64_t now_ms, int64_t old_period_ms);
// A change from old to new period needs the horizon raised only when it lengthens: a
// period no longer than the old one hides at least what the old one hid.
inline bool Lengthens(int64_t old_period_ms, int64_t new_period_ms) {
  return new_period_ms > old_period_ms;
}

// Data keys of time-limited classes are scoped by UTC day: the bucket is the day number
// since 1970-01-01. Classes kept forever use bucket 0.
uint32_t BucketOf(DataClass data_class, int64_t now_ms);
// The first millisecond after the bucket.
int64_t BucketEndMs(uint32_t bucket);
// When every record sealed under a key of (bucket, period) must have expired.
int64_t KeyDeadline(uint32_t bucket, int64_t period_ms);

}  // namespace weerbaar::storage
