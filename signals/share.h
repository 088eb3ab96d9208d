// Admission of a report share to a partner channel, and whether it may still be served.
// Pure functions: the server looks up the channel, its policy, the taxonomy and the
// reporter device's registered signing key, generates the pseudonym, passes in the time,
// and stores what AdmitShare returns (docs/signals.md, "Sharing").
//
// AdmitShare admits a share only if, in this order:
//   1. the consent decodes and passes crypto::CheckConsent for this channel at now_ms;
//   2. the consent covers "category", and every part present is covered by the consent:
//      location, time, details, photo, contact (a part the reporter did not consent to is
//      refused, not dropped, so a client bug cannot leak it silently later);
//   3. a "trends" consent carries no sealed parts (nothing of it is shown in the channel);
//   4. each sealed part present is a plausible box (kSealOverheadBytes..its maximum);
//   5. the card passes FilterCard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/consent.h"
#include "crypto/secret.h"
#include "signals/privacy_filter.h"
#include "signals/taxonomy.h"

namespace weerbaar::signals {

inline constexpr size_t kMaxSealedDetailsBytes = 64 * 1024;
inline constexpr size_t kMaxSealedPhotoBytes = 2 * 1024 * 1024;
inline constexpr size_t kMaxSealedContactBytes = 4 * 1024;

// A share as the reporter's device sends it. Personal data (the consent names the
// device, the card input holds the exact location); retention: the request only.
struct ShareRequest {
  Bytes consent;            // crypto::EncodeConsent
  Bytes consent_signature;  // crypto::SignConsent
  CardInput card;
  Bytes sealed_details;  // crypto::SealToChannel of the scrubbed details (+ reply key)
  Bytes sealed_photo;    // crypto::SealToChannel of the photo
  Bytes sealed_contact;  // crypto::SealToChannel of the reporter's contact details
};

// What the partner channel receives. Retention class: partner share (until the consent
// expires or is withdrawn). No reporter identity: the card carries a per-share
// pseudonym, and contact details exist only sealed, and only if the reporter opted in.
struct PartnerView {
  Bytes report_id;  // random per report; the sealed parts' aad needs it
  Card card;
  std::string purpose;
  int64_t consent_expires_at_ms = 0;
  bool may_ask_questions = false;  // the policy allows it and details carry a reply key
  Bytes sealed_details;
  Bytes sealed_photo;
  Bytes sealed_contact;

  // A "trends" share only counts in trends; it is never listed in the channel.
  bool ShownInChannel() const { return purpose != "trends"; }
};

// Errors: from DecodeConsent / CheckConsent (kInvalidArgument, kUnauthenticated,
// kPermissionDenied, kFailedPrecondition), kPermissionDenied for a part not covered by
// the consent, kInvalidArgument for a bad channel id or a sealed part of impossible size,
// and FilterCard's errors.
Result<PartnerView> AdmitShare(const ShareRequest& request, ByteView channel_id,
                               const ChannelPolicy& policy, const Taxonomy& taxonomy,
                               ByteView reporter_signing_key, ByteView pseudonym, int64_t now_ms);

// Whether a stored share may be served to the partner at now_ms: kFailedPrecondition if
// its consent was withdrawn or has expired (now_ms >= expiry). Reads check this every time.
Status CheckServable(const PartnerView& view, std::optional<int64_t> withdrawn_at_ms,
                     int64_t now_ms);

// A fresh random pseudonym for one share (kPseudonymBytes).
Bytes NewSharePseudonym();

// The server-internal key that lets trends count distinct reporters: BLAKE2b-128 keyed by
// the channel's trend secret (32 random bytes, rotated per quarter and then destroyed)
// over the account id. Never shown to a partner. kInvalidArgument for a secret that is
// not 32 bytes or an empty account id.
Result<Bytes> ReporterTrendKey(const crypto::SecretBytes& trend_secret, ByteView account_id);

}  // namespace weerbaar::signals
