#include "signals/share.h"

#include <string_view>

#include "crypto/channel_seal.h"
#include "crypto/primitives.h"

namespace weerbaar::signals {
namespace {

struct Part {
  std::string_view field;
  bool present;
};

Status CheckCoveredByConsent(const crypto::ConsentRecord& consent, const ShareRequest& r) {
  if (!consent.Covers("category")) {
    return PermissionDenied("share: the consent must cover the category");
  }
  const Part parts[] = {{"location", r.card.geohash.has_value()},
                        {"time", r.card.timestamp_ms.has_value()},
                        {"details", !r.sealed_details.empty()},
                        {"photo", !r.sealed_photo.empty()},
                        {"contact", !r.sealed_contact.empty()}};
  for (const Part& p : parts) {
    if (p.present && !consent.Covers(p.field)) {
      return PermissionDenied("share: " + std::string(p.field) + " sent without consent");
    }
  }
  const bool sealed =
      !r.sealed_details.empty() || !r.sealed_photo.empty() || !r.sealed_contact.empty();
  if (consent.purpose == "trends" && sealed) {
    return PermissionDenied("share: a trends-only share carries no sealed parts");
  }
  return Status::Ok();
}

Status CheckSealedSize(ByteView sealed, size_t max) {
  if (sealed.empty()) return Status::Ok();
  if (sealed.size() < crypto::kSealOverheadBytes || sealed.size() > max) {
    return InvalidArgument("share: sealed part has an impossible size");
  }
  return Status::Ok();
}

Status CheckSealedSizes(const ShareRequest& r) {
  WB_RETURN_IF_ERROR(CheckSealedSize(r.sealed_details, kMaxSealedDetailsBytes));
  WB_RETURN_IF_ERROR(CheckSealedSize(r.sealed_photo, kMaxSealedPhotoBytes));
  return CheckSealedSize(r.sealed_contact, kMaxSealedContactBytes);
}

PartnerView BuildView(const crypto::ConsentRecord& consent, const ShareRequest& r, Card card,
                      const ChannelPolicy& policy) {
  PartnerView view;
  view.report_id = consent.report_id;
  view.card = std::move(card);
  view.purpose = consent.purpose;
  view.consent_expires_at_ms = consent.expires_at_ms;
  view.may_ask_questions = policy.may_ask_questions && !r.sealed_details.empty();
  view.sealed_details = r.sealed_details;
  view.sealed_photo = r.sealed_photo;
  view.sealed_contact = r.sealed_contact;
  return view;
}

}  // namespace

Result<PartnerView> AdmitShare(const ShareRequest& request, ByteView channel_id,
                               const ChannelPolicy& policy, const Taxonomy& taxonomy,
                               ByteView reporter_signing_key, ByteView pseudonym, int64_t now_ms) {
  if (channel_id.size() != crypto::kChannelIdBytes) {
    return InvalidArgument("share: bad channel id");
  }
  WB_ASSIGN_OR_RETURN(crypto::ConsentRecord consent, crypto::DecodeConsent(request.consent));
  WB_RETURN_IF_ERROR(crypto::CheckConsent(consent, request.consent_signature, reporter_signing_key,
                                          channel_id, now_ms));
  WB_RETURN_IF_ERROR(CheckCoveredByConsent(consent, request));
  WB_RETURN_IF_ERROR(CheckSealedSizes(request));
  WB_ASSIGN_OR_RETURN(Card card, FilterCard(request.card, policy, taxonomy, pseudonym, now_ms));
  return BuildView(consent, request, std::move(card), policy);
}

Status CheckServable(const PartnerView& view, std::optional<int64_t> withdrawn_at_ms,
                     int64_t now_ms) {
  if (withdrawn_at_ms) return FailedPrecondition("share: consent withdrawn");
  if (now_ms >= view.consent_expires_at_ms) return FailedPrecondition("share: consent expired");
  return Status::Ok();
}

Bytes NewSharePseudonym() { return crypto::RandomBytes(kPseudonymBytes); }

Result<Bytes> ReporterTrendKey(const crypto::SecretBytes& trend_secret, ByteView account_id) {
  if (trend_secret.size() != 32 || account_id.empty()) {
    return InvalidArgument("share: bad trend secret or account id");
  }
  return crypto::Hash(account_id, 16, trend_secret.view());
}

}  // namespace weerbaar::signals
