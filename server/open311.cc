#include "server/open311.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>

#include "common/bytes.h"
#include "signals/geohash.h"
#include "signals/share_status.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;

constexpr int64_t kDayMs = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Number(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const char* begin = text.data() + pos;
  auto [end, ec] = std::from_chars(begin, begin + len, out);
  return ec == std::errc() && end == begin + len && out >= 0;
}

bool IsOpen(uint8_t status) {
  auto s = static_cast<signals::ShareStatus>(status);
  return s == signals::ShareStatus::kReceived || s == signals::ShareStatus::kInProgress;
}

std::string Label(const signals::Taxonomy& taxonomy, const std::string& id) {
  const signals::Category* c = taxonomy.Find(id);
  return c == nullptr ? id : c->label_nl;
}

Status ApplyParam(const std::string& key, const std::string& value, Open311Query& q) {
  if (key == "jurisdiction_id") return Status::Ok();
  if (key == "service_code") {
    for (size_t start = 0; start <= value.size();) {
      size_t comma = std::min(value.find(',', start), value.size());
      if (comma > start) q.service_codes.insert(value.substr(start, comma - start));
      start = comma + 1;
    }
    return Status::Ok();
  }
  if (key == "status") {
    if (value != "open" && value != "closed") return InvalidArgument("status: open or closed");
    q.open = value == "open";
    return Status::Ok();
  }
  if (key == "start_date" || key == "end_date") {
    WB_ASSIGN_OR_RETURN(int64_t ms, ParseW3cDateTime(value));
    (key == "start_date" ? q.start_ms : q.end_ms) = ms;
    return Status::Ok();
  }
  return InvalidArgument("unknown parameter");
}

}  // namespace

Result<int64_t> ParseW3cDateTime(std::string_view t) {
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
      !Number(t, 0, 4, y) || !Number(t, 5, 2, mo) || !Number(t, 8, 2, d) || !Number(t, 11, 2, h) ||
      !Number(t, 14, 2, mi) || !Number(t, 17, 2, s) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h > 23 || mi > 59 || s > 59)
    return InvalidArgument("date-time: expected YYYY-MM-DDThh:mm:ssZ");
  std::string_view zone = t.substr(19);
  if (!zone.empty() && zone[0] == '.') {  // fractional seconds: ignored
    size_t digits = zone.find_first_not_of("0123456789", 1);
    if (digits == 1 || digits == std::string_view::npos) return InvalidArgument("date-time");
    zone = zone.substr(digits);
  }
  int64_t offset_min = 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!Number(zone, 1, 2, oh) || !Number(zone, 4, 2, om) || oh > 23 || om > 59)
      return InvalidArgument("date-time: bad offset");
    offset_min = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else if (zone != "Z") {
    return InvalidArgument("date-time: needs Z or an offset");
  }
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi - offset_min) * 60'000 + int64_t{s} * 1000;
}

std::string FormatW3cDateTime(int64_t ms) {
  int64_t days = ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
  int64_t rest = (ms - days * kDayMs) / 1000;
  // civil_from_days (H. Hinnant)
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return out;
}

Result<Open311Query> ParseOpen311Query(
    const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms,
    int default_days) {
  Open311Query q;
  q.start_ms = -1;
  q.end_ms = -1;
  for (const auto& [key, value] : params) WB_RETURN_IF_ERROR(ApplyParam(key, value, q));
  if (q.end_ms < 0) q.end_ms = now_ms;
  if (q.start_ms < 0) q.start_ms = q.end_ms - int64_t{default_days} * kDayMs;
  if (q.start_ms > q.end_ms) return InvalidArgument("start_date after end_date");
  return q;
}

bool MatchesOpen311Query(const storage::ShareRecord& share, const Open311Query& q) {
  if (!q.service_codes.empty() && !q.service_codes.count(share.category)) return false;
  if (q.open && *q.open != IsOpen(share.status)) return false;
  const int64_t at = share.time_bucket_start_ms.value_or(share.created_ms);
  return at >= q.start_ms && at <= q.end_ms;
}

std::string RenderOpen311Services(const storage::ChannelRecord& channel,
                                  const signals::Taxonomy& taxonomy) {
  json::array out;
  for (const std::string& id : channel.accepted_categories) {
    const signals::Category* c = taxonomy.Find(id);
    out.push_back(json::object{{"service_code", id},
                               {"service_name", Label(taxonomy, id)},
                               {"description", c == nullptr ? "" : c->label_en},
                               {"metadata", false},
                               {"type", "realtime"},
                               {"keywords", ""},
                               {"group", channel.name}});
  }
  return json::serialize(out);
}

std::string RenderOpen311Requests(const storage::ChannelRecord& channel,
                                  const signals::Taxonomy& taxonomy,
                                  const std::vector<storage::ShareRecord>& shares) {
  json::array out;
  for (const storage::ShareRecord& s : shares) {
    auto status = static_cast<signals::ShareStatus>(s.status);
    json::object r{
        {"service_request_id", HexEncode(AsBytes(s.share_id))},
        {"status", IsOpen(s.status) ? "open" : "closed"},
        {"status_notes", std::string(signals::ShareStatusName(status))},
        {"service_name", Label(taxonomy, s.category)},
        {"service_code", s.category},
        {"description", ""},
        {"agency_responsible", channel.name},
        {"service_notice", ""},
        {"requested_datetime", FormatW3cDateTime(s.time_bucket_start_ms.value_or(s.created_ms))},
        {"address", ""},
        {"zipcode", ""},
        {"media_url", ""}};
    if (s.geohash) {
      if (Result<signals::GeoBox> box = signals::DecodeGeohash(*s.geohash); box.ok()) {
        r["lat"] = box->lat();
        r["long"] = box->lon();
        r["geohash"] = *s.geohash;
      }
    }
    out.push_back(std::move(r));
  }
  return json::serialize(out);
}

std::string RenderOpen311Error(int code, std::string_view description) {
  return json::serialize(json::array{json::object{{"code", code}, {"description", description}}});
}

}  // namespace weerbaar::server
