#include "clients/vectors/signals_vectors.h"

#include <optional>

#include "clients/vectors/fixtures.h"
#include "crypto/utf8_text.h"
#include "signals/calendar.h"
#include "signals/classifier.h"
#include "signals/geohash.h"
#include "signals/privacy_filter.h"
#include "signals/taxonomy.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;
using signals::ChannelType;
using signals::TimeBucket;

constexpr int64_t kNowMs = 1700000000000;  // Tuesday 2023-11-14 22:13:20 UTC
constexpr int64_t kMinuteMs = 60 * 1000;

// Epoch, year ends whose ISO week lies in the other year, a leap day, DST-free UTC edges.
constexpr int64_t kCalendarMs[] = {0,
                                   1609632000000,  // Sun 2021-01-03: 2020-W53
                                   1609718400000,  // Mon 2021-01-04: 2021-W01
                                   1735516800000,  // Mon 2024-12-30: 2025-W01
                                   1709164800000,  // Thu 2024-02-29
                                   1704067199999,  // Sun 2023-12-31 23:59:59.999
                                   kNowMs,
                                   1798675200000,   // Thu 2026-12-31: 2026-W53
                                   4102444800000};  // Fri 2100-01-01

struct CardCase {
  std::string_view name;
  ChannelType type;
  std::vector<std::string> accepted;
  int precision;
  TimeBucket bucket;
  std::string category;
  std::optional<std::string> geohash;  // as given; "@" = the Utrecht point at full length
  std::optional<int64_t> timestamp_ms;
  size_t community_bytes = 16;
};

const std::vector<CardCase>& CardCases() {
  // One case a line: name, channel type, accepted categories, precision, bucket, category,
  // geohash ("@" = the Utrecht point), time, community id bytes.
  // clang-format off
  static const std::vector<CardCase> cases = {
      {"a day card", ChannelType::kMunicipality, {"zwerfafval", "straatverlichting"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs - 180 * kMinuteMs},
      {"an hour card", ChannelType::kMunicipality, {"zwerfafval"}, 7, TimeBucket::kHour, "zwerfafval", "@", kNowMs - 1},
      {"a week card", ChannelType::kHousing, {"overlast"}, 5, TimeBucket::kWeek, "overlast", "@", kNowMs - 2 * signals::kDayMs},
      {"no location, no time", ChannelType::kOther, {"overig"}, 4, TimeBucket::kDay, "overig", std::nullopt, std::nullopt},
      {"a finer geohash is cut", ChannelType::kMunicipality, {"bestrating"}, 8, TimeBucket::kDay, "bestrating", "u178kf9h5ge3", kNowMs},
      {"a geohash of exactly the precision", ChannelType::kMunicipality, {"bestrating"}, 8, TimeBucket::kDay, "bestrating", "u178kf9h", kNowMs},
      {"a person on a police channel", ChannelType::kPolice, {"verdacht-persoon", "inbraak"}, 6, TimeBucket::kHour, "verdacht-persoon", "@", kNowMs},
      {"category not accepted", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "bestrating", "@", kNowMs},
      {"unknown category", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "onbekend", "@", kNowMs},
      {"a person category on a municipality channel", ChannelType::kMunicipality, {"verdacht-persoon"}, 6, TimeBucket::kDay, "verdacht-persoon", "@", kNowMs},
      {"a person, not accepted by a municipality", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "verdacht-persoon", "@", kNowMs},
      {"precision 9", ChannelType::kMunicipality, {"zwerfafval"}, 9, TimeBucket::kDay, "zwerfafval", "@", kNowMs},
      {"precision 0", ChannelType::kMunicipality, {"zwerfafval"}, 0, TimeBucket::kDay, "zwerfafval", "@", kNowMs},
      {"a category listed twice", ChannelType::kMunicipality, {"zwerfafval", "zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs},
      {"a coarser geohash", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "u178k", kNowMs},
      {"an upper-case geohash", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "U178KF", kNowMs},
      {"a geohash with an 'a'", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "u178ka", kNowMs},
      {"4 minutes ahead", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs + 4 * kMinuteMs},
      {"6 minutes ahead", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs + 6 * kMinuteMs},
      {"29 days old", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kWeek, "zwerfafval", "@", kNowMs - 29 * signals::kDayMs},
      {"31 days old", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs - 31 * signals::kDayMs},
      {"a negative time", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", -1},
      {"a short community id", ChannelType::kMunicipality, {"zwerfafval"}, 6, TimeBucket::kDay, "zwerfafval", "@", kNowMs, 15},
  };
  // clang-format on
  return cases;
}

constexpr double kLat = 52.0907374, kLon = 5.1214201;  // Utrecht Dom tower

std::string_view TypeName(ChannelType t) {
  switch (t) {
    case ChannelType::kMunicipality:
      return "municipality";
    case ChannelType::kPolice:
      return "police";
    case ChannelType::kHousing:
      return "housing";
    case ChannelType::kOther:
      return "other";
  }
  return "other";
}

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const std::string& s : v) out.emplace_back(s);
  return out;
}

json::object Outcome(const Result<signals::Card>& card) {
  if (!card.ok()) {
    return {{"ok", false},
            {"code", CodeName(card.status().code())},
            {"message", card.status().message()}};
  }
  json::object o{{"ok", true}, {"category", card->category}};
  if (card->geohash) o["geohash"] = *card->geohash;
  if (card->time_bucket_start_ms) o["time_bucket_start_ms"] = *card->time_bucket_start_ms;
  o["time_bucket"] = signals::TimeBucketName(card->time_bucket);
  return o;
}

Result<json::object> CardRow(const CardCase& c, const signals::Taxonomy& taxonomy) {
  signals::ChannelPolicy policy{c.type, c.accepted, c.precision, c.bucket, false, {}};
  signals::CardInput in{
      c.category, c.geohash, c.timestamp_ms, FixedBytes("community", c.community_bytes), {}};
  json::object input{{"category", c.category}, {"community_id", Hex(in.community_id)}};
  if (c.geohash == "@") {
    WB_ASSIGN_OR_RETURN(in.geohash, signals::EncodeGeohash(kLat, kLon, signals::kMaxGeohashLength));
    input["lat"] = kLat;
    input["lon"] = kLon;
  } else if (c.geohash) {
    input["geohash"] = *c.geohash;
  }
  if (c.timestamp_ms) input["time_ms"] = *c.timestamp_ms;
  auto card = signals::FilterCard(in, policy, taxonomy, FixedBytes("pseudonym", 16), kNowMs);
  return json::object{{"name", c.name},
                      {"policy",
                       {{"type", TypeName(c.type)},
                        {"accepted_categories", Strings(c.accepted)},
                        {"location_precision", c.precision},
                        {"time_bucket", signals::TimeBucketName(c.bucket)}}},
                      {"input", std::move(input)},
                      {"now_ms", kNowMs},
                      {"outcome", Outcome(card)}};
}

json::array CalendarRows() {
  json::array rows;
  for (int64_t ms : kCalendarMs) {
    rows.push_back({{"ms", ms},
                    {"hour", signals::BucketStart(ms, TimeBucket::kHour)},
                    {"day", signals::BucketStart(ms, TimeBucket::kDay)},
                    {"week", signals::BucketStart(ms, TimeBucket::kWeek)},
                    {"iso_week", signals::IsoWeekOf(ms).ToString()}});
  }
  return rows;
}

// Reports as residents type them: Dutch and English, accents composed and decomposed,
// curly apostrophes, hyphens, emoji, multi-word keywords, several categories, none.
constexpr std::string_view kClassifierTexts[] = {
    "Er ligt veel zwerfafval bij de speeltuin, blikjes en flesjes overal",
    "Iemand heeft een bankstel en grofvuil gedumpt naast de container",
    "De lantaarnpaal in onze straat is kapot, het is 's avonds erg donker",
    "Straatverlichting doet het niet meer sinds dinsdag",
    "Mijn fiets is gestolen bij het station, het slot was doorgeknipt",
    "Fietsendiefstal bij de Albert Heijn",
    "Er loopt een verdacht persoon rond die bij auto's naar binnen kijkt",
    "Verdachte situatie: busje staat al uren met draaiende motor",
    "Inbraak in de schuur vannacht, deur geforceerd",
    "Er wordt hard gereden, gevaarlijk kruispunt voor fietsers en kinderen",
    "Stoeptegels liggen los, iemand is gestruikeld over de bestrating",
    "Graffiti op de muur van het buurthuis en een vernielde bushokje",
    "Drugsoverlast: er wordt gedeald in het park",
    "Auto's parkeren steeds op de stoep en voor mijn inrit",
    "Overal hondenpoep op het grasveld \xF0\x9F\x90\x95",
    "Geluidsoverlast van de buren tot diep in de nacht",
    "Litter everywhere near the playground, cans and bottles",
    "Someone dumped a mattress next to the bins",
    "The street light is broken",
    "My bike was stolen last night",
    "Suspicious person looking into cars",
    "CAF\xC3\x89 TERRAS: GELUIDSOVERLAST!!!",
    "Cafe\xCC\x81 overlast na sluitingstijd",
    "Het is gewoon een mooie dag",
    "",
    "\xE2\x80\x98Zwerfafval\xE2\x80\x99 bij \xC3\x9F-stra\xC3\x9F"
    "e en \xC3\x86ther-\xC5\x92uvre",
    "graffiti graffiti graffiti vandalisme",
    "inbraak inbraak fiets gestolen fietsendiefstal verdacht",
};

json::array ClassifierRows(const signals::Taxonomy& taxonomy) {
  json::array rows;
  for (std::string_view text : kClassifierTexts) {
    json::array tokens, suggestions;
    for (const std::string& t : signals::ClassifierTokens(text)) tokens.emplace_back(t);
    for (const signals::Suggestion& s : signals::SuggestCategories(text, taxonomy)) {
      suggestions.push_back({{"id", s.category_id}, {"score", s.score}});
    }
    rows.push_back({{"text", text},
                    {"folded", crypto::FoldText(text)},
                    {"tokens", std::move(tokens)},
                    {"suggestions", std::move(suggestions)},
                    {"all", signals::SuggestCategories(text, taxonomy, 64).size()}});
  }
  return rows;
}

}  // namespace

Result<json::object> GenerateSignalsVectors() {
  WB_ASSIGN_OR_RETURN(signals::Taxonomy taxonomy, signals::Taxonomy::Default());
  json::array cards;
  for (const CardCase& c : CardCases()) {
    WB_ASSIGN_OR_RETURN(json::object row, CardRow(c, taxonomy));
    cards.push_back(std::move(row));
  }
  return json::object{{"calendar", CalendarRows()},
                      {"cards", std::move(cards)},
                      {"classifier", ClassifierRows(taxonomy)}};
}

}  // namespace weerbaar::vectors
