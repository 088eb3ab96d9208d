#include "clients/vectors/share_vectors.h"

#include <cmath>

#include "crypto/channel_seal.h"
#include "crypto/consent.h"
#include "signals/geohash.h"
#include "weerbaar.pb.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;

constexpr int64_t kIssuedAtMs = 1700000000000;
constexpr int64_t kExpiresAtMs = kIssuedAtMs + 30LL * 24 * 3600 * 1000;
constexpr int64_t kWithdrawnAtMs = kIssuedAtMs + 600000;

// Points in and around the Netherlands, the poles, the antimeridian and cell edges.
struct GeoPoint {
  double lat, lon;
  int length;
};
constexpr GeoPoint kGeoPoints[] = {{52.370216, 4.895168, 8},
                                   {51.9225, 4.47917, 6},
                                   {53.2194, 6.5665, 12},
                                   {50.8514, 5.6910, 5},
                                   {0, 0, 7},
                                   {90, 180, 4},
                                   {-90, -180, 4},
                                   {-33.8688, 151.2093, 9},
                                   {45, -22.5, 10},
                                   {52.0907374, 5.1214201, 1}};

json::array Fields(const std::vector<std::string>& fields) {
  json::array out;
  for (const std::string& f : fields) out.push_back(json::value(f));
  return out;
}

crypto::ConsentRecord FixedConsent(const crypto::DeviceIdentity& alice) {
  return {FixedBytes("report-id", 16),
          FixedBytes("channel-id", 16),
          "handling",
          {"time", "location", "category", "details"},
          kExpiresAtMs,
          kIssuedAtMs,
          alice.device_id()};
}

Result<json::object> ConsentJson(const crypto::DeviceIdentity& alice) {
  crypto::ConsentRecord r = FixedConsent(alice);
  WB_ASSIGN_OR_RETURN(Bytes encoded, crypto::EncodeConsent(r));
  WB_ASSIGN_OR_RETURN(Bytes sig, crypto::SignConsent(alice, r));
  return json::object{{"report_id", Hex(r.report_id)},
                      {"channel_id", Hex(r.channel_id)},
                      {"purpose", r.purpose},
                      {"fields", Fields(r.fields)},
                      {"expires_at_ms", r.expires_at_ms},
                      {"issued_at_ms", r.issued_at_ms},
                      {"device_id", Hex(r.device_id)},
                      {"encoded", Hex(encoded)},
                      {"signature", Hex(sig)}};
}

Result<json::object> WithdrawalJson(const crypto::DeviceIdentity& alice) {
  crypto::ConsentWithdrawal w{FixedBytes("report-id", 16), FixedBytes("channel-id", 16),
                              kWithdrawnAtMs, alice.device_id()};
  WB_ASSIGN_OR_RETURN(Bytes encoded, crypto::EncodeWithdrawal(w));
  WB_ASSIGN_OR_RETURN(Bytes sig, crypto::SignWithdrawal(alice, w));
  return json::object{{"report_id", Hex(w.report_id)},
                      {"channel_id", Hex(w.channel_id)},
                      {"withdrawn_at_ms", w.withdrawn_at_ms},
                      {"device_id", Hex(w.device_id)},
                      {"encoded", Hex(encoded)},
                      {"signature", Hex(sig)}};
}

Result<crypto::X25519KeyPair> FixedKeyPair(std::string_view label) {
  return crypto::X25519KeyPair::FromSecret(FixedBytes(label));
}

Result<json::object> ChannelSealJson() {
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair channel, FixedKeyPair(kChannelKeyLabel));
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair reply, FixedKeyPair(kReplyKeyLabel));
  Bytes report_id = FixedBytes("report-id", 16), channel_id = FixedBytes("channel-id", 16);
  WB_ASSIGN_OR_RETURN(Bytes aad, crypto::ShareAad(report_id, channel_id));
  v1::SharedDetails details;
  details.set_text(
      "Lantaarnpaal kapot bij [adres], al een week donker \xE2\x80\x94 gr. Ren\xC3\xA9");
  details.set_reply_public_key(ToString(reply.public_key));
  WB_ASSIGN_OR_RETURN(Bytes box, crypto::SealToChannel(channel.public_key,
                                                       ToBytes(details.SerializeAsString()), aad));
  return json::object{{"channel_public", Hex(channel.public_key)},
                      {"report_id", Hex(report_id)},
                      {"channel_id", Hex(channel_id)},
                      {"aad", Hex(aad)},
                      {"text", details.text()},
                      {"reply_public_key", Hex(reply.public_key)},
                      {"box", Hex(box)}};
}

Result<json::object> ReplySealJson() {
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair reply, FixedKeyPair(kReplyKeyLabel));
  WB_ASSIGN_OR_RETURN(Bytes aad,
                      crypto::ShareAad(FixedBytes("report-id", 16), FixedBytes("channel-id", 16)));
  Bytes question = ToBytes("Sinds wanneer is de lamp kapot?");
  WB_ASSIGN_OR_RETURN(Bytes box, crypto::SealToReplyHandle(reply.public_key, question, aad));
  return json::object{{"reply_public", Hex(reply.public_key)},
                      {"aad", Hex(aad)},
                      {"plaintext", Hex(question)},
                      {"box", Hex(box)}};
}

Result<json::array> GeohashJson() {
  json::array out;
  for (const GeoPoint& p : kGeoPoints) {
    WB_ASSIGN_OR_RETURN(std::string hash, signals::EncodeGeohash(p.lat, p.lon, p.length));
    WB_ASSIGN_OR_RETURN(signals::GeoBox box, signals::DecodeGeohash(hash));
    out.push_back(
        json::object{{"lat", p.lat},
                     {"lon", p.lon},
                     {"length", p.length},
                     {"hash", hash},
                     {"box", json::array{box.lat_min, box.lat_max, box.lon_min, box.lon_max}}});
  }
  return out;
}

// --- verify ---

Status CheckConsentFrom(const json::object& in, ByteView signing_public, Checks& c,
                        crypto::ConsentRecord& out) {
  WB_ASSIGN_OR_RETURN(const json::object* o, ObjectMember(in, "consent"));
  WB_ASSIGN_OR_RETURN(Bytes encoded, HexMember(*o, "encoded"));
  WB_ASSIGN_OR_RETURN(Bytes sig, HexMember(*o, "signature"));
  auto record = crypto::DecodeConsent(encoded);
  WB_RETURN_IF_ERROR(c.Expect(record.ok(), "the TypeScript consent record decodes"));
  auto reencoded = crypto::EncodeConsent(*record);
  WB_RETURN_IF_ERROR(c.Expect(reencoded.ok() && *reencoded == encoded,
                              "the consent record re-encodes to the same bytes"));
  WB_RETURN_IF_ERROR(c.Expect(
      crypto::CheckConsent(*record, sig, signing_public, record->channel_id, record->issued_at_ms)
          .ok(),
      "the consent signature passes the server's check"));
  WB_RETURN_IF_ERROR(
      c.Expect(!crypto::VerifyWithContext(signing_public, crypto::kWithdrawalContext, encoded, sig),
               "the consent signature is not valid as a withdrawal"));
  out = *record;
  return Status::Ok();
}

Status CheckWithdrawalFrom(const json::object& in, ByteView signing_public,
                           const crypto::ConsentRecord& consent, Checks& c) {
  WB_ASSIGN_OR_RETURN(const json::object* o, ObjectMember(in, "withdrawal"));
  WB_ASSIGN_OR_RETURN(Bytes encoded, HexMember(*o, "encoded"));
  WB_ASSIGN_OR_RETURN(Bytes sig, HexMember(*o, "signature"));
  auto w = crypto::DecodeWithdrawal(encoded);
  WB_RETURN_IF_ERROR(c.Expect(w.ok(), "the TypeScript withdrawal decodes"));
  return c.Expect(
      crypto::CheckWithdrawal(*w, sig, signing_public, consent, w->withdrawn_at_ms).ok(),
      "the withdrawal signature passes the server's check");
}

Status CheckChannelSealFrom(const json::object& in, Checks& c) {
  WB_ASSIGN_OR_RETURN(const json::object* o, ObjectMember(in, "channel_seal"));
  WB_ASSIGN_OR_RETURN(Bytes aad, HexMember(*o, "aad"));
  WB_ASSIGN_OR_RETURN(Bytes box, HexMember(*o, "box"));
  WB_ASSIGN_OR_RETURN(std::string text, StringMember(*o, "text"));
  WB_ASSIGN_OR_RETURN(Bytes reply_key, HexMember(*o, "reply_public_key"));
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair channel, FixedKeyPair(kChannelKeyLabel));
  auto opened = crypto::OpenFromChannel(channel, box, aad);
  WB_RETURN_IF_ERROR(c.Expect(opened.ok(), "the TypeScript channel box opens"));
  v1::SharedDetails details;
  WB_RETURN_IF_ERROR(c.Expect(details.ParseFromString(ToString(*opened)) &&
                                  details.text() == text &&
                                  ToBytes(details.reply_public_key()) == reply_key,
                              "the channel box holds the SharedDetails"));
  return c.Expect(!crypto::OpenWithReplyHandle(channel, box, aad).ok(),
                  "the channel box does not open as a reply");
}

Status CheckReplySealFrom(const json::object& in, Checks& c) {
  WB_ASSIGN_OR_RETURN(const json::object* o, ObjectMember(in, "reply_seal"));
  WB_ASSIGN_OR_RETURN(Bytes aad, HexMember(*o, "aad"));
  WB_ASSIGN_OR_RETURN(Bytes box, HexMember(*o, "box"));
  WB_ASSIGN_OR_RETURN(Bytes plaintext, HexMember(*o, "plaintext"));
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair reply, FixedKeyPair(kReplyKeyLabel));
  auto opened = crypto::OpenWithReplyHandle(reply, box, aad);
  WB_RETURN_IF_ERROR(c.Expect(opened.ok() && *opened == plaintext, "the TypeScript reply opens"));
  aad[0] ^= 1;
  return c.Expect(!crypto::OpenWithReplyHandle(reply, box, aad).ok(),
                  "the reply does not open for another report");
}

Status CheckGeohashesFrom(const json::object& in, Checks& c) {
  WB_ASSIGN_OR_RETURN(const json::array* points, ArrayMember(in, "geohash"));
  for (const json::value& v : *points) {
    const json::object* p = v.if_object();
    if (p == nullptr) return InvalidArgument("a geohash entry is not an object");
    WB_ASSIGN_OR_RETURN(double lat, NumberMember(*p, "lat"));
    WB_ASSIGN_OR_RETURN(double lon, NumberMember(*p, "lon"));
    WB_ASSIGN_OR_RETURN(int64_t length, IntMember(*p, "length"));
    WB_ASSIGN_OR_RETURN(std::string hash, StringMember(*p, "hash"));
    auto mine = signals::EncodeGeohash(lat, lon, static_cast<int>(length));
    WB_RETURN_IF_ERROR(c.Expect(mine.ok() && *mine == hash, "geohash " + hash + " matches"));
  }
  return Status::Ok();
}

}  // namespace

Result<json::object> GenerateShareVectors() {
  WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity alice, FixedIdentity("alice"));
  json::object out;
  WB_ASSIGN_OR_RETURN(out["consent"], ConsentJson(alice));
  WB_ASSIGN_OR_RETURN(out["withdrawal"], WithdrawalJson(alice));
  WB_ASSIGN_OR_RETURN(out["channel_seal"], ChannelSealJson());
  WB_ASSIGN_OR_RETURN(out["reply_seal"], ReplySealJson());
  WB_ASSIGN_OR_RETURN(out["geohash"], GeohashJson());
  return out;
}

Status VerifyShareVectors(const json::object& in, ByteView signing_public, Checks& c) {
  crypto::ConsentRecord consent;
  WB_RETURN_IF_ERROR(CheckConsentFrom(in, signing_public, c, consent));
  WB_RETURN_IF_ERROR(CheckWithdrawalFrom(in, signing_public, consent, c));
  WB_RETURN_IF_ERROR(CheckChannelSealFrom(in, c));
  WB_RETURN_IF_ERROR(CheckReplySealFrom(in, c));
  return CheckGeohashesFrom(in, c);
}

}  // namespace weerbaar::vectors
