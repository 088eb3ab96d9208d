#include "server/signal_wire.h"

#include <google/protobuf/unknown_field_set.h>

#include <string>

#include "common/bytes.h"

namespace weerbaar::server {
namespace {

using signals::ChannelType;
using signals::TimeBucket;

// Wire and library enums differ in order; the store keeps the library's values.
ChannelType TypeFromWire(v1::ChannelType t) {
  switch (t) {
    case v1::CHANNEL_MUNICIPALITY:
      return ChannelType::kMunicipality;
    case v1::CHANNEL_POLICE:
      return ChannelType::kPolice;
    case v1::CHANNEL_HOUSING:
      return ChannelType::kHousing;
    default:
      return ChannelType::kOther;
  }
}

v1::ChannelType TypeToWire(ChannelType t) {
  switch (t) {
    case ChannelType::kMunicipality:
      return v1::CHANNEL_MUNICIPALITY;
    case ChannelType::kPolice:
      return v1::CHANNEL_POLICE;
    case ChannelType::kHousing:
      return v1::CHANNEL_HOUSING;
    default:
      return v1::CHANNEL_OTHER;
  }
}

TimeBucket BucketFromWire(v1::TimeBucket b) {
  if (b == v1::BUCKET_HOUR) return TimeBucket::kHour;
  return b == v1::BUCKET_WEEK ? TimeBucket::kWeek : TimeBucket::kDay;
}

v1::TimeBucket BucketToWire(TimeBucket b) {
  if (b == TimeBucket::kHour) return v1::BUCKET_HOUR;
  return b == TimeBucket::kWeek ? v1::BUCKET_WEEK : v1::BUCKET_DAY;
}

ChannelType StoredType(uint8_t t) {
  return t <= static_cast<uint8_t>(ChannelType::kOther) ? static_cast<ChannelType>(t)
                                                        : ChannelType::kOther;
}

TimeBucket StoredBucket(uint8_t b) {
  return b <= static_cast<uint8_t>(TimeBucket::kWeek) ? static_cast<TimeBucket>(b)
                                                      : TimeBucket::kDay;
}

}  // namespace

Result<signals::Taxonomy> EffectiveTaxonomy(const std::optional<std::string>& overrides_json) {
  Result<signals::Taxonomy> base = signals::Taxonomy::Default();
  if (!base.ok()) return Internal("taxonomy does not load");
  if (!overrides_json) return base;
  WB_ASSIGN_OR_RETURN(signals::TaxonomyOverrides overrides,
                      signals::ParseTaxonomyOverrides(*overrides_json));
  return signals::ApplyOverrides(*base, overrides);
}

void PolicyFromWire(const v1::ChannelPolicy& in, storage::ChannelRecord* out) {
  out->type = static_cast<uint8_t>(TypeFromWire(in.type()));
  out->accepted_categories.assign(in.accepted_categories().begin(), in.accepted_categories().end());
  out->location_precision = in.location_precision();
  out->time_bucket = static_cast<uint8_t>(BucketFromWire(in.time_bucket()));
  out->may_ask_questions = in.may_ask_questions();
  out->names_to_scrub.assign(in.names_to_scrub().begin(), in.names_to_scrub().end());
}

signals::ChannelPolicy PolicyOf(const storage::ChannelRecord& c) {
  return {
      StoredType(c.type),          c.accepted_categories, static_cast<int>(c.location_precision),
      StoredBucket(c.time_bucket), c.may_ask_questions,   c.names_to_scrub};
}

void ChannelToWire(const storage::ChannelRecord& in, v1::ChannelInfo* out) {
  out->set_channel_id(in.channel_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_public_key(in.public_key);
  v1::ChannelPolicy* p = out->mutable_policy();
  p->set_type(TypeToWire(StoredType(in.type)));
  for (const std::string& c : in.accepted_categories) p->add_accepted_categories(c);
  p->set_location_precision(in.location_precision);
  p->set_time_bucket(BucketToWire(StoredBucket(in.time_bucket)));
  p->set_may_ask_questions(in.may_ask_questions);
  for (const std::string& n : in.names_to_scrub) p->add_names_to_scrub(n);
}

signals::CardInput CardFromWire(const v1::SignalCardInput& in) {
  signals::CardInput card;
  card.category = in.category();
  if (in.has_geohash()) card.geohash = in.geohash();
  if (in.has_timestamp_ms()) card.timestamp_ms = static_cast<int64_t>(in.timestamp_ms());
  card.community_id = ToBytes(in.community_id());
  const google::protobuf::UnknownFieldSet& unknown = in.GetReflection()->GetUnknownFields(in);
  for (int i = 0; i < unknown.field_count(); ++i)
    card.extra["field " + std::to_string(unknown.field(i).number())] = "";
  return card;
}

signals::ShareRequest ShareRequestFromWire(const v1::ShareReport& in) {
  return {ToBytes(in.consent()),      ToBytes(in.consent_signature()),
          CardFromWire(in.card()),    ToBytes(in.sealed_details()),
          ToBytes(in.sealed_photo()), ToBytes(in.sealed_contact())};
}

storage::ShareRecord ShareFromView(const signals::PartnerView& view, const storage::Id& share_id,
                                   const storage::Id& channel_id, const storage::Id& reporter) {
  storage::ShareRecord s;
  s.share_id = share_id;
  s.channel_id = channel_id;
  s.report_id = ToString(view.report_id);
  s.reporter_user = reporter;
  s.category = view.card.category;
  s.geohash = view.card.geohash;
  s.time_bucket_start_ms = view.card.time_bucket_start_ms;
  s.time_bucket = static_cast<uint8_t>(view.card.time_bucket);
  s.community_id = ToString(view.card.community_id);
  s.pseudonym = ToString(view.card.pseudonym);
  s.purpose = view.purpose;
  s.consent_expires_at_ms = view.consent_expires_at_ms;
  s.may_ask_questions = view.may_ask_questions;
  s.sealed_details = ToString(view.sealed_details);
  s.sealed_photo = ToString(view.sealed_photo);
  s.sealed_contact = ToString(view.sealed_contact);
  s.status = static_cast<uint8_t>(signals::ShareStatus::kReceived);
  return s;
}

signals::PartnerView ViewOf(const storage::ShareRecord& s) {
  signals::PartnerView view;
  view.report_id = ToBytes(s.report_id);
  view.card = {s.category,
               s.geohash,
               s.time_bucket_start_ms,
               StoredBucket(s.time_bucket),
               ToBytes(s.community_id),
               ToBytes(s.pseudonym)};
  view.purpose = s.purpose;
  view.consent_expires_at_ms = s.consent_expires_at_ms;
  view.may_ask_questions = s.may_ask_questions;
  return view;
}

v1::ShareStatus StatusToWire(uint8_t status) {
  return status <= v1::STATUS_REJECTED ? static_cast<v1::ShareStatus>(status) : v1::STATUS_RECEIVED;
}

void ThreadToWire(const storage::ShareRecord& share, const storage::ShareThreadEntry& entry,
                  v1::ShareThreadEntry* out) {
  out->set_share_id(share.share_id);
  out->set_from_partner(entry.from_partner);
  out->set_sealed(entry.sealed);
  out->set_server_time_ms(static_cast<uint64_t>(entry.time_ms));
  out->set_report_id(share.report_id);
  out->set_channel_id(share.channel_id);
  out->set_is_update(entry.is_update);
}

void ShareToWire(const storage::ShareRecord& in, v1::ChannelShare* out) {
  out->set_seq(in.seq);
  out->set_share_id(in.share_id);
  out->set_report_id(in.report_id);
  out->set_channel_id(in.channel_id);
  v1::SignalCard* card = out->mutable_card();
  card->set_category(in.category);
  if (in.geohash) card->set_geohash(*in.geohash);
  if (in.time_bucket_start_ms)
    card->set_time_bucket_start_ms(static_cast<uint64_t>(*in.time_bucket_start_ms));
  card->set_time_bucket(BucketToWire(StoredBucket(in.time_bucket)));
  card->set_community_id(in.community_id);
  card->set_pseudonym(in.pseudonym);
  out->set_purpose(in.purpose);
  out->set_consent_expires_at_ms(static_cast<uint64_t>(in.consent_expires_at_ms));
  out->set_may_ask_questions(in.may_ask_questions);
  out->set_sealed_details(in.sealed_details);
  out->set_sealed_photo(in.sealed_photo);
  out->set_sealed_contact(in.sealed_contact);
  out->set_status(StatusToWire(in.status));
  for (const storage::ShareThreadEntry& e : in.thread) ThreadToWire(in, e, out->add_thread());
}

}  // namespace weerbaar::server
