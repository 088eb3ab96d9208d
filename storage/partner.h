// The store's records for partner channels, shares and the consent ledger
// (docs/signals.md). Included by storage/store.h. The store keeps these as given; the
// server checks consent, policy and the privacy filter (signals/) before it writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/privacy.h"

namespace weerbaar::storage {

// A partner channel of a community. Personal data (class: membership): names_to_scrub
// (names the partner asks to keep out of details). Kept while the channel exists.
struct ChannelRecord {
  Id channel_id;
  Id community_id;
  std::string name;
  uint8_t type = 0;  // signals::ChannelType
  std::vector<std::string> accepted_categories;
  uint32_t location_precision = 6;
  uint8_t time_bucket = 0;  // signals::TimeBucket
  bool may_ask_questions = false;
  std::vector<std::string> names_to_scrub;
  std::string public_key;  // X25519; empty until a partner sets it
  uint64_t last_seq = 0;   // highest share seq of the channel
  int64_t created_ms = 0;
};

// A question or an update (from the partner, sealed to the reply key) or an answer (from
// the reporter, sealed to the channel key). Personal data (class: partner share).
struct ShareThreadEntry {
  bool from_partner = false;
  std::string sealed;
  int64_t time_ms = 0;
  bool is_update = false;  // with from_partner: an update for the report's group
};

// A report shared with a channel: the filtered card, the sealed parts, the status and
// the thread. Personal data (class: partner share), sealed under a data key of its own
// (subject ShareSubject(share_id)), so a withdrawal destroys every copy at once. Expires
// at the consent's expiry or by the partner-share retention, whichever is first.
struct ShareRecord {
  Id share_id;
  Id channel_id;
  uint64_t seq = 0;  // per channel, from 1; set by AddShare
  Id report_id;
  Id reporter_user;  // routing of statuses and questions; never shown to the partner
  // The card (signals::Card).
  std::string category;
  std::optional<std::string> geohash;
  std::optional<int64_t> time_bucket_start_ms;
  uint8_t time_bucket = 0;
  Id community_id;
  std::string pseudonym;
  std::string purpose;
  int64_t consent_expires_at_ms = 0;
  bool may_ask_questions = false;
  std::string sealed_details;
  std::string sealed_photo;
  std::string sealed_contact;
  uint8_t status = 0;  // signals::ShareStatus
  std::vector<ShareThreadEntry> thread;
  std::string reporter_trend_key;  // server-internal (signals::ReporterTrendKey)
  int64_t created_ms = 0;
};

// The consent ledger: the signed consent and, once withdrawn, the signed withdrawal.
// Personal data (class: consent record; names the device and the user), sealed under the
// reporter's key. Outlives the share it covers (accountability, Art. 7(1)).
struct ConsentLedgerRecord {
  Id report_id;
  Id channel_id;
  std::string consent;  // crypto::EncodeConsent
  std::string signature;
  Id device_id;
  Id user_id;
  Id share_id;
  int64_t received_ms = 0;
  std::string withdrawal;  // crypto::EncodeWithdrawal; empty while the consent stands
  std::string withdrawal_signature;
  int64_t withdrawn_ms = 0;
};

struct WithdrawOutcome {
  Id share_id;
  Id channel_id;
  bool share_deleted = false;  // false if it had expired already
  uint64_t audit_index = 0;
};

// The data-key subject of one share: "share|" + share id.
std::string ShareSubject(const Id& share_id);

}  // namespace weerbaar::storage
