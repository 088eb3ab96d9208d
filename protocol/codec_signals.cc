// Field validation of the signal-report messages (docs/signals.md). Only shapes and sizes:
// the meaning (consent signatures, the privacy filter, the policy against the taxonomy)
// is checked by the server with the signals library.
#include "protocol/codec.h"

namespace weerbaar::protocol {
namespace {

using v1::ClientMessage;

Status Bad(std::string what) { return InvalidArgument(std::move(what)); }

inline constexpr size_t kMaxCategoryBytes = 40;
inline constexpr size_t kMaxGeohashBytes = 12;

Status CheckBytes(const std::string& b, size_t min, size_t max, const char* field) {
  if (b.size() < min || b.size() > max) return Bad(std::string(field) + " size out of range");
  return Status::Ok();
}

Status CheckPolicy(const v1::ChannelPolicy& p, const Limits& l) {
  if (!v1::ChannelType_IsValid(p.type()) || !v1::TimeBucket_IsValid(p.time_bucket()))
    return Bad("unknown channel type or time bucket");
  if (p.location_precision() < 1 || p.location_precision() > 8)
    return Bad("location precision out of range");
  if (static_cast<size_t>(p.accepted_categories_size()) > l.max_policy_entries ||
      static_cast<size_t>(p.names_to_scrub_size()) > l.max_policy_entries)
    return Bad("too many policy entries");
  for (const std::string& c : p.accepted_categories())
    WB_RETURN_IF_ERROR(CheckBytes(c, 1, kMaxCategoryBytes, "category"));
  for (const std::string& n : p.names_to_scrub()) WB_RETURN_IF_ERROR(CheckName(n, l));
  return Status::Ok();
}

Status CheckShare(const v1::ShareReport& s, const Limits& l) {
  WB_RETURN_IF_ERROR(CheckId(s.channel_id(), "channel_id"));
  WB_RETURN_IF_ERROR(CheckBytes(s.consent(), 1, l.max_consent_bytes, "consent"));
  WB_RETURN_IF_ERROR(
      CheckBytes(s.consent_signature(), kSignatureBytes, kSignatureBytes, "consent_signature"));
  const v1::SignalCardInput& c = s.card();
  WB_RETURN_IF_ERROR(CheckBytes(c.category(), 1, kMaxCategoryBytes, "category"));
  if (c.has_geohash()) WB_RETURN_IF_ERROR(CheckBytes(c.geohash(), 1, kMaxGeohashBytes, "geohash"));
  WB_RETURN_IF_ERROR(CheckId(c.community_id(), "community_id"));
  WB_RETURN_IF_ERROR(CheckBytes(s.sealed_details(), 0, l.max_sealed_details_bytes, "details"));
  WB_RETURN_IF_ERROR(CheckBytes(s.sealed_photo(), 0, l.max_sealed_photo_bytes, "photo"));
  return CheckBytes(s.sealed_contact(), 0, l.max_sealed_contact_bytes, "contact");
}

Status CheckThread(const std::string& share_id, const std::string& sealed, const Limits& l) {
  WB_RETURN_IF_ERROR(CheckId(share_id, "share_id"));
  return CheckBytes(sealed, 1, l.max_thread_entry_bytes, "sealed");
}

Status CheckSync(const v1::SyncChannel& s, const Limits& l) {
  if (s.limit() > l.max_sync_limit) return Bad("limit too large");
  if (static_cast<size_t>(s.held_share_ids_size()) > l.max_sync_limit)
    return Bad("too many held_share_ids");
  for (const std::string& held : s.held_share_ids())
    WB_RETURN_IF_ERROR(CheckId(held, "held_share_ids"));
  return CheckId(s.channel_id(), "channel_id");
}

Status CheckWithdrawal(const v1::WithdrawConsent& w, const Limits& l) {
  WB_RETURN_IF_ERROR(CheckBytes(w.withdrawal(), 1, l.max_consent_bytes, "withdrawal"));
  return CheckBytes(w.signature(), kSignatureBytes, kSignatureBytes, "signature");
}

}  // namespace

Status ValidateSignalMessage(const ClientMessage& m, const Limits& l) {
  switch (m.body_case()) {
    case ClientMessage::kCreateChannel:
      WB_RETURN_IF_ERROR(CheckId(m.create_channel().community_id(), "community_id"));
      WB_RETURN_IF_ERROR(CheckName(m.create_channel().name(), l));
      return CheckPolicy(m.create_channel().policy(), l);
    case ClientMessage::kSetChannelKey:
      WB_RETURN_IF_ERROR(CheckId(m.set_channel_key().channel_id(), "channel_id"));
      return CheckBytes(m.set_channel_key().public_key(), kKeyBytes, kKeyBytes, "public_key");
    case ClientMessage::kListChannels:
      return CheckId(m.list_channels().community_id(), "community_id");
    case ClientMessage::kShareReport:
      return CheckShare(m.share_report(), l);
    case ClientMessage::kWithdrawConsent:
      return CheckWithdrawal(m.withdraw_consent(), l);
    case ClientMessage::kSyncChannel:
      return CheckSync(m.sync_channel(), l);
    case ClientMessage::kSetShareStatus:
      if (!v1::ShareStatus_IsValid(m.set_share_status().status())) return Bad("unknown status");
      return CheckId(m.set_share_status().share_id(), "share_id");
    case ClientMessage::kAskQuestion:
      return CheckThread(m.ask_question().share_id(), m.ask_question().sealed(), l);
    case ClientMessage::kAnswerQuestion:
      return CheckThread(m.answer_question().share_id(), m.answer_question().sealed(), l);
    case ClientMessage::kPostShareUpdate:
      WB_RETURN_IF_ERROR(CheckId(m.post_share_update().share_id(), "share_id"));
      return CheckBytes(m.post_share_update().sealed(), 1, l.max_share_update_bytes, "sealed");
    case ClientMessage::kGetTrends:
      if (m.get_trends().from_ms() >= m.get_trends().to_ms()) return Bad("empty time range");
      return CheckId(m.get_trends().channel_id(), "channel_id");
    case ClientMessage::kSetTaxonomy:
      return CheckBytes(m.set_taxonomy().overrides_json(), 2, l.max_frame_bytes, "overrides_json");
    case ClientMessage::kListChannelPartners:
      return CheckId(m.list_channel_partners().channel_id(), "channel_id");
    case ClientMessage::kListMyShares:
    case ClientMessage::kGetTaxonomy:
      return Status::Ok();
    default:
      return Bad("unknown message type");
  }
}

}  // namespace weerbaar::protocol
