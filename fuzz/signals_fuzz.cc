// Fuzz target: the signal-report parsers and pure rules, each with its contract as an
// invariant. The first byte picks the case; the rest is the input.
//   0 crypto::Scrub           valid UTF-8 stays valid UTF-8; nothing replaced means the
//                             text is unchanged; a refusal only for the documented limits
//   1 Taxonomy::FromJson      an accepted taxonomy serialises to JSON that parses to the
//                             same taxonomy (ToJson is a fixed point)
//   2 signals::FilterCard     an admitted card has exactly the policy's precision (a
//                             prefix of the submitted geohash), a bucket start not after
//                             the event, the submitted community and pseudonym, a category
//                             the channel accepts, and a person category only for police
//   3 DecodeConsent           an accepted record re-encodes to bytes that decode to a
//                             record that encodes to the same bytes
//   4 DecodeWithdrawal        the same
//   5 geohash                 DecodeGeohash accepts exactly what IsValidGeohash accepts;
//                             CoarsenGeohash gives a prefix of the requested length
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "crypto/consent.h"
#include "crypto/scrubber.h"
#include "crypto/utf8_text.h"
#include "signals/geohash.h"
#include "signals/privacy_filter.h"
#include "signals/taxonomy.h"

namespace weerbaar::signals {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

// Splits the input into pieces at '\x1f' (unit separator), so one input can carry
// several strings.
std::vector<std::string_view> Pieces(std::string_view in, size_t at_most) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < at_most) {
    size_t cut = in.find('\x1f');
    if (cut == std::string_view::npos) break;
    out.push_back(in.substr(0, cut));
    in.remove_prefix(cut + 1);
  }
  out.push_back(in);
  return out;
}

void FuzzScrub(std::string_view in) {
  std::vector<std::string_view> parts = Pieces(in, 4);
  crypto::ScrubPolicy policy;
  for (size_t i = 1; i < parts.size(); ++i) policy.names.emplace_back(parts[i]);
  Result<crypto::ScrubResult> r = crypto::Scrub(parts[0], policy);
  if (!r.ok()) {
    bool over = parts[0].size() > crypto::kMaxScrubInputBytes;
    for (const std::string& n : policy.names) over |= n.size() > crypto::kMaxScrubNameBytes;
    Check(over);
    return;
  }
  if (crypto::IsValidUtf8(parts[0])) Check(crypto::IsValidUtf8(r->text));
  if (r->total() == 0) Check(r->text == parts[0]);
}

void FuzzTaxonomy(std::string_view in) {
  Result<Taxonomy> t = Taxonomy::FromJson(in);
  if (!t.ok()) return;
  std::string json = t->ToJson();
  Result<Taxonomy> again = Taxonomy::FromJson(json);
  Check(again.ok() && again->ToJson() == json);
}

const Taxonomy& DefaultTaxonomy() {
  static const Taxonomy* t = [] {
    Result<Taxonomy> d = Taxonomy::Default();
    if (!d.ok()) std::abort();
    return new Taxonomy(std::move(d).value());
  }();
  return *t;
}

// Policy and card from the input: byte 0 type, byte 1 precision, byte 2 bucket, byte 3 a
// mask over the taxonomy's categories, then pieces: category, geohash, time, extra key.
void FuzzFilter(std::string_view in) {
  if (in.size() < 4) return;
  const Taxonomy& tax = DefaultTaxonomy();
  ChannelPolicy policy;
  policy.type = static_cast<ChannelType>(static_cast<uint8_t>(in[0]) % 4);
  policy.location_precision = static_cast<uint8_t>(in[1]) % 10;
  policy.time_bucket = static_cast<TimeBucket>(static_cast<uint8_t>(in[2]) % 3);
  const uint8_t mask = static_cast<uint8_t>(in[3]);
  for (size_t i = 0; i < tax.categories().size(); ++i)
    if (mask & (1u << (i % 8))) policy.accepted_categories.push_back(tax.categories()[i].id);
  std::vector<std::string_view> parts = Pieces(in.substr(4), 4);
  CardInput card;
  card.category = std::string(parts[0]);
  if (parts.size() > 1 && !parts[1].empty()) card.geohash = std::string(parts[1]);
  const int64_t now = 1'800'000'000'000;
  if (parts.size() > 2 && !parts[2].empty())
    card.timestamp_ms =
        now - static_cast<int64_t>(std::hash<std::string_view>{}(parts[2]) % (2 * kMaxCardAgeMs)) +
        kMaxCardFutureSkewMs;
  if (parts.size() > 3 && !parts[3].empty()) card.extra[std::string(parts[3])] = "x";
  card.community_id = Bytes(kCommunityIdBytes, 7);
  const Bytes pseudonym(kPseudonymBytes, 9);
  Result<Card> out = FilterCard(card, policy, tax, pseudonym, now);
  if (!out.ok()) return;
  Check(card.extra.empty());
  const Category* category = tax.Find(out->category);
  Check(category != nullptr && out->category == card.category);
  Check(!category->describes_person || policy.type == ChannelType::kPolice);
  bool accepted = false;
  for (const std::string& id : policy.accepted_categories) accepted |= id == out->category;
  Check(accepted);
  if (out->geohash) {
    Check(card.geohash && out->geohash->size() == static_cast<size_t>(policy.location_precision));
    Check(card.geohash->starts_with(*out->geohash));
  }
  if (out->time_bucket_start_ms) Check(*out->time_bucket_start_ms <= *card.timestamp_ms);
  Check(out->community_id == card.community_id && out->pseudonym == pseudonym);
}

template <typename Decode, typename Encode>
void FuzzRoundTrip(std::string_view in, Decode decode, Encode encode) {
  auto decoded = decode(AsBytes(in));
  if (!decoded.ok()) return;
  Result<Bytes> once = encode(*decoded);
  Check(once.ok());
  auto again = decode(*once);
  Check(again.ok());
  Result<Bytes> twice = encode(*again);
  Check(twice.ok() && *twice == *once);
}

void FuzzGeohash(std::string_view in) {
  if (in.empty()) return;
  const int length = static_cast<uint8_t>(in[0]) % 14;
  std::string_view hash = in.substr(1);
  Check(DecodeGeohash(hash).ok() == IsValidGeohash(hash));
  Result<std::string> coarse = CoarsenGeohash(hash, length);
  if (coarse.ok())
    Check(coarse->size() == static_cast<size_t>(length) && hash.starts_with(*coarse));
}

}  // namespace
}  // namespace weerbaar::signals

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weerbaar;
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      signals::FuzzScrub(in);
      break;
    case 1:
      signals::FuzzTaxonomy(in);
      break;
    case 2:
      signals::FuzzFilter(in);
      break;
    case 3:
      signals::FuzzRoundTrip(in, crypto::DecodeConsent, crypto::EncodeConsent);
      break;
    case 4:
      signals::FuzzRoundTrip(in, crypto::DecodeWithdrawal, crypto::EncodeWithdrawal);
      break;
    default:
      signals::FuzzGeohash(in);
      break;
  }
  return 0;
}
