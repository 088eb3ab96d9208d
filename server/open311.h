// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for a partner channel's
// cards: the service list and the service requests in its JSON format, so municipal
// systems that already speak Open311 can pull a channel's cards. Read only: requests are
// filed by residents through the app, never through Open311. Pure: no I/O, time passed in.
//
// Mapping (docs/signals.md, "Open311"): service_code = category id; service_request_id =
// share id (hex); status = "open" (received, in progress) or "closed" (resolved,
// rejected), status_notes = the Weerbaar status; requested_datetime = the start of the
// card's time bucket; lat/long = the centre of the card's geohash cell (never more
// precise than the channel's policy) with the cell in "geohash"; description, address and
// media_url are empty: the details are sealed to the channel's key and only a partner
// device opens them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "signals/taxonomy.h"
#include "storage/partner.h"

namespace weerbaar::server {

// The filters of GET requests.json.
struct Open311Query {
  std::set<std::string> service_codes;  // empty: all
  std::optional<bool> open;             // status=open / closed; unset: both
  int64_t start_ms = 0;                 // requested_datetime in [start_ms, end_ms]
  int64_t end_ms = 0;
};

// From the decoded query parameters: service_code (comma-separated), status, start_date,
// end_date (W3C date-times, "2026-11-29T10:00:00Z" or with a +hh:mm offset). Without
// dates: the last `default_days` days up to now. jurisdiction_id is accepted and ignored
// (one server is one jurisdiction). kInvalidArgument for an unknown parameter or value.
Result<Open311Query> ParseOpen311Query(
    const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms,
    int default_days);

// W3C date-time <-> milliseconds since the epoch (UTC out, "Z").
Result<int64_t> ParseW3cDateTime(std::string_view text);
std::string FormatW3cDateTime(int64_t ms);

bool MatchesOpen311Query(const storage::ShareRecord& share, const Open311Query& query);

// The channel's services: one per accepted category, labelled from the taxonomy.
std::string RenderOpen311Services(const storage::ChannelRecord& channel,
                                  const signals::Taxonomy& taxonomy);
// Service requests for the shares (already checked servable and in the channel).
std::string RenderOpen311Requests(const storage::ChannelRecord& channel,
                                  const signals::Taxonomy& taxonomy,
                                  const std::vector<storage::ShareRecord>& shares);
// The Open311 error list: [{"code": code, "description": description}].
std::string RenderOpen311Error(int code, std::string_view description);

}  // namespace weerbaar::server
