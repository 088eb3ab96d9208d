#include "clients/share_builder.h"

#include <algorithm>

#include "common/bytes.h"
#include "crypto/consent.h"
#include "signals/geohash.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {
namespace {

bool Has(const std::vector<std::string>& fields, std::string_view f) {
  return std::find(fields.begin(), fields.end(), f) != fields.end();
}

std::vector<std::string> DefaultFields(const LocalReport& r, std::string_view purpose) {
  std::vector<std::string> out = {"category", "time"};
  if (r.has_location()) out.push_back("location");
  if (purpose == "trends") return out;
  if (!r.text().empty()) out.push_back("details");
  if (!r.photo().empty()) out.push_back("photo");
  return out;
}

// The fields in canonical order, each known, present in the report and allowed.
Result<std::vector<std::string>> CheckFields(const LocalReport& r, const ShareOptions& o) {
  std::vector<std::string> fields = o.fields.empty() ? DefaultFields(r, o.purpose) : o.fields;
  if (!Has(fields, "category")) return InvalidArgument("a share always includes the category");
  if (Has(fields, "location") && !r.has_location())
    return InvalidArgument("the report has no location to share");
  if (Has(fields, "photo") && r.photo().empty())
    return InvalidArgument("the report has no photo to share");
  if (Has(fields, "details") && r.text().empty())
    return InvalidArgument("the report has no text to share");
  bool sealed = Has(fields, "details") || Has(fields, "photo") || Has(fields, "contact");
  if (o.purpose == "trends" && sealed)
    return InvalidArgument("purpose trends shares no details, photo or contact");
  std::vector<std::string> canonical;
  for (std::string_view f : crypto::kConsentFields)
    if (Has(fields, f)) canonical.emplace_back(f);
  if (canonical.size() != fields.size()) return InvalidArgument("unknown or repeated field");
  return canonical;
}

signals::CardInput CardInputFor(const LocalReport& r, const signals::ChannelPolicy& policy,
                                const std::vector<std::string>& fields) {
  signals::CardInput in;
  in.category = r.category();
  in.community_id = ToBytes(r.community_id());
  // Only the channel's precision and bucket leave the device: the server never sees more.
  if (Has(fields, "location")) {
    auto hash = signals::EncodeGeohash(r.lat(), r.lon(), policy.location_precision);
    in.geohash = hash.ok() ? *hash : "!";  // an invalid location fails in FilterCard
  }
  if (Has(fields, "time"))
    in.timestamp_ms =
        signals::BucketStart(static_cast<int64_t>(r.happened_at_ms()), policy.time_bucket);
  return in;
}

v1::SignalCardInput CardToWire(const signals::Card& card) {
  v1::SignalCardInput out;
  out.set_category(card.category);
  if (card.geohash) out.set_geohash(*card.geohash);
  if (card.time_bucket_start_ms) out.set_timestamp_ms(*card.time_bucket_start_ms);
  out.set_community_id(ToString(card.community_id));
  return out;
}

Result<std::string> Seal(const v1::ChannelInfo& channel, ByteView aad, std::string_view plain) {
  WB_ASSIGN_OR_RETURN(Bytes box,
                      crypto::SealToChannel(AsBytes(channel.public_key()), AsBytes(plain), aad));
  return ToString(box);
}

}  // namespace

signals::ChannelPolicy PolicyFromWire(const v1::ChannelPolicy& p) {
  signals::ChannelPolicy out;
  switch (p.type()) {
    case v1::CHANNEL_MUNICIPALITY:
      out.type = signals::ChannelType::kMunicipality;
      break;
    case v1::CHANNEL_POLICE:
      out.type = signals::ChannelType::kPolice;
      break;
    case v1::CHANNEL_HOUSING:
      out.type = signals::ChannelType::kHousing;
      break;
    default:
      out.type = signals::ChannelType::kOther;
  }
  out.accepted_categories.assign(p.accepted_categories().begin(), p.accepted_categories().end());
  out.location_precision = static_cast<int>(p.location_precision());
  out.time_bucket = p.time_bucket() == v1::BUCKET_HOUR   ? signals::TimeBucket::kHour
                    : p.time_bucket() == v1::BUCKET_WEEK ? signals::TimeBucket::kWeek
                                                         : signals::TimeBucket::kDay;
  out.may_ask_questions = p.may_ask_questions();
  out.names_to_scrub.assign(p.names_to_scrub().begin(), p.names_to_scrub().end());
  return out;
}

Result<SharePreview> PreviewShare(const LocalReport& report, const v1::ChannelInfo& channel,
                                  const ShareOptions& options, const signals::Taxonomy& taxonomy,
                                  int64_t now_ms) {
  if (channel.public_key().empty())
    return FailedPrecondition("the channel has no key yet: its partner has not connected");
  if (std::find(crypto::kConsentPurposes.begin(), crypto::kConsentPurposes.end(),
                options.purpose) == crypto::kConsentPurposes.end())
    return InvalidArgument("unknown purpose; one of: handling, information, trends");
  SharePreview p;
  p.purpose = options.purpose;
  WB_ASSIGN_OR_RETURN(p.fields, CheckFields(report, options));
  signals::ChannelPolicy policy = PolicyFromWire(channel.policy());
  const Bytes placeholder_pseudonym(signals::kPseudonymBytes, 0);
  WB_ASSIGN_OR_RETURN(p.card, signals::FilterCard(CardInputFor(report, policy, p.fields), policy,
                                                  taxonomy, placeholder_pseudonym, now_ms));
  p.card.pseudonym.clear();
  p.expires_at_ms = now_ms + options.valid_for_ms;
  p.details = Has(p.fields, "details");
  p.photo = Has(p.fields, "photo");
  p.contact = Has(p.fields, "contact");
  if (p.contact) p.contact_name = options.contact_name;
  if (p.details) {
    WB_ASSIGN_OR_RETURN(p.scrub, crypto::Scrub(report.text(), {policy.names_to_scrub}));
    p.details_text = p.scrub.text;
  }
  return p;
}

Result<BuiltShare> BuildShare(const crypto::DeviceIdentity& device, const LocalReport& report,
                              const v1::ChannelInfo& channel, const SharePreview& preview,
                              int64_t now_ms) {
  crypto::ConsentRecord consent{ToBytes(report.report_id()),
                                ToBytes(channel.channel_id()),
                                preview.purpose,
                                preview.fields,
                                preview.expires_at_ms,
                                now_ms,
                                device.device_id()};
  WB_ASSIGN_OR_RETURN(Bytes encoded, crypto::EncodeConsent(consent));
  WB_ASSIGN_OR_RETURN(Bytes signature, crypto::SignConsent(device, consent));
  WB_ASSIGN_OR_RETURN(Bytes aad, crypto::ShareAad(consent.report_id, consent.channel_id));
  BuiltShare out{{}, crypto::X25519KeyPair::Generate()};
  v1::ShareReport& r = out.request;
  r.set_channel_id(channel.channel_id());
  r.set_consent(ToString(encoded));
  r.set_consent_signature(ToString(signature));
  *r.mutable_card() = CardToWire(preview.card);
  if (preview.details) {
    v1::SharedDetails details;
    details.set_text(preview.details_text);
    details.set_reply_public_key(ToString(out.reply.public_key));
    WB_ASSIGN_OR_RETURN(*r.mutable_sealed_details(),
                        Seal(channel, aad, details.SerializeAsString()));
  }
  if (preview.photo) {
    WB_ASSIGN_OR_RETURN(*r.mutable_sealed_photo(), Seal(channel, aad, report.photo()));
  }
  if (preview.contact) {
    v1::SharedContact contact;
    contact.set_name(preview.contact_name);
    WB_ASSIGN_OR_RETURN(*r.mutable_sealed_contact(),
                        Seal(channel, aad, contact.SerializeAsString()));
  }
  return out;
}

Result<v1::WithdrawConsent> BuildWithdrawal(const crypto::DeviceIdentity& device,
                                            const std::string& report_id,
                                            const std::string& channel_id, int64_t now_ms) {
  crypto::ConsentWithdrawal w{ToBytes(report_id), ToBytes(channel_id), now_ms, device.device_id()};
  WB_ASSIGN_OR_RETURN(Bytes encoded, crypto::EncodeWithdrawal(w));
  WB_ASSIGN_OR_RETURN(Bytes signature, crypto::SignWithdrawal(device, w));
  v1::WithdrawConsent out;
  out.set_withdrawal(ToString(encoded));
  out.set_signature(ToString(signature));
  return out;
}

}  // namespace weerbaar::client
