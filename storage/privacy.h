// The store's GDPR vocabulary: data classes, retention policies and the audit log.
// Included by storage/store.h; see docs/retention.md for the
// reasoning behind every default.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace weerbaar::storage {

// Binary identifiers (16 random bytes) are held in std::string.
using Id = std::string;

// What a record is, for retention and for the data key that seals it. The numbers are
// on disk (data key scopes, policy records): never renumber one.
enum class DataClass : uint8_t {
  kSystem = 1,          // installation metadata, policies: kept while the installation lives
  kAccount = 2,         // users, devices, their public keys: kept while the account exists
  kMembership = 3,      // communities, groups, memberships, invites: while they exist
  kChatMessage = 4,     // group messages and pairwise payloads
  kDelivery = 5,        // cursors and inbox counters: kept while the device exists
  kSignalReport = 6,    // a report posted to a community group
  kPartnerShare = 7,    // the copy of a report shared with a partner channel
  kConsentRecord = 8,   // a reporter's signed consent to a share
  kSurveyResponse = 9,  // an answer to a community survey
  kAuditEntry = 10,     // the audit log (Art. 30)
};

// Every class, in order.
inline constexpr DataClass kAllDataClasses[] = {
    DataClass::kSystem,       DataClass::kAccount,       DataClass::kMembership,
    DataClass::kChatMessage,  DataClass::kDelivery,      DataClass::kSignalReport,
    DataClass::kPartnerShare, DataClass::kConsentRecord, DataClass::kSurveyResponse,
    DataClass::kAuditEntry,
};

// The class's short name ("chat-message", "signal-report", ...); empty for a number that
// is not a DataClass. Stable: tools and the CLI accept it.
std::string_view DataClassName(DataClass data_class);
// Whether a community may choose its own period for the class (within the admin's bounds).
bool CommunityMayChoose(DataClass data_class);

// A period that never ends: records of the class live as long as what they belong to
// (an account, a device, the installation) and go with it.
inline constexpr int64_t kKeepForever = std::numeric_limits<int64_t>::max();
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 24 * kHourMs;

// A class's default retention and the bounds a community may choose within.
// REQUIRES for a stored policy: min_ms <= default_ms <= max_ms.
struct RetentionPolicy {
  int64_t default_ms = 0;
  int64_t min_ms = 0;
  int64_t max_ms = 0;
};

enum class RetentionSource : uint8_t {
  kBuiltIn = 1,    // no admin policy: the store's built-in default
  kAdmin = 2,      // the admin's default for the class
  kCommunity = 3,  // the community's own choice
};

// The retention that applies to a class in a community (community_id empty: records that
// belong to no community, and communities without a choice of their own).
struct EffectiveRetention {
  DataClass data_class = DataClass::kChatMessage;
  Id community_id;
  int64_t period_ms = 0;  // kKeepForever: kept while what it belongs to exists
  RetentionSource source = RetentionSource::kBuiltIn;
  // The community's choice lies outside bounds the admin narrowed later: period_ms is
  // the nearest bound.
  bool clamped = false;
  RetentionPolicy policy;  // the class's default and bounds
};

// ---- audit log (Art. 30) ----

// The numbers are on disk (hashed into the chain): never renumber one.
enum class AuditAction : uint8_t {
  kShare = 1,         // a report shared with a partner channel
  kWithdrawal = 2,    // consent to a share withdrawn
  kPolicyChange = 3,  // a retention policy or a community's period changed
  kErasure = 4,       // a user erased (Art. 17)
  kExport = 5,        // a user's data exported (Art. 15/20)
  kAdminAction = 6,   // any other administrative act worth a record
};

// What a caller asks to record. actor and subject are raw ids (user, community, ...), or
// empty for "the operator" / "nothing in particular"; the store keeps only their
// pseudonyms. detail is at most kMaxAuditDetailBytes and must not hold personal data.
struct AuditEvent {
  AuditAction action = AuditAction::kAdminAction;
  Id actor;
  Id subject;
  std::string detail;
};
inline constexpr size_t kMaxAuditDetailBytes = 512;

// One entry as stored. Personal data (class: audit entry): pseudonymous ids only.
// actor and subject are Store::Pseudonym() of the raw ids (empty stays empty).
// hash = BLAKE2b-256(previous entry's hash || canonical encoding of this entry).
struct AuditEntry {
  uint64_t index = 0;  // 1, 2, 3, ... never reused
  int64_t time_ms = 0;
  AuditAction action = AuditAction::kAdminAction;
  std::string actor;
  std::string subject;
  std::string detail;
  std::string hash;  // 32 bytes
};

// The outcome of Store::VerifyAudit.
struct AuditCheck {
  bool intact = true;
  uint64_t first_bad_index = 0;  // 0 when intact; else the first entry edited, missing or moved
  uint64_t entries = 0;          // entries checked
  uint64_t anchor_index = 0;     // entries up to here were pruned (0: none)
  std::string problem;           // for the operator; never holds ids
};

}  // namespace weerbaar::storage
