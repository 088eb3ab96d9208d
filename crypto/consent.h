// Consent records and withdrawals, signed by the reporter's device (docs/signals.md).
//
// A consent record says: this device lets partner channel C see these fields of report R,
// for this purpose, until this time. The server verifies it with CheckConsent before a
// share reaches the channel, and keeps it in the consent ledger; a signed withdrawal ends
// it. Partners never see the record (it names the device).
//
// Canonical encoding, version 1 (lp(x) = u32 BE len(x) || x, u64 BE):
//   consent    = u8 1 || lp(report id) || lp(channel id) || lp(purpose) || u32 n ||
//                n x lp(field, strictly ascending) || u64 expires_at_ms ||
//                u64 issued_at_ms || lp(device id)
//   withdrawal = u8 1 || lp(report id) || lp(channel id) || u64 withdrawn_at_ms ||
//                lp(device id)
// Signatures: SignWithContext("weerbaar/consent/v1", consent) and
// SignWithContext("weerbaar/consent-withdrawal/v1", withdrawal). Decoding refuses every
// non-canonical byte string, so one record has exactly one encoding and one signature
// message.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr size_t kReportIdBytes = 16;
inline constexpr size_t kChannelIdBytes = 16;
inline constexpr std::string_view kConsentContext = "weerbaar/consent/v1";
inline constexpr std::string_view kWithdrawalContext = "weerbaar/consent-withdrawal/v1";
// A device clock may run ahead of the server's by this much.
inline constexpr int64_t kConsentClockSkewMs = 5 * 60 * 1000;

// The fixed set of purposes: "handling" (the partner acts on the report), "information"
// (the partner is informed, no action expected), "trends" (counted in k-anonymous trends
// only; the partner's channel shows no card).
inline constexpr std::array<std::string_view, 3> kConsentPurposes = {"handling", "information",
                                                                     "trends"};
// The fixed set of fields, in canonical (ascending) order. "contact" means the reporter
// opts in to being identified to the partner; without it the partner sees a pseudonym.
inline constexpr std::array<std::string_view, 6> kConsentFields = {"category", "contact", "details",
                                                                   "location", "photo",   "time"};

// Personal data (links a device to a report and a channel). Retention class: consent
// record (kept while the share exists plus the accountability period, Art. 7(1)).
struct ConsentRecord {
  Bytes report_id;                  // 16 bytes
  Bytes channel_id;                 // 16 bytes
  std::string purpose;              // one of kConsentPurposes
  std::vector<std::string> fields;  // a non-empty subset of kConsentFields, any order
  int64_t expires_at_ms = 0;        // > issued_at_ms
  int64_t issued_at_ms = 0;         // >= 0
  Bytes device_id;                  // 16 bytes: the signing device

  bool Covers(std::string_view field) const;
};

// Personal data, retention class: consent record.
struct ConsentWithdrawal {
  Bytes report_id;              // 16 bytes
  Bytes channel_id;             // 16 bytes
  int64_t withdrawn_at_ms = 0;  // >= 0
  Bytes device_id;              // 16 bytes: the signing device
};

// kInvalidArgument names the first invalid field (wrong id size, unknown purpose, unknown
// or repeated field, no fields, negative time, expiry not after issue).
Result<Bytes> EncodeConsent(const ConsentRecord& record);
Result<ConsentRecord> DecodeConsent(ByteView encoded);
Result<Bytes> EncodeWithdrawal(const ConsentWithdrawal& withdrawal);
Result<ConsentWithdrawal> DecodeWithdrawal(ByteView encoded);

// Signs the canonical encoding. kInvalidArgument if the record is invalid or its device
// id is not the identity's.
Result<Bytes> SignConsent(const DeviceIdentity& device, const ConsentRecord& record);
Result<Bytes> SignWithdrawal(const DeviceIdentity& device, const ConsentWithdrawal& withdrawal);

// The server's check before a share is admitted. `signing_public_key` is the registered
// key of the device the record names (looked up by the caller). Returns, in this order:
//   kInvalidArgument     the record does not encode
//   kUnauthenticated     the device id is not that key's, or the signature does not verify
//   kPermissionDenied    the record is for another channel than `channel_id`
//   kFailedPrecondition  not yet valid (issued more than kConsentClockSkewMs after now_ms)
//                        or expired (now_ms >= expires_at_ms)
Status CheckConsent(const ConsentRecord& record, ByteView signature, ByteView signing_public_key,
                    ByteView channel_id, int64_t now_ms);

// Checks a withdrawal of `consent`: kInvalidArgument, kUnauthenticated as above;
// kPermissionDenied if it names another report or channel; kFailedPrecondition if dated
// more than kConsentClockSkewMs after now_ms. Whether the withdrawing device belongs to
// the consenting user is the caller's check (any of the user's devices may withdraw).
Status CheckWithdrawal(const ConsentWithdrawal& withdrawal, ByteView signature,
                       ByteView signing_public_key, const ConsentRecord& consent, int64_t now_ms);

}  // namespace weerbaar::crypto
