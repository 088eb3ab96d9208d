// Records <-> bytes for partner channels, shares and the consent ledger.
#include "storage/records.h"
#include "storage_records.pb.h"

namespace weerbaar::storage {
namespace {

template <typename Pb>
bool Parse(std::string_view in, Pb* pb) {
  return pb->ParseFromArray(in.data(), static_cast<int>(in.size()));
}

template <typename Repeated>
std::vector<std::string> ToVector(const Repeated& in) {
  return std::vector<std::string>(in.begin(), in.end());
}

// Enum-valued fields are one byte in the record; larger stored values do not decode.
bool Small(uint32_t v) { return v <= 0xff; }

void FillCard(const ShareRecord& r, pb::Share& pb) {
  pb.set_category(r.category);
  if (r.geohash) pb.set_geohash(*r.geohash);
  if (r.time_bucket_start_ms) pb.set_time_bucket_start_ms(*r.time_bucket_start_ms);
  pb.set_time_bucket(r.time_bucket);
  pb.set_community_id(r.community_id);
  pb.set_pseudonym(r.pseudonym);
}

void ReadCard(const pb::Share& pb, ShareRecord& r) {
  r.category = pb.category();
  if (pb.has_geohash()) r.geohash = pb.geohash();
  if (pb.has_time_bucket_start_ms()) r.time_bucket_start_ms = pb.time_bucket_start_ms();
  r.time_bucket = static_cast<uint8_t>(pb.time_bucket());
  r.community_id = pb.community_id();
  r.pseudonym = pb.pseudonym();
}

}  // namespace

std::string ShareSubject(const Id& share_id) { return "share|" + share_id; }

std::string Encode(const ChannelRecord& r) {
  pb::Channel pb;
  pb.set_channel_id(r.channel_id);
  pb.set_community_id(r.community_id);
  pb.set_name(r.name);
  pb.set_type(r.type);
  for (const std::string& c : r.accepted_categories) pb.add_accepted_categories(c);
  pb.set_location_precision(r.location_precision);
  pb.set_time_bucket(r.time_bucket);
  pb.set_may_ask_questions(r.may_ask_questions);
  for (const std::string& n : r.names_to_scrub) pb.add_names_to_scrub(n);
  pb.set_public_key(r.public_key);
  pb.set_last_seq(r.last_seq);
  pb.set_created_ms(r.created_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, ChannelRecord* r) {
  pb::Channel pb;
  if (!Parse(in, &pb) || !Small(pb.type()) || !Small(pb.time_bucket())) return false;
  *r = {pb.channel_id(),
        pb.community_id(),
        pb.name(),
        static_cast<uint8_t>(pb.type()),
        ToVector(pb.accepted_categories()),
        pb.location_precision(),
        static_cast<uint8_t>(pb.time_bucket()),
        pb.may_ask_questions(),
        ToVector(pb.names_to_scrub()),
        pb.public_key(),
        pb.last_seq(),
        pb.created_ms()};
  return true;
}

std::string Encode(const ShareRecord& r) {
  pb::Share pb;
  pb.set_share_id(r.share_id);
  pb.set_channel_id(r.channel_id);
  pb.set_seq(r.seq);
  pb.set_report_id(r.report_id);
  pb.set_reporter_user(r.reporter_user);
  FillCard(r, pb);
  pb.set_purpose(r.purpose);
  pb.set_consent_expires_at_ms(r.consent_expires_at_ms);
  pb.set_may_ask_questions(r.may_ask_questions);
  pb.set_sealed_details(r.sealed_details);
  pb.set_sealed_photo(r.sealed_photo);
  pb.set_sealed_contact(r.sealed_contact);
  pb.set_status(r.status);
  for (const ShareThreadEntry& e : r.thread) {
    pb::ThreadEntry* out = pb.add_thread();
    out->set_from_partner(e.from_partner);
    out->set_sealed(e.sealed);
    out->set_time_ms(e.time_ms);
    out->set_is_update(e.is_update);
  }
  pb.set_reporter_trend_key(r.reporter_trend_key);
  pb.set_created_ms(r.created_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, ShareRecord* r) {
  pb::Share pb;
  if (!Parse(in, &pb) || !Small(pb.status()) || !Small(pb.time_bucket())) return false;
  ShareRecord out;
  out.share_id = pb.share_id();
  out.channel_id = pb.channel_id();
  out.seq = pb.seq();
  out.report_id = pb.report_id();
  out.reporter_user = pb.reporter_user();
  ReadCard(pb, out);
  out.purpose = pb.purpose();
  out.consent_expires_at_ms = pb.consent_expires_at_ms();
  out.may_ask_questions = pb.may_ask_questions();
  out.sealed_details = pb.sealed_details();
  out.sealed_photo = pb.sealed_photo();
  out.sealed_contact = pb.sealed_contact();
  out.status = static_cast<uint8_t>(pb.status());
  for (const pb::ThreadEntry& e : pb.thread())
    out.thread.push_back({e.from_partner(), e.sealed(), e.time_ms(), e.is_update()});
  out.reporter_trend_key = pb.reporter_trend_key();
  out.created_ms = pb.created_ms();
  *r = std::move(out);
  return true;
}

std::string Encode(const ConsentLedgerRecord& r) {
  pb::Consent pb;
  pb.set_report_id(r.report_id);
  pb.set_channel_id(r.channel_id);
  pb.set_consent(r.consent);
  pb.set_signature(r.signature);
  pb.set_device_id(r.device_id);
  pb.set_user_id(r.user_id);
  pb.set_share_id(r.share_id);
  pb.set_received_ms(r.received_ms);
  pb.set_withdrawal(r.withdrawal);
  pb.set_withdrawal_signature(r.withdrawal_signature);
  pb.set_withdrawn_ms(r.withdrawn_ms);
  return pb.SerializeAsString();
}

bool Decode(std::string_view in, ConsentLedgerRecord* r) {
  pb::Consent pb;
  if (!Parse(in, &pb)) return false;
  *r = {pb.report_id(),   pb.channel_id(),
        pb.consent(),     pb.signature(),
        pb.device_id(),   pb.user_id(),
        pb.share_id(),    pb.received_ms(),
        pb.withdrawal(),  pb.withdrawal_signature(),
        pb.withdrawn_ms()};
  return true;
}

}  // namespace weerbaar::storage
